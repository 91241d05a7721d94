// `npm test`: install what the lockfile says (when needed), build, then run the suites in order:
//   core        the knowledge core in plain Node, and the client's pure parts (mocha)
//   server      the built language server over stdio (mocha)
//   e2e         the packaged extension in a real VS Code (code-server + Chromium; installs them once)
//   fresh-clone the README's two commands on a copy of this tree without node_modules
// DATA_NOTES_TESTS=core,server picks suites (the fresh-clone suite uses it for its nested run).
// Set-up steps print one line each; their full output is in .cache/logs/test.log.
import fs from 'node:fs';
import path from 'node:path';
import { ensureDependencies } from './lib/dependencies.mjs';
import { REPO_ROOT, runSteps, StepLog } from './lib/steps.mjs';

const ALL_SUITES = ['core', 'server', 'e2e', 'fresh-clone'];
const wanted = (process.env.DATA_NOTES_TESTS ?? ALL_SUITES.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
const unknown = wanted.filter((s) => !ALL_SUITES.includes(s));
if (unknown.length > 0) {
  console.error(`DATA_NOTES_TESTS: unknown suite ${unknown.join(', ')} (known: ${ALL_SUITES.join(', ')})`);
  process.exit(2);
}
const runs = (suite) => wanted.includes(suite);
const bin = (name) => path.join(REPO_ROOT, 'node_modules', '.bin', name);

/** Compiled tests whose source is gone (renamed or deleted) would still run: remove them. */
function removeStaleTests() {
  const out = path.join(REPO_ROOT, 'out', 'test');
  const walk = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])) : []);
  for (const file of walk(out).filter((f) => f.endsWith('.js'))) {
    const source = path.join(REPO_ROOT, 'test', path.relative(out, file)).replace(/\.js$/, '.ts');
    if (!fs.existsSync(source)) for (const ext of ['.js', '.js.map', '.d.ts']) fs.rmSync(file.replace(/\.js$/, ext), { force: true });
  }
}

const log = new StepLog('test');
await runSteps(log, async () => {
  log.say(`suites: ${wanted.join(', ')}; set-up log: ${log.logPath}`);
  await ensureDependencies(log);
  // A development build: not minified, with source maps (the server tests run it with --enable-source-maps).
  await log.run('build: bundle the extension and server (esbuild, source maps)', process.execPath, ['scripts/build.mjs']);
  removeStaleTests();
  await log.run('build: compile core, server, client and tests (tsc -b, one project each)', bin('tsc'), ['-b']);
  // The webview's script is bundled by esbuild, which does not check types: checked here, with the DOM's.
  await log.run('build: type-check the webview script (tsc, DOM)', bin('tsc'), ['-p', 'client/webview/tsconfig.json']);
  await log.show('lint: layers and rules (eslint)', bin('eslint'), ['.']);
  if (runs('core')) await log.show('core tests', bin('mocha'), ['--timeout', '10000', 'out/test/core/**/*.test.js', 'out/test/client/**/*.test.js']);
  if (runs('server')) await log.show('server tests', bin('mocha'), ['--timeout', '20000', 'out/test/server/**/*.test.js']);
  if (runs('e2e') || runs('fresh-clone')) {
    await log.run('real-editor tools (first run: Debian packages, Node 24 and code-server, a few minutes)', 'bash', [path.join(REPO_ROOT, 'test', 'e2e', 'setup.sh')], {
      echo: (line) => line.startsWith('[e2e-setup'),
    });
  }
  if (runs('e2e')) {
    await log.run('package the extension (data-notes.vsix)', 'npm', ['run', 'package']);
    await log.show('real-editor scenarios', process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', 'test/e2e/scenarios.test.mjs']);
  }
  if (runs('fresh-clone')) {
    await log.show('fresh clone: npm test and npm start without node_modules', process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', 'test/e2e/freshClone.test.mjs']);
  }
  log.say('all suites passed');
});
