/** Glossary files: one technology or concept per markdown file, described by frontmatter. */
import { FRONTMATTER_LIMITS, splitFrontmatter, stringList, stringValue } from './frontmatter';
import { GlossaryEntry, NoteDiagnostic, Relation } from './model';
import { slug } from './text';

export interface GlossaryParseResult {
  entry?: GlossaryEntry;
  diagnostics: NoteDiagnostic[];
}

/** True when a note's frontmatter declares a glossary entry (it names a `category`). */
export function isGlossaryFrontmatter(data: Record<string, unknown>): boolean {
  return typeof data.category === 'string' && (typeof data.name === 'string' || typeof data.title === 'string');
}

export function idFromUri(uri: string): string {
  const base = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)).replace(/\.(md|markdown)$/i, '');
  return slug(base);
}

export function parseGlossaryEntry(uri: string, text: string): GlossaryParseResult {
  const diagnostics: NoteDiagnostic[] = [];
  const { frontmatter, body } = splitFrontmatter(text);
  if (!frontmatter) {
    return { diagnostics: [{ uri, line: 0, severity: 'warning', message: 'Glossary entry has no frontmatter; expected `name:` and `category:` between `---` lines.' }] };
  }
  if (frontmatter.error) {
    return { diagnostics: [{ uri, line: frontmatter.error.line, severity: 'error', message: `Invalid frontmatter: ${frontmatter.error.message}` }] };
  }
  const data = frontmatter.data;
  const name = stringValue(data.name) ?? stringValue(data.title);
  const category = stringValue(data.category);
  if (!name || !category) {
    diagnostics.push({ uri, line: 1, severity: 'warning', message: 'Glossary entry needs both `name` and `category`.' });
    if (!name) return { diagnostics };
  }
  const related: Relation[] = [];
  if (Array.isArray(data.related)) {
    for (const item of data.related.slice(0, FRONTMATTER_LIMITS.listItems)) {
      if (item && typeof item === 'object' && typeof (item as Relation).to === 'string') {
        related.push({ to: (item as Relation).to, type: stringValue((item as Relation).type) ?? 'related to' });
      } else if (typeof item === 'string') {
        related.push({ to: item, type: 'related to' });
      }
    }
  }
  const entry: GlossaryEntry = {
    id: stringValue(data.id) ?? idFromUri(uri),
    name,
    aliases: stringList(data.aliases),
    category: category ?? 'concept',
    vendor: stringValue(data.vendor),
    related,
    ambiguous: data.ambiguous === true,
    generic: data.generic === true,
    context: stringList(data.context),
    command: data.command === true,
    operators: stringList(data.operators),
    except: stringList(data.except),
    strict: data.strict === true,
    sources: stringList(data.sources).filter((url) => /^https?:\/\/\S+$/i.test(url)),
    summary: body.trim(),
    location: { uri, startLine: 0, endLine: text.split('\n').length },
  };
  return { entry, diagnostics };
}
