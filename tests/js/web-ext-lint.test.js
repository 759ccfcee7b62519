// `web-ext lint` on the built extension (run `npm run build` first) reports no errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';

const root = new URL('../../', import.meta.url).pathname;

test('web-ext lint: no errors', { timeout: 180_000 }, async () => {
  assert.ok(existsSync(`${root}extension/dist/content.js`), 'build the extension first: npm run build');
  const lint = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).scripts['lint:webext'];
  const args = lint.split(' ').slice(1).map((a) => a.replace(/^'|'$/g, ''));
  const { stdout } = await promisify(execFile)(`${root}node_modules/.bin/web-ext`, [...args, '--output', 'json'], {
    cwd: root, maxBuffer: 1 << 24,
  }).catch((err) => err);
  const report = JSON.parse(stdout);
  assert.deepEqual(report.errors.map((/** @type {any} */ e) => `${e.code} ${e.file ?? ''}: ${e.message}`), []);
});

test('our sources never use innerHTML, outerHTML, insertAdjacentHTML or eval', () => {
  const dir = `${root}extension/src`;
  const files = readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.js'));
  assert.ok(files.length > 10);
  for (const file of files) {
    const code = readFileSync(`${dir}/${file}`, 'utf8');
    assert.doesNotMatch(code, /\.innerHTML|\.outerHTML|insertAdjacentHTML|\beval\(|new Function\(|document\.write/, String(file));
  }
});
