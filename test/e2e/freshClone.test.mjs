// The README's two commands on a fresh copy of this tree (what `git clone` gives: the tracked and
// not-ignored files, no node_modules, no dist, no cache), as a new user runs them.
// `npm start` must install, build and serve code-server at the URL it prints; `npm test` must
// install, build and pass (its nested run is limited to the core suite: the full suite includes
// this test). Real-editor tools come from the shared E2E cache that setup.sh filled.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CACHE_DIR, freePort, REPO_ROOT } from './codeServer.mjs';

let clone;

/** The environment a user's shell has: no variables of the npm that runs this test. */
function userEnv(extra) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'DATA_NOTES_TESTS'));
  return { ...env, E2E_CACHE_DIR: CACHE_DIR, DATA_NOTES_CODE_SERVER: '1', ...extra };
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 5000, agent: false }, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('timeout', () => { req.destroy(); resolve(0); });
    req.on('error', () => resolve(0));
  });
}

describe('a fresh clone with the README\'s commands', { timeout: 900_000 }, () => {
  before(() => {
    clone = fs.mkdtempSync(path.join(os.tmpdir(), 'data-notes-clone-'));
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT }).toString().split('\0').filter(Boolean);
    for (const file of files) {
      if (!fs.existsSync(path.join(REPO_ROOT, file))) continue; // deleted, not yet committed
      fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
      fs.copyFileSync(path.join(REPO_ROOT, file), path.join(clone, file));
    }
    assert.ok(!fs.existsSync(path.join(clone, 'node_modules')));
  });

  after(() => {
    if (clone) fs.rmSync(clone, { recursive: true, force: true });
  });

  it('npm start installs, builds, and serves VS Code with the extension on a sample workspace', async () => {
    const port = await freePort();
    const child = spawn('npm', ['start'], { cwd: clone, env: userEnv({ PORT: String(port) }), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    try {
      const url = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL after 10 min:\n${output}`)), 600_000);
        const look = () => {
          const match = /running in code-server: (http:\/\/127\.0\.0\.1:\d+\S*)/.exec(output);
          if (match) { clearTimeout(timer); resolve(match[1]); }
        };
        child.stdout.on('data', look);
        child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`npm start exited (${code}) before printing a URL:\n${output}`)); });
      });
      assert.equal(await httpStatus(url), 200, `the printed URL answers: ${url}`);
      assert.match(output, /dependencies: node_modules is missing; installing exactly what package-lock\.json says/);
      assert.match(output, /full log: .*\.cache\/logs\/start\.log/);
      // One line per step: the install and build output is in the log, not on the console.
      const lines = output.split('\n').filter((l) => l.trim());
      assert.ok(lines.length <= 30, `npm start printed ${lines.length} lines:\n${output}`);
      const workspace = path.join(clone, '.cache', 'sample-workspace');
      assert.ok(url.includes(encodeURIComponent(workspace)), `opens the sample workspace copy: ${url}`);
      assert.ok(fs.existsSync(path.join(workspace, 'src', 'ingest.ts')));
      assert.ok(fs.statSync(path.join(clone, '.cache', 'logs', 'start.log')).size > 1000, 'the full log has the steps\' output');
    } finally {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
      await new Promise((resolve) => { if (child.exitCode !== null) resolve(); else { child.once('exit', resolve); setTimeout(resolve, 10_000); } });
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }
  });

  it('npm test installs, builds and runs the tests', () => {
    fs.rmSync(path.join(clone, 'node_modules'), { recursive: true, force: true });
    let output;
    try {
      output = execFileSync('npm', ['test'], { cwd: clone, env: userEnv({ DATA_NOTES_TESTS: 'core' }), stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 }).toString();
    } catch (error) {
      assert.fail(`npm test failed on the fresh clone:\n${error.stdout}\n${error.stderr}`);
    }
    assert.match(output, /dependencies: node_modules is missing; installing exactly what package-lock\.json says/);
    assert.match(output, /build: compile core, server, client and tests \(tsc -b, one project each\): done/);
    assert.match(output, /lint: layers and rules \(eslint\): passed/);
    assert.match(output, /\d+ passing/);
    assert.match(output, /all suites passed/);
  });
});
