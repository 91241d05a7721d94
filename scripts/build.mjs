// Bundles the extension client and the language server into dist/ with esbuild.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'fs';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // markdown-it and friends publish both ESM and CJS; take the CJS builds like Node's require would.
  mainFields: ['main', 'module'],
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/indexWorker.ts'], outfile: 'dist/indexWorker.js' }),
  // The `data-notes` command (package.json "bin").
  esbuild.build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The diagram and graph webview's script, with dagre, for the browser (media/ is all a webview may load).
  esbuild.build({ ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: ['client/webview/drawingView.ts'], outfile: 'media/drawingView.js', sourcemap: false }),
  existsSync('client/src/extension.ts')
    ? esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] })
    : Promise.resolve(),
]);
// A production build has no source maps: those of an earlier development build would not match.
if (production && existsSync('dist')) for (const file of readdirSync('dist')) if (file.endsWith('.map')) rmSync(`dist/${file}`);
// No native code: an earlier build shipped a native module here.
rmSync('dist/node_modules', { recursive: true, force: true });
console.log('built dist/server.js, dist/indexWorker.js, dist/extension.js and media/drawingView.js');
