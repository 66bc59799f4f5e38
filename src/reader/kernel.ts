import { WORD_KERNEL } from "./wordkernel.bytes";

/**
 * The word counter's WebAssembly fast path (wordkernel.wat): long runs of ASCII text, 16 bytes at a step, at about
 * 0.45 ns a byte where the JavaScript four-byte path takes about 2.4. It reads text in its own memory, so the reader puts the bytes it
 * scans there: the CLI reads each file into `scanArea`, and `encodeForScan` encodes into it. Text anywhere else is
 * counted by JavaScript alone, with the same answer.
 *
 * Where WebAssembly or its SIMD instructions are missing (an old mobile WebView), `scanArea` is null and every
 * text takes the JavaScript path.
 */

/** Where the text area starts in the kernel's memory (bytes 0-3 hold its word count). */
const TEXT_AT = 16;
const PAGE = 65536;

export interface WordKernel {
  /**
   * Counts the word starts in memory `[from, to)` into the counter (see `takeCount`) and returns where it stopped:
   * before the first byte the automaton must see on its own (a newline, a special character, a non-ASCII byte), or
   * with fewer than 16 bytes left. `context` gives the two bytes before `from` as class bits (see wordkernel.wat).
   */
  readonly count: (from: number, to: number, context: number) => number;
  readonly memory: WebAssembly.Memory;
}

let kernel: WordKernel | null | undefined;
/** The kernel's memory as 32-bit words, for its counter; replaced whenever the memory grows. */
let words: Int32Array | null = null;

/** The kernel, compiled and started on first use (506 bytes: synchronous compiling is allowed on any thread). */
export function wordKernel(): WordKernel | null {
  if (kernel !== undefined) return kernel;
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(WORD_KERNEL), {});
    const exports = instance.exports as { count: WordKernel["count"]; memory: WebAssembly.Memory };
    kernel = { count: exports.count, memory: exports.memory };
  } catch {
    kernel = null;
  }
  return kernel;
}

/**
 * A view of `size` bytes in the kernel's memory, to put text in for `scanWords`: valid until the next call (a
 * call may grow the memory, which detaches every earlier view). Null without the kernel.
 */
export function scanArea(size: number): Uint8Array | null {
  const k = wordKernel();
  if (k === null) return null;
  const needed = TEXT_AT + size;
  if (k.memory.buffer.byteLength < needed) {
    try {
      k.memory.grow(Math.ceil((needed - k.memory.buffer.byteLength) / PAGE));
    } catch {
      return null; // out of memory: the caller falls back to a buffer of its own
    }
  }
  return new Uint8Array(k.memory.buffer, TEXT_AT, size);
}

/** The kernel's memory address of `bytes[0]`, or -1 when the bytes are not in its memory. */
export function kernelAddress(bytes: Uint8Array): number {
  return kernel && bytes.buffer === kernel.memory.buffer ? bytes.byteOffset : -1;
}

/** The word starts the kernel has counted since the last call, and a fresh count. */
export function takeCount(): number {
  // A view of memory that has grown since is detached, and has length 0 (asking the memory for its buffer on
  // every call would cost more than the count).
  if (words === null || words.length === 0) words = new Int32Array(kernel!.memory.buffer, 0, 1);
  const n = words[0];
  words[0] = 0;
  return n;
}
