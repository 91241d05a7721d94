/**
 * The knowledge core's front door: glossary entries and notes go in, graph queries,
 * search, term recognition and entity details come out. Pure: no file system, no
 * editor; callers hand it text, so tests and the benchmark drive it directly.
 */
import { KnowledgeGraph } from './graph';
import { isGlossaryFrontmatter, parseGlossaryEntry } from './glossary';
import { splitFrontmatter } from './frontmatter';
import { companyNodeId, entryIdOf, GlossaryEntry, GraphEdge, GraphNode, NoteDiagnostic, SourceRange, technologyNodeId } from './model';
import { Heading, NAME_KEYS, NoteContribution, WikiLink, outlineNote, parseNote } from './noteParser';
import { SearchDetails, SearchIndex, SearchOptions, SearchResult } from './search';
import { PackedNote, unpackNoteInfo } from './storage/packedNote';
import { MatchOptions, PROSE_LANGUAGES, TermMatch } from './termMatcher';
import { NameMeaning, Vocabulary } from './vocabulary';
import { detached, squash } from './text';
import { allSteps, Steps } from './steps';




/** How a write done in steps ended: see `KnowledgeBase.indexParsedInSteps`. */
export type SteppedIndexing = { diagnostics: NoteDiagnostic[] } | { superseded: true } | { stale: true };

/** Search documents removed or added in one step of a note's indexing (about 5 ms of work). */
const SEARCH_STEP = 400;

export interface TermHit {
  match: TermMatch;
  entry: GlossaryEntry;
}


/** What the knowledge base keeps of an indexed note besides its graph rows and diagnostics. */
interface IndexedNote {
  title: string;
  aliases: string[];
  tags: string[];
  headings: Heading[];
  wikiLinks: WikiLink[];
}

/** The one empty list every note without aliases, tags, headings or links shares; never modified. */
const NONE = Object.freeze([]) as never[];

export interface KnowledgeBaseOptions {
  /** Reads a note's current text (from its editor or its file); when given, note texts are not kept in memory. */
  readNote?: (uri: string) => string | undefined;
}

export class KnowledgeBase {
  readonly graph = new KnowledgeGraph();
  private readonly searchIndex = new SearchIndex((id, withText) => this.searchDetails(id, withText));
  /** Glossary entries and companies: what names mean. */
  readonly vocabulary = new Vocabulary();
  private readonly notes = new Map<string, IndexedNote>();
  /**
   * Squashed note title / alias / file name → the note, or the notes when several share it (a
   * company's name can title thousands), so `[[links]]` resolve without scanning every note.
   */
  private readonly noteNames = new Map<string, string | Set<string>>();
  /**
   * Note texts, kept so a changed glossary can re-read the notes with the new names; not kept
   * when the owner can read them again (`readNote`): a large workspace's texts are the largest thing it has.
   */
  private readonly noteTexts = new Map<string, string>();
  /** Notes read with names that have changed since: see `rebuildNames`. */
  private readonly readAgain = new Set<string>();
  /** Notes indexed by name only so far (`setNoteNames`); a glossary change need not re-read them, their full parse is coming. */
  private readonly namesOnly = new Set<string>();
  /** A compaction of the graph or the search index under way: see `settle`. */
  private compaction: Steps<boolean> | undefined;
  /** The latest write begun of each note being written: see `claim`. */
  private readonly writes = new Map<string, number>();
  private lastWrite = 0;
  /** Only files that have diagnostics. */
  private readonly diagnosticsByUri = new Map<string, NoteDiagnostic[]>();
  private get parseContext() {
    return this.vocabulary.parseContext;
  }

  constructor(private readonly options: KnowledgeBaseOptions = {}) {}

  /** What a search result shows of node `id`: read from the graph, so the search index keeps no copy. */
  private searchDetails(id: string, withText: boolean): SearchDetails | undefined {
    const node = withText ? this.graph.node(id) : this.graph.nodeWithoutBody(id);
    if (!node) return undefined;
    const entryId = entryIdOf(id);
    const entry = entryId === undefined ? undefined : this.vocabulary.entry(entryId);
    if (entry) return { title: entry.name, description: entryDescription(entry), body: entry.summary, location: entry.location };
    // A stage's text is its description; its words are indexed in its section's body.
    if (node.kind === 'stage') return { title: node.title, container: node.container, description: node.body, location: node.location };
    return { title: node.title, container: node.container, body: node.body, location: node.location };
  }

  /** Companies recognised in headings, from YAML: a list of `{ id, name, aliases }`. */
  loadCompanies(yamlText: string): void {
    this.vocabulary.loadCompanies(yamlText);
  }

  /** Adds or replaces a glossary entry. Returns the file's diagnostics. */
  setGlossaryEntry(uri: string, text: string): NoteDiagnostic[] {
    // Unchanged (the names pass took it already): setting it again would re-read every note.
    if (this.vocabulary.holds(uri, text)) return this.diagnosticsByUri.get(uri) ?? [];
    const { entry, diagnostics } = parseGlossaryEntry(uri, text);
    this.removeGlossaryFile(uri);
    this.diagnosticsByUri.set(uri, diagnostics);
    if (!entry) return diagnostics;
    const clash = this.vocabulary.definedElsewhere(entry.id, uri);
    if (clash) {
      diagnostics.push({ uri, line: 0, severity: 'warning', message: `Entry id "${entry.id}" is also defined in ${clash}; this definition replaces it.` });
    }
    this.vocabulary.setEntry(uri, entry, text);
    const node: GraphNode = {
      id: technologyNodeId(entry.id), kind: entry.category === 'concept' ? 'concept' : 'technology', title: entry.name,
      description: entry.category, body: entry.summary, location: entry.location, ...(entry.sources.length ? { sources: entry.sources } : {}),
    };
    const edges: GraphEdge[] = entry.related.map((r) => ({ from: node.id, to: technologyNodeId(r.to), kind: 'related', label: r.type }));
    this.graph.set({ uri, nodes: [node], edges });
    this.searchIndex.add({ id: node.id, kind: node.kind, title: entry.name, aliases: entry.aliases, body: entry.summary });
    return diagnostics;
  }

  /**
   * Adds or replaces a note. A note whose frontmatter declares a glossary entry
   * (`name` + `category`) becomes one. Never throws; problems come back as diagnostics.
   */
  setNote(uri: string, text: string): NoteDiagnostic[] {
    const { frontmatter } = splitFrontmatter(text.slice(0, 20000));
    if (frontmatter && !frontmatter.error && isGlossaryFrontmatter(frontmatter.data)) {
      if (this.vocabulary.holds(uri, text)) return this.diagnosticsByUri.get(uri) ?? [];
      this.removeNote(uri);
      return this.setGlossaryEntry(uri, text);
    }
    this.removeGlossaryFile(uri);
    this.rebuildNames();
    this.keepText(uri, text);
    return this.indexNote(uri, text);
  }

  private keepText(uri: string, text: string): void {
    if (!this.options.readNote) this.noteTexts.set(uri, text);
  }

  /**
   * Indexes only a note's names (headings, frontmatter title and aliases; see `outlineNote`),
   * so a large workspace is searchable by name long before every body is parsed. `setNote` or
   * `setParsedNote` replaces them. A glossary note is indexed whole, at once: it adds names that
   * the parses to come must know.
   */
  setNoteNames(uri: string, text: string): void {
    const { frontmatter } = splitFrontmatter(text.slice(0, 20000), NAME_KEYS);
    if (frontmatter && !frontmatter.error && isGlossaryFrontmatter(frontmatter.data)) {
      this.setNote(uri, text);
      return;
    }
    this.removeGlossaryFile(uri);
    // The text is not kept: the full parse that follows keeps it (held from here as well, every
    // text would be copied once more by the garbage collector).
    this.indexNote(uri, text, this.outline(uri, text));
    this.namesOnly.add(uri);
  }

  private outline(uri: string, text: string): NoteContribution {
    this.rebuildNames();
    return outlineNote(uri, text, this.parseContext);
  }

  /**
   * What is worth doing once indexing pauses, until `deadline` (a `performance.now()` time); true
   * when it is all done. Deflates the bodies of the notes indexed since the last call (see
   * `KnowledgeGraph.settle`), then packs the search index's lists tight.
   */
  settle(deadline?: number): boolean {
    // Compactions wait until indexing pauses, and go a few ms at a time until `deadline`: each
    // rebuilds a whole structure (hundreds of ms at 10k notes in one go).
    this.compaction ??= this.graph.worthCompacting ? this.graph.compactInSteps() : this.searchIndex.worthCompacting ? this.searchIndex.compactInSteps() : undefined;
    while (this.compaction) {
      // Done, or stopped by a write (it starts again at the next settle if still worth it).
      if (this.compaction.next().done) {
        this.compaction = undefined;
        return false;
      }
      if (deadline !== undefined && performance.now() >= deadline) return false;
    }
    if (!this.graph.settle(deadline)) return false;
    this.searchIndex.settle();
    return true;
  }

  /** Forgets what answering requests built and kept for the next ones (edge lists, nodes, inflated bodies); for an idle server. */
  dropCaches(): void {
    this.graph.dropCaches();
  }

  /** Changes whenever anything an answer is made of changes: what is derived from the knowledge base may be kept until then. */
  get version(): number {
    return this.graph.generation;
  }

  /** What a parser in another thread needs to see the same names: see `parse` and `setParsedNote`. */
  snapshot(): { generation: number; companies: string[]; glossary: { uri: string; text: string }[] } {
    this.rebuildNames();
    return { generation: this.vocabulary.generation, ...this.vocabulary.sources() };
  }

  /**
   * Parses a note without indexing it; the result goes to `setParsedNote` (possibly of another
   * instance). `fullLength`: the note's length when `text` is only the start of it that is indexed.
   */
  parse(uri: string, text: string, fullLength?: number): { note: NoteContribution; generation: number } {
    this.rebuildNames();
    return { note: parseNote(uri, text, this.parseContext, fullLength), generation: this.vocabulary.generation };
  }

  /**
   * Indexes a note parsed elsewhere (a worker thread, or the index cache). If the glossary
   * changed since that parse, the note is read again (`readNote`) and parsed here so that it
   * sees the current names; if it cannot be read, the older parse is kept.
   */
  setParsedNote(uri: string, note: NoteContribution | PackedNote, generation: number): NoteDiagnostic[] {
    this.removeGlossaryFile(uri);
    this.rebuildNames();
    const text = generation === this.vocabulary.generation ? undefined : this.options.readNote?.(uri);
    if (text !== undefined) this.keepText(uri, text);
    return this.indexNote(uri, text ?? '', text === undefined ? note : undefined);
  }

  /** Indexes a note at once (parsing it here unless `parsed` is given): a write of its own, see `claim`. */
  private indexNote(uri: string, text: string, parsed?: NoteContribution | PackedNote): NoteDiagnostic[] {
    const claim = this.claim(uri);
    const diagnostics = allSteps(this.indexSteps(uri, text, parsed));
    this.release(uri, claim);
    return diagnostics;
  }

  /**
   * Reserves the next write of note `uri` and returns its number. Every write (`setNote`,
   * `removeNote`, a glossary change re-reading the note...) claims the note when it begins, so a
   * write done in steps (`indexParsedInSteps`) stops as soon as a later one has begun.
   */
  claim(uri: string): number {
    this.writes.set(uri, ++this.lastWrite);
    return this.lastWrite;
  }

  /** True while `claim` is the latest write of note `uri` begun. */
  holds(uri: string, claim: number): boolean {
    return this.writes.get(uri) === claim;
  }

  private release(uri: string, claim: number): void {
    if (this.writes.get(uri) === claim) this.writes.delete(uri);
  }

  /**
   * Indexes a note parsed elsewhere (see `setParsedNote`) a step at a time: a big note's nodes go
   * into the search index a few hundred at a time, and the caller answers requests between steps.
   * Until it ends, queries see the note partly indexed, never a mix of two versions of it. Ends
   * early, having changed nothing more, when a later write of the note began (`superseded`) or the
   * glossary changed since the parse (`stale`: parse it again with the new names).
   */
  *indexParsedInSteps(uri: string, note: NoteContribution | PackedNote, generation: number, claim: number, options: { namesOnly?: boolean } = {}): Steps<SteppedIndexing> {
    const interrupted = (): SteppedIndexing | undefined => {
      if (!this.holds(uri, claim)) return { superseded: true };
      if (!options.namesOnly && generation !== this.vocabulary.generation) return { stale: true };
      return undefined;
    };
    this.rebuildNames();
    const before = interrupted();
    if (before) return before;
    this.removeGlossaryFile(uri);
    const steps = this.indexSteps(uri, '', note);
    for (;;) {
      const step = steps.next();
      if (step.done) {
        if (options.namesOnly) this.namesOnly.add(uri);
        this.release(uri, claim);
        return { diagnostics: step.value };
      }
      yield;
      const stop = interrupted();
      if (stop) return stop;
    }
  }

  /**
   * The work of indexing one note, cut into steps: the search documents of its previous version
   * go, then the graph takes the new version, then its search documents come, `SEARCH_STEP` at a
   * time. Stopped between any two steps, it leaves nothing that the next write of the note does
   * not replace: that write removes the search documents of whatever nodes the graph holds then.
   */
  private *indexSteps(uri: string, text: string, parsed?: NoteContribution | PackedNote): Steps<NoteDiagnostic[]> {
    this.namesOnly.delete(uri);
    this.readAgain.delete(uri);
    const old = this.notes.get(uri);
    if (old) {
      const ids = this.graph.nodeIdsOf(uri);
      for (let i = 0; i < ids.length; i++) {
        this.searchIndex.remove(ids[i]);
        if (i % SEARCH_STEP === SEARCH_STEP - 1) yield;
      }
    }
    const packed = parsed && 'nodeFields' in parsed ? parsed : undefined;
    const note = packed ? unpackNoteInfo(packed) : ((parsed as NoteContribution | undefined) ?? parseNote(uri, text, this.parseContext));
    if (old) {
      this.forgetNoteNames(uri, old);
      // The old version's rows go in a step of their own (a big note's are thousands): until the
      // new ones come, the note has no nodes; its headings are still the old ones.
      if (this.graph.remove(uri)) yield;
    }
    if (packed) this.graph.setPacked(packed);
    else this.graph.set(note);
    // A big note's record (its headings, thousands) in a step of its own.
    if (note.headings.length > SEARCH_STEP) yield;
    // The graph keeps nodes and edges, as numbers; `note(uri)` gets them back from it. What is kept
    // here shares the graph's strings, or is detached from the note's text (see `detached`).
    const aliases = note.aliases.map(detached);
    // Empty lists are one shared array: most notes have no aliases, tags or links.
    const kept = (list: string[]) => (list.length ? list : NONE);
    const record: IndexedNote = {
      title: detached(note.title), aliases: kept(aliases), tags: kept(note.tags.map(detached)),
      headings: note.headings.length ? note.headings.map((h) => ({ ...h, title: this.graph.sharedText(h.title), nodeId: this.graph.sharedId(h.nodeId) })) : NONE,
      wikiLinks: note.wikiLinks.length ? note.wikiLinks.map((l) => ({ ...l, target: detached(l.target) })) : NONE,
    };
    this.notes.set(uri, record);
    for (const key of noteKeys(uri, record)) {
      const uris = this.noteNames.get(key);
      if (uris === undefined) this.noteNames.set(key, uri);
      else if (typeof uris === 'string') this.noteNames.set(key, new Set([uris, uri]));
      else uris.add(uri);
    }
    if (note.diagnostics.length) this.diagnosticsByUri.set(uri, note.diagnostics);
    else this.diagnosticsByUri.delete(uri);
    yield;
    // The file name finds the note too (`MySQL_UniqueIndex_Index.md` when its heading is Korean).
    const file = fileNameOf(uri);
    const searchAliases = squash(file) === squash(record.title) || aliases.some((a) => squash(a) === squash(file)) ? aliases : [...aliases, file];
    const ids = this.graph.nodeIdsOf(uri);
    for (let i = 0; i < ids.length; i++) {
      // Shared nodes (a company in two notes) keep the first file's version in search.
      const current = this.graph.node(ids[i])!;
      // A stage's text is part of its section's body: its words are indexed there, once.
      const stage = current.kind === 'stage';
      this.searchIndex.add({ id: current.id, kind: current.kind, title: current.title, aliases: i === 0 ? searchAliases : [], body: stage ? undefined : current.body });
      if (i % SEARCH_STEP === SEARCH_STEP - 1 && i < ids.length - 1) yield;
    }
    return note.diagnostics;
  }

  /** Forgets a note or glossary file. */
  removeNote(uri: string): void {
    this.release(uri, this.claim(uri));
    this.readAgain.delete(uri);
    const old = this.notes.get(uri);
    this.namesOnly.delete(uri);
    if (old) {
      this.forgetNoteNames(uri, old);
      this.notes.delete(uri);
      this.noteTexts.delete(uri);
      const ids = this.graph.nodeIdsOf(uri);
      this.graph.remove(uri);
      for (const id of ids) {
        const survivor = this.graph.node(id);
        if (survivor) this.searchIndex.add({ id: survivor.id, kind: survivor.kind, title: survivor.title, aliases: [], body: survivor.kind === 'stage' ? undefined : survivor.body });
        else this.searchIndex.remove(id);
      }
    }
    this.removeGlossaryFile(uri);
    this.diagnosticsByUri.delete(uri);
  }

  private forgetNoteNames(uri: string, note: IndexedNote): void {
    for (const key of noteKeys(uri, note)) {
      const uris = this.noteNames.get(key);
      if (uris === uri) this.noteNames.delete(key);
      else if (typeof uris === 'object') {
        uris.delete(uri);
        if (uris.size === 1) this.noteNames.set(key, uris.values().next().value!);
      }
    }
  }

  private removeGlossaryFile(uri: string): void {
    const removed = this.vocabulary.removeFile(uri);
    if (removed.length) this.graph.remove(uri);
    for (const id of removed) this.searchIndex.remove(technologyNodeId(id));
  }

  /** True when a glossary entry changed since the names were last rebuilt (see `refreshMatcher`). */
  get needsRefresh(): boolean {
    return this.vocabulary.needsRebuild || this.readAgain.size > 0;
  }

  /**
   * Rebuilds the names once a glossary entry changed what they are (not at every query): the notes
   * read with the old names are then due to be read again, by `refreshMatcher` at once or by the
   * server a few at a time (`takeNotesToReadAgain`). True when the names changed.
   */
  private rebuildNames(): boolean {
    if (!this.vocabulary.rebuild()) return false;
    for (const uri of this.options.readNote ? this.notes.keys() : this.noteTexts.keys()) if (!this.namesOnly.has(uri)) this.readAgain.add(uri);
    return true;
  }

  /**
   * The notes due to be read again with the current names (the names are rebuilt first if a
   * glossary entry changed), handed over to a caller that reads them a few at a time: at 10k notes,
   * reading them all at once holds the thread for seconds.
   */
  takeNotesToReadAgain(): string[] {
    this.rebuildNames();
    const uris = [...this.readAgain];
    this.readAgain.clear();
    return uris;
  }

  /**
   * Rebuilds the term matcher after glossary changes, and re-reads notes that may name new terms.
   * Called by whoever changed the glossary once its changes are in (a batch of glossary files
   * re-reads the notes once), and before a note is indexed; queries never call it, so a hover
   * never re-reads the workspace. Until then queries see the names as they were. True when the
   * names changed and the notes were read again (a summary edited changes no name).
   */
  refreshMatcher(): boolean {
    const rebuilt = this.rebuildNames();
    const uris = this.takeNotesToReadAgain();
    for (const uri of uris) {
      const text = this.options.readNote ? this.options.readNote(uri) : this.noteTexts.get(uri);
      if (text !== undefined) this.indexNote(uri, text);
    }
    return rebuilt || uris.length > 0;
  }

  get entryCount(): number {
    return this.vocabulary.entryCount;
  }

  get noteCount(): number {
    return this.notes.size;
  }

  glossaryEntry(id: string): GlossaryEntry | undefined {
    return this.vocabulary.entry(entryIdOf(id) ?? id);
  }

  allEntries(): GlossaryEntry[] {
    return this.vocabulary.allEntries();
  }

  diagnostics(uri: string): NoteDiagnostic[] {
    return this.diagnosticsByUri.get(uri) ?? [];
  }

  /** The technology under `character` in `line`, if any. */
  termAt(line: string, character: number, options?: MatchOptions): TermHit | undefined {
    const match = this.vocabulary.matcher.termAt(line, character, options);
    const entry = match && this.vocabulary.entry(match.entryId);
    return match && entry ? { match, entry } : undefined;
  }

  /**
   * The entries a code file names for sure, which confirm its bare mentions of them (see
   * `TermMatcher.confirmedIn`); pass them to `termAt` as `confirmed`. Empty for prose: a note's
   * lines are read one by one, with the headings above them.
   */
  confirmedIn(text: string, options: { languageId?: string; path?: string }): ReadonlySet<string> {
    // A file VS Code does not know (`x.hql`, `fluent.conf`) is plain text, but code all the same.
    const unknownCode = options.languageId === 'plaintext' && /\.\w+$/.test(options.path ?? '') && !/\.txt$/i.test(options.path ?? '');
    if (options.languageId === undefined || (PROSE_LANGUAGES.has(options.languageId) && !unknownCode)) return new Set();
    return this.vocabulary.matcher.confirmedIn(text, options);
  }

  /**
   * The technologies a declared name stands for (`apache-airflow`, `confluentinc/cp-kafka`,
   * `aws_kinesis_firehose_delivery_stream`): every name in it counts, concepts and broad ideas do not.
   */
  technologiesNamed(name: string): string[] {
    const ids = new Set<string>();
    for (const match of this.vocabulary.matcher.findAll(name, { everyName: true })) {
      const entry = this.vocabulary.entry(match.entryId);
      if (entry && !NOT_A_STACK_CATEGORY.has(entry.category) && !NOT_A_STACK_ENTRY.has(entry.id) && !entry.generic) ids.add(entry.id);
    }
    return [...ids];
  }

  search(query: string, options?: SearchOptions): SearchResult[] {
    const limit = options?.limit ?? 50;
    let results = this.byUseAmongEqualEntries(this.searchIndex.search(query, options));
    const named = this.vocabulary.classify(query);
    const meant = this.meantEntry(named, results);
    // Not when the query is the start of the name itself (`elast`): the search for it found what the name would.
    if (meant && !squash(meant.name).startsWith(squash(query))) {
      // 카프카, ㅋㅍㅋ or kafak mean Kafka: notes written in English (or titled in Korean) answer to
      // the entry's own name. Both lists are merged by score, the translation a shade lower.
      const shown = new Set(results.map((r) => r.id));
      const translated = this.searchIndex.search(meant.name, options)
        .filter((r) => !shown.has(r.id) && entryIdOf(r.id) === undefined)
        .map((r) => ({ ...r, score: r.score + TRANSLATION_PENALTY }));
      // The entry meant comes first whatever its typo cost it: it is what the query names.
      const meantId = technologyNodeId(meant.id);
      const rank = (r: SearchResult) => (r.id === meantId ? -Infinity : r.score);
      results = [...results, ...translated].sort((a, b) => rank(a) - rank(b)).slice(0, limit);
    }
    results = notesBeforeOtherEntries(results);
    // A technology's name in any language (카프카, ㅋ is not enough: the whole name or alias) also
    // finds the sections that mention it, however the note spells it: a Korean query reaches
    // notes written in English. They come after what the name itself matched.
    if (results.length >= limit || named?.kind !== 'entry') return results;
    const entryId = named.entry.id;
    const kinds = options?.kinds?.length ? new Set(options.kinds) : undefined;
    const shown = new Set(results.map((r) => r.id));
    const name = named.entry.name;
    const worst = results.reduce((w, r) => Math.max(w, r.score), 0);
    // Read as numbers, unsorted: a popular technology's sorted edge lists would cost more than the query.
    for (const mention of this.graph.links('<', technologyNodeId(entryId), 'mentions')) {
      if (results.length >= limit) break;
      if (shown.has(mention.other)) continue;
      shown.add(mention.other);
      const section = this.graph.nodeWithoutBody(mention.other);
      if (!section || (kinds && !kinds.has(section.kind))) continue;
      const place = mention.uri === undefined ? section.location : { uri: mention.uri, startLine: mention.line, endLine: mention.line + 1 };
      results.push({
        id: section.id, kind: section.kind, title: section.title, container: section.container, location: place,
        snippet: options?.snippets === false ? '' : `mentions ${name}`, titleMatches: [], snippetMatches: [], score: worst + 1,
      });
    }
    return results;
  }

  /**
   * Entries that match equally well (ㅇㅇㅍㄹㅇ is the initials of both 에어플로우 and 엠엘플로우) are
   * ordered by how many stages of the notes use them: the one the notes are about comes first.
   */
  private byUseAmongEqualEntries(results: SearchResult[]): SearchResult[] {
    const top = results[0];
    if (!top || entryIdOf(top.id) === undefined) return results;
    let tied = 1;
    while (tied < results.length && results[tied].score === top.score && entryIdOf(results[tied].id) !== undefined) tied++;
    if (tied === 1) return results;
    // Counted once each, without building the edge lists a hover would (Kafka has thousands of users).
    const uses = new Map(results.slice(0, tied).map((r) => [r.id, this.graph.countLinksIn(r.id, 'uses')]));
    return [...results.slice(0, tied).sort((a, b) => uses.get(b.id)! - uses.get(a.id)!), ...results.slice(tied)];
  }

  /**
   * The glossary entry a query names: by a whole name or alias in any language, or as the best
   * result when that is an entry matched almost exactly (a typo, its initials).
   */
  private meantEntry(named: NameMeaning | undefined, results: SearchResult[]): GlossaryEntry | undefined {
    if (named?.kind === 'entry') return named.entry;
    const top = results[0];
    const entryId = top && top.score <= MEANT_ENTRY_SCORE ? entryIdOf(top.id) : undefined;
    return entryId === undefined ? undefined : this.vocabulary.entry(entryId);
  }

  /** A note as parsed (or only outlined, see `setNoteNames`), for the index cache. */
  note(uri: string): NoteContribution | undefined {
    const note = this.notes.get(uri);
    const contribution = this.graph.contribution(uri);
    return note && { uri, ...note, nodes: contribution?.nodes ?? [], edges: contribution?.edges ?? [], diagnostics: this.diagnostics(uri) };
  }

  /** True once a note's full parse is indexed (not only its names, see `setNoteNames`). */
  isFullyIndexed(uri: string): boolean {
    return this.notes.has(uri) && !this.namesOnly.has(uri);
  }

  headings(uri: string): Heading[] {
    return this.notes.get(uri)?.headings ?? [];
  }

  wikiLinks(uri: string): WikiLink[] {
    return this.notes.get(uri)?.wikiLinks ?? [];
  }

  /** What `[[target]]` points at: a glossary entry, a company, or a note by title, alias or file name. */
  resolveName(target: string): GraphNode | undefined {
    const key = squash(target);
    if (!key) return undefined;
    const meaning = this.vocabulary.classify(target);
    if (meaning?.kind === 'entry') return this.graph.node(technologyNodeId(meaning.entry.id));
    const company = meaning?.kind === 'company' ? this.graph.node(companyNodeId(meaning.company.id)) : undefined;
    if (company) return company;
    const uris = this.noteNames.get(key);
    if (uris === undefined) return undefined;
    // The earliest file wins when two notes share a name.
    const uri = typeof uris === 'string' ? uris : [...uris].sort((a, b) => this.graph.orderOf(a) - this.graph.orderOf(b))[0];
    const note = this.notes.get(uri)!;
    return this.graph.nodesOf(uri)?.[0] ?? { id: `note:${uri}`, kind: 'section', title: note.title, location: { uri, startLine: 0, endLine: 1 } };
  }

  /** Where an entity is defined: its glossary file, or its heading(s). */
  definitions(id: string): SourceRange[] {
    const node = this.graph.node(id);
    if (!node) return [];
    const out: SourceRange[] = [];
    if (node.location) out.push(node.location);
    for (const uri of this.graph.ownersOf(id)) {
      if (uri === node.location?.uri) continue; // the version shown, pushed above
      const other = this.graph.nodesOf(uri)?.find((n) => n.id === id);
      if (other?.location) out.push(other.location);
    }
    // A technology is also "defined" by the sections written about it.
    for (const edge of this.graph.in(id, 'mentions')) {
      const section = this.graph.node(edge.from);
      if (section && section.location && squash(section.title) === squash(node.title)) out.push(section.location);
    }
    return out;
  }

  /** Every place a note names the entity. */
  references(id: string): SourceRange[] {
    return this.graph.in(id).filter((e) => e.kind === 'mentions' || e.kind === 'uses').flatMap((e) => (e.location ? [e.location] : []));
  }

}

/** Ideas and shell commands are not what a system is built of (`BashOperator` names the shell, not a stack). */
const NOT_A_STACK_CATEGORY = new Set(['concept', 'Linux']);
/** Where the code is hosted is not what it is built of: the CI entries say what runs there. */
const NOT_A_STACK_ENTRY = new Set(['github']);

/** How much lower a result found by the entry's own name ranks than one found by the query itself. */
const TRANSLATION_PENALTY = 0.05;
/** A best result scoring at most this (a one-letter typo, exact initials) is the entry the query means. */
const MEANT_ENTRY_SCORE = 0.25;
/** Notes a search lists before glossary entries other than the first: people search their notes. */
const NOTES_FIRST = 4;

/**
 * The best glossary entry keeps its place; the other entries (Kafka Connect, Kafka Streams for
 * 카프카) wait until a few notes are listed, when there are notes to list.
 */
function notesBeforeOtherEntries(results: SearchResult[]): SearchResult[] {
  const isEntry = (r: SearchResult) => entryIdOf(r.id) !== undefined;
  const firstEntry = results.findIndex(isEntry);
  if (firstEntry < 0 || !results.some((r) => !isEntry(r))) return results;
  const out: SearchResult[] = [];
  const waiting: SearchResult[] = [];
  let notes = 0;
  results.forEach((r, i) => {
    if (isEntry(r) && i !== firstEntry && notes < NOTES_FIRST) waiting.push(r);
    else {
      out.push(r);
      if (!isEntry(r) && ++notes === NOTES_FIRST) out.push(...waiting.splice(0));
    }
  });
  return [...out, ...waiting];
}

function fileNameOf(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)).replace(/\.(md|markdown)$/i, '');
}

/** The names a note answers to in `[[links]]`: title, aliases and file name. */
function noteKeys(uri: string, note: Pick<IndexedNote, 'title' | 'aliases'>): string[] {
  const file = fileNameOf(uri);
  return [...new Set([note.title, ...note.aliases, file].map(squash).filter(Boolean))];
}

function entryDescription(entry: GlossaryEntry): string {
  return `${entry.category}${entry.vendor ? ' · ' + entry.vendor : ''} — ${firstParagraph(entry.summary)}`;
}

function firstParagraph(text: string): string {
  return text.split(/\n\s*\n/)[0].replace(/\s+/g, ' ').trim();
}

