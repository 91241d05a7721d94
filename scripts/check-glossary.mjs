#!/usr/bin/env node
// Checks the bundled glossary's files against the entry format in knowledge/README.md, so a
// new entry with a typo in a category or a relation to a missing id is caught before it ships.
// Usage: node scripts/check-glossary.mjs [--min N] [file.md ...]   (no files: every entry)
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const glossaryDir = join(root, 'knowledge', 'glossary');

const CATEGORIES = new Set([
  'streaming', 'storage', 'warehouse', 'orchestration', 'monitoring', 'service discovery', 'serialization', 'RPC',
  'container', 'log collection', 'database', 'query engine', 'compute', 'messaging', 'visualization', 'platform',
  'data integration', 'web framework', 'language', 'protocol', 'cloud', 'version control', 'Linux', 'concept',
  'machine learning', 'infrastructure as code', 'security', 'data quality', 'data catalog', 'transformation', 'networking', 'CI/CD', 'library',
]);
const RELATIONS = new Set(['part of', 'alternative to', 'feeds', 'reads from', 'built on', 'depends on', 'used with', 'monitors', 'visualizes', 'related to']);
const KEYS = new Set(['name', 'aliases', 'category', 'vendor', 'related', 'ambiguous', 'context', 'command', 'generic', 'operators', 'sources', 'except', 'strict']);

const args = process.argv.slice(2);
let min = 0;
const minAt = args.indexOf('--min');
if (minAt >= 0) { min = Number(args[minAt + 1]); args.splice(minAt, 2); }

const allFiles = readdirSync(glossaryDir).filter((f) => f.endsWith('.md'));
const ids = new Set(allFiles.map((f) => f.slice(0, -3)));
const files = args.length ? args.map((f) => basename(f)) : allFiles;
const problems = [];
const nameOwner = new Map();

function check(file) {
  const say = (message) => problems.push(`${file}: ${message}`);
  const id = file.slice(0, -3);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) say('file name must be lower-case kebab-case');
  const text = readFileSync(join(glossaryDir, file), 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!m) return say('needs frontmatter between --- lines');
  let data;
  try { data = yaml.load(m[1], { schema: yaml.CORE_SCHEMA }); } catch (e) { return say(`invalid YAML: ${e.message.split('\n')[0]}`); }
  if (!data || typeof data !== 'object') return say('frontmatter must be a mapping');
  for (const key of Object.keys(data)) if (!KEYS.has(key)) say(`unknown key "${key}"`);
  if (typeof data.name !== 'string' || !data.name.trim()) say('needs a name');
  if (!CATEGORIES.has(data.category)) say(`unknown category "${data.category}"`);
  for (const key of ['aliases', 'context', 'operators', 'sources', 'except']) {
    if (data[key] !== undefined && (!Array.isArray(data[key]) || data[key].some((v) => typeof v !== 'string' && typeof v !== 'number'))) say(`${key} must be a list of strings`);
  }
  for (const name of [data.name, ...(data.aliases ?? [])].map((n) => String(n).toLowerCase())) {
    const owner = nameOwner.get(name);
    if (owner && owner !== id) say(`name or alias "${name}" is also used by ${owner}`);
    nameOwner.set(name, id);
  }
  for (const r of data.related ?? []) {
    if (!r || typeof r.to !== 'string') { say('related items need `to`'); continue; }
    if (!ids.has(r.to)) say(`related to missing entry "${r.to}"`);
    if (r.type !== undefined && !RELATIONS.has(r.type)) say(`unknown relation type "${r.type}"`);
  }
  for (const s of data.sources ?? []) if (!/^https?:\/\/\S+$/.test(String(s))) say(`source is not an http(s) URL: ${s}`);
  const body = m[2].trim();
  const paragraphs = body.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  if (!paragraphs.some((p) => /[가-힣]/.test(p))) say('needs a Korean paragraph');
  if (!paragraphs.some((p) => !/[가-힣]/.test(p) && /[a-z]{3}/.test(p))) say('needs an English paragraph');
  if (data.ambiguous === true && !(data.context?.length) && data.command !== true) say('ambiguous entries need context words (or command: true)');
}

// Every file is read so aliases clash across the whole glossary; only the asked files are reported.
const asked = new Set(files);
for (const file of allFiles) check(file);
const shown = problems.filter((p) => asked.has(p.slice(0, p.indexOf(':'))));
for (const p of shown) console.error(p);
if (allFiles.length < min) { console.error(`glossary has ${allFiles.length} entries; at least ${min} expected`); process.exitCode = 1; }
console.log(`${files.length} entries checked, ${shown.length} problems (${allFiles.length} in the glossary)`);
if (shown.length) process.exitCode = 1;
