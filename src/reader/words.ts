import type { WordCounts } from "../core/types";
import { decodeAt, encodeText } from "./utf8";

/**
 * Words of text, for the token estimate of spec §2 (1.3 tokens per Latin word, 1.8 per Cyrillic word).
 *
 * A word is a run of letters and digits (combining marks stay inside it). An apostrophe or hyphen between two
 * word characters, or a point or comma between two digits, joins the run: `don't`, `state-of-the-art`, `1,000.5`
 * are one word each, as a reader (and `wc -w`) counts them, which is what the 1.3 ratio is calibrated on.
 * Every CJK ideograph and kana is a word of its own (those scripts are written without spaces).
 * A word with any Cyrillic letter counts as Cyrillic, every other word as Latin.
 *
 * Text is read as UTF-8 bytes (see `utf8.ts`). ASCII runs through a small automaton, one table load a byte; any
 * other character is decoded and classified by a table of 65,536 classes, filled on first sight.
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
/** A combining mark (and a lone low surrogate): neither starts nor ends a word. */
export const MARK = 64;
/** A character that may start an inline Markdown construct; a separator for words. */
export const SPECIAL = 128;
/** Not classified yet (a lone high surrogate stays so, and is a separator). No WORD bit. */
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
/** Classes of the supplementary code points met so far. */
const SUPPLEMENTARY = new Map<number, number>();

/** The class of any code point; BMP results are stored in the table. */
export function classOf(cp: number): number {
  if (cp < 0x10000) {
    const k = WORD_CLASS[cp];
    if (k !== UNKNOWN) return k;
    if (cp >= 0xd800 && cp <= 0xdbff) return SEP; // a lone high surrogate
    return (WORD_CLASS[cp] = classifyBmp(cp));
  }
  let k = SUPPLEMENTARY.get(cp);
  if (k === undefined) {
    k = isIdeographic(cp) ? SINGLE : RE_WORD.test(String.fromCodePoint(cp)) ? LETTER : SEP;
    SUPPLEMENTARY.set(cp, k);
  }
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

// ───────────────────────────── The word automaton ─────────────────────────────

/*
 * Words are counted where they start, by an automaton over characters. States (a word is Latin or Cyrillic):
 *   OUT  not in a word
 *   IN   in a word, the last character not a digit
 *   IND  in a word, the last character a digit
 *   PJ   in a word, then a joiner (`'` `-` `’` `‐`): the word goes on if a word character follows
 *   PDJ  in a word, a digit, then `.` or `,`: the word goes on if a digit follows
 * A joiner that is not followed as it needs to be ends the word before it, and what follows is read as from OUT.
 * A mark keeps a word going; a one-character word (CJK) counts and ends any word; anything else ends a word.
 * A word starts Latin and becomes Cyrillic at its first Cyrillic letter.
 *
 * ASCII goes through a table, `DFA[state << 8 | byte]` → `next << 8 | latinStart << 12`, or -1 for a byte the
 * table does not handle: a special character (which ends a word) and any byte of a non-ASCII character, which
 * `scanWords` decodes and steps through by hand.
 */
const OUT = 0;
const IN = 1;
const IND = 2;
const PJ = 3;
const PDJ = 4;
/** Added to IN, IND, PJ and PDJ: the word is Cyrillic. */
const CYRILLIC_WORD = 4;
const STATES = 9;

const DFA = new Int32Array(STATES << 8).fill(-1);
for (let state = 0; state < STATES; state++) {
  const base = state === OUT ? OUT : ((state - 1) % 4) + 1;
  const flavour = state - base;
  for (let c = 0; c < 0x80; c++) {
    const k = WORD_CLASS[c];
    if (k === SPECIAL) continue;
    // Read from OUT: a letter or digit starts a (Latin) word; anything else is a separator.
    const fromOut = (k & WORD) !== 0 ? ((k & NUM) !== 0 ? IND : IN) | (1 << 4) : OUT;
    let next: number;
    if (base === OUT) next = fromOut;
    else if ((k & WORD) !== 0 && base !== PDJ) next = ((k & NUM) !== 0 ? IND : IN) + flavour;
    else if (base === PDJ) next = (k & NUM) !== 0 ? IND + flavour : fromOut;
    else if (base === PJ) next = fromOut;
    else if (k === JOINER) next = PJ + flavour;
    else if (k === DIGIT_JOINER && base === IND) next = PDJ + flavour;
    else next = OUT;
    DFA[(state << 8) | c] = ((next & 15) << 8) | ((next >> 4) << 12);
  }
}

/**
 * Counts the words of `b[from, to)` into `acc`; both ends are word boundaries. With `stop`, it stops at the first
 * special character (see SPECIAL) and returns its position; otherwise special characters are separators and it
 * returns `to`.
 */
export function scanWords(b: Uint8Array, from: number, to: number, wtf8: boolean, acc: WordCounts, stop: boolean): number {
  const T = DFA;
  let st = OUT;
  let latin = 0;
  let cyrillic = 0;
  let i = from;
  for (;;) {
    for (; i < to; i++) {
      const v = T[st | b[i]];
      if (v < 0) break;
      latin += v >>> 12;
      st = v & 0xf00;
    }
    if (i >= to) break;
    if (b[i] < 0x80) {
      // A special character: a separator.
      if (stop) break;
      st = OUT;
      i++;
      continue;
    }
    const d = decodeAt(b, i, wtf8);
    i += d >>> 21;
    const k = classOf(d & 0x1fffff);
    const state = st >> 8;
    const base = state === OUT ? OUT : ((state - 1) % 4) + 1;
    let flavour = state - base;
    let next: number;
    if ((k & WORD) !== 0) {
      if (base === OUT || (base === PDJ && (k & NUM) === 0)) {
        // A new word.
        if ((k & CYR) !== 0) {
          cyrillic++;
          flavour = CYRILLIC_WORD;
        } else {
          latin++;
          flavour = 0;
        }
      } else if ((k & CYR) !== 0 && flavour === 0) {
        // A Latin word so far, counted where it started.
        latin--;
        cyrillic++;
        flavour = CYRILLIC_WORD;
      }
      next = ((k & NUM) !== 0 ? IND : IN) + flavour;
    } else if (k === MARK) {
      next = base === IN || base === IND ? IN + flavour : OUT;
    } else if (k === JOINER) {
      next = base === IN || base === IND ? PJ + flavour : OUT;
    } else {
      if (k === SINGLE) latin++;
      next = OUT;
    }
    st = next << 8;
  }
  acc.latin += latin;
  acc.cyrillic += cyrillic;
  return i;
}

/** Words of plain text (no Markdown is interpreted: see `ownText` in `markdown.ts` for a note's own text). */
export function countWords(text: string): WordCounts {
  const acc = { latin: 0, cyrillic: 0 };
  const { bytes, wtf8 } = encodeText(text);
  scanWords(bytes, 0, bytes.length, wtf8, acc, false);
  return acc;
}
