// `npm run typecheck` (tsc --noEmit --checkJs, strict, over extension/src with @types/chrome)
// finds no type error: the `// @ts-check` + JSDoc in the sources is checked, not decoration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const root = new URL('../../', import.meta.url).pathname;

test('tsc --checkJs: no type errors in extension/src', { timeout: 180_000 }, async () => {
  const args = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).scripts.typecheck.split(' ').slice(1);
  const result = await promisify(execFile)(`${root}node_modules/.bin/tsc`, [...args, '--pretty', 'false'], {
    cwd: root, maxBuffer: 1 << 24,
  }).then(() => ({ code: 0, stdout: '' }), (err) => err);
  const errors = String(result.stdout ?? '').split('\n').filter((line) => line.includes('error TS'));
  assert.deepEqual(errors, []);
  assert.equal(result.code, 0, String(result.stderr ?? ''));
});

test('every source file is in the type-check', async () => {
  const args = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).scripts.typecheck.split(' ').slice(1);
  const { stdout } = await promisify(execFile)(`${root}node_modules/.bin/tsc`, [...args, '--listFilesOnly'], { cwd: root, maxBuffer: 1 << 24 });
  const checked = new Set(stdout.split('\n').map((f) => f.trim()).filter((f) => f.startsWith(`${root}extension/src/`)));
  const sources = readdirSync(`${root}extension/src`, { recursive: true }).filter((f) => String(f).endsWith('.js'));
  assert.ok(sources.length > 10);
  for (const file of sources) assert.ok(checked.has(`${root}extension/src/${file}`), `not type-checked: ${file}`);
});
