// Builds the explorer into dist/: src/main.js and the layout worker bundled
// and minified by esbuild (ES modules sharing one chunk for Cytoscape.js),
// src/style.css minified, src/index.html and the icon copied.
// Run with `npm ci && npm run build`; the Go build only embeds dist/.
import * as esbuild from 'esbuild';
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// `node build.mjs --out DIR` builds elsewhere (the e2e script compares that with dist/).
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : 'dist';
await rm(out, { recursive: true, force: true });
await mkdir(join(out, 'assets'), { recursive: true });

await esbuild.build({
  entryPoints: { app: 'src/main.js', 'layout-worker': 'src/layout-worker.js' },
  outdir: join(out, 'assets'),
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  target: ['chrome100', 'firefox115', 'safari16'],
  chunkNames: 'chunk-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});
await esbuild.build({
  entryPoints: { app: 'src/style.css' },
  outdir: join(out, 'assets'),
  bundle: true,
  minify: true,
  logLevel: 'warning',
});
await copyFile('src/index.html', join(out, 'index.html'));
await copyFile('src/icon.svg', join(out, 'icon.svg'));

// The bundled libraries are MIT licensed: keep their notices beside the code.
const notices = [];
for (const pkg of ['cytoscape', 'cytoscape-fcose', 'cose-base', 'layout-base']) {
  const { version } = JSON.parse(await readFile(`node_modules/${pkg}/package.json`, 'utf8'));
  notices.push(`${pkg} ${version}\n\n${(await readFile(`node_modules/${pkg}/LICENSE`, 'utf8')).trim()}\n`);
}
await writeFile(join(out, 'assets', 'THIRD_PARTY_LICENSES.txt'), notices.join('\n' + '-'.repeat(72) + '\n\n'));

let total = 0;
async function walk(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p);
    else {
      const { size } = await stat(p);
      total += size;
      console.log(`${p}\t${(size / 1024).toFixed(1)} KiB`);
    }
  }
}
await walk(out);
console.log(`${out} total\t${(total / 1024).toFixed(1)} KiB`);
