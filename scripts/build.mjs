// Bundles the extension client and the language server into dist/ with esbuild.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, rmSync } from 'fs';

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
  // koffi is native (see server/src/mallocTrim.ts): required at run time from dist/node_modules.
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', external: ['koffi'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/indexWorker.ts'], outfile: 'dist/indexWorker.js' }),
  existsSync('client/src/extension.ts')
    ? esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] })
    : Promise.resolve(),
]);
// koffi's loader and this platform's binary, as its own require would find them; elsewhere the
// server does without (mallocTrim.ts).
rmSync('dist/node_modules', { recursive: true, force: true });
const koffiBinary = `node_modules/@koromix/koffi-${process.platform}-${process.arch}`;
if (existsSync('node_modules/koffi') && existsSync(koffiBinary)) {
  for (const file of ['package.json', 'index.cjs', 'LICENSE.txt', 'src/koffi/index.cjs', 'src/koffi/src/static.cjs']) {
    cpSync(`node_modules/koffi/${file}`, `dist/node_modules/koffi/${file}`);
  }
  cpSync(koffiBinary, `dist/${koffiBinary}`, { recursive: true });
}
console.log('built dist/server.js, dist/indexWorker.js and dist/extension.js');
