// Bundles the extension's entry points into extension/dist/ (IIFE: content scripts
// and classic background scripts cannot be ES modules everywhere).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const entries = ['background', 'content', 'popup', 'options', 'panel', 'demo'];

await build({
  entryPoints: Object.fromEntries(entries.map((e) => [e, path.join(here, 'src', `${e}.js`)])),
  outdir: path.join(here, 'dist'),
  bundle: true,
  format: 'iife',
  target: ['chrome120', 'firefox128'],
  charset: 'utf8',
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
});
