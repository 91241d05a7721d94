/**
 * Fuzzy search over every node of the graph, in Korean and English.
 *
 * fuse.js scores, but a linear Fuse scan over 100k names takes seconds, so an
 * n-gram index first narrows the names to a few hundred candidates and Fuse ranks
 * only those. Names are compared as jamo (카프크 is one jamo away from 카프카) with
 * separators removed (`kafka connect` = `Kafka-Connect`); queries made only of
 * initial consonants (ㅋㅍㅋ) go to a separate choseong index. Body text has its
 * own word index and always ranks below name matches.
 */
import Fuse from 'fuse.js';
import { NodeKind, SourceRange } from './model';
import { disassembleSyllables, hasHangul, isChoseongQuery, normalize, oneLine, squash, toChoseong } from './text';
import { disassemble } from 'es-hangul';
import { grow, Postings } from './storage/postings';
import { allSteps, Steps } from './steps';
import { StringIndex } from './storage/stringIndex';

export interface SearchDocument {
  id: string;
  kind: NodeKind;
  title: string;
  aliases: string[];
  container?: string;
  /** Shown as the snippet when the name matched, e.g. a category or role. */
  description?: string;
  body?: string;
  location?: SourceRange;
}

/** What a result shows besides its id and kind; see `SearchIndex`'s constructor. */
export type SearchDetails = Pick<SearchDocument, 'title' | 'container' | 'description' | 'body' | 'location'>;

export interface SearchOptions {
  limit?: number;
  kinds?: NodeKind[];
  /** False: results without snippets, so no note text is read (Ctrl+T shows names and places only). */
  snippets?: boolean;
}

export interface SearchResult {
  id: string;
  kind: NodeKind;
  title: string;
  container?: string;
  snippet: string;
  /** [start, end) ranges in `title` that matched. */
  titleMatches: [number, number][];
  /** [start, end) ranges in `snippet` that matched. */
  snippetMatches: [number, number][];
  location?: SourceRange;
  /** The alias the query matched, when it matched one rather than the title (카프카 for Kafka). */
  alias?: string;
  /** Lower is better. */
  score: number;
}

/**
 * One distinct name (a title or alias as written) and the documents that carry it. Stage
 * labels such as `로그 수집` repeat thousands of times: each is spelled and indexed once.
 */
interface Name {
  /**
   * As written. Its jamo spelling (`jamoOf`) and initials (`toChoseong`) are indexed by their grams
   * and spelled again for the few candidates a query scores: cheaper than keeping every name's spellings.
   */
  text: string;
  /** Documents whose title this is; removed documents stay until compaction and are skipped. */
  titleSlots: number[];
  aliasSlots: number[];
}

/** A document found, before its snippet is cut (only the results shown get one). */
interface Hit {
  slot: number;
  score: number;
  titleMatches: [number, number][];
  /** Found by this alias rather than by its title. */
  alias?: string;
  aliasMatches?: [number, number][];
  /** Found in its body text. */
  body?: boolean;
  /** The title it was found by, when found by its title (so weighing words needs no lookup). */
  title?: string;
}

type Offer = (slot: number, hit: Omit<Hit, 'slot'>) => boolean;

const KIND_PENALTY: Record<NodeKind, number> = {
  technology: 0, concept: 0.01, company: 0.02, architecture: 0.03, topic: 0.05, stage: 0.06, section: 0.07,
};
/** Fuse scores about 10 µs per name for a long query, so it sees at most this many. */
const MAX_CANDIDATES = 64;
const MAX_WORD_EXPANSIONS = 64;
const SNIPPET_CHARS = 120;

/**
 * Lower-cased jamo spelling without separators, with a map back to the original characters:
 * jamo `j` comes from `text.slice(map[j], ends[j])`.
 */
export function jamoKey(text: string): { jamo: string; map: number[]; ends: number[] } {
  // Lower-cased a character at a time: some letters grow when lower-cased (İ becomes i + a dot),
  // and the map must point into the text as written.
  const { nfc, at } = nfcWithMap(text);
  let jamo = '';
  const map: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < nfc.length; i++) {
    const end = i + 1 < nfc.length ? at(i + 1) : text.length;
    for (const ch of nfc[i].toLowerCase()) {
      // Letters and digits only: the dot İ grows when lower-cased is a combining mark, left out as marks are.
      if (!/[\p{L}\p{N}]/u.test(ch)) continue;
      const code = ch.charCodeAt(0);
      const piece = code >= 0xac00 && code <= 0xd7a3 ? disassemble(ch) : ch;
      for (let k = 0; k < piece.length; k++) {
        map.push(at(i));
        ends.push(Math.max(end, at(i) + 1));
      }
      jamo += piece;
    }
  }
  return { jamo, map, ends };
}

/** `jamoKey(text).jamo` without the map back to the text (indexing calls it for every name; see `disassembleSyllables`). */
export function jamoOf(text: string): string {
  const squashed = squash(text);
  return hasHangul(squashed) ? disassembleSyllables(squashed) : squashed;
}

function grams(text: string): string[] {
  if (text.length === 1) return [text];
  const out: string[] = [];
  for (let i = 0; i + 1 < text.length; i++) out.push(text.slice(i, i + 2));
  return out;
}

const KINDS: readonly NodeKind[] = ['technology', 'concept', 'company', 'architecture', 'stage', 'topic', 'section'];
const KIND_NUMBER = new Map(KINDS.map((kind, i) => [kind, i]));

/** The lists a name is found by: its grams, its initials' grams, and how many of each it has. */
interface NameLists {
  nameGrams: Postings;
  choseongGrams: Postings;
  nameGramCount: Uint16Array<ArrayBuffer>;
  choseongGramCount: Uint16Array<ArrayBuffer>;
}

/** Indexes name number `index` by the grams of its jamo spelling and of its initials. */
function indexNameGrams(lists: NameLists, index: number, text: string, jamo = jamoOf(text)): void {
  const nameGrams = new Set(grams(jamo));
  for (const g of nameGrams) lists.nameGrams.add(g, index);
  const cho = toChoseong(text);
  const choGrams = cho ? new Set(grams(cho)) : new Set<string>();
  for (const g of choGrams) lists.choseongGrams.add(g, index);
  if (index >= lists.nameGramCount.length) {
    lists.nameGramCount = grow(lists.nameGramCount);
    lists.choseongGramCount = grow(lists.choseongGramCount);
  }
  lists.nameGramCount[index] = Math.min(nameGrams.size, 65535);
  lists.choseongGramCount[index] = Math.min(choGrams.size, 65535);
}

export class SearchIndex {
  /**
   * Documents by slot: the id (undefined once removed), kind, title and body lengths. The rest of a
   * document is asked of `describe` for the results shown, so the index does not hold a second copy
   * of every title, range and body.
   */
  private ids: (string | undefined)[] = [];
  private kinds = new Uint8Array(1024);
  private titleLengths = new Uint16Array(1024);
  private bodyLengths = new Uint32Array(1024);
  /** Details of each document when no `describe` was given. */
  private readonly stored = new Map<string, SearchDetails>();
  private slotById = new StringIndex((slot) => this.ids[slot]);
  private names: Name[] = [];
  private nameByText = new StringIndex((n) => this.names[n].text);
  /** bigram of jamo → name numbers, ascending */
  private nameGrams = new Postings();
  private choseongGrams = new Postings();
  /** body word → slots */
  private words = new Postings();
  private sortedWords: string[] | undefined;
  private deadDocs = 0;
  /** Documents added or removed so far: a compaction in steps stops if this moves under it. */
  private writes = 0;
  private scores = new Uint16Array(0);
  /** Distinct grams per name, by name number (typed arrays: the candidate loop reads them for thousands of names). */
  private nameGramCount = new Uint16Array(1024);
  private choseongGramCount = new Uint16Array(1024);
  private seen = new Uint16Array(0);

  /**
   * `describe` gives a document's current title, container, description, body and range by id, for
   * the results shown (the knowledge base reads them from its graph); without it the index keeps them.
   */
  constructor(private readonly describe?: (id: string, withText: boolean) => SearchDetails | undefined) {}

  get size(): number {
    return this.slotById.size;
  }

  /** Packs the lists tight, for an index that is done growing for now (see `Postings.settle`). */
  settle(): void {
    this.nameGrams.settle();
    this.choseongGrams.settle();
    this.words.settle();
  }

  /** Adds or replaces a document. */
  add(doc: SearchDocument): void {
    this.remove(doc.id);
    this.writes++;
    const slot = this.ids.length;
    this.ids.push(doc.id);
    if (slot >= this.kinds.length) {
      this.kinds = grow(this.kinds);
      this.titleLengths = grow(this.titleLengths);
      this.bodyLengths = grow(this.bodyLengths);
    }
    this.kinds[slot] = KIND_NUMBER.get(doc.kind)!;
    this.titleLengths[slot] = Math.min(doc.title.length, 65535);
    this.bodyLengths[slot] = doc.body?.length ?? 0;
    if (!this.describe) this.stored.set(doc.id, { title: doc.title, container: doc.container, description: doc.description, body: doc.body, location: doc.location });
    this.slotById.set(slot);
    let title: Name | undefined;
    for (let n = 0; n <= doc.aliases.length; n++) {
      const name = this.nameFor(n === 0 ? doc.title : doc.aliases[n - 1]);
      if (!name) continue;
      if (n === 0) {
        title = name;
        // A list literal holds exactly what it is given; one that grows by push reserves 17 slots.
        if (name.titleSlots.length === 0) name.titleSlots = [slot];
        else name.titleSlots.push(slot);
      } else if (name !== title && (!title || jamoOf(name.text) !== jamoOf(title.text)) && name.aliasSlots[name.aliasSlots.length - 1] !== slot) {
        if (name.aliasSlots.length === 0) name.aliasSlots = [slot];
        else name.aliasSlots.push(slot);
      }
    }
    if (doc.body) {
      for (const word of new Set(wordsOf(doc.body))) this.words.add(word, slot);
      this.sortedWords = undefined;
    }
  }

  /** The entry of one distinct name, indexed by its grams the first time it is seen; none for a text without letters or digits. */
  private nameFor(text: string): Name | undefined {
    const known = this.nameByText.get(text);
    if (known !== undefined) return this.names[known];
    const jamo = jamoOf(text);
    if (!jamo) return undefined;
    // Kept as given: the knowledge base hands in its graph's copies, detached from any note's text.
    const name: Name = { text, titleSlots: NO_SLOTS, aliasSlots: NO_SLOTS };
    this.addName(name, jamo);
    return name;
  }

  private addName(name: Name, jamo = jamoOf(name.text)): void {
    const index = this.names.length;
    this.names.push(name);
    this.nameByText.set(index);
    const lists = { nameGrams: this.nameGrams, choseongGrams: this.choseongGrams, nameGramCount: this.nameGramCount, choseongGramCount: this.choseongGramCount };
    indexNameGrams(lists, index, name.text, jamo);
    // Grown, the count arrays are new ones.
    this.nameGramCount = lists.nameGramCount;
    this.choseongGramCount = lists.choseongGramCount;
  }

  remove(id: string): void {
    const slot = this.slotById.get(id);
    if (slot === undefined) return;
    this.writes++;
    this.slotById.delete(id);
    this.stored.delete(id);
    this.ids[slot] = undefined;
    this.deadDocs++;
  }

  /** True once a good share of the documents are removed ones, which every search skips: see `compactInSteps`. */
  get worthCompacting(): boolean {
    return this.deadDocs > 1000 && this.deadDocs > this.ids.length / 3;
  }

  /** `compactInSteps` at once, when worth it; true when it compacted. */
  compactIfWorthIt(): boolean {
    return this.worthCompacting && allSteps(this.compactInSteps());
  }

  /**
   * Renumbers the live documents and drops the removed ones from every list, and the names no
   * document carries any more, so they stop costing time and memory. It rebuilds every list
   * (300–400 ms at 10k notes), so it runs in steps of `STEP` names or words: the new lists are built
   * beside the ones in use, which answer searches meanwhile, and take over in the last step. A
   * document added or removed before then makes it stop, having changed nothing (false).
   */
  *compactInSteps(): Steps<boolean> {
    const writes = this.writes;
    const STEP = 1000;
    const moved = new Int32Array(this.ids.length).fill(-1);
    const ids: string[] = [];
    const kinds = new Uint8Array(this.kinds.length);
    const titleLengths = new Uint16Array(this.titleLengths.length);
    const bodyLengths = new Uint32Array(this.bodyLengths.length);
    for (let slot = 0; slot < this.ids.length; slot++) {
      const id = this.ids[slot];
      if (id === undefined) continue;
      const to = ids.length;
      moved[slot] = to;
      ids.push(id);
      kinds[to] = this.kinds[slot];
      titleLengths[to] = this.titleLengths[slot];
      bodyLengths[to] = this.bodyLengths[slot];
    }
    // The new index reads the new arrays, which become this index's own in the last step.
    const slotById = new StringIndex((slot) => ids[slot]);
    const names: Name[] = [];
    const nameByText = new StringIndex((n) => names[n].text);
    const lists = { nameGrams: new Postings(), choseongGrams: new Postings(), nameGramCount: new Uint16Array(1024), choseongGramCount: new Uint16Array(1024) };
    const words = new Postings();
    yield;
    if (this.writes !== writes) return false;
    for (let slot = 0; slot < ids.length; slot++) {
      slotById.set(slot);
      if (slot % (STEP * 4) === STEP * 4 - 1) {
        yield;
        if (this.writes !== writes) return false;
      }
    }
    const renumber = (slots: number[]) => (slots.length === 0 ? NO_SLOTS : slots.flatMap((slot) => (moved[slot] >= 0 ? [moved[slot]] : [])));
    for (let n = 0; n < this.names.length; n++) {
      // New names: the ones in use keep their slots until the new lists take over.
      const old = this.names[n];
      const name: Name = { text: old.text, titleSlots: renumber(old.titleSlots), aliasSlots: renumber(old.aliasSlots) };
      if (name.titleSlots.length + name.aliasSlots.length > 0) {
        names.push(name);
        nameByText.set(names.length - 1);
        indexNameGrams(lists, names.length - 1, name.text);
      }
      if (n % STEP === STEP - 1) {
        yield;
        if (this.writes !== writes) return false;
      }
    }
    // By the slots moved, not the words: a common word's list is long.
    let work = 0;
    for (const [word, slots] of this.words.entries()) {
      for (const slot of slots) if (moved[slot] >= 0) words.add(word, moved[slot]);
      work += slots.length + 8;
      if (work >= STEP * 8) {
        work = 0;
        yield;
        if (this.writes !== writes) return false;
      }
    }
    this.ids = ids;
    this.kinds = kinds;
    this.titleLengths = titleLengths;
    this.bodyLengths = bodyLengths;
    this.slotById = slotById;
    this.names = names;
    this.nameByText = nameByText;
    this.nameGrams = lists.nameGrams;
    this.choseongGrams = lists.choseongGrams;
    this.nameGramCount = lists.nameGramCount;
    this.choseongGramCount = lists.choseongGramCount;
    this.words = words;
    this.sortedWords = undefined;
    this.deadDocs = 0;
    return true;
  }

  private details(slot: number, withText: boolean): SearchDetails {
    const id = this.ids[slot]!;
    return (this.describe ? this.describe(id, withText) : this.stored.get(id)) ?? { title: id };
  }

  search(query: string, options: SearchOptions = {}): SearchResult[] {
    const limit = options.limit ?? 50;
    const q = oneLine(normalize(query));
    if (!q) return [];
    const kinds = options.kinds && options.kinds.length > 0 ? new Set(options.kinds) : undefined;
    const best = new Map<number, Hit>();
    const offer = (slot: number, hit: Omit<Hit, 'slot'>): boolean => {
      if (this.ids[slot] === undefined) return false;
      const kind = KINDS[this.kinds[slot]];
      if (kinds && !kinds.has(kind)) return false;
      const score = hit.score + KIND_PENALTY[kind];
      const previous = best.get(slot);
      if (!previous || previous.score > score) best.set(slot, { ...hit, slot, score });
      return true;
    };

    if (isChoseongQuery(q)) this.searchChoseong(q.replace(/\s+/g, ''), offer, limit);
    else this.searchNames(q, offer, limit);
    // Body hits always rank below name hits: when names fill the page, bodies cannot show.
    if (best.size < limit) this.searchBodies(q, offer);

    const queryWords = wordsOf(q);
    if (queryWords.length > 1) this.weighWords(best, queryWords);
    const hits = [...best.values()].sort((a, b) => a.score - b.score || this.titleLengths[a.slot] - this.titleLengths[b.slot]).slice(0, limit);
    // Snippets are cut only for the results shown: a common word can hit thousands of notes.
    const withText = options.snippets !== false;
    return hits.map((hit) => {
      const doc = this.details(hit.slot, withText);
      let snippet: string;
      let snippetMatches: [number, number][] = [];
      if (!withText) snippet = '';
      else if (hit.body) ({ snippet, ranges: snippetMatches } = bodySnippet(doc.body ?? '', queryWords));
      else if (hit.alias !== undefined) {
        snippet = `${hit.alias} — ${snippetFor(doc)}`.slice(0, SNIPPET_CHARS);
        snippetMatches = hit.aliasMatches ?? [];
      } else snippet = snippetFor(doc);
      return {
        id: this.ids[hit.slot]!, kind: KINDS[this.kinds[hit.slot]], title: doc.title, container: doc.container, location: doc.location,
        snippet, titleMatches: hit.titleMatches, snippetMatches, score: hit.score, ...(hit.alias !== undefined ? { alias: hit.alias } : {}),
      };
    });
  }

  /**
   * For a query of several words, what each result's name holds of them decides more than how
   * close the whole query looks to it: `postgres jsonb` wants the note about JSONB in Postgres
   * (every word in its text) before `Postgres Container` (one word in its name). A name missing a
   * word drops below text matches; text matches rise with the words their name holds.
   */
  private weighWords(best: Map<number, Hit>, queryWords: string[]): void {
    const wordJamo = queryWords.map(jamoOf);
    // Names are spelled once each: a stage label found for hundreds of stages is one name.
    const spelled = new Map<string, string>();
    const jamoOfCached = (text: string) => {
      let jamo = spelled.get(text);
      if (jamo === undefined) spelled.set(text, (jamo = jamoOf(text)));
      return jamo;
    };
    // A text match's title is looked up (the index keeps no titles): only for the best of them,
    // which are the ones a page shows (a common word's text matches run into hundreds).
    const bodies = [...best.values()].filter((h) => h.body).sort((a, b) => a.score - b.score).slice(0, WEIGHED_TEXT_MATCHES);
    for (const hit of [...best.values()].filter((h) => !h.body).concat(bodies)) {
      const name = jamoOfCached(hit.alias ?? hit.title ?? this.details(hit.slot, false).title);
      const held = wordJamo.filter((w) => name.includes(w)).length;
      if (hit.body) hit.score -= 0.4 * (held / wordJamo.length);
      else if (held < wordJamo.length) hit.score += 1.2 - 0.4 * (held / wordJamo.length);
    }
  }

  /**
   * Offers every live document that carries `name`. All of them score the same but for
   * their kind, so at most `limit` per kind are offered (a stage label can have thousands).
   */
  private offerName(name: Name, score: number, titleMatches: [number, number][], offer: Offer, limit: number): void {
    const perKind = new Map<NodeKind, number>();
    const each = (slots: number[], hit: Omit<Hit, 'slot'>) => {
      for (const slot of slots) {
        if (this.ids[slot] === undefined) continue;
        const kind = KINDS[this.kinds[slot]];
        if ((perKind.get(kind) ?? 0) >= limit) continue;
        if (offer(slot, hit)) perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
      }
    };
    each(name.titleSlots, { score, titleMatches, title: name.text });
    const aliasMatches = titleMatches.filter(([, e]) => e <= name.text.length);
    each(name.aliasSlots, { score: score + 0.01, titleMatches: [], alias: name.text, aliasMatches });
  }

  private searchChoseong(q: string, offer: Offer, limit: number): void {
    for (const n of this.candidates(this.choseongGrams, grams(q), this.choseongGramCount)) {
      const name = this.names[n];
      const cho = toChoseong(name.text);
      if (!cho.includes(q)) continue;
      // Exact initials of the whole name beat initials found inside a longer name.
      const score = cho.length === q.length ? 0 : 0.2 + 0.2 * (1 - q.length / cho.length);
      this.offerName(name, score, [], offer, limit);
    }
  }

  private searchNames(q: string, offer: Offer, limit: number): void {
    const { jamo } = jamoKey(q);
    if (!jamo) return;
    const records = this.candidates(this.nameGrams, grams(jamo), this.nameGramCount).map((n) => ({ name: this.names[n], ...jamoKey(this.names[n].text) }));
    if (records.length === 0) return;
    const fuse = new Fuse(records, {
      keys: ['jamo'],
      includeScore: true,
      includeMatches: true,
      ignoreLocation: true,
      threshold: jamo.length <= 3 ? 0.25 : 0.4,
      minMatchCharLength: Math.min(2, jamo.length),
    });
    const scored = fuse.search(jamo).map((hit) => {
      let score = hit.score ?? 1;
      if (hit.item.jamo === jamo) score = -1;
      else if (hit.item.jamo.startsWith(jamo)) score = -0.5 + 0.3 * (1 - jamo.length / hit.item.jamo.length);
      return { hit, score };
    });
    // A loose fuzzy match is noise beside a much closer one (kinesis → "liveness" of Health check
    // beside Kinesis itself; 카프크 → Flask beside Kafka): only close runners-up stay.
    const best = Math.max(0, Math.min(...scored.map((s) => s.score)));
    for (const { hit, score } of scored) {
      if (score > best + FUZZY_RUNNER_UP) continue;
      const { name, map, ends } = hit.item;
      // A name that holds the query whole is highlighted where it holds it; a fuzzy one where Fuse matched.
      const whole = hit.item.jamo.indexOf(jamo);
      const spans = whole >= 0 ? [[whole, whole + jamo.length - 1] as const] : (hit.matches?.[0]?.indices ?? []);
      const ranges = spans.flatMap(([s, e]) => textRanges(map, ends, s, e));
      this.offerName(name, score, mergeRanges(ranges), offer, limit);
    }
  }

  /** True when some document still carries the name. */
  private isLive(name: Name): boolean {
    for (const slot of name.titleSlots) if (this.ids[slot] !== undefined) return true;
    for (const slot of name.aliasSlots) if (this.ids[slot] !== undefined) return true;
    return false;
  }

  /**
   * The names worth scoring: those sharing at least half of the query's grams, best
   * overlap first (Dice coefficient, so a short name that matches beats a long title
   * that merely shares more grams).
   */
  private candidates(index: Postings, queryGrams: string[], gramCount: Uint16Array): number[] {
    if (this.scores.length < this.names.length) this.scores = new Uint16Array(Math.max(this.names.length, this.scores.length * 2));
    const scores = this.scores;
    const touched: number[] = [];
    // A name must share half of the query's grams (one typo in a short word leaves about half).
    const postings = [...new Set(queryGrams)].map((g) => index.get(g)).sort((a, b) => a.length - b.length);
    const distinct = postings.length;
    const needed = distinct <= 2 ? 1 : Math.ceil(distinct * 0.5);
    // Such a name is in at least one of the (distinct - needed + 1) rarest postings, so only
    // those add names; the common grams (thousands of names each) only count for names already
    // found, by binary search (postings hold name numbers in ascending order).
    const seeds = distinct - needed + 1;
    for (let i = 0; i < distinct; i++) {
      const posting = postings[i];
      if (i < seeds) {
        for (let j = 0; j < posting.length; j++) {
          const k = posting[j];
          if (scores[k] === 0) touched.push(k);
          scores[k]++;
        }
      } else if (posting.length <= touched.length * 4) {
        for (let j = 0; j < posting.length; j++) if (scores[posting[j]] > 0) scores[posting[j]]++;
      } else {
        for (let j = 0; j < touched.length; j++) if (contains(posting, touched[j])) scores[touched[j]]++;
      }
    }
    // Bucket by Dice percentage so that picking the best few never sorts thousands of names.
    const buckets: number[][] = [];
    for (let j = 0; j < touched.length; j++) {
      const k = touched[j];
      const shared = scores[k];
      scores[k] = 0;
      if (shared < needed) continue;
      const dice = Math.min(100, Math.round((200 * shared) / (distinct + Math.max(1, gramCount[k]))));
      (buckets[dice] ??= []).push(k);
    }
    const picked: number[] = [];
    for (let dice = buckets.length - 1; dice >= 0 && picked.length < MAX_CANDIDATES; dice--) {
      for (const k of buckets[dice] ?? []) {
        if (picked.length >= MAX_CANDIDATES) break;
        if (this.isLive(this.names[k])) picked.push(k);
      }
    }
    return picked;
  }

  private searchBodies(q: string, offer: Offer): void {
    const queryWords = [...new Set(wordsOf(q))];
    if (queryWords.length === 0) return;
    // A document matches when every query word prefixes one of its words. `seen[slot]` counts
    // the query words matched so far, so no per-word sets are built (common words hit thousands).
    if (this.seen.length < this.ids.length) this.seen = new Uint16Array(Math.max(this.ids.length, this.seen.length * 2));
    const seen = this.seen;
    let hits: number[] = [];
    queryWords.forEach((word, i) => {
      const next: number[] = [];
      for (const w of this.expand(word)) {
        for (const s of this.words.get(w)) {
          if (seen[s] !== i) continue;
          seen[s] = i + 1;
          next.push(s);
        }
      }
      for (const s of hits) if (seen[s] === i) seen[s] = 0; // dropped: reset now
      hits = next;
    });
    for (const s of hits) seen[s] = 0;
    let n = 0;
    for (const slot of hits) {
      if (this.ids[slot] === undefined || this.bodyLengths[slot] === 0) continue;
      offer(slot, { score: 1 + Math.min(0.5, this.bodyLengths[slot] / 20000), titleMatches: [], body: true });
      if (++n > 500) break;
    }
  }

  /** Body words that start with `word` (a few dozen at most). */
  private expand(word: string): string[] {
    if (!this.sortedWords) this.sortedWords = [...this.words.keys()].sort();
    const sorted = this.sortedWords;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < word) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < sorted.length && sorted[i].startsWith(word) && out.length < MAX_WORD_EXPANSIONS; i++) out.push(sorted[i]);
    return out;
  }
}


/** Binary search in an ascending list of numbers. */
function contains(sorted: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === value) return true;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}



/** Text matches whose titles are weighed against a query of several words (see `weighWords`). */
const WEIGHED_TEXT_MATCHES = 100;

/** How much worse than the best name match (or than a perfect fuzzy match) a fuzzy match may score and still show. */
const FUZZY_RUNNER_UP = 0.12;

/**
 * The slots of a name that has none yet, shared: most names are never an alias, and an empty
 * array of their own each would add up. Never added to: a first slot replaces it.
 */
const NO_SLOTS: number[] = [];

/** Body words: letters and digits, lower-cased; Korean particles stay attached, prefix search finds them. */
function wordsOf(text: string): string[] {
  return normalize(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

function snippetFor(doc: SearchDetails): string {
  return oneLine(doc.description ?? doc.body ?? '').slice(0, SNIPPET_CHARS);
}

/**
 * `text` lower-cased, and where each of its characters came from: some letters grow when
 * lower-cased (İ becomes i and a dot), and positions found in the lower case must be the text's.
 */
function lowerWithMap(text: string): { lower: string; at: (i: number) => number; endOf: (i: number) => number } {
  const composed = nfcWithMap(text);
  const lower = composed.nfc.toLowerCase();
  if (lower.length === text.length && composed.nfc === text) return { lower, at: (i) => i, endOf: (i) => i + 1 };
  let out = '';
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < composed.nfc.length; i++) {
    const l = composed.nfc[i].toLowerCase();
    const end = i + 1 < composed.nfc.length ? composed.at(i + 1) : text.length;
    for (let k = 0; k < l.length; k++) { from.push(composed.at(i)); to.push(Math.max(end, composed.at(i) + 1)); }
    out += l;
  }
  from.push(text.length);
  to.push(text.length);
  return { lower: out, at: (i) => from[Math.min(i, from.length - 1)], endOf: (i) => to[Math.min(i, to.length - 1)] };
}

/**
 * `text` in NFC, and where in `text` each of its characters starts (`at`): decomposed Hangul
 * (macOS file names, text copied from them) is two or three characters per syllable as written.
 * Text already in NFC, nearly all of it, costs no map.
 */
function nfcWithMap(text: string): { nfc: string; at: (k: number) => number } {
  const nfc = text.normalize('NFC');
  if (nfc === text) return { nfc, at: (k) => k };
  const from: number[] = [];
  let i = 0;
  for (let k = 0; k < nfc.length; k++) {
    from.push(Math.min(i, text.length - 1));
    // The shortest run of the text that composes to this character (a syllable's jamo, a letter and its marks).
    let j = i + 1;
    while (j < text.length && j - i < 8 && text.slice(i, j).normalize('NFC') !== nfc[k]) j++;
    // A mark that composed into the next character belongs to it: stop at the shortest exact run.
    i = text.slice(i, j).normalize('NFC') === nfc[k] ? j : i + 1;
  }
  return { nfc, at: (k) => from[k] };
}

/**
 * A line of `body` around the first query word, with the words highlighted. Found in the body's
 * lower case and cut from the body as written: the two differ in length when a letter grows when
 * lower-cased (İ) or Hangul is decomposed, hence the map between them.
 */
function bodySnippet(body: string, queryWords: string[]): { snippet: string; ranges: [number, number][] } {
  const { lower, at, endOf } = lowerWithMap(body);
  let found = -1;
  for (const w of queryWords) {
    found = lower.indexOf(w);
    if (found >= 0) break;
  }
  const start = Math.max(0, (found < 0 ? 0 : at(found)) - 30);
  // One line: editors show a line break in a one-line label as a symbol (⏎). Replaced one for one,
  // so the match ranges stay where they are.
  const snippet = (start > 0 ? '…' : '') + body.slice(start, start + SNIPPET_CHARS).replace(/[\r\n\t]/g, ' ');
  const shift = start > 0 ? 1 - start : 0;
  const ranges: [number, number][] = [];
  for (const w of queryWords) {
    for (let i = lower.indexOf(w); i >= 0; i = lower.indexOf(w, i + w.length)) {
      const s = at(i);
      const e = endOf(i + w.length - 1);
      if (s >= start + SNIPPET_CHARS) break;
      if (e > start) ranges.push([Math.max(s, start) + shift, Math.min(e, start + SNIPPET_CHARS) + shift]);
    }
  }
  return { snippet, ranges: mergeRanges(ranges) };
}

/**
 * The text ranges that jamo positions `start`..`end` (inclusive) come from, split where the text
 * has characters the jamo leave out (spaces, punctuation): `İİİ Kafka` highlights `İİİ` and `Kaf`.
 */
function textRanges(map: number[], ends: number[], start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  for (let j = start; j <= end && j < map.length; j++) {
    const last = out[out.length - 1];
    if (last && map[j] <= last[1]) last[1] = Math.max(last[1], ends[j]);
    else out.push([map[j], ends[j]]);
  }
  return out;
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}
