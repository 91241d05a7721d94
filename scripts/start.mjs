// `npm start`: build, then open a real VS Code with the extension and the bundled notes.
// Uses `code --extensionDevelopmentPath` when VS Code is on PATH; otherwise installs (once,
// cached) and starts a local code-server on 127.0.0.1 with the packaged extension.
import { execFileSync, spawnSync } from 'child_process';
import * as path from 'path';
import { fileURLToPath } from 'url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const notes = path.join(root, 'knowledge', 'notes');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

const hasCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode && process.env.DATA_NOTES_CODE_SERVER !== '1') {
  run('npm', ['run', 'build']);
  run('code', [`--extensionDevelopmentPath=${root}`, notes]);
  console.log('Opened VS Code with Data Notes on the bundled notes.');
} else {
  run('npm', ['run', 'package']);
  run('bash', [path.join(root, 'test', 'e2e', 'setup.sh')]);
  const { startCodeServer } = await import('../test/e2e/codeServer.mjs');
  const port = Number(process.env.PORT ?? 8080);
  const server = await startCodeServer({ vsixPath: path.join(root, 'data-notes.vsix'), workspaceFolder: notes, port });
  console.log(`\nData Notes is running in code-server: ${server.url}\nOpen it in a browser on this machine. Press Ctrl+C to stop.`);
  const stop = async () => { await server.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => {}, 1 << 30);
}
