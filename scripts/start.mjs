// `npm start`: install what the lockfile says (when needed), build, then open a real VS Code with
// the extension on a sample workspace of its own (.cache/sample-workspace, copied from
// samples/workspace; the bundled notes come with the extension). Uses `code
// --extensionDevelopmentPath` when VS Code is on PATH; otherwise installs (once, cached) and starts
// a local code-server on 127.0.0.1 with the packaged extension.
// One line per step on the console; the full output is in .cache/logs/start.log.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDependencies } from './lib/dependencies.mjs';
import { REPO_ROOT, runSteps, StepLog } from './lib/steps.mjs';

const SAMPLE_TEMPLATE = path.join(REPO_ROOT, 'samples', 'workspace');
const SAMPLE_WORKSPACE = process.env.DATA_NOTES_SAMPLE_WORKSPACE ?? path.join(REPO_ROOT, '.cache', 'sample-workspace');

const log = new StepLog('start');

/** Copies the sample workspace once; a copy that exists is the user's and is left as it is. */
function prepareSampleWorkspace() {
  if (fs.existsSync(SAMPLE_WORKSPACE)) {
    log.say(`workspace: ${SAMPLE_WORKSPACE} (kept as it is; delete it for a fresh copy)`);
    return;
  }
  fs.cpSync(SAMPLE_TEMPLATE, SAMPLE_WORKSPACE, { recursive: true });
  log.say(`workspace: copied samples/workspace to ${SAMPLE_WORKSPACE}`);
}

await runSteps(log, async () => {
  log.say(`full log: ${log.logPath}`);
  await ensureDependencies(log);
  prepareSampleWorkspace();
  const hasCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
  if (hasCode && process.env.DATA_NOTES_CODE_SERVER !== '1') {
    await log.run('build', 'npm', ['run', 'build']);
    await log.run('open VS Code', 'code', [`--extensionDevelopmentPath=${REPO_ROOT}`, SAMPLE_WORKSPACE]);
    log.say('VS Code is open with Data Notes on the sample workspace.');
    return;
  }
  await log.run('build and package the extension (data-notes.vsix)', 'npm', ['run', 'package']);
  // setup.sh prints a line per step of its own; the first run installs Chromium's and code-server's
  // packages and builds code-server's native modules (a few minutes), later runs find them cached.
  await log.run('real-editor tools (first run: Debian packages, Node 24 and code-server, a few minutes)', 'bash', [path.join(REPO_ROOT, 'test', 'e2e', 'setup.sh')], {
    echo: (line) => line.startsWith('[e2e-setup'),
  });
  const { startCodeServer } = await import('../test/e2e/codeServer.mjs');
  const port = Number(process.env.PORT ?? 8080);
  log.say(`code-server: starting on 127.0.0.1:${port} …`);
  const server = await startCodeServer({ vsixPath: path.join(REPO_ROOT, 'data-notes.vsix'), workspaceFolder: SAMPLE_WORKSPACE, port });
  log.say(`code-server: ready (its own log: ${server.logFile})`);
  console.log(`\nData Notes is running in code-server: ${server.url}\nOpen it in a browser on this machine. Press Ctrl+C to stop.`);
  const stop = async () => { await server.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => {}, 1 << 30);
});
