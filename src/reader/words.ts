import type { WordCounts } from "../core/types";
import { kernelAddress, takeCount, wordKernel, type WordKernel } from "./kernel";
import { decodeAt, encodeForScan } from "./utf8";

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
 * Four speeds, all giving the same answer:
 * - Sixteen ASCII bytes at a time, in WebAssembly (`kernel.ts`), on long runs of text that is in the kernel's
 *   memory: the same local rule as the four-byte path, on 16-byte masks.
 * - Four ASCII bytes at a time (most of any text): for ASCII the automaton is a local rule, so the word starts
 *   among four bytes follow from their classes and the two bytes before them, with bit operations and no
 *   branch. Each byte's class is a 5-bit field (see FIELD); a table gives the two fields of each byte pair.
 * - One ASCII byte at a time, through a table: `DFA[state << 8 | byte]` → `next << 8 | latinStart << 12`,
 *   or -1 for a special character or a newline (which end a word) or any byte of a non-ASCII character.
 * - Any other character: decoded, classified (WORD_CLASS), and stepped through by hand.
 */
const OUT = 0;
const IN = 1;
const IND = 2;
const PJ = 3;
const PDJ = 4;
/** Added to IN, IND, PJ and PDJ: the word is Cyrillic. */
const CYRILLIC_WORD = 4;
const STATES = 9;
/** Each state without its word's script, and the script. */
const BASE = Uint8Array.from({ length: STATES }, (_, s) => (s === OUT ? OUT : ((s - 1) % 4) + 1));
const FLAVOUR = Uint8Array.from({ length: STATES }, (_, s) => s - BASE[s]);

/** A separator, but `scanWords` with `stop` also stops at it: the Markdown scanner's lines end there. */
const NEWLINE = 0x0a;

const DFA = new Int32Array(STATES << 8).fill(-1);
for (let state = 0; state < STATES; state++) {
  const base = BASE[state];
  const flavour = FLAVOUR[state];
  for (let c = 0; c < 0x80; c++) {
    const k = WORD_CLASS[c];
    if (k === SPECIAL || c === NEWLINE) continue;
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

/*
 * The four-byte path. A byte's field: F_WORD (letter or digit), F_DIGIT, F_JOIN (`'` `-`), F_DJOIN (`.` `,`),
 * F_EXIT (a special character or a non-ASCII byte: the four bytes go the slow way). For ASCII, a byte starts a
 * word exactly when it is a word character, and the byte before is not one, and the two bytes before are not
 * "word character, joiner", and not "digit, digit joiner" when it is a digit itself.
 */
const F_WORD = 1;
const F_DIGIT = 2;
const F_JOIN = 4;
const F_DJOIN = 8;
const F_EXIT = 16;
const QUAD_EXIT = F_EXIT | (F_EXIT << 5) | (F_EXIT << 10) | (F_EXIT << 15);
const FIELD = new Uint8Array(256).fill(F_EXIT);
for (let c = 0; c < 0x80; c++) {
  const k = WORD_CLASS[c];
  FIELD[c] = k === SPECIAL || c === NEWLINE ? F_EXIT : (k & WORD) !== 0 ? F_WORD | ((k & NUM) !== 0 ? F_DIGIT : 0) : k === JOINER ? F_JOIN : k === DIGIT_JOINER ? F_DJOIN : 0;
}
/** The two bytes before, as fields (the older one in bits 0-4), that stand for each Latin state. */
const CONTEXT_OF = Int32Array.from([0, F_WORD << 5, (F_WORD | F_DIGIT) << 5, F_WORD | (F_JOIN << 5), F_WORD | F_DIGIT | (F_DJOIN << 5)]);
/** The (Latin) state after two bytes given as fields, shifted as in DFA. */
const STATE_OF = new Int32Array(1024);
for (let context = 0; context < 1024; context++) {
  const older = context & 31;
  const last = context >> 5;
  let state = OUT;
  if ((last & F_WORD) !== 0) state = (last & F_DIGIT) !== 0 ? IND : IN;
  else if ((last & F_JOIN) !== 0 && (older & F_WORD) !== 0) state = PJ;
  else if ((last & F_DJOIN) !== 0 && (older & F_DIGIT) !== 0) state = PDJ;
  STATE_OF[context] = state << 8;
}
/** The kernel's `context` for each Latin state: its two bytes before as class bits (see wordkernel.wat). */
const KERNEL_CONTEXT = Int32Array.from(CONTEXT_OF, (context) => {
  const older = context & 31;
  const last = context >> 5;
  const bits = (field: number, flag: number) => ((field & flag) !== 0 ? 1 : 0);
  return (
    bits(older, F_WORD) | (bits(last, F_WORD) << 1) |
    (bits(older, F_DIGIT) << 2) | (bits(last, F_DIGIT) << 3) |
    (bits(older, F_JOIN) << 4) | (bits(last, F_JOIN) << 5) |
    (bits(older, F_DJOIN) << 6) | (bits(last, F_DJOIN) << 7)
  );
});
/** The kernel is called with at least this many bytes left (below, the call costs more than it saves)... */
const KERNEL_RUN = 128;
/** ...and after a call that went less far than that, not again for this many bytes (Cyrillic text, say). */
const KERNEL_PAUSE = 128;

/** The fields of the two bytes of every 16-bit unit (the first byte in memory in bits 0-4), built on first use. */
let PAIR_FIELDS: Uint16Array | null = null;

function pairFields(): Uint16Array {
  const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
  const table = new Uint16Array(0x10000);
  for (let x = 0; x < 0x10000; x++) {
    const first = littleEndian ? x & 0xff : x >> 8;
    const second = littleEndian ? x >> 8 : x & 0xff;
    table[x] = FIELD[first] | (FIELD[second] << 5);
  }
  return table;
}

/** A text's UTF-8 bytes, as the word scanner reads them: byte by byte, and two by two. */
export interface ByteText {
  readonly bytes: Uint8Array;
  /** The same memory as 16-bit units, from the even address at or before the first byte. */
  readonly pairs: Uint16Array;
  /** 1 when the first byte is at an odd address (it is then the second byte of `pairs[0]`). */
  readonly odd: number;
  readonly wtf8: boolean;
  /** The kernel's memory address of `bytes[0]`, or -1 when the bytes are elsewhere (then no kernel is used). */
  readonly at: number;
}

export function byteText(bytes: Uint8Array, wtf8: boolean): ByteText {
  const odd = bytes.byteOffset & 1;
  return { bytes, pairs: new Uint16Array(bytes.buffer, bytes.byteOffset - odd, (odd + bytes.length) >> 1), odd, wtf8, at: kernelAddress(bytes) };
}

/**
 * Counts the words of `bytes[from, to)` into `acc`; both ends are word boundaries. With `stop`, it stops at the
 * first special character (see SPECIAL) or newline and returns its position; otherwise those are separators and
 * it returns `to`.
 */
export function scanWords(t: ByteText, from: number, to: number, acc: WordCounts, stop: boolean): number {
  const b = t.bytes;
  const pairs = t.pairs;
  const odd = t.odd;
  const T = DFA;
  const P = PAIR_FIELDS ?? (PAIR_FIELDS = pairFields());
  const at = t.at;
  const K: WordKernel | null = at >= 0 ? wordKernel() : null;
  let kernelFrom = K === null ? to : from;
  let kernelCalled = false;
  let st = OUT;
  let latin = 0;
  let cyrillic = 0;
  let i = from;
  for (;;) {
    // Sixteen bytes at a time in WebAssembly on a long run, else four in JavaScript from an even address; neither
    // inside a Cyrillic word (ASCII never starts one).
    if (st < 5 << 8 && i >= kernelFrom && to - i >= KERNEL_RUN) {
      const start = i;
      kernelCalled = true;
      i = K!.count(at + i, at + to, KERNEL_CONTEXT[st >> 8]) - at;
      // The state after the bytes it read (ASCII, none of which stops a run): from their last two.
      if (i - start >= 2) st = STATE_OF[FIELD[b[i - 2]] | (FIELD[b[i - 1]] << 5)];
      else if (i > start) st = T[st | b[start]] & 0xf00;
      if (i - start < KERNEL_RUN) kernelFrom = i + KERNEL_PAUSE;
    } else if (st < 5 << 8) {
      if (((i + odd) & 1) !== 0 && i < to) {
        const v = T[st | b[i]];
        if (v >= 0) {
          latin += v >>> 12;
          st = v & 0xf00;
          i++;
        }
      }
      if (((i + odd) & 1) === 0 && i + 4 <= to) {
        let context = CONTEXT_OF[st >> 8];
        let k = (i + odd) >> 1;
        for (; i + 4 <= to; i += 4, k += 2) {
          const fields = P[pairs[k]] | (P[pairs[k + 1]] << 10);
          if ((fields & QUAD_EXIT) !== 0) break;
          // Six fields: the two bytes before, then these four; `starts` has bit 5p for a word start at p.
          const w = (fields << 10) | context;
          const w5 = w << 5;
          const w10 = w << 10;
          const starts = w & ~w5 & ~((w5 >> 2) & w10) & ~((w5 >> 3) & (w10 >> 1) & (w >> 1));
          latin += (Math.imul((starts >>> 10) & 0x8421, 0x8421) >>> 15) & 7;
          context = w >>> 20;
        }
        st = STATE_OF[context];
      }
    }
    // A byte at a time, a few bytes at most before trying four again.
    const limit = Math.min(to, i + 8);
    for (; i < limit; i++) {
      const v = T[st | b[i]];
      if (v < 0) break;
      latin += v >>> 12;
      st = v & 0xf00;
    }
    if (i >= to) break;
    if (i === limit) continue;
    const c = b[i];
    if (c < 0x80) {
      // A special character or a newline: a separator.
      if (stop) break;
      st = OUT;
      i++;
      continue;
    }
    // A non-ASCII character (two-byte ones, such as Cyrillic, decoded here).
    let cp: number;
    const c1 = b[i + 1];
    if (c >= 0xc2 && c < 0xe0 && (c1 & 0xc0) === 0x80 && i + 1 < b.length) {
      cp = ((c & 0x1f) << 6) | (c1 & 0x3f);
      i += 2;
    } else {
      const d = decodeAt(b, i, t.wtf8);
      cp = d & 0x1fffff;
      i += d >>> 21;
    }
    let k = cp < 0x10000 ? WORD_CLASS[cp] : UNKNOWN;
    if (k === UNKNOWN) k = classOf(cp);
    const state = st >> 8;
    const base = BASE[state];
    let flavour = FLAVOUR[state];
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
    // After a Cyrillic letter the state is IN of a Cyrillic word, and more two-byte Cyrillic letters keep it so.
    if ((k & CYR) !== 0) {
      while (i + 1 < to) {
        const lead = b[i];
        const cont = b[i + 1];
        if (lead < 0xc2 || lead >= 0xe0 || (cont & 0xc0) !== 0x80 || WORD_CLASS[((lead & 0x1f) << 6) | (cont & 0x3f)] !== CYRILLIC) break;
        i += 2;
      }
    }
  }
  if (kernelCalled) latin += takeCount();
  acc.latin += latin;
  acc.cyrillic += cyrillic;
  return i;
}

/** Words of plain text (no Markdown is interpreted: see `ownText` in `markdown.ts` for a note's own text). */
export function countWords(text: string): WordCounts {
  const acc = { latin: 0, cyrillic: 0 };
  const { bytes, wtf8 } = encodeForScan(text);
  scanWords(byteText(bytes, wtf8), 0, bytes.length, acc, false);
  return acc;
}
