/**
 * Text normalisation shared by the parser, the search index and the term matcher.
 * Korean is handled by es-hangul: jamo decomposition makes Hangul typos cost one
 * character instead of one syllable, and initial-consonant (choseong) strings let
 * `ㅋㅍㅋ` find 카프카.
 */
import { disassemble, getChoseong } from 'es-hangul';

/** NFC + lower case: the one canonical form for comparing user text. */
export function normalize(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

const HANGUL_SYLLABLE = /[\uAC00-\uD7A3]/;
const CHOSEONG_ONLY = /^[\u3131-\u314E\s]+$/;

export function hasHangul(text: string): boolean {
  return HANGUL_SYLLABLE.test(text);
}

/** True for queries such as `ㅋㅍㅋ` that are made of initial consonants only. */
export function isChoseongQuery(text: string): boolean {
  return CHOSEONG_ONLY.test(text) && /\S/.test(text);
}

/**
 * es-hangul's answers for one character at a time, remembered: indexing spells every name, and
 * asking the library once per syllable is much cheaper than once per name. Both functions it
 * stands for map each character on its own, so the answers are the same.
 */
const jamoByChar = new Map<number, string>();
const choseongByChar = new Map<number, string>();

/** `text` with each Hangul syllable spelled out by `disassemble`; other characters stay as they are. */
export function disassembleSyllables(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xac00 || code > 0xd7a3) out += text[i];
    else {
      let jamo = jamoByChar.get(code);
      if (jamo === undefined) jamoByChar.set(code, (jamo = disassemble(text[i])));
      out += jamo;
    }
  }
  return out;
}

/** Initial consonants of the Hangul syllables in `text`, other characters dropped. */
export function toChoseong(text: string): string {
  if (!hasHangul(text)) return '';
  const nfc = text.normalize('NFC');
  let out = '';
  for (let i = 0; i < nfc.length; i++) {
    const code = nfc.charCodeAt(i);
    let cho = choseongByChar.get(code);
    if (cho === undefined) choseongByChar.set(code, (cho = getChoseong(nfc[i]).replace(/\s+/g, '')));
    out += cho;
  }
  return out;
}

/** Letters, digits and Hangul only, lower-cased: `Pub/Sub` and `pub-sub` both become `pubsub`. */
export function squash(text: string): string {
  return normalize(text).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Collapses whitespace and trims: markdown bodies become one readable line. */
export function oneLine(text: string): string {
  // Most text already is one line: test first, since replacing builds a new string even when nothing changes.
  return NEEDS_COLLAPSE.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
}

/** Two whitespace characters in a row, or one that is not a plain space. */
const NEEDS_COLLAPSE = /\s\s|[^\S ]/;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1).trimEnd() + '…';
}

/** A stable id fragment: lower case, runs of other characters become `-`. Keeps Hangul. */
export function slug(text: string): string {
  return normalize(text).replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') || 'untitled';
}

/**
 * `text` as a string of its own. V8 makes a slice of a long string (13 characters or more)
 * point into it, so a heading title kept from a note would keep the whole note's text alive;
 * strings that stay in the index go through here once. Parsing a JSON string makes a flat
 * copy; concatenating and cutting, the usual trick, also makes a copy, but keeps it behind a
 * slice of its own, which costs more per string than the string itself for short ids.
 */
export function detached(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}
