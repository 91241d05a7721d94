/**
 * Term recognition measured on real public code (test/fixtures/real-code): every file is hovered
 * at every character, as a user sweeping the mouse over it would, with the language id VS Code
 * gives the file and the document evidence the hover uses. Shared by the test and the benchmark.
 *
 * Labels name the spans a reader would call a technology (`required`) or might (`optional`).
 * Recall: required labels found with their entry. Precision: found spans that match a label.
 */
import * as fs from 'fs';
import * as path from 'path';
import { KnowledgeBase } from '../../server/src/core/knowledgeBase';

export const REAL_CODE_DIR = path.join(__dirname, '../../../test/fixtures/real-code');

interface Label { line: number; text: string; id: string; optional?: boolean }
interface Provenance { repo: string; commit: string; path: string; licence: string; language: string; lines: number }

/** The language id VS Code (with the usual language extensions) gives a file. */
export function languageIdOf(file: string): string {
  const name = path.basename(file).toLowerCase();
  if (/^docker-compose.*\.ya?ml$|^compose\.ya?ml$/.test(name)) return 'dockercompose';
  if (/^dockerfile/.test(name) || name.endsWith('.dockerfile')) return 'dockerfile';
  if (name === 'makefile') return 'makefile';
  const byExtension: Record<string, string> = {
    py: 'python', go: 'go', java: 'java', scala: 'scala', kt: 'kotlin', sql: 'sql', proto: 'proto', sh: 'shellscript', bash: 'shellscript',
    ts: 'typescript', js: 'javascript', mjs: 'javascript', json: 'json', yml: 'yaml', yaml: 'yaml', tf: 'terraform', hcl: 'terraform',
    xml: 'xml', properties: 'properties', toml: 'toml', ini: 'ini', md: 'markdown', tpl: 'helm', rb: 'ruby', gradle: 'groovy', sbt: 'scala',
  };
  return byExtension[path.extname(name).slice(1)] ?? 'plaintext';
}

export interface Span { file: string; line: number; start: number; end: number; id: string; text: string }

export interface RealCodeResult {
  files: number;
  lines: number;
  languages: Map<string, number>;
  repositories: number;
  required: number;
  found: number;
  spans: number;
  correctSpans: number;
  recall: number;
  precision: number;
  /** Required labels not found, as `file:line text → id (got …)`. */
  misses: string[];
  /** Found spans that match no label. */
  wrong: string[];
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** Every labelled file of every share, with its labels and provenance. */
export function realCodeFixtures(): { file: string; labels: Label[]; provenance?: Provenance }[] {
  const fixtures: { file: string; labels: Label[]; provenance?: Provenance }[] = [];
  for (const name of fs.readdirSync(REAL_CODE_DIR).filter((n) => n.endsWith('.labels.json')).sort()) {
    const share = name.slice(0, -'.labels.json'.length);
    const labels = readJson<Record<string, Label[]>>(path.join(REAL_CODE_DIR, name));
    const provenance = readJson<Provenance[]>(path.join(REAL_CODE_DIR, `${share}.provenance.json`));
    for (const [file, fileLabels] of Object.entries(labels)) {
      const [owner, ...rest] = file.split('/');
      const origin = provenance.find((p) => p.repo.replace('/', '__') === owner && p.path === rest.join('/'));
      fixtures.push({ file, labels: fileLabels, provenance: origin });
    }
  }
  // Spans found but not labelled, reviewed and judged right: optional labels (see the file's `about`).
  const adjudicated = readJson<{ labels: Record<string, Label[]> }>(path.join(REAL_CODE_DIR, 'adjudications.json')).labels;
  for (const [file, extra] of Object.entries(adjudicated)) {
    const fixture = fixtures.find((f) => f.file === file);
    if (!fixture) throw new Error(`adjudications.json names a file with no labels: ${file}`);
    fixture.labels = [...fixture.labels, ...extra.map((label) => ({ ...label, optional: true }))];
  }
  return fixtures;
}

/** The distinct spans a hover finds anywhere in `text`, with the server's evidence for that file. */
export function hoveredSpans(kb: KnowledgeBase, file: string, text: string): Span[] {
  const languageId = languageIdOf(file);
  const lines = text.split(/\r?\n/);
  const confirmed = kb.confirmedIn(text, { languageId, path: file.split('/').slice(-2).join('/') });
  const spans: Span[] = [];
  lines.forEach((line, index) => {
    let lastEnd = -1;
    let lastStart = -1;
    for (let character = 0; character < line.length; character++) {
      const hit = kb.termAt(line, character, { languageId, confirmed });
      if (!hit || (hit.match.start === lastStart && hit.match.end === lastEnd)) continue;
      lastStart = hit.match.start;
      lastEnd = hit.match.end;
      spans.push({ file, line: index + 1, start: hit.match.start, end: hit.match.end, id: hit.entry.id, text: hit.match.text });
    }
  });
  return spans;
}

/** Where `text` occurs on `line`: [start, end) pairs. */
function occurrences(line: string, text: string): [number, number][] {
  const at: [number, number][] = [];
  for (let i = line.indexOf(text); i >= 0; i = line.indexOf(text, i + 1)) at.push([i, i + text.length]);
  return at;
}

export function measureRealCode(kb: KnowledgeBase): RealCodeResult {
  const result: RealCodeResult = {
    files: 0, lines: 0, languages: new Map(), repositories: 0, required: 0, found: 0, spans: 0, correctSpans: 0, recall: 0, precision: 0, misses: [], wrong: [],
  };
  const repositories = new Set<string>();
  for (const fixture of realCodeFixtures()) {
    const text = fs.readFileSync(path.join(REAL_CODE_DIR, fixture.file), 'utf8');
    const lines = text.split(/\r?\n/);
    const nonEmpty = lines.filter((l) => l.trim()).length;
    result.files++;
    result.lines += nonEmpty;
    const language = languageIdOf(fixture.file);
    result.languages.set(language, (result.languages.get(language) ?? 0) + nonEmpty);
    repositories.add(fixture.file.split('/')[0]);
    const spans = hoveredSpans(kb, fixture.file, text);
    // Each label claims the spans of its entry overlapping one of its text's places on the line.
    const used = new Set<Span>();
    const claims = (label: Label) => {
      const places = occurrences(lines[label.line - 1] ?? '', label.text);
      return spans.filter((s) => s.line === label.line && s.id === label.id && places.some(([a, b]) => s.start < b && a < s.end));
    };
    for (const label of fixture.labels) {
      const claimed = claims(label);
      if (!label.optional) {
        result.required++;
        if (claimed.length > 0) result.found++;
        else {
          const other = spans.find((s) => s.line === label.line && occurrences(lines[label.line - 1], label.text).some(([a, b]) => s.start < b && a < s.end));
          result.misses.push(`${fixture.file}:${label.line} ${JSON.stringify(label.text)} → ${label.id}${other ? ` (got ${other.id})` : ''}`);
        }
      }
      for (const s of claimed) used.add(s);
    }
    result.spans += spans.length;
    result.correctSpans += used.size;
    for (const s of spans) if (!used.has(s)) result.wrong.push(`${fixture.file}:${s.line} ${JSON.stringify(s.text)} → ${s.id}: ${lines[s.line - 1].trim().slice(0, 100)}`);
  }
  result.repositories = repositories.size;
  result.recall = result.found / Math.max(1, result.required);
  result.precision = result.correctSpans / Math.max(1, result.spans);
  return result;
}
