/**
 * `data-notes`: the knowledge from the terminal, over the same core as the extension.
 *
 *   data-notes stack [dir]          the technologies dir declares, and the architectures like it
 *   data-notes search <query>       notes, architectures and technologies, in Korean or English
 *   data-notes show <technology>    what it is, who uses it, what it relates to
 *   data-notes tree                 companies › architectures › stages › technologies
 *
 * Reads the bundled knowledge and the notes under `--notes dir` (default: the current folder),
 * with the `dataNotes.notes.include`/`exclude` settings of its `.vscode/settings.json`.
 * `--json` prints machine-readable output.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { findKnowledgeDir, loadBundledKnowledge } from './bundledKnowledge';
import { KnowledgeBase } from './core/knowledgeBase';
import { Diagrams } from './features/diagrams';
import { EntityViews } from './features/entityViews';
import { TreeProvider } from './features/tree';
import { TREE_MAX_LIMIT } from './protocol';
import { DEFAULT_SETTINGS, readSettings, Settings } from './settings';
import { StackScanner } from './stackScanner';
import { findNoteFiles } from './workspaceFiles';

const USAGE = `usage: data-notes <command> [options]

commands:
  stack [dir]          the technologies dir declares (default .), and the company architectures like it
  search <query>       search notes, architectures and technologies (Korean or English, typos, initials)
  show <technology>    a technology: what it is, who uses it, what it relates to
  tree                 companies > architectures > stages > technologies

options:
  --notes <dir>        the notes to read besides the bundled ones (default: the current folder)
  --limit <n>          results to show (search, stack; default 10)
  --json               print JSON
  -h, --help           this help
`;

function settingsOf(dir: string): Settings {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(dir, '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
    const notes: Record<string, unknown> = {};
    for (const key of ['include', 'exclude']) if (raw[`dataNotes.notes.${key}`] !== undefined) notes[key] = raw[`dataNotes.notes.${key}`];
    return readSettings({ notes }).settings;
  } catch {
    return DEFAULT_SETTINGS;
  }
}

async function knowledgeOf(notesDir: string, settings: Settings): Promise<KnowledgeBase> {
  const kb = new KnowledgeBase();
  const knowledgeDir = findKnowledgeDir(__dirname);
  if (knowledgeDir) loadBundledKnowledge(kb, knowledgeDir);
  const { files } = await findNoteFiles([notesDir], settings.include, settings.exclude);
  for (const file of files) {
    if (knowledgeDir && file.path.startsWith(knowledgeDir + path.sep)) continue; // the bundled notes are in already
    if (file.size <= 64 * 1024 * 1024) kb.setNote(file.uri, fs.readFileSync(file.path, 'utf8'));
  }
  kb.refreshMatcher();
  return kb;
}

function print(json: boolean, value: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : text().replace(/\n*$/, '\n'));
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, notes: { type: 'string' }, limit: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    process.stderr.write(`data-notes: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const json = values.json === true;
  const limit = Math.max(1, Number(values.limit ?? 10) || 10);
  const notesDir = path.resolve(values.notes ?? '.');
  const settings = settingsOf(notesDir);
  switch (command) {
    case 'stack': {
      const dir = path.resolve(rest[0] ?? '.');
      if (!fs.existsSync(dir)) { process.stderr.write(`data-notes: no folder ${dir}\n`); return 1; }
      const kb = await knowledgeOf(notesDir, settings);
      const scanned = new StackScanner((name) => kb.technologiesNamed(name)).scan([dir], settingsOf(dir).exclude);
      const similar = new Diagrams(kb).similarTo(new Set(scanned.technologies.map((t) => `tech:${t.id}`)), limit);
      const titleOf = (id: string) => kb.glossaryEntry(id)?.name ?? id;
      const result = {
        dir, files: scanned.files,
        technologies: scanned.technologies.map((t) => ({ id: t.id, name: titleOf(t.id), category: kb.glossaryEntry(t.id)?.category, evidence: t.evidence.map((e) => ({ file: path.relative(dir, e.path), line: e.line + 1, text: e.text })) })),
        similar: similar.map((s) => ({
          id: s.id, architecture: s.title, company: s.container, score: Number(s.score.toFixed(3)), shared: s.shared.map((x) => x.title), adds: s.adds.map((a) => ({ technology: a.title, stage: a.stage })),
        })),
      };
      print(json, result, () => [
        `${result.technologies.length} technologies declared in ${result.files} files of ${dir}`,
        ...result.technologies.map((t) => `  ${t.name} (${t.category ?? '?'})  ${t.evidence.slice(0, 2).map((e) => `${e.file}:${e.line}`).join(', ')}${t.evidence.length > 2 ? ` +${t.evidence.length - 2}` : ''}`),
        '', result.similar.length ? 'Similar architectures:' : 'No architecture in the notes shares this stack.',
        ...result.similar.map((s) => `  ${Math.round(s.score * 100)}%  ${s.company ? `${s.company} › ` : ''}${s.architecture}: shares ${s.shared.join(', ')}${s.adds.length ? `; also ${s.adds.slice(0, 3).map((a) => `${a.technology} at ${a.stage}`).join(', ')}` : ''}`),
      ].join('\n'));
      return 0;
    }
    case 'search': {
      const query = rest.join(' ');
      if (!query) { process.stderr.write(`data-notes: search needs a query\n\n${USAGE}`); return 2; }
      const kb = await knowledgeOf(notesDir, settings);
      const results = kb.search(query, { limit }).map((r) => ({ id: r.id, kind: r.kind, title: r.title, container: r.container, snippet: r.snippet, file: r.location ? decodeURIComponent(new URL(r.location.uri).pathname) : undefined, line: r.location ? r.location.startLine + 1 : undefined }));
      print(json, results, () => (results.length ? results.map((r) => `${r.kind.padEnd(12)} ${r.container ? `${r.container} › ` : ''}${r.title}${r.file ? `  ${path.relative(process.cwd(), r.file)}:${r.line}` : ''}`).join('\n') : `No results for "${query}".`));
      return 0;
    }
    case 'show': {
      const name = rest.join(' ');
      const kb = await knowledgeOf(notesDir, settings);
      const meaning = kb.vocabulary.classify(name);
      const id = meaning?.kind === 'entry' ? `tech:${meaning.entry.id}` : kb.search(name, { limit: 1, kinds: ['technology', 'concept'] })[0]?.id;
      const entity = id ? new EntityViews(kb).entity(id) : undefined;
      if (!entity) { process.stderr.write(`data-notes: nothing known about "${name}"\n`); return 1; }
      print(json, entity, () => [
        `${entity.title}  (${[entity.category, entity.vendor].filter(Boolean).join(', ')})`,
        entity.aliases.length ? `also: ${entity.aliases.slice(0, 8).join(', ')}` : '',
        '', entity.summary.trim(), '',
        entity.usedBy.length ? `Used by:\n${entity.usedBy.map((u) => `  ${u.company} › ${u.architecture} › ${u.stage}`).join('\n')}` : 'Used by no architecture in the notes.',
        entity.related.length ? `\nRelated: ${entity.related.map((r) => `${r.title} (${r.type})`).join(', ')}` : '',
        entity.sources.length ? `\nSources: ${entity.sources.join(' ')}` : '',
      ].filter((l, i, all) => l !== '' || all[i - 1] !== '').join('\n'));
      return 0;
    }
    case 'tree': {
      const kb = await knowledgeOf(notesDir, settings);
      const trees = new TreeProvider(kb);
      type Node = { label: string; kind: string; children: Node[] };
      const expand = (parent?: string, depth = 0): Node[] => trees.level('architectures', parent, 0, TREE_MAX_LIMIT).items.map((item) => ({ label: item.label, kind: item.kind, children: item.hasChildren && depth < 4 ? expand(item.id, depth + 1) : [] }));
      const tree = expand();
      const lines: string[] = [];
      const walk = (nodes: Node[], indent: string) => { for (const n of nodes) { lines.push(`${indent}${n.label}`); walk(n.children, `${indent}  `); } };
      walk(tree, '');
      print(json, tree, () => lines.join('\n'));
      return 0;
    }
    default:
      process.stderr.write(`data-notes: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error) => {
    process.stderr.write(`data-notes: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
