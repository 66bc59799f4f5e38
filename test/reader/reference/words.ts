import type { WordCounts } from "../../../src/core/types";

/**
 * Words of text, for the token estimate of spec §2 (1.3 tokens per Latin word, 1.8 per Cyrillic word).
 *
 * A word is a run of letters and digits (combining marks stay inside it). An apostrophe or hyphen between two
 * word characters, or a point or comma between two digits, joins the run: `don't`, `state-of-the-art`, `1,000.5`
 * are one word each, as a reader (and `wc -w`) counts them, which is what the 1.3 ratio is calibrated on.
 * Every CJK ideograph and kana is a word of its own (those scripts are written without spaces).
 * A word with any Cyrillic letter counts as Cyrillic, every other word as Latin.
 *
 * One table of 65,536 classes drives the loop; ASCII is filled at load, every other code point on first sight.
 */

/** Classes are bit sets: a word character has WORD; a Cyrillic letter also CYR, a digit also NUM. */
export const WORD = 1;
export const CYR = 2;
export const NUM = 4;
export const SEP = 0;
export const LETTER = WORD;
export const CYRILLIC = WORD | CYR;
export const DIGIT = WORD | NUM;
/** A one-character word (CJK ideograph, kana). */
export const SINGLE = 8;
/** `'` `-` `’` `‐`: joins two word characters. */
export const JOINER = 16;
/** `.` `,`: joins two digits. */
export const DIGIT_JOINER = 32;
/** A combining mark (and the low half of a surrogate pair): neither starts nor ends a word. */
export const MARK = 64;
/** A character that may start an inline Markdown construct; a separator for words. */
export const SPECIAL = 128;
/** Not classified yet (or a high surrogate, classified by code point every time). No WORD bit. */
export const UNKNOWN = 0xf8;

/** The Markdown scanner's special characters: `#` `[` `]` `` ` `` `$` `%` `<` `\`. */
export const SPECIAL_CHARS = "#[]`$%<\\";

export const WORD_CLASS = new Uint8Array(0x10000).fill(UNKNOWN);
for (let c = 0; c < 0x80; c++) WORD_CLASS[c] = SEP;
for (let c = 0x30; c <= 0x39; c++) WORD_CLASS[c] = DIGIT;
for (let c = 0x41; c <= 0x5a; c++) WORD_CLASS[c] = LETTER;
for (let c = 0x61; c <= 0x7a; c++) WORD_CLASS[c] = LETTER;
WORD_CLASS[0x27] = JOINER; // '
WORD_CLASS[0x2d] = JOINER; // -
WORD_CLASS[0x2e] = DIGIT_JOINER; // .
WORD_CLASS[0x2c] = DIGIT_JOINER; // ,
for (const ch of SPECIAL_CHARS) WORD_CLASS[ch.charCodeAt(0)] = SPECIAL;
for (let c = 0xdc00; c <= 0xdfff; c++) WORD_CLASS[c] = MARK;

const RE_LETTER = /^\p{L}$/u;
const RE_NUMBER = /^\p{N}$/u;
const RE_MARK = /^\p{M}$/u;
const RE_WORD = /^[\p{L}\p{N}]$/u;

/** The class of the character at `i` whose table entry is UNKNOWN; BMP results are stored in the table. */
export function classifyAt(s: string, i: number, c: number): number {
  if (c >= 0xd800 && c <= 0xdbff) {
    const lo = s.charCodeAt(i + 1);
    if (!(lo >= 0xdc00 && lo <= 0xdfff)) return SEP;
    const cp = ((c - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
    if (isIdeographic(cp)) return SINGLE;
    return RE_WORD.test(String.fromCodePoint(cp)) ? LETTER : SEP;
  }
  const k = classifyBmp(c);
  WORD_CLASS[c] = k;
  return k;
}

function classifyBmp(c: number): number {
  if (c === 0x2019 || c === 0x2010 || c === 0x2011) return JOINER; // ’ ‐ ‑
  if (isIdeographic(c)) return SINGLE;
  const ch = String.fromCharCode(c);
  if (RE_LETTER.test(ch)) return isCyrillic(c) ? CYRILLIC : LETTER;
  if (RE_NUMBER.test(ch)) return DIGIT;
  if (RE_MARK.test(ch)) return MARK;
  return SEP;
}

function isCyrillic(c: number): boolean {
  return (c >= 0x0400 && c <= 0x052f) || (c >= 0x1c80 && c <= 0x1c8f) || (c >= 0x2de0 && c <= 0x2dff) || (c >= 0xa640 && c <= 0xa69f);
}

/** CJK ideographs, kana and their extensions. */
function isIdeographic(c: number): boolean {
  return (
    (c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0x31f0 && c <= 0x31ff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xff66 && c <= 0xff9d) ||
    (c >= 0x20000 && c <= 0x3ffff)
  );
}

/** Whether the joiner at `i` (JOINER or DIGIT_JOINER) joins the word characters on either side of it. */
export function joins(s: string, i: number, joiner: number, to: number): boolean {
  if (i + 1 >= to) return false;
  const c = s.charCodeAt(i + 1);
  let k = WORD_CLASS[c];
  if (k === UNKNOWN) k = classifyAt(s, i + 1, c);
  if (joiner === JOINER) return (k & WORD) !== 0;
  if ((k & NUM) === 0) return false;
  return (WORD_CLASS[s.charCodeAt(i - 1)] & NUM) !== 0;
}

/**
 * Counts the words of `s[from, to)` into `acc`; both ends of the range are word boundaries. The scanner in
 * `markdown.ts` runs the same loop inline; the two must stay the same.
 */
export function countRange(s: string, from: number, to: number, acc: WordCounts): void {
  const T = WORD_CLASS;
  let latin = 0;
  let cyrillic = 0;
  let i = from;
  while (i < to) {
    let k = T[s.charCodeAt(i)];
    if (k === UNKNOWN) k = classifyAt(s, i, s.charCodeAt(i));
    if ((k & WORD) === 0) {
      if (k === SINGLE) latin++;
      i++;
      continue;
    }
    // A word: letters and digits, marks, and joiners between word characters.
    let bits = k;
    i++;
    while (i < to) {
      k = T[s.charCodeAt(i)]!;
      if ((k & WORD) !== 0) {
        bits |= k;
        i++;
        continue;
      }
      if (k === UNKNOWN) {
        k = classifyAt(s, i, s.charCodeAt(i));
        if ((k & WORD) !== 0) {
          bits |= k;
          i++;
          continue;
        }
      }
      if (k === MARK || ((k === JOINER || k === DIGIT_JOINER) && joins(s, i, k, to))) {
        i++;
        continue;
      }
      break;
    }
    if ((bits & CYR) !== 0) cyrillic++;
    else latin++;
  }
  acc.latin += latin;
  acc.cyrillic += cyrillic;
}

/** Words of plain text (no Markdown is interpreted: see `ownText` in `markdown.ts` for a note's own text). */
export function countWords(text: string): WordCounts {
  const acc = { latin: 0, cyrillic: 0 };
  countRange(text, 0, text.length, acc);
  return acc;
}
