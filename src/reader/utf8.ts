/**
 * UTF-8 for the reader, which scans a note's bytes rather than its decoded text (a byte loop is about twice as
 * fast as a string loop, and the CLI then never decodes a whole file: only the frontmatter, tags and links).
 *
 * Decoding follows the WHATWG decoder that `TextDecoder` and Node's `Buffer` use: a malformed sequence reads as
 * U+FFFD. Here each byte of a malformed sequence reads as one U+FFFD, where the decoder may merge several; the
 * reader gives U+FFFD one meaning everywhere (not a word character, a tag character, not whitespace), so this
 * never changes an answer, and text the reader keeps is decoded by `TextDecoder` itself.
 *
 * Text that arrives as a string (the plugin, the tests) is encoded first. A string may hold lone surrogates, which
 * UTF-8 cannot carry; such a string is encoded as WTF-8 (a lone surrogate as its own three-byte sequence, as a
 * code point would be) and read in `wtf8` mode, where those sequences decode to the surrogate again. So the byte
 * reader sees exactly the characters the string holds.
 */

import { scanArea } from "./kernel";

export const REPLACEMENT = 0xfffd;
/** `decodeAt` packs a code point (21 bits) and the byte length of its sequence (from bit 21). */
const LENGTH_SHIFT = 21;
const CODE_POINT_MASK = 0x1fffff;
const ONE_BYTE_REPLACEMENT = REPLACEMENT | (1 << LENGTH_SHIFT);

/** The character at `i` as `codePoint | (byteLength << 21)`; a malformed byte is U+FFFD of length 1. */
export function decodeAt(b: Uint8Array, i: number, wtf8: boolean): number {
  const b0 = b[i];
  if (b0 < 0x80) return b0 | (1 << LENGTH_SHIFT);
  if (b0 < 0xc2) return ONE_BYTE_REPLACEMENT; // a continuation byte, or an overlong lead
  const end = b.length;
  if (b0 < 0xe0) {
    if (i + 1 >= end) return ONE_BYTE_REPLACEMENT;
    const b1 = b[i + 1];
    if ((b1 & 0xc0) !== 0x80) return ONE_BYTE_REPLACEMENT;
    return ((b0 & 0x1f) << 6) | (b1 & 0x3f) | (2 << LENGTH_SHIFT);
  }
  if (b0 < 0xf0) {
    if (i + 2 >= end) return ONE_BYTE_REPLACEMENT;
    const b1 = b[i + 1];
    const b2 = b[i + 2];
    // E0 needs A0..BF (no overlong forms); ED needs 80..9F (no surrogates), except in WTF-8.
    if (b1 < (b0 === 0xe0 ? 0xa0 : 0x80) || b1 > (b0 === 0xed && !wtf8 ? 0x9f : 0xbf) || (b2 & 0xc0) !== 0x80) return ONE_BYTE_REPLACEMENT;
    return ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f) | (3 << LENGTH_SHIFT);
  }
  if (b0 < 0xf5) {
    if (i + 3 >= end) return ONE_BYTE_REPLACEMENT;
    const b1 = b[i + 1];
    const b2 = b[i + 2];
    const b3 = b[i + 3];
    // F0 needs 90..BF (no overlong forms); F4 needs 80..8F (nothing past U+10FFFF).
    if (b1 < (b0 === 0xf0 ? 0x90 : 0x80) || b1 > (b0 === 0xf4 ? 0x8f : 0xbf) || (b2 & 0xc0) !== 0x80 || (b3 & 0xc0) !== 0x80) return ONE_BYTE_REPLACEMENT;
    return ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f) | (4 << LENGTH_SHIFT);
  }
  return ONE_BYTE_REPLACEMENT;
}

export function codePointOf(decoded: number): number {
  return decoded & CODE_POINT_MASK;
}

export function byteLengthOf(decoded: number): number {
  return decoded >>> LENGTH_SHIFT;
}

/** The code point of the character at `i` (ASCII or not). */
export function codePointAt(b: Uint8Array, i: number, wtf8: boolean): number {
  const c = b[i];
  return c < 0x80 ? c : decodeAt(b, i, wtf8) & CODE_POINT_MASK;
}

/**
 * The code point of the character that ends right before `k` (`k` > 0, and `k` is where a character starts).
 * The decoder starts afresh at every byte that is not a continuation byte, so the character is the sequence from
 * the nearest such byte, if that sequence is well formed and ends at `k`; otherwise it is a malformed byte.
 */
export function codePointBefore(b: Uint8Array, k: number, wtf8: boolean): number {
  const c = b[k - 1];
  if (c < 0x80) return c;
  let p = k - 1;
  while (p > 0 && p > k - 4 && (b[p] & 0xc0) === 0x80) p--;
  const d = decodeAt(b, p, wtf8);
  return p + (d >>> LENGTH_SHIFT) === k ? d & CODE_POINT_MASK : REPLACEMENT;
}

// ───────────────────────────── Strings ↔ bytes ─────────────────────────────

const encoder = new TextEncoder();
/** `ignoreBOM`: a U+FEFF inside a note (or at the start of a piece of it) is kept, as the whole-file decode keeps it. */
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

export interface Encoded {
  bytes: Uint8Array;
  /** The string held lone surrogates, encoded as WTF-8 (see above). */
  wtf8: boolean;
}

export function encodeText(text: string): Encoded {
  if (!hasLoneSurrogate(text)) return { bytes: encoder.encode(text), wtf8: false };
  return { bytes: encodeWtf8(text), wtf8: true };
}

/** Reused by `encodeForScan` without the kernel; a larger one is not kept. */
const SCRATCH_LIMIT = 1 << 20;
let scratch = new Uint8Array(0);

/**
 * `encodeText` into a buffer reused from call to call (about twice as fast as a fresh one): the bytes are valid
 * only until the next call, so they are for a scan that decodes what it keeps before anything else is encoded.
 */
export function encodeForScan(text: string): Encoded {
  // UTF-8 takes at most three bytes for each UTF-16 unit.
  const room = text.length * 3;
  if (hasLoneSurrogate(text)) return { bytes: encodeWtf8(text), wtf8: true };
  if (room > SCRATCH_LIMIT) return { bytes: encoder.encode(text), wtf8: false };
  // In the word counter's own memory when it can be (see kernel.ts), else in a buffer of this module's.
  let area = scanArea(room);
  if (area === null) {
    if (scratch.length < room) scratch = new Uint8Array(Math.min(SCRATCH_LIMIT, Math.max(room, 2 * scratch.length, 4096)));
    area = scratch;
  }
  const { written } = encoder.encodeInto(text, area);
  return { bytes: area.subarray(0, written), wtf8: false };
}

function hasLoneSurrogate(s: string): boolean {
  // Native where the runtime has it (ES2024), a scan otherwise.
  const native = (s as { isWellFormed?: () => boolean }).isWellFormed;
  if (typeof native === "function") return !native.call(s);
  let i = s.search(/[\uD800-\uDFFF]/);
  if (i < 0) return false;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c > 0xdbff) return true;
    const d = s.charCodeAt(i + 1);
    if (!(d >= 0xdc00 && d <= 0xdfff)) return true;
    i++;
  }
  return false;
}

function encodeWtf8(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 3);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
    } else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else {
      const d = s.charCodeAt(i + 1);
      if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        out[n++] = 0xf0 | (cp >> 18);
        out[n++] = 0x80 | ((cp >> 12) & 0x3f);
        out[n++] = 0x80 | ((cp >> 6) & 0x3f);
        out[n++] = 0x80 | (cp & 0x3f);
        i++;
      } else {
        out[n++] = 0xe0 | (c >> 12);
        out[n++] = 0x80 | ((c >> 6) & 0x3f);
        out[n++] = 0x80 | (c & 0x3f);
      }
    }
  }
  return out.subarray(0, n);
}

/**
 * The text of `b[from, to)`, both ends at character boundaries: exactly the characters the whole text holds there.
 * The result is a fresh string (never a view into a larger one that it would keep alive).
 */
export function decodeRange(b: Uint8Array, from: number, to: number, wtf8: boolean): string {
  if (to <= from) return "";
  if (!wtf8) return decoder.decode(b.subarray(from, to));
  // WTF-8 (from a string with lone surrogates): decode by hand, surrogates included.
  const units: number[] = [];
  let out = "";
  for (let i = from; i < to; ) {
    const d = decodeAt(b, i, true);
    const cp = d & CODE_POINT_MASK;
    i += d >>> LENGTH_SHIFT;
    if (cp > 0xffff) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
    else units.push(cp);
    if (units.length > 4096) {
      out += String.fromCharCode(...units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode(...units);
}

/** The first `a` `b` pair at or after `from` before `to`, or -1. */
export function indexOf2(bytes: Uint8Array, a: number, b: number, from: number, to: number): number {
  let i = from;
  while (i < to) {
    i = bytes.indexOf(a, i);
    if (i < 0 || i + 1 >= to) return -1;
    if (bytes[i + 1] === b) return i;
    i++;
  }
  return -1;
}

/** The first `a` `b` `c` triple at or after `from` before `to`, or -1. */
export function indexOf3(bytes: Uint8Array, a: number, b: number, c: number, from: number, to: number): number {
  let i = from;
  while (i < to) {
    i = bytes.indexOf(a, i);
    if (i < 0 || i + 2 >= to) return -1;
    if (bytes[i + 1] === b && bytes[i + 2] === c) return i;
    i++;
  }
  return -1;
}
