// One line per step with its elapsed time on the console; everything the step's commands print
// goes to a log file whose path is shown. Used by `npm start` and `npm test` (builtins only: it runs
// before the dependencies are installed).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const LOG_DIR = path.join(REPO_ROOT, '.cache', 'logs');

export class StepLog {
  /** @param {string} name the command's name: the prefix of its lines and of its log file */
  constructor(name) {
    this.name = name;
    this.started = Date.now();
    fs.mkdirSync(LOG_DIR, { recursive: true });
    this.logPath = path.join(LOG_DIR, `${name}.log`);
    fs.writeFileSync(this.logPath, `# ${name}, ${new Date().toISOString()}, in ${REPO_ROOT}\n`);
  }

  elapsed() {
    return `${Math.round((Date.now() - this.started) / 1000)}s`;
  }

  /** A line for the user, also kept in the log. */
  say(message) {
    const line = `[${this.name} +${this.elapsed()}] ${message}`;
    console.log(line);
    fs.appendFileSync(this.logPath, `${line}\n`);
  }

  /**
   * Runs a command with its output in the log only; one line says it started, one how it ended.
   * On failure the log's last lines are shown, and the step throws.
   * `echo` picks lines of its output (e.g. a script's own step lines) to show as they come.
   */
  async run(title, command, args, { env = process.env, cwd = REPO_ROOT, echo } = {}) {
    fs.appendFileSync(this.logPath, `\n$ ${[command, ...args].join(' ')}\n`);
    const log = fs.openSync(this.logPath, 'a');
    try {
      await this.step(title, 'done', () => {
        const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let pending = '';
        const onData = (chunk) => {
          fs.writeSync(log, chunk);
          if (!echo) return;
          pending += chunk.toString('utf8');
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) if (echo(line)) console.log(`  ${line}`);
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        return child;
      }, () => console.log(fs.readFileSync(this.logPath, 'utf8').split('\n').slice(-25).join('\n')));
    } finally {
      fs.closeSync(log);
    }
  }

  /** Runs a command whose output is the point (a test runner): shown as it comes, not logged. */
  async show(title, command, args, { env = process.env, cwd = REPO_ROOT } = {}) {
    await this.step(title, 'passed', () => spawn(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] }));
  }

  /** One line as the step starts and one as it ends; a non-zero exit throws `StepFailed` after `onFailure`. */
  async step(title, success, start, onFailure) {
    const stepStarted = Date.now();
    this.say(`${title} …`);
    const code = await new Promise((resolve, reject) => {
      const child = start();
      child.on('error', reject);
      child.on('close', (status, signal) => resolve(signal ? 128 : status ?? 1));
    });
    const took = `${((Date.now() - stepStarted) / 1000).toFixed(1)} s`;
    if (code !== 0) {
      this.say(`${title}: failed (exit ${code}) after ${took}${onFailure ? `; last lines of ${this.logPath}:` : ''}`);
      onFailure?.();
      throw new StepFailed(`${title} failed`);
    }
    this.say(`${title}: ${success} in ${took}`);
  }
}

export class StepFailed extends Error {}

/** Runs `main`, turning a failed step into a short message and exit code 1 instead of a stack trace. */
export async function runSteps(log, main) {
  try {
    await main();
  } catch (error) {
    if (!(error instanceof StepFailed)) console.error(error);
    log.say(`stopped: ${error instanceof Error ? error.message : String(error)} (full log: ${log.logPath})`);
    process.exit(1);
  }
}
