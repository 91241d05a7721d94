/**
 * YAML frontmatter at the top of a note: `---` line, YAML, `---` line. Read with js-yaml, which
 * reads a note's few lines about five times faster than the `yaml` package (12 µs against 70 µs;
 * a large workspace has thousands of them), in its core schema: dates stay text, as written.
 */
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';

export interface Frontmatter {
  data: Record<string, unknown>;
  /** Number of lines the frontmatter block takes, so body line numbers can be shifted back. */
  lineCount: number;
  error?: { line: number; message: string };
}

const OPEN = /^---[ \t]*\r?\n/;

/**
 * Limits on what a note's frontmatter may cost. YAML anchors let a few kilobytes stand for
 * gigabytes (`aliases: [*big, *big, …]`): the text is bounded before parsing, and what is kept of
 * it after (list lengths, value lengths), so no copy of an expansion is ever made.
 */
export const FRONTMATTER_LIMITS = { chars: 64 * 1024, listItems: 64, valueChars: 512 } as const;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/m;

/**
 * Splits the frontmatter off a note. With `onlyKeys`, the YAML is parsed only when one of
 * those top-level keys appears in it (the names pass reads a few keys of thousands of notes;
 * YAML parsing was a fifth of its time); otherwise `data` is empty and nothing is reported.
 */
export function splitFrontmatter(text: string, onlyKeys?: RegExp): { frontmatter?: Frontmatter; body: string } {
  const open = OPEN.exec(text);
  if (!open) return { body: text };
  const rest = text.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) return { body: text }; // a lone `---` is a thematic break, not frontmatter
  const yamlText = rest.slice(0, close.index);
  const afterClose = rest.slice(close.index + close[0].length).replace(/^\r?\n|^\r/, '');
  // Line ends as the editor counts them: a lone CR ends a line too.
  const lineCount = text.slice(0, text.length - afterClose.length).match(/\r\n|\r|\n/g)?.length ?? 0;
  if (onlyKeys && !onlyKeys.test(yamlText)) return { frontmatter: { data: {}, lineCount }, body: afterClose };
  // Indexing asks twice for the same note (is it a glossary entry? then its title): parse the YAML once.
  if (last && yamlText === last.yamlText && lineCount === last.lineCount) return { frontmatter: last.frontmatter, body: afterClose };
  const frontmatter = parseYaml(yamlText, lineCount);
  last = { yamlText, lineCount, frontmatter };
  return { frontmatter, body: afterClose };
}

let last: { yamlText: string; lineCount: number; frontmatter: Frontmatter } | undefined;

function parseYaml(yamlText: string, lineCount: number): Frontmatter {
  if (yamlText.length > FRONTMATTER_LIMITS.chars) {
    const message = `Frontmatter is ${Math.round(yamlText.length / 1024)} KB, over the ${FRONTMATTER_LIMITS.chars / 1024} KB read as YAML; only its plain title, aliases and tags lines are read.`;
    return { data: plainLines(yamlText.slice(0, FRONTMATTER_LIMITS.chars)), lineCount, error: { line: 1, message } };
  }
  let value: unknown;
  try {
    // json: a key written twice keeps its last value instead of failing the whole block.
    value = load(yamlText, { schema: CORE_SCHEMA, json: true });
  } catch (error) {
    // Some errors carry no position ("expected a single document in the stream").
    const line = error instanceof YAMLException && error.mark ? error.mark.line + 1 : 1;
    const message = error instanceof YAMLException ? error.reason : String(error);
    return { data: plainLines(yamlText), lineCount, error: { line, message } };
  }
  if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) {
    return { data: {}, lineCount, error: { line: 1, message: 'Frontmatter must be a YAML mapping (key: value lines).' } };
  }
  return { data: (value ?? {}) as Record<string, unknown>, lineCount };
}

/** `key: value` lines that are not indented, with the value as written (quotes dropped): what is left of invalid YAML. */
const PLAIN_LINE = /^(title|company|aliases|tags):[ \t]+([^\s:[\]{}&*!|>%@`#].*)$/gm;
function plainLines(yamlText: string): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [, key, value] of yamlText.matchAll(PLAIN_LINE)) {
    const unquoted = value.trim().slice(0, FRONTMATTER_LIMITS.valueChars).replace(/^(["'])(.*)\1$/, '$2');
    data[key] = key === 'aliases' || key === 'tags' ? unquoted.replace(/^\[(.*)\]$/, '$1') : unquoted;
  }
  return data;
}

/**
 * A frontmatter value as a list of strings: accepts `a`, `[a, b]` and YAML lists; drops the rest.
 * At most `FRONTMATTER_LIMITS.listItems` items of at most `valueChars` characters each.
 */
export function stringList(value: unknown): string[] {
  const { listItems, valueChars } = FRONTMATTER_LIMITS;
  const items = typeof value === 'string' ? value.slice(0, listItems * valueChars).split(',') : typeof value === 'number' ? [String(value)] : Array.isArray(value) ? value.slice(0, listItems) : [];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string' && typeof item !== 'number') continue;
    const text = String(item).slice(0, valueChars).trim();
    if (text && out.length < listItems) out.push(text);
  }
  return out;
}

export function stringValue(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value.slice(0, FRONTMATTER_LIMITS.valueChars).trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}
