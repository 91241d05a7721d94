// Installs exactly what package-lock.json says (`npm ci`) when node_modules is missing or was
// installed from another lockfile; otherwise does nothing. A stamp in node_modules records the
// lockfile it was installed from.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './steps.mjs';

const LOCKFILE = path.join(REPO_ROOT, 'package-lock.json');
const STAMP = path.join(REPO_ROOT, 'node_modules', '.data-notes-lockfile.sha256');

function lockfileHash() {
  return createHash('sha256').update(fs.readFileSync(LOCKFILE)).digest('hex');
}

/** Why node_modules must be installed again, or undefined when it matches the lockfile. */
export function dependenciesOutOfDate() {
  if (!fs.existsSync(path.join(REPO_ROOT, 'node_modules'))) return 'node_modules is missing';
  if (!fs.existsSync(STAMP)) return 'node_modules was not installed by npm start or npm test';
  if (fs.readFileSync(STAMP, 'utf8').trim() !== lockfileHash()) return 'package-lock.json changed since node_modules was installed';
  return undefined;
}

/** @param {import('./steps.mjs').StepLog} log */
export async function ensureDependencies(log) {
  const why = dependenciesOutOfDate();
  if (!why) {
    log.say('dependencies: node_modules matches package-lock.json');
    return;
  }
  // The outer npm's lifecycle variables would make the nested install think it runs a script.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_lifecycle') && name !== 'npm_command'));
  await log.run(`dependencies: ${why}; installing exactly what package-lock.json says (npm ci)`, 'npm', ['ci', '--no-audit', '--no-fund'], { env });
  fs.writeFileSync(STAMP, `${lockfileHash()}\n`);
}
