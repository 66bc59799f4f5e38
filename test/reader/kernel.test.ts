import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileWordKernel } from "../../scripts/wasm";
import { kernelAddress, scanArea, wordKernel } from "../../src/reader/kernel";
import { WORD_KERNEL } from "../../src/reader/wordkernel.bytes";
import { byteText, scanWords } from "../../src/reader/words";
import { encodeText } from "../../src/reader/utf8";

/**
 * The word counter's WebAssembly fast path must give exactly what the JavaScript paths give: the same counts, and
 * with `stop` the same stopping points, on text in its memory and on the same text anywhere else.
 */

/** Every scan the Markdown scanner would make of `bytes` (stopping at special characters and newlines), then one without stops. */
function scans(bytes: Uint8Array): number[] {
  const t = byteText(bytes, false);
  const out: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const acc = { latin: 0, cyrillic: 0 };
    const stop = scanWords(t, i, bytes.length, acc, true);
    out.push(stop, acc.latin, acc.cyrillic);
    i = stop + 1;
  }
  const whole = { latin: 0, cyrillic: 0 };
  scanWords(t, 0, bytes.length, whole, false);
  out.push(whole.latin, whole.cyrillic);
  return out;
}

/** The same scans with the bytes in the kernel's memory (at an odd or even address), and in a plain array. */
function bothWays(text: string, shift = 0): { kernel: number[]; plain: number[] } {
  const { bytes: encoded } = encodeText(text);
  const area = scanArea(encoded.length + shift)!;
  area.set(encoded, shift);
  const inKernel = area.subarray(shift, shift + encoded.length);
  expect(kernelAddress(inKernel)).toBeGreaterThanOrEqual(0);
  const plain = new Uint8Array(encoded.length + shift).subarray(shift);
  plain.set(encoded);
  expect(kernelAddress(plain)).toBe(-1);
  const kernel = scans(inKernel);
  return { kernel, plain: scans(plain) };
}

/** Words of prose (long ASCII runs), every class the rule knows, and what stops a run. */
const PIECES = [
  "the quick brown fox jumps over ", "ground reaction force ", "the runner's stride, 1,000.5 steps at 3.5 m/s - again and again ".repeat(3), "a", "Z", "q", "0", "9", "'", "-", ".", ",", " ", "  ", "\t", ":", "_",
  "@", "{", "~", "/", "\u007f", "\u0000", "#", "$", "%", "<", "[", "\\", "]", "`", "\n", "don't", "state-of-the-art", "1,000.5",
  "3.", ".5", "a-", "-b", "x'", "é", "слово", "Ж", "日本", "e\u0301", "it’s", "a‐b", "😀", "\u00a0",
];
const texts = fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }).map((parts) => parts.join(""));

describe("the word kernel (WebAssembly)", () => {
  it("is the compiled form of wordkernel.wat", async () => {
    expect(Array.from(await compileWordKernel())).toEqual(Array.from(WORD_KERNEL));
  });

  it("runs here (Node 20 has WebAssembly SIMD), so the tests below exercise it", () => {
    expect(wordKernel()).not.toBeNull();
  });

  it("counts as the JavaScript paths do, with the same stops, on any text", () => {
    fc.assert(
      fc.property(texts, fc.integer({ min: 0, max: 17 }), (text, shift) => {
        const { kernel, plain } = bothWays(text, shift);
        expect(kernel).toEqual(plain);
      }),
      { numRuns: 3000 },
    );
  });

  it("counts as the JavaScript paths do for every three characters across a block's edge, after every state", () => {
    const chars = ["a", "0", "'", "-", ".", " ", "#", "é"];
    // The kernel runs on the first 140 bytes and stops at the lead; the JavaScript reads the lead and up to eight
    // bytes more, in whatever state they leave, and calls the kernel again from there. Every length of padding
    // puts the three characters before that call, across it, or across the edge of one of its blocks.
    const head = "w ".repeat(70);
    const tail = " and some more words to run on".repeat(6);
    for (const lead of ["é", "#", "Ж"]) {
      for (const a of chars) for (const b of chars) for (const c of chars) {
        for (let pad = 0; pad < 26; pad++) {
          const text = `${head}${lead}${"w".repeat(pad)}${a}${b}${c}${tail}`;
          const { kernel, plain } = bothWays(text);
          if (kernel.join() !== plain.join()) expect({ text, kernel }).toEqual({ text, plain });
        }
      }
    }
  });

  it("counts long prose exactly", () => {
    const sentence = "Ground reaction force peaks at 2.5 times body weight, don't you know; state-of-the-art 1,000.5 kg. ";
    const text = sentence.repeat(500);
    const { kernel, plain } = bothWays(text);
    expect(kernel).toEqual(plain);
    // 15 words a sentence, counted by hand: Ground reaction force peaks at 2.5 times body weight don't you know state-of-the-art 1,000.5 kg
    expect(plain.at(-2)).toBe(15 * 500);
  });

  it("gives a view that grows with the text asked for, and every text in it is counted", () => {
    const big = "word ".repeat(300_000); // 1.5 MB: more memory than the module starts with
    const { kernel, plain } = bothWays(big);
    expect(kernel).toEqual(plain);
    expect(plain.at(-2)).toBe(300_000);
  });
});
