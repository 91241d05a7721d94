/**
 * Turns one markdown note into graph nodes and edges, understanding the format people
 * already write: headings for companies and systems, `- role : text` bullets for the
 * stages of a pipeline, `[ 수집 ]` lines that group the bullets after them, nested and
 * numbered lists that belong to the bullet above. Structure comes from markdown-it's
 * tokens and their line maps; only inline text is searched for names and links.
 */
import { createHash } from 'crypto';
import MarkdownIt from 'markdown-it';
type Token = MarkdownIt.Token;
import { Frontmatter, splitFrontmatter, stringList, stringValue } from './frontmatter';
import { Company, companyNodeId, GraphEdge, GraphNode, NoteDiagnostic, SourceRange, technologyNodeId } from './model';
import { stageBodyRanges } from './storage/packedNote';
import { MatchOptions, TermMatch, TermMatcher } from './termMatcher';
import { oneLine, slug, truncate } from './text';

export interface ParseContext {
  matcher: TermMatcher;
  /** Category of a glossary entry; concepts take part in stages but not in data flows. */
  categoryOf(entryId: string): string | undefined;
  /** Broad concepts are mentions, never stage technologies. */
  isGeneric(entryId: string): boolean;
  nameOf(entryId: string): string | undefined;
  companyNamed(title: string): Company | undefined;
}

export interface Heading {
  title: string;
  level: number;
  /** Zero-based; `endLine` is exclusive and runs to the next heading of the same or higher level. */
  line: number;
  endLine: number;
  nodeId: string;
}

export interface WikiLink {
  target: string;
  line: number;
  /** Character range of the whole `[[...]]` on its line. */
  start: number;
  end: number;
}

export interface NoteContribution {
  uri: string;
  title: string;
  aliases: string[];
  tags: string[];
  nodes: GraphNode[];
  edges: GraphEdge[];
  headings: Heading[];
  wikiLinks: WikiLink[];
  diagnostics: NoteDiagnostic[];
}

/** Above this size only the beginning of a note is indexed; the rest would stall the index. */
export const MAX_NOTE_CHARS = 2_000_000;
/**
 * Headings indexed per note. The graph takes a note in one step, and a note's sections are most
 * of that step's work: 10,000 headings take about 60 ms on a two-core laptop, during which a
 * hover waits.
 */
export const MAX_HEADINGS = 10_000;

const md = new MarkdownIt({ html: false, linkify: false });
/** `[ 수집 ]` alone on a line: a group label. Read without a regular expression: see `bracketed`. */
function groupLabel(line: string): string | undefined {
  const trimmed = line.trim();
  if (trimmed[0] !== '[' || trimmed[trimmed.length - 1] !== ']') return undefined;
  const inner = trimmed.slice(1, -1);
  return inner.includes(']') || !inner.trim() ? undefined : inner.trim();
}

/**
 * True when a title holds a `[ label ]` (a study topic such as `[ 데이터 수집 ]`). One scan:
 * the regular expressions this replaces took quadratic time on a long line of brackets and spaces.
 */
function bracketed(title: string): boolean {
  let open = -1;
  let content = false;
  for (let i = 0; i < title.length; i++) {
    const c = title[i];
    if (c === '[') { open = i; content = false; } else if (c === ']') { if (open >= 0 && content) return true; open = -1; } else if (open >= 0 && c.trim()) content = true;
  }
  return false;
}
const SOURCE_LINE = /^\(?(?:출처|source|참고|ref(?:erence)?)\)?\s*[:)]?\s*(https?:\/\/\S+)/i;
const URL = /https?:\/\/\S+/g;
const WIKI_LINK = /\[\[([^\[\]|#]+)(?:#[^\[\]|]*)?(?:\|[^\[\]]*)?\]\]/g;
/** Ideas and whole clouds are named in a pipeline's sentences but data does not flow through them. */
const NOT_IN_FLOWS = new Set(['concept', 'cloud']);
/** `role : text`: a colon with a space on one side, not the one in `https://`. */
const ROLE_COLON = /\s:(?!\/\/)|(?<!https?):\s/;

interface ListItem {
  text: string;
  line: number;
  endLine: number;
  ordered: boolean;
  children: ListItem[];
}

type Block =
  | { type: 'group'; label: string; line: number }
  | { type: 'item'; item: ListItem }
  | { type: 'text'; text: string; line: number };

interface Section {
  title: string;
  level: number;
  line: number;
  endLine: number;
  parent?: Section;
  children: Section[];
  blocks: Block[];
  sources: string[];
  kind?: 'company' | 'architecture' | 'topic' | 'section' | 'part';
  company?: Company;
  nodeId?: string;
  /** Node the section's stages attach to (its own for an architecture, its ancestor's for a part). */
  ownerId?: string;
  /** Names pass only: where the section's list lines are, instead of parsed blocks. */
  bullets?: { source: string; spans: number[] };
  /** The note's root only: its text stands as a topic of its own (see `standsAlone`). */
  standsAlone?: boolean;
}

/** How much text before the first heading makes it the note's own topic, not a preface. */
const LEAD_TEXT_CHARS = 200;

/**
 * True when a note is a topic of its own beyond its headings: it has none (a wiki page written as
 * paragraphs), or its text starts well before the first one (a footer heading after the article).
 * Such a note is found by its title or file name, and its opening text is searched.
 */
function standsAlone(lines: string[], firstLine: number, root: Section): boolean {
  if (root.company) return false;
  const end = Math.min(lines.length, root.children[0]?.line ?? lines.length);
  let chars = 0;
  for (let i = firstLine; i < end; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('<!--') || line.startsWith('![') || line.startsWith('[![')) continue;
    chars += line.length;
    if (root.children.length === 0 || chars >= LEAD_TEXT_CHARS) return true;
  }
  return false;
}

/**
 * A lone CR ends a line for markdown-it and the editor; the parser splits lines at LF. Replaced
 * one for one, so every offset and line number stays the editor's.
 */
function withLineFeeds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

export function binaryOrEmpty(text: string): 'binary' | undefined {
  const head = text.slice(0, 8000);
  // NUL bytes or a high share of replacement characters mean a binary file read as text.
  if (head.includes('\u0000')) return 'binary';
  const bad = head.split('\uFFFD').length - 1;
  return bad > 16 && bad > head.length / 20 ? 'binary' : undefined;
}

/** `fullLength`: the length of the note when `fullText` is only its start (sent to a parser thread without what it would not index). */
export function parseNote(uri: string, fullText: string, context: ParseContext, fullLength = fullText.length): NoteContribution {
  const result: NoteContribution = { uri, title: titleFromUri(uri), aliases: [], tags: [], nodes: [], edges: [], headings: [], wikiLinks: [], diagnostics: [] };
  try {
    if (binaryOrEmpty(fullText) === 'binary') {
      result.diagnostics.push({ uri, line: 0, severity: 'warning', message: 'Skipped: this looks like a binary file, not a markdown note.' });
      return result;
    }
    let text = withLineFeeds(fullText);
    if (text.length > MAX_NOTE_CHARS) {
      // At a line end, unless that throws most of the limit away (a note of one 5 MB line).
      const cutAt = text.lastIndexOf('\n', MAX_NOTE_CHARS);
      text = text.slice(0, cutAt > MAX_NOTE_CHARS / 2 ? cutAt : MAX_NOTE_CHARS);
      result.diagnostics.push({
        uri, line: 0, severity: 'warning',
        message: `Note is ${(fullLength / 1e6).toFixed(1)} M characters; only the first ${(text.length / 1e6).toFixed(1)} M are indexed.`,
      });
    }
    const headingCut = headingLimit(text);
    if (headingCut !== undefined) {
      const line = lineAt(text, headingCut);
      text = text.slice(0, headingCut);
      result.diagnostics.push({
        uri, line, severity: 'warning',
        message: `Note has more than ${MAX_HEADINGS.toLocaleString('en')} headings; only the text above this line is indexed.`,
      });
    }
    recognised = new Map();
    lineRanges = new Map();
    parseInto(result, text, context);
    shareStageBodies(result);
  } catch (error) {
    result.nodes = [];
    result.edges = [];
    result.diagnostics.push({ uri, line: 0, severity: 'error', message: `Could not index this note: ${error instanceof Error ? error.message : String(error)}` });
  } finally {
    recognised = undefined;
    lineRanges = undefined;
  }
  return result;
}

/**
 * A stage keeps a slice of its architecture's body instead of a copy of its text, which V8 stores
 * as a reference into that body: stage bodies are a large share of all body text.
 */
function shareStageBodies(note: NoteContribution): void {
  for (const [stage, { owner, start }] of stageBodyRanges(note)) {
    const node = note.nodes[stage];
    node.body = note.nodes[owner].body!.slice(start, start + node.body!.length);
  }
}

function titleFromUri(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)).replace(/\.(md|markdown)$/i, '');
}

function parseInto(result: NoteContribution, text: string, context: ParseContext): void {
  const { frontmatter, body } = splitFrontmatter(text);
  const frontmatterCompany = applyFrontmatter(result, frontmatter, context);
  const lines = text.split('\n');
  const tokens = md.parse(body, {});
  const root: Section = { title: result.title, level: 0, line: 0, endLine: lines.length, children: [], blocks: [], sources: [] };
  collectSections(tokens, frontmatter?.lineCount ?? 0, root, lines, result);
  root.standsAlone = standsAlone(lines, frontmatter?.lineCount ?? 0, root);
  finish(root, result, context, frontmatter, frontmatterCompany, 'full');
}

/** Obsidian and others write `Aliases:` and `Tags:` as often as `aliases:`; the first spelling wins. */
function lowerCaseKeys(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) if (!(key.toLowerCase() in out)) out[key.toLowerCase()] = value;
  return out;
}

/** Title, aliases, tags and company from the frontmatter; reports it when invalid. */
function applyFrontmatter(result: NoteContribution, frontmatter: Frontmatter | undefined, context: ParseContext): Company | undefined {
  if (frontmatter?.error) {
    // Notes often have `title: A: B` (a colon YAML refuses unquoted): the plain lines still say who and what.
    const kept = Object.keys(frontmatter.data);
    const also = kept.length > 0 ? `; read its plain lines (${kept.join(', ')}) as text` : ', ignored';
    result.diagnostics.push({ uri: result.uri, line: frontmatter.error.line, severity: 'error', message: `Invalid frontmatter${also}: ${frontmatter.error.message}` });
  }
  if (!frontmatter) return undefined;
  const data = lowerCaseKeys(frontmatter.data);
  result.aliases = stringList(data.aliases);
  result.tags = stringList(data.tags);
  const title = stringValue(data.title);
  if (title) result.title = title;
  const companyName = stringValue(data.company);
  return companyName ? context.companyNamed(companyName) ?? { id: slug(companyName), name: companyName, aliases: [companyName] } : undefined;
}

function finish(root: Section, result: NoteContribution, context: ParseContext, frontmatter: Frontmatter | undefined, company: Company | undefined, depth: 'full' | 'names'): void {
  if (company) root.standsAlone = false;
  if (root.children.length > 0 && !(frontmatter && stringValue(lowerCaseKeys(frontmatter.data).title)) && !root.standsAlone) result.title = root.children[0].title;
  if (company) {
    root.kind = 'company';
    root.company = company;
  }
  classify(root, context);
  emit(root, result, context, depth);
}

/** Frontmatter keys that name a note (or make it a glossary entry); the names pass parses no other frontmatter. */
export const NAME_KEYS = /^["']?(?:title|aliases|company|category|name)["']?[ \t]*:/im;

/** An ATX heading: up to three spaces, 1–6 `#`, then the title and an optional closing run of `#`. */
/** An ATX heading's level and title, read in one pass (a regular expression for it backtracked on long lines of spaces). */
function atxHeading(line: string): { level: number; title: string } | undefined {
  let i = 0;
  while (i < 3 && line[i] === ' ') i++;
  let level = 0;
  while (line[i + level] === '#') level++;
  if (level < 1 || level > 6) return undefined;
  let at = i + level;
  if (at < line.length && line[at] !== ' ' && line[at] !== '\t') return undefined;
  let end = line.length;
  while (end > at && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  // A closing run of `#` counts only after a space (or as the whole title).
  let close = end;
  while (close > at && line[close - 1] === '#') close--;
  if (close === at || line[close - 1] === ' ' || line[close - 1] === '\t') end = close;
  while (at < end && (line[at] === ' ' || line[at] === '\t')) at++;
  while (end > at && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  return { level, title: line.slice(at, end) };
}
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The fence open after `line`, given the one open before it (`undefined`: none): a fence line opens one, or closes its own. */
function fenceAfter(line: string, open: string | undefined): string | undefined {
  const marker = FENCE.exec(line)?.[1];
  if (!marker) return open;
  if (open === undefined) return marker;
  return marker[0] === open[0] && marker.length >= open.length && line.trim() === marker ? undefined : open;
}

/**
 * Where a note's indexed text ends because of `MAX_HEADINGS`: the start of the line of its heading
 * after the last one indexed, or undefined. Counts ATX headings and setext underlines outside
 * fenced code (a `---` thematic break counts too: this is a bound, not a parse).
 */
function headingLimit(text: string): number | undefined {
  let count = 0;
  let fence: string | undefined;
  let previousBlank = true;
  for (let pos = 0; pos <= text.length;) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    let first = pos;
    while (first < end && first - pos < 4 && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9)) first++;
    const c = text.charCodeAt(first);
    let heading = false;
    if (c === 96 /* ` */ || c === 126 /* ~ */) {
      fence = fenceAfter(text.slice(pos, end), fence);
    } else if (fence === undefined && c === 35 /* # */) {
      heading = atxHeading(text.slice(pos, end).replace(/\r$/, '')) !== undefined;
    } else if (fence === undefined && (c === 61 /* = */ || c === 45 /* - */) && !previousBlank) {
      heading = /^ {0,3}(=+|-+)[ \t]*\r?$/.test(text.slice(pos, Math.min(end, pos + 200)));
    }
    if (heading && ++count > MAX_HEADINGS) return pos;
    previousBlank = first === end;
    pos = end + 1;
  }
  return undefined;
}

function lineAt(text: string, offset: number): number {
  let line = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}
const LIST_ITEM = /^\s*(?:[-*+]|\d{1,9}[.)])[ \t]+/;
/** Characters that can make a heading's inline markup differ from its plain text. */
const INLINE_MARKUP = /[\\`*_[\]<>&!~]/;

/**
 * A note's names only, fast: frontmatter and ATX headings, found by a line scan that skips
 * fenced code (about 20× faster than markdown-it's block parse). The first index of a large
 * workspace makes these searchable within a second; `parseNote` (markdown-it: bodies, stages,
 * mentions, setext headings) replaces them moments later, with the same ids for the same headings.
 */
export function outlineNote(uri: string, fullText: string, context: ParseContext): NoteContribution {
  const result: NoteContribution = { uri, title: titleFromUri(uri), aliases: [], tags: [], nodes: [], edges: [], headings: [], wikiLinks: [], diagnostics: [] };
  try {
    if (binaryOrEmpty(fullText) === 'binary') return result;
    const whole = withLineFeeds(fullText.length > MAX_NOTE_CHARS ? fullText.slice(0, MAX_NOTE_CHARS) : fullText);
    const text = whole.slice(0, headingLimit(whole));
    const { frontmatter } = splitFrontmatter(text, NAME_KEYS);
    const frontmatterCompany = applyFrontmatter(result, frontmatter, context);
    result.diagnostics = []; // the full parse reports problems
    let lineCount = 1;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lineCount++;
    const root: Section = { title: result.title, level: 0, line: 0, endLine: lineCount, children: [], blocks: [], sources: [] };
    let current = root;
    let fence: string | undefined;
    // Walks line starts without splitting the text: only lines that start (after up to three
    // spaces) with a fence, `#` or a list marker are looked at further.
    let line = 0;
    let pos = 0;
    const firstLine = frontmatter?.lineCount ?? 0;
    while (pos <= text.length) {
      let end = text.indexOf('\n', pos);
      if (end < 0) end = text.length;
      if (line >= firstLine) {
        let first = pos;
        while (first < end && first - pos < 4 && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9)) first++;
        const c = text.charCodeAt(first);
        if (c === 96 /* ` */ || c === 126 /* ~ */) {
          fence = fenceAfter(text.slice(pos, end), fence);
        } else if (fence === undefined && c === 35 /* # */) {
          const heading = atxHeading(text.slice(pos, end).replace(/\r$/, ''));
          if (heading) {
            const level = heading.level;
            const raw = heading.title;
            const title = oneLine(INLINE_MARKUP.test(raw) ? plainText(md.parseInline(raw, {})[0]) : raw);
            while (current !== root && current.level >= level) current = current.parent!;
            const section: Section = { title: title || '(untitled)', level, line, endLine: lineCount, parent: current, children: [], blocks: [], sources: [] };
            current.children.push(section);
            current = section;
          }
        } else if (fence === undefined && (c === 45 || c === 42 || c === 43 || (c >= 48 && c <= 57))) {
          // Bullets are kept as spans only so that `classify` can tell an unlisted company by its `- role : Kafka` lines.
          (current.bullets ??= { source: text, spans: [] }).spans.push(pos, end);
        }
      }
      pos = end + 1;
      line++;
    }
    closeRanges(root);
    root.standsAlone = standsAlone(text.split('\n', root.children[0]?.line ?? lineCount), firstLine, root);
    finish(root, result, context, frontmatter, frontmatterCompany, 'names');
  } catch {
    result.nodes = [];
    result.edges = [];
    result.headings = [];
  }
  return result;
}

/**
 * What the names pass would have made of a fully parsed note: its heading nodes without
 * bodies, the links between them and its headings (no stages, mentions or links).
 */
export function namesOf(note: NoteContribution): NoteContribution {
  return {
    uri: note.uri, title: note.title, aliases: note.aliases, tags: note.tags,
    nodes: note.nodes.filter((n) => n.kind !== 'stage').map(({ body: _body, sources: _sources, description: _description, ...names }) => ({ ...names, sources: [] })),
    // Copies: the full note's own edges are set in the graph later, and must not be known to it already.
    edges: note.edges.filter((e) => e.kind === 'has-architecture').map((e) => ({ ...e })),
    headings: note.headings, wikiLinks: [], diagnostics: [],
  };
}

/** Builds the heading tree and the blocks (list items, group lines, paragraphs) under each heading. */
function collectSections(tokens: Token[], offset: number, root: Section, lines: string[], result: NoteContribution): void {
  let current = root;
  const listStack: { ordered: boolean; items: ListItem[] }[] = [];
  const itemStack: ListItem[] = [];
  // Table cells' tokens carry no line: they are on their row's, the last line seen.
  let line = offset;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.map) line = token.map[0] + offset;
    switch (token.type) {
      case 'heading_open': {
        const level = Number(token.tag.slice(1));
        const title = oneLine(plainText(tokens[i + 1]));
        while (current !== root && current.level >= level) current = current.parent!;
        const section: Section = { title: title || '(untitled)', level, line, endLine: lines.length, parent: current, children: [], blocks: [], sources: [] };
        current.children.push(section);
        current = section;
        collectWikiLinks(tokens[i + 1], offset, lines, result);
        i += 2;
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open':
        listStack.push({ ordered: token.type === 'ordered_list_open', items: [] });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close': {
        const list = listStack.pop()!;
        const parent = itemStack[itemStack.length - 1];
        if (parent) parent.children.push(...list.items);
        else for (const item of list.items) current.blocks.push({ type: 'item', item });
        break;
      }
      case 'list_item_open': {
        const item: ListItem = { text: '', line, endLine: (token.map?.[1] ?? 0) + offset, ordered: listStack[listStack.length - 1]?.ordered ?? false, children: [] };
        listStack[listStack.length - 1]?.items.push(item);
        itemStack.push(item);
        break;
      }
      case 'list_item_close':
        itemStack.pop();
        break;
      case 'inline': {
        collectWikiLinks(token, offset, lines, result);
        const textOfInline = plainText(token);
        const item = itemStack[itemStack.length - 1];
        if (item) {
          item.text = item.text ? `${item.text} ${textOfInline}` : textOfInline;
          break;
        }
        const firstLine = token.content.split('\n')[0].trim();
        const groupText = groupLabel(firstLine);
        const source = SOURCE_LINE.exec(oneLine(textOfInline).replace(/^\*|\*$/g, ''));
        if (groupText) current.blocks.push({ type: 'group', label: oneLine(groupText), line });
        if (source) current.sources.push(source[1]);
        else if (!groupText && textOfInline.trim()) current.blocks.push({ type: 'text', text: textOfInline, line });
        break;
      }
      case 'fence':
      case 'code_block':
        // Code in notes is searchable body text but never structure.
        current.blocks.push({ type: 'text', text: token.content, line });
        break;
    }
  }
  closeRanges(root);
}

function closeRanges(section: Section): void {
  section.children.forEach((child, index) => {
    const next = section.children[index + 1];
    child.endLine = next ? next.line : section.endLine;
    closeRanges(child);
  });
}

/** Plain text of an inline token: text and code spans, links by their text, images dropped. */
function plainText(token: Token | undefined): string {
  if (!token) return '';
  if (!token.children) return token.content;
  let out = '';
  for (const child of token.children) {
    if (child.type === 'text' || child.type === 'code_inline') out += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') out += ' ';
  }
  return out;
}

/** The places of the wiki links each note being parsed has so far: a line's links are read once however many tokens span it. */
const linksSeen = new WeakMap<NoteContribution, Set<string>>();

function collectWikiLinks(token: Token | undefined, offset: number, lines: string[], result: NoteContribution): void {
  if (!token || !token.map || !token.content.includes('[[')) return;
  let seenLinks = linksSeen.get(result);
  if (!seenLinks) linksSeen.set(result, (seenLinks = new Set()));
  for (let l = token.map[0] + offset; l < token.map[1] + offset && l < lines.length; l++) {
    for (const m of lines[l].matchAll(WIKI_LINK)) {
      if (seenLinks.has(`${l}:${m.index}`)) continue;
      seenLinks.add(`${l}:${m.index}`);
      result.wikiLinks.push({ target: m[1].trim(), line: l, start: m.index!, end: m.index! + m[0].length });
    }
  }
}

/** Decides which headings are companies, architectures, topics and plain sections. */
function classify(section: Section, context: ParseContext, companyAncestor?: Section, depthBelowCompany = 0): void {
  // A heading that names a known company is one when the notes describe a system there or in a
  // sibling company heading (`### Airbnb` with only a picture, beside `### 쏘카` and its pipelines);
  // headings of company names with no system anywhere (office visits, career stories) are not.
  const systemsHere = !companyAncestor && section.children.some((c) => context.companyNamed(c.title) && namesTechnologies(c, context));
  // Once per section: per child, it made a note of 100k headings quadratic.
  const topLevel = section.children.reduce((min, c) => Math.min(min, c.level), Infinity);
  for (const child of section.children) {
    const company = !companyAncestor && !systemsHere ? undefined : context.companyNamed(child.title);
    if (company) {
      child.kind = 'company';
      child.company = company;
      classify(child, context, child, 0);
    } else if (companyAncestor) {
      child.kind = depthBelowCompany === 0 ? 'architecture' : 'part';
      classify(child, context, companyAncestor, depthBelowCompany + 1);
    } else if (looksLikeUnlistedCompany(child, context)) {
      child.kind = 'company';
      child.company = { id: slug(child.title), name: child.title, aliases: [child.title] };
      classify(child, context, child, 0);
    } else {
      child.kind = section.kind === undefined && child.level <= topLevel || bracketed(child.title) ? 'topic' : 'section';
      classify(child, context, undefined, 0);
    }
  }
}

/**
 * A heading that neither the company list nor the frontmatter names is a company only when it reads
 * as one: a short name (not a numbered or sentence-like heading, not a technology), with a
 * sub-heading that describes a system in at least two `- role : technology` bullets naming at least
 * two technologies. Bullets that start with the names (`- Kafka : 분산 메시징`) are how study notes
 * define tools, not how write-ups describe a company's pipeline: they do not count. Measured on five
 * public note collections (test/fixtures/note-collections): looser rules invented 6–11 companies in each.
 */
const MIN_ROLE_BULLETS = 2;
const MIN_TECHNOLOGIES = 2;
const MAX_NAME_LENGTH = 32;
const MAX_NAME_WORDS = 4;
/** `1.`, `0.1.`, `03.`, `2)` at the start: a numbered section, not a name. */
const NUMBERED = /^\(?\d+(?:\.\d+)*[.)]?\s/;
/** Emoji shortcodes, questions and sentences end: not a name. */
const NOT_A_NAME = /:[a-z_]+:|[?!。]|\.\s*$/;
/** Words that make a heading a subject of study, not a name (`Data Ingestion Components`, `Kafka 정리`). */
const STUDY_WORDS = new Set([
  'notes', 'note', 'components', 'examples', 'example', 'overview', 'introduction', 'intro', 'summary', 'basics', 'patterns',
  'concepts', 'guide', 'tutorial', 'comparison', 'setup', 'til', '정리', '개요', '소개', '실습', '기초', '비교', '설치', '예제', '요약', '공부',
]);

function looksLikeUnlistedCompany(section: Section, context: ParseContext): boolean {
  const title = section.title.trim();
  if (bracketed(title) || section.children.length === 0) return false;
  if (title.length > MAX_NAME_LENGTH || title.split(/\s+/).length > MAX_NAME_WORDS || NUMBERED.test(title) || NOT_A_NAME.test(title)) return false;
  if (title.toLowerCase().split(/[\s\-_/·,()]+/).some((word) => STUDY_WORDS.has(word))) return false;
  if (recognise(title, context, '').length > 0) return false;
  return section.children.some((child) => describesSystem(child, context));
}

/** At least two `- role : technology` bullets (the role first) naming at least two technologies. */
function describesSystem(section: Section, context: ParseContext): boolean {
  let bullets = 0;
  const technologies = new Set<string>();
  for (const text of itemTexts(section)) {
    const colon = ROLE_COLON.exec(text);
    if (!colon) continue;
    const left = text.slice(0, colon.index);
    if (recognise(left, context, '').some((m) => !context.isGeneric(m.entryId))) continue; // names first
    const named = recognise(text.slice(colon.index + colon[0].length), context, '').filter((m) => !context.isGeneric(m.entryId));
    if (named.length === 0) continue;
    bullets++;
    for (const m of named) technologies.add(m.entryId);
  }
  return bullets >= MIN_ROLE_BULLETS && technologies.size >= MIN_TECHNOLOGIES;
}

/** True when a list item anywhere under the section names a technology. */
function namesTechnologies(section: Section, context: ParseContext): boolean {
  for (const text of itemTexts(section)) if (recognise(text, context, '').some((m) => !context.isGeneric(m.entryId))) return true;
  return section.children.some((child) => namesTechnologies(child, context));
}

/** The section's own list items: parsed blocks, or the raw lines the names pass kept. */
function* itemTexts(section: Section): IterableIterator<string> {
  if (section.bullets) {
    const { source, spans } = section.bullets;
    for (let i = 0; i < spans.length; i += 2) {
      const line = source.slice(spans[i], spans[i + 1]);
      const marker = LIST_ITEM.exec(line);
      if (marker) yield line.slice(marker[0].length);
    }
  }
  for (const block of section.blocks) if (block.type === 'item') yield block.item.text;
}

function emit(root: Section, result: NoteContribution, context: ParseContext, depth: 'full' | 'names'): void {
  const { uri } = result;
  const seenNode = new Set<string>();
  const addNode = (node: GraphNode) => {
    if (seenNode.has(node.id)) return;
    seenNode.add(node.id);
    result.nodes.push(node);
  };
  const range = (s: Section): SourceRange => ({ uri, startLine: s.line, endLine: s.endLine });
  // The names pass keeps only the bullets it needs to spot companies; bodies come with the full parse.
  const bodyFor = (s: Section): string | undefined => (depth === 'full' ? bodyOf(s) : undefined);

  const visit = (section: Section, company?: Section, owner?: Section, path: string[] = []) => {
    let containerPath = path;
    if (section.kind === 'company') {
      section.nodeId = companyNodeId(section.company!.id);
      addNode({ id: section.nodeId, kind: 'company', title: section.company!.name, body: bodyFor(section), sources: section.sources, location: range(section) });
      company = section;
      owner = undefined;
      containerPath = [section.company!.name];
    } else if (section.kind === 'architecture') {
      section.nodeId = `arch:${company!.company!.id}/${slug(section.title)}`;
      addNode({ id: section.nodeId, kind: 'architecture', title: section.title, container: company!.company!.name, body: bodyFor(section), sources: section.sources, location: range(section) });
      result.edges.push({ from: company!.nodeId!, to: section.nodeId, kind: 'has-architecture', location: range(section) });
      owner = section;
      containerPath = [company!.company!.name, section.title];
    } else if (section.kind === 'topic') {
      section.nodeId = `topic:${fileKey(uri)}#${section.line}`;
      addNode({ id: section.nodeId, kind: 'topic', title: section.title, body: bodyFor(section), sources: section.sources, location: range(section) });
      owner = section;
      containerPath = [section.title];
    } else if (section.kind === 'section' || section.kind === 'part') {
      section.nodeId = `section:${fileKey(uri)}#${section.line}`;
      const container = path.join(' › ') || undefined;
      addNode({ id: section.nodeId, kind: 'section', title: section.title, container, body: bodyFor(section), sources: section.sources, location: range(section) });
      if (section.kind === 'section' && owner?.kind === 'topic') {
        result.edges.push({ from: owner.nodeId!, to: section.nodeId, kind: 'has-architecture', location: range(section) });
        owner = section;
      }
      containerPath = [...path, section.title];
    }
    if (section.nodeId) {
      result.headings.push({ title: section.title, level: section.level, line: section.line, endLine: section.endLine, nodeId: section.nodeId });
    }
    if (section.nodeId && depth === 'full') {
      emitMentions(section, result, context);
      if (owner && section.kind !== 'company') emitStages(section, owner, containerPath.slice(0, 2).join(' › '), result, context);
    }
    for (const child of section.children) visit(child, company, owner, containerPath);
  };
  if (root.kind === 'company') {
    // Frontmatter `company:` makes the note the company and its top headings its architectures.
    root.nodeId = companyNodeId(root.company!.id);
    addNode({ id: root.nodeId, kind: 'company', title: root.company!.name, body: bodyFor(root), location: range(root) });
    for (const child of root.children) {
      if (child.kind === 'company') { visit(child); continue; }
      child.kind = 'architecture';
      for (const grandChild of child.children) if (grandChild.kind !== 'company') markParts(grandChild);
      visit(child, root, undefined, [root.company!.name]);
    }
  } else {
    if (root.standsAlone) {
      // The note's own topic, titled by its frontmatter or file name; not a heading, so no symbol.
      root.nodeId = `topic:${fileKey(uri)}`;
      addNode({ id: root.nodeId, kind: 'topic', title: result.title, body: bodyFor(root), sources: root.sources, location: range(root) });
      if (depth === 'full') emitMentions(root, result, context);
    }
    for (const child of root.children) visit(child);
  }
}

function markParts(section: Section): void {
  section.kind = 'part';
  section.children.forEach(markParts);
}

function bodyOf(section: Section): string {
  const parts: string[] = [];
  for (const block of section.blocks) {
    if (block.type === 'group') parts.push(block.label);
    else if (block.type === 'text') parts.push(block.text);
    else parts.push(itemText(block.item));
  }
  return oneLine(parts.join(' '));
}

function itemText(item: ListItem): string {
  return [item.text, ...item.children.map(itemText)].join(' ');
}

/** One id string per technology, shared by every edge (a popular one has tens of thousands). */
const techNodeIds = new Map<string, string>();
function techNodeId(entryId: string): string {
  let id = techNodeIds.get(entryId);
  if (!id) techNodeIds.set(entryId, (id = technologyNodeId(entryId)));
  return id;
}

/** One range object per line of the note being parsed, shared by the edges found on that line. */
let lineRanges: Map<number, SourceRange> | undefined;
function lineRange(uri: string, line: number): SourceRange {
  let range = lineRanges?.get(line);
  if (!range) {
    range = { uri, startLine: line, endLine: line + 1 };
    lineRanges?.set(line, range);
  }
  return range;
}

/**
 * Names found per headings, then per text, during one parse: mentions, stages and company
 * detection read the same bullets. Two levels, so no key string is built per lookup (V8
 * caches a string's hash, but not of a string concatenated anew every time).
 */
let recognised: Map<string, Map<string, TermMatch[]>> | undefined;

function recognise(text: string, context: ParseContext, headings: string): TermMatch[] {
  let byText = recognised?.get(headings);
  if (!byText) {
    byText = new Map<string, TermMatch[]>();
    recognised?.set(headings, byText);
  }
  const cached = byText.get(text);
  if (cached) return cached;
  const options: MatchOptions = { languageId: 'markdown', context: headings };
  const found = context.matcher.findAll(text.includes('://') ? text.replace(URL, (url) => ' '.repeat(url.length)) : text, options);
  byText.set(text, found);
  return found;
}

function headingContext(section: Section): string {
  const titles: string[] = [];
  for (let s: Section | undefined = section; s; s = s.parent) titles.push(s.title);
  return titles.join(' ');
}

/** Section → technology edges for every name in its title and text (not in its sub-sections). */
function emitMentions(section: Section, result: NoteContribution, context: ParseContext): void {
  const seen = new Set<string>();
  const headings = headingContext(section);
  const add = (matches: TermMatch[], line: number) => {
    for (const m of matches) {
      if (seen.has(m.entryId)) continue;
      seen.add(m.entryId);
      result.edges.push({ from: section.nodeId!, to: techNodeId(m.entryId), kind: 'mentions', location: lineRange(result.uri, line) });
    }
  };
  add(recognise(section.title, context, headings), section.line);
  for (const block of section.blocks) {
    if (block.type === 'item') {
      const walk = (item: ListItem) => { add(recognise(item.text, context, headings), item.line); item.children.forEach(walk); };
      walk(block.item);
    } else {
      add(recognise(block.type === 'group' ? block.label : block.text, context, headings), block.line);
    }
  }
}

interface StageDraft {
  label: string;
  role?: string;
  line: number;
  endLine: number;
  texts: string[];
  technologies: string[];
  /** Line where each technology is first named, so the tree can open the note right there. */
  lineOf: Map<string, number>;
}

/**
 * A note's short stand-in in the ids of its sections, topics and stages (`stage:<key>#<line>`):
 * with the URI itself, each id took 50–100 characters, and there are ten or so per note, kept
 * in memory, hashed at every lookup, sent across threads and cached. 72 bits of SHA-1: two of
 * a million notes share a key with odds of about one in ten billion.
 */
function fileKey(uri: string): string {
  if (uri !== lastKeyed.uri) lastKeyed = { uri, key: createHash('sha1').update(uri).digest('base64url').slice(0, 12) };
  return lastKeyed.key;
}
let lastKeyed = { uri: '', key: '' };

/** Stages of a pipeline: one per `role : text` bullet, or one per `[ group ]` line with the bullets under it. */
function emitStages(section: Section, owner: Section, container: string, result: NoteContribution, context: ParseContext): void {
  const headings = headingContext(section);
  const stages: StageDraft[] = [];
  let group: StageDraft | undefined;
  const addTechnologies = (stage: StageDraft, matches: TermMatch[], line: number) => {
    for (const m of matches) {
      if (stage.technologies.includes(m.entryId) || context.isGeneric(m.entryId)) continue;
      stage.technologies.push(m.entryId);
      stage.lineOf.set(m.entryId, line);
    }
  };
  const addFlows = (matches: TermMatch[], line: number) => {
    const flowing = matches.map((m) => m.entryId).filter((id, i, all) => !NOT_IN_FLOWS.has(context.categoryOf(id) ?? '') && !context.isGeneric(id) && all.indexOf(id) === i);
    for (let i = 0; i + 1 < flowing.length; i++) {
      result.edges.push({ from: techNodeId(flowing[i]), to: techNodeId(flowing[i + 1]), kind: 'flows-to', scope: owner.nodeId, location: lineRange(result.uri, line) });
    }
  };
  const walkChildren = (stage: StageDraft, item: ListItem) => {
    for (const child of item.children) {
      const matches = recognise(child.text, context, headings);
      addTechnologies(stage, matches, child.line);
      addFlows(matches, child.line);
      stage.texts.push(child.ordered ? `${item.children.filter((c) => c.ordered).indexOf(child) + 1}. ${child.text}` : child.text);
      walkChildren(stage, child);
    }
  };
  for (const block of section.blocks) {
    if (block.type === 'group') {
      group = { label: truncate(block.label, 48), role: block.label, line: block.line, endLine: block.line + 1, texts: [block.label], technologies: [], lineOf: new Map() };
      addTechnologies(group, recognise(block.label, context, headings), block.line);
      stages.push(group);
      continue;
    }
    if (block.type !== 'item') continue;
    const item = block.item;
    const matches = recognise(item.text, context, headings);
    addFlows(matches, item.line);
    if (group) {
      addTechnologies(group, matches, item.line);
      group.texts.push(item.text);
      group.endLine = item.endLine;
      walkChildren(group, item);
      continue;
    }
    const stage: StageDraft = { label: '', line: item.line, endLine: item.endLine, texts: [item.text], technologies: [], lineOf: new Map() };
    const colon = ROLE_COLON.exec(item.text);
    if (colon) {
      const left = oneLine(item.text.slice(0, colon.index));
      const right = oneLine(item.text.slice(colon.index + colon[0].length));
      // `- 로그 수집 : Fluentd ...` names the role first; `- Golang : 플러그인 개발` names the technologies
      // first: the stage is labelled with them, and what follows the colon is its role.
      const namesFirst = right !== '' && onlyNames(left, recognise(left, context, headings).filter((m) => !context.isGeneric(m.entryId)));
      stage.role = namesFirst ? right : left;
      if (namesFirst) stage.label = truncate(left, 48);
    } else {
      stage.role = onlyNames(item.text, matches.filter((m) => !context.isGeneric(m.entryId))) ? undefined : oneLine(item.text);
    }
    addTechnologies(stage, matches, item.line);
    walkChildren(stage, item);
    stage.label ||= stage.role ? truncate(firstClause(stage.role), 48) : stage.technologies.map((id) => context.nameOf(id) ?? id).join(', ');
    stages.push(stage);
  }
  for (const stage of stages) {
    if (stage.technologies.length === 0) continue;
    const id = `stage:${fileKey(result.uri)}#${stage.line}`;
    const location = { uri: result.uri, startLine: stage.line, endLine: Math.max(stage.endLine, stage.line + 1) };
    result.nodes.push({ id, kind: 'stage', title: stage.label, description: stage.role ? oneLine(stage.role) : undefined, container, body: oneLine(stage.texts.join(' ')), location });
    result.edges.push({ from: owner.nodeId!, to: id, kind: 'has-stage', location });
    const role = stage.role ? firstClause(stage.role) : undefined;
    for (const tech of stage.technologies) {
      const line = stage.lineOf.get(tech) ?? stage.line;
      result.edges.push({ from: id, to: techNodeId(tech), kind: 'uses', label: role, location: lineRange(result.uri, line) });
    }
  }
}

/** True when `text` is nothing but technology names and punctuation (`Consul, Prometheus, Grafana`). */
function onlyNames(text: string, matches: TermMatch[]): boolean {
  if (matches.length === 0) return false;
  const leftover = matches.reduceRight((rest, m) => rest.slice(0, m.start) + rest.slice(m.end), text);
  return leftover.replace(/[\s(),/&+\-·]+|및|와|과|\band\b/g, '').length <= 1;
}

/** The first clause of a role, for labels: up to a sentence end or an opening parenthesis. */
function firstClause(text: string): string {
  const cut = oneLine(text).split(/(?<=[.!?])\s|\s?\(/)[0];
  return cut.trim() || oneLine(text);
}
