/**
 * Recognises technology names in any line of text: code, config or prose.
 *
 * A line is split into word pieces the way identifiers are built (camelCase,
 * snake_case, kebab-case, dotted paths, `@scope/pkg`), the pieces are lower-cased
 * and squashed together, and one trie of squashed names is walked from each piece
 * start. A name matches only when it starts and ends on piece boundaries, so
 * `KinesisClient` and `aws_kinesis_firehose` match while `mongoose` does not
 * match `mongo`. Cost is bounded by line length × longest name, never by the
 * number of names (no regex per term).
 *
 * Names that are also everyday words (find, lambda, go, hive...) are "ambiguous"
 * and need evidence; see `isConfirmed`.
 */
import { squash } from './text';

export interface TermDefinition {
  entryId: string;
  /** The name as written in the glossary, e.g. `Kinesis Data Streams`. */
  text: string;
  ambiguous: boolean;
  /** Squashed words that confirm an ambiguous name when they appear on the line. */
  context: string[];
  /** Recognised at a shell command position (`find . -name x`). */
  command: boolean;
  /** Phrases inside which the name means something else (`lambda expression`); squashed when added. */
  except?: string[];
  /** Its own capitals in prose do not confirm it: `Scan` and `Vector` start many titles. */
  strict?: boolean;
  /** Set when added: the name has no space in it. */
  oneWord?: boolean;
}

export interface TermMatch {
  entryId: string;
  /** UTF-16 offsets into the line; `end` is exclusive. */
  start: number;
  end: number;
  text: string;
}

export interface MatchOptions {
  /** VS Code language id of the document; prose and shell languages relax ambiguity rules. */
  languageId?: string;
  /** Extra text that counts as context (for notes: the headings above the line). */
  context?: string;
  /**
   * Entries the whole document already names for sure (see `confirmedIn`): in a file that
   * imports consul, a bare `consul.Consul(...)` is Consul too.
   */
  confirmed?: ReadonlySet<string>;
  /** Every name counts, ambiguous or not: the text is a declared name (a dependency, an image), not prose. */
  everyName?: boolean;
}

interface TrieNode {
  next: Map<number, TrieNode>;
  terms?: TermDefinition[];
}

/** A line cut into squashed pieces: `codes[i]` came from `line[offsets[i]]`. */
interface Pieces {
  codes: Uint16Array;
  offsets: Int32Array;
  /** 1 where a piece starts at `codes[i]`. */
  starts: Uint8Array;
  /** Entries in use; the arrays are shared buffers and longer. */
  length: number;
  /** Squashed text, with `\0` at hard breaks; built lazily for context checks. */
  squashed?: string;
  /** Whether each ambiguous term's context words are in this text (or its context). */
  inContext?: Map<TermDefinition, boolean>;
}

/**
 * Lines that declare what a file uses: imports, requires, packages, `FROM image`, Terraform
 * providers and modules, `apply plugin`. An ambiguous name there is the technology: nobody
 * imports the everyday word.
 */
const DECLARATION_LINE = /^\s*(?:import\s|from\s+\S+\s+import\s|package\s|require\s*\(|.*\brequire\s*\(\s*['"]|.*\bimport\s*\(\s*['"]|#include\s|using\s+[\w.]+;|FROM\s+\S|(?:provider|module|resource|data)\s+"|\s*source\s*=\s*"|<artifactId>|(?:implementation|api|compile|libraryDependencies\s*\+?\+?=)\s*[("']?)/;

export const PROSE_LANGUAGES: ReadonlySet<string> = new Set(['markdown', 'plaintext', 'restructuredtext', 'asciidoc', 'latex', 'git-commit']);
const SHELL_LANGUAGES = new Set(['shellscript', 'bash', 'sh', 'zsh', 'fish', 'powershell', 'dockerfile', 'makefile']);
/** What may stand before a command on a line: a prompt, sudo, a pipe, `RUN` in a Dockerfile... */
const COMMAND_PREFIX = /(?:^|\$|#|&&|\|\||\||;|\bsudo|\bRUN|\bexec|\$\(|`|\bxargs|\bthen|\bdo)\s*$/;
/** Before a capitalised word at a sentence start, capitals say nothing ("Go to..."). */
const SENTENCE_START = /(?:^|[.!?:]\s+|^\s*(?:[-*+>#]+|\d+\.)\s+)$/;
const PROMPT_PREFIX = /(?:\$|&&|\||;|\bsudo|\bRUN|\bexec|\$\(|`|\bxargs)\s*$/;
/** What must follow a command name: an argument, not a call, member access or assignment. */
const COMMAND_ARGUMENT = /^\s+[^\s(=:,)]/;

const enum CharClass { Other, Soft, Lower, Upper, Digit, Hangul }

function classify(code: number): CharClass {
  if (code >= 97 && code <= 122) return CharClass.Lower;
  if (code >= 65 && code <= 90) return CharClass.Upper;
  if (code >= 48 && code <= 57) return CharClass.Digit;
  if ((code >= 0xac00 && code <= 0xd7a3) || (code >= 0x3131 && code <= 0x318e)) return CharClass.Hangul;
  // Separators inside multi-word names and identifiers: space, tab, - _ . / @
  if (code === 32 || code === 9 || code === 45 || code === 95 || code === 46 || code === 47 || code === 64) return CharClass.Soft;
  if (code > 127) {
    const ch = String.fromCharCode(code);
    if (/\p{Ll}/u.test(ch)) return CharClass.Lower;
    if (/\p{Lu}/u.test(ch)) return CharClass.Upper;
    if (/\p{L}/u.test(ch)) return CharClass.Hangul; // other scripts behave like Hangul: no case
  }
  return CharClass.Other;
}

/** Classes by UTF-16 code, filled on first sight (255: not yet): cutting reads one per character. */
const CLASS_BY_CODE = new Uint8Array(65536).fill(255);

function classOf(code: number): CharClass {
  let cls = CLASS_BY_CODE[code];
  if (cls === 255) cls = CLASS_BY_CODE[code] = classify(code);
  return cls as CharClass;
}

const HARD_BREAK = 0;

/**
 * `confirmed` for a declaration line: a name there counts when it is the imported module itself
 * (`import consul`, `from delta.tables import`), not a word inside a longer path or class
 * (`@angular/cdk`, `linalg.DenseVector`).
 */
const DECLARED: ReadonlySet<string> = new Set();
const LATIN_OR_DIGIT = /[A-Za-z0-9]/;

/** How far around a name the checks below look: they end in `$` and would rescan a long line from every start. */
const NEARBY = 64;

/**
 * The `NEARBY` characters before `start`; when the line goes back further, a `\u0001` stands
 * first, so that `^` in the checks means the start of the line only.
 */
function textBefore(line: string, start: number): string {
  return start <= NEARBY ? line.slice(0, start) : '\u0001' + line.slice(start - NEARBY, start);
}
/** What may stand right before a module's own name on a declaration line. */
const MODULE_START = /[\s'"`(]/;

/** Buffers reused by every cut (pieces never outlive the call that made them); grown as needed. */
let codeBuffer = new Uint16Array(1024);
let offsetBuffer = new Int32Array(1024);
let startBuffer = new Uint8Array(1024);

function cut(line: string, from = 0, to = line.length): Pieces {
  // Each character yields at most two entries (a hard break and itself).
  if (codeBuffer.length < 2 * (to - from) + 1) {
    const size = 2 * (to - from) + 1024;
    codeBuffer = new Uint16Array(size);
    offsetBuffer = new Int32Array(size);
    startBuffer = new Uint8Array(size);
  }
  const codes = codeBuffer;
  const offsets = offsetBuffer;
  const starts = startBuffer;
  let n = 0;
  let prev = CharClass.Other;
  let pendingBreak = false;
  for (let i = from; i < to; i++) {
    const code = line.charCodeAt(i);
    const cls = classOf(code);
    if (cls === CharClass.Other || cls === CharClass.Soft) {
      if (cls === CharClass.Other) pendingBreak = true;
      prev = cls;
      continue;
    }
    if (pendingBreak && n > 0) {
      codes[n] = HARD_BREAK;
      offsets[n] = i;
      starts[n++] = 0;
    }
    pendingBreak = false;
    const letter = cls === CharClass.Lower || cls === CharClass.Upper;
    const prevLetter = prev === CharClass.Lower || prev === CharClass.Upper;
    let start = !(letter && prevLetter) && prev !== cls;
    if (cls === CharClass.Upper && prev === CharClass.Lower) start = true; // camelCase
    // An upper-case letter followed by a lower-case one ends an acronym run: DBStreams → DB | Streams.
    if (cls === CharClass.Upper && prev === CharClass.Upper && i + 1 < to && classOf(line.charCodeAt(i + 1)) === CharClass.Lower) start = true;
    codes[n] = cls === CharClass.Upper ? code + 32 : cls === CharClass.Lower && code > 127 ? line[i].toLowerCase().charCodeAt(0) : code;
    offsets[n] = i;
    starts[n++] = start ? 1 : 0;
    prev = cls;
  }
  return { codes, offsets, starts, length: n };
}

function squashedOf(pieces: Pieces): string {
  if (pieces.squashed === undefined) {
    // In slices: spreading the codes of a long text (a 2 MB note) into one call overflows the stack.
    let text = '';
    for (let i = 0; i < pieces.length; i += 8192) {
      text += String.fromCharCode.apply(null, pieces.codes.subarray(i, Math.min(pieces.length, i + 8192)) as unknown as number[]);
    }
    pieces.squashed = text;
  }
  return pieces.squashed;
}

function isHangulCode(code: number): boolean {
  return code >= 0xac00 && code <= 0xd7a3;
}

/** True when the name at [start, end) of the line lies inside one of the phrases (squashed) that make it something else. */
function isExcepted(phrases: string[], pieces: Pieces, start: number, end: number): boolean {
  const squashed = squashedOf(pieces);
  for (const phrase of phrases) {
    for (let at = squashed.indexOf(phrase); at >= 0; at = squashed.indexOf(phrase, at + 1)) {
      const from = pieces.offsets[at];
      const to = pieces.offsets[at + phrase.length - 1] + 1;
      if (from < end && start < to) return true;
    }
  }
  return false;
}

/**
 * False for the brackets and comparisons that share the redirection characters: `<a@b.c>` and
 * `<VERSION>` (a placeholder or address: no space inside), a comment, `(( n < 3 ))` and `[[ ]]`.
 */
function isRedirection(line: string, start: number, end: number): boolean {
  if (/^\s*#/.test(line)) return false;
  const before = textBefore(line, start);
  const after = line.slice(end, end + NEARBY);
  if (line[start] === '<' && /^[^\s<>]+>/.test(after)) return false;
  if (line[end - 1] === '>' && /<[^\s<>]+$/.test(before)) return false;
  if (/\(\([^)]*$/.test(before) || /\[\[[^\]]*$/.test(before)) return false;
  return true;
}

export class TermMatcher {
  private readonly root: TrieNode = { next: new Map() };
  /** Shell operators (`>`, `2>&1`) that stand for an entry, recognised in shell languages only. */
  private readonly operators = new Map<string, string>();
  private longest = 0;
  private count = 0;
  private lastContext = '';
  private lastSquashedContext = '';

  constructor(terms: Iterable<TermDefinition> = []) {
    for (const term of terms) this.add(term);
  }

  get size(): number {
    return this.count;
  }

  add(term: TermDefinition): void {
    const pieces = cut(term.text);
    const key = Array.from(pieces.codes.subarray(0, pieces.length)).filter((c) => c !== HARD_BREAK);
    if (key.length === 0) return;
    let node = this.root;
    for (const code of key) {
      let child = node.next.get(code);
      if (!child) {
        child = { next: new Map() };
        node.next.set(code, child);
      }
      node = child;
    }
    (node.terms ??= []).push({ ...term, context: term.context.map(squash).filter(Boolean), except: term.except?.map(squash).filter(Boolean), oneWord: !/\s/.test(term.text.trim()) });
    this.longest = Math.max(this.longest, key.length);
    this.count++;
  }

  addOperator(entryId: string, operator: string): void {
    this.operators.set(operator, entryId);
  }

  /** The technology covering `character` in `line`, longest name first, or undefined. */
  termAt(line: string, character: number, options: MatchOptions = {}): TermMatch | undefined {
    if (this.operators.size > 0 && options.languageId && SHELL_LANGUAGES.has(options.languageId)) {
      const operator = this.operatorAt(line, character);
      if (operator) return operator;
    }
    // Very long lines (minified files) are cut to a window around the cursor, snapped to whitespace.
    let from = 0;
    let to = line.length;
    if (line.length > 4000) {
      from = Math.max(0, line.lastIndexOf(' ', Math.max(0, character - 256)) + 1);
      const space = line.indexOf(' ', character + 256);
      to = space < 0 ? line.length : space;
    }
    const pieces = cut(line, from, to);
    const { offsets, starts, length } = pieces;
    let best: TermMatch | undefined;
    // Only pieces that start at most `longest` squashed characters before the cursor can reach it.
    let first = 0;
    while (first < length && offsets[first] < character - this.longest * 4) first++;
    for (let i = first; i < length && offsets[i] <= character; i++) {
      if (!starts[i]) continue;
      const match = this.longestAt(line, pieces, i, options, character);
      if (match && match.end > character && (!best || match.end - match.start > best.end - best.start)) best = match;
    }
    return best;
  }

  /** The run of operator characters around the cursor, if it is exactly a known operator. */
  private operatorAt(line: string, character: number): TermMatch | undefined {
    const isOperatorChar = (c: string | undefined) => c !== undefined && /[0-9&<>|]/.test(c);
    if (!/[&<>|]/.test(line[character] ?? '')) return undefined;
    let start = character;
    let end = character;
    while (start > 0 && isOperatorChar(line[start - 1])) start--;
    while (end < line.length && isOperatorChar(line[end])) end++;
    const text = line.slice(start, end);
    const entryId = this.operators.get(text);
    if (!entryId || !isRedirection(line, start, end)) return undefined;
    return { entryId, start, end, text };
  }

  /**
   * The entries a document names for sure: found on a line that confirms them (its context
   * words, a declaration line such as an import, the file's path) or under a name that needs no
   * confirming. Passed back as `confirmed`, they confirm the document's other, bare mentions.
   * For code only: in prose every line stands on its own.
   */
  confirmedIn(text: string, options: MatchOptions & { path?: string } = {}): Set<string> {
    const confirmed = new Set<string>();
    // Minified or data lines say little about what the code uses, and cost the most to cut.
    const lines = text.split('\n').filter((line) => line.length <= 1000);
    const declarations = lines.filter((line) => DECLARATION_LINE.test(line));
    // What the file imports and is called is context for every line of it: a file that imports
    // kafka talks about Kafka topics even where the line does not say kafka.
    const context = [options.path ?? '', ...declarations].join('\n');
    const declared: MatchOptions = { ...options, context, confirmed: DECLARED };
    const plain: MatchOptions = { ...options, context };
    if (options.path) for (const match of this.findAll(options.path, plain)) confirmed.add(match.entryId);
    for (const line of lines) {
      for (const match of this.findAll(line, DECLARATION_LINE.test(line) ? declared : plain)) confirmed.add(match.entryId);
    }
    return confirmed;
  }

  /** Every technology mention in `text`, left to right, without overlaps. */
  findAll(text: string, options: MatchOptions = {}): TermMatch[] {
    const pieces = cut(text);
    const found: TermMatch[] = [];
    for (let i = 0; i < pieces.length; i++) {
      if (!pieces.starts[i]) continue;
      const match = this.longestAt(text, pieces, i, options, -1);
      if (match) {
        found.push(match);
        while (i + 1 < pieces.length && pieces.offsets[i + 1] < match.end) i++;
      }
    }
    return found;
  }

  /** Walks the trie from piece `i`; returns the longest confirmed name (covering `mustCover` if ≥ 0). */
  private longestAt(line: string, pieces: Pieces, i: number, options: MatchOptions, mustCover: number): TermMatch | undefined {
    const { codes, offsets, starts, length } = pieces;
    let node: TrieNode | undefined = this.root;
    let best: TermMatch | undefined;
    for (let j = i; j < length; j++) {
      node = node.next.get(codes[j]);
      if (!node) break;
      if (!node.terms) continue;
      const end = j + 1;
      const endsOnBoundary =
        end === length || starts[end] === 1 || codes[end] === HARD_BREAK ||
        // Korean particles attach to the word before them: 카프카를, 카프카의
        (isHangulCode(codes[j]) && isHangulCode(codes[end]));
      if (!endsOnBoundary) continue;
      const startOffset = offsets[i];
      const endOffset = offsets[j] + 1;
      if (mustCover >= 0 && endOffset <= mustCover) continue;
      for (const term of node.terms) {
        // `IAM` is one word: `I am` is two. A name of one word matches only within one word of the text.
        if (term.oneWord && /\s/.test(line.slice(startOffset, endOffset))) continue;
        if (term.except?.length && isExcepted(term.except, pieces, startOffset, endOffset)) continue;
        if (term.ambiguous && !this.isConfirmed(term, line, pieces, startOffset, endOffset, options)) continue;
        best = { entryId: term.entryId, start: startOffset, end: endOffset, text: line.slice(startOffset, endOffset) };
        break;
      }
    }
    return best;
  }

  /** The context, squashed once for the many lines of one section that share it. */
  private squashedContext(context: string): string {
    if (context !== this.lastContext) {
      this.lastContext = context;
      this.lastSquashedContext = squash(context);
    }
    return this.lastSquashedContext;
  }

  /**
   * An ambiguous name counts when something says it is the technology: the document names it
   * for sure (`confirmed`), one of its context words on the line, a shell command position, a
   * Korean particle right after a Latin name (`find는`), or, in prose, the name written with its
   * own capitals (`Go`).
   */
  private isConfirmed(term: TermDefinition, line: string, pieces: Pieces, start: number, end: number, options: MatchOptions): boolean {
    if (options.everyName || options.confirmed?.has(term.entryId)) return true;
    if (options.confirmed === DECLARED && (start === 0 || MODULE_START.test(line[start - 1])) && !/[\p{L}\p{N}]/u.test(line[end] ?? '')) return true;
    const written = line.slice(start, end);
    // A Latin name with a Korean particle on it (`find는`) is being talked about as a name. A
    // Korean name needs evidence like any other: 람다 is as often Java's lambda as AWS Lambda.
    if (isHangulCode(line.charCodeAt(end)) && !isHangulCode(line.charCodeAt(start))) return true;
    if (term.context.length > 0) {
      // The same for every place of one text the term is found at: decided once per text.
      let inContext = pieces.inContext?.get(term);
      if (inContext === undefined) {
        const squashed = squashedOf(pieces);
        const extra = options.context ? this.squashedContext(options.context) : '';
        inContext = term.context.some((word) => squashed.includes(word) || (extra !== '' && extra.includes(word)));
        (pieces.inContext ??= new Map()).set(term, inContext);
      }
      if (inContext) return true;
    }
    if (term.command && /^[a-z]+$/.test(written)) {
      const before = textBefore(line, start);
      const shell = options.languageId !== undefined && SHELL_LANGUAGES.has(options.languageId);
      if ((shell ? COMMAND_PREFIX : PROMPT_PREFIX).test(before) && COMMAND_ARGUMENT.test(line.slice(end, end + NEARBY))) return true;
    }
    const prose = options.languageId === undefined || PROSE_LANGUAGES.has(options.languageId);
    // Only a word of its own: `GraphStorm`, `ByteByteGo` and `Text2Topic` are other names.
    const wholeWord = !LATIN_OR_DIGIT.test(line[start - 1] ?? '') && !LATIN_OR_DIGIT.test(line[end] ?? '');
    if (prose && !term.strict && wholeWord && written === term.text && /[A-Z]/.test(written) && !SENTENCE_START.test(textBefore(line, start))) return true;
    return false;
  }
}
