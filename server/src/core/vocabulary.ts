/**
 * What the knowledge base knows names for: glossary entries and companies. One place answers
 * "what is this name?" (`classify`), and the term matcher is rebuilt from it only when asked
 * (`rebuild`), so changing a glossary file never re-reads anything in the middle of a query.
 */
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { Company, GlossaryEntry } from './model';
import { ParseContext } from './noteParser';
import { TermMatcher } from './termMatcher';
import { squash } from './text';

/** What a name stands for: a glossary entry or a company. */
export type NameMeaning = { kind: 'entry'; entry: GlossaryEntry } | { kind: 'company'; company: Company };

export class Vocabulary {
  private readonly entries = new Map<string, GlossaryEntry>();
  private readonly entryUris = new Map<string, string>();
  private readonly companies = new Map<string, Company>();
  private readonly companyByName = new Map<string, Company>();
  /** Squashed glossary id / name / alias → entry id; rebuilt with the matcher. */
  private entryNames = new Map<string, string>();
  private stale = false;
  private currentMatcher = new TermMatcher();
  /** Bumped by every rebuild: notes parsed elsewhere carry the generation they saw. */
  private currentGeneration = 0;
  /** The raw companies and glossary files, so a parser in another thread can rebuild the same names. */
  private readonly companySources: string[] = [];
  private readonly glossarySources = new Map<string, string>();

  /** What the note parser asks about names; its matcher is replaced on each rebuild. */
  readonly parseContext: ParseContext = {
    matcher: this.currentMatcher,
    categoryOf: (id) => this.entries.get(id)?.category,
    nameOf: (id) => this.entries.get(id)?.name,
    isGeneric: (id) => this.entries.get(id)?.generic ?? false,
    companyNamed: (title) => this.companyByName.get(squash(title)),
  };

  /** Companies recognised in headings, from YAML: a list of `{ id, name, aliases }`. */
  loadCompanies(yamlText: string): void {
    const list: unknown = loadYaml(yamlText, { schema: CORE_SCHEMA });
    if (!Array.isArray(list)) throw new Error('companies file must be a YAML list');
    this.companySources.push(yamlText);
    for (const item of list) {
      if (!item || typeof item.id !== 'string' || typeof item.name !== 'string') continue;
      const company: Company = { id: item.id, name: item.name, aliases: Array.isArray(item.aliases) ? item.aliases.map(String) : [] };
      this.companies.set(company.id, company);
      for (const alias of [company.name, ...company.aliases]) this.companyByName.set(squash(alias), company);
    }
  }

  /** The file that defines entry `id` already, if another one does. */
  definedElsewhere(id: string, uri: string): string | undefined {
    const owner = this.entryUris.get(id);
    return owner !== undefined && owner !== uri ? owner : undefined;
  }

  /** Adds or replaces the entry glossary file `uri` defines, `text` being that file. */
  setEntry(uri: string, entry: GlossaryEntry, text: string): void {
    this.entries.set(entry.id, entry);
    this.entryUris.set(entry.id, uri);
    this.glossarySources.set(uri, text);
    this.stale = true;
  }

  /** True when `text` is what glossary file `uri` held when it was last set. */
  holds(uri: string, text: string): boolean {
    return this.glossarySources.get(uri) === text;
  }

  /** Forgets what glossary file `uri` defined; returns the ids of the entries removed. */
  removeFile(uri: string): string[] {
    this.glossarySources.delete(uri);
    const removed: string[] = [];
    for (const [id, entryUri] of this.entryUris) {
      if (entryUri !== uri) continue;
      this.entries.delete(id);
      this.entryUris.delete(id);
      removed.push(id);
    }
    if (removed.length) this.stale = true;
    return removed;
  }

  /** What the last `rebuild` was made of: see `namesSignature`. */
  private builtSignature = '';

  /** True when entries changed since the last `rebuild`. */
  get needsRebuild(): boolean {
    return this.stale;
  }

  /** Rebuilds the matcher and the name table from the entries; false when nothing had changed. */
  rebuild(): boolean {
    if (!this.stale) return false;
    this.stale = false;
    // Only what names and the parser read counts: a summary or a source edited in a glossary note
    // (every pause in typing one) leaves every note as it was read, and re-reading 10k notes takes seconds.
    const signature = namesSignature(this.entries.values());
    if (signature === this.builtSignature) return false;
    this.builtSignature = signature;
    const matcher = new TermMatcher();
    const names = new Map<string, string>();
    for (const entry of this.entries.values()) {
      for (const name of [entry.id, entry.name, ...entry.aliases]) if (!names.has(squash(name))) names.set(squash(name), entry.id);
      for (const text of [entry.name, ...entry.aliases]) {
        matcher.add({ entryId: entry.id, text, ambiguous: entry.ambiguous, context: entry.context, command: entry.command, except: entry.except, strict: entry.strict });
      }
      for (const operator of entry.operators) matcher.addOperator(entry.id, operator);
    }
    this.entryNames = names;
    this.currentMatcher = matcher;
    this.parseContext.matcher = matcher;
    this.currentGeneration++;
    return true;
  }

  get matcher(): TermMatcher {
    return this.currentMatcher;
  }

  get generation(): number {
    return this.currentGeneration;
  }

  /**
   * What a whole name (not a word inside a line: see `matcher`) stands for: a glossary entry by
   * id, name or alias in any language, else a company by name or alias. As of the last `rebuild`
   * for entries.
   */
  classify(name: string): NameMeaning | undefined {
    const key = squash(name);
    if (!key) return undefined;
    const entryId = this.entryNames.get(key);
    const entry = entryId === undefined ? undefined : this.entries.get(entryId);
    if (entry) return { kind: 'entry', entry };
    const company = this.companyByName.get(key);
    return company && { kind: 'company', company };
  }

  entry(id: string): GlossaryEntry | undefined {
    return this.entries.get(id);
  }

  allEntries(): GlossaryEntry[] {
    return [...this.entries.values()];
  }

  get entryCount(): number {
    return this.entries.size;
  }

  /** The raw files a parser in another thread loads to see the same names. */
  sources(): { companies: string[]; glossary: { uri: string; text: string }[] } {
    return { companies: [...this.companySources], glossary: [...this.glossarySources].map(([uri, text]) => ({ uri, text })) };
  }
}

/** The fields of the entries that the term matcher, the name table and the note parser read, in one string. */
function namesSignature(entries: Iterable<GlossaryEntry>): string {
  return JSON.stringify([...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((e) => [
    e.id, e.name, e.aliases, e.category, e.ambiguous, e.generic, e.context, e.command, e.operators, e.except, e.strict,
  ]));
}
