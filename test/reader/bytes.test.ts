import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitFrontmatter, splitFrontmatterBytes } from "../../src/reader/frontmatter";
import { countWords, ownText, ownTextBytes, parseMarkdown, parseMarkdownBytes } from "../../src/reader/markdown";
import { codePointBefore, decodeAt, decodeRange, encodeForScan, encodeText } from "../../src/reader/utf8";
import * as reference from "./reference/markdown";
import { countWords as referenceCountWords } from "./reference/words";

/**
 * The reader scans UTF-8 bytes. It must give exactly what the string scanner it replaced gave (kept as
 * `./reference/`, the version the oracle tests were written against): on any string, including lone surrogates,
 * byte order marks and CRLF, and on any bytes a file may hold, malformed UTF-8 included, read as the decoded text.
 */

const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** Markdown constructs, words in several scripts, and every character class the word counter knows. */
const PIECES = [
  "word", "Word", "слово", "Ёлка", "日本", "カナ", "don't", "it’s", "a‐b", "x‑y", "1,000.5", "3.", ".5", "٣.٤", "e\u0301", "\u0301",
  "𝐀𝐁", "𠀀", "😀", "\u00a0", "\u2003", "\u3000", "\u2028", "\ufeff", "\ufffd", "\ud800", "\udc00", "\udbff\udfff", "é",
  " ", "\t", "\n", "\r\n", "\r", "\n\n", "    ", "#", "#tag", "#日本", "#123", "#a#b", "[[", "]]", "[[a|b]]", "[[c]]", "[[d\\|e]]",
  "[t](d.md)", "[t](<a b.md> 'x')", "(", ")", "![e](f.png)", "![[g]]", "!", "`", "``", "```\n", "~~~\n", "$", "$m$", "$$",
  "%%", "%", "<!--", "-->", "<b>", "</b>", "<script>", "</SCRIPT>", "<pre ", "\\", "\\#", "\\[", "[", "]", "---\n", "---",
  "> ", "- ", "1. ", "-", "'", ".", ",", "|", '"', "\u0000", "\u007f", "https://x.y", "%20",
];

const markdownish = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) }), {
    maxLength: 50,
  })
  .map((parts) => parts.join(""));

const anyText = fc.oneof(markdownish, fc.string({ unit: "binary", maxLength: 200 }), fc.string({ unit: "grapheme", maxLength: 200 }));

/** Byte soup: valid UTF-8 pieces, ASCII Markdown, and malformed sequences (lone continuations, truncations, overlongs, surrogates, > U+10FFFF). */
const MALFORMED = [[0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xc2], [0xe2, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf],
  [0xf0, 0x80, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf5], [0xff], [0xf0, 0x9f, 0x98], [0xef, 0xbb, 0xbf], [0xc2, 0xa0], [0xe3, 0x80, 0x80]];
const bytesArb = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...PIECES).map((p) => Array.from(new TextEncoder().encode(p))) },
      { weight: 2, arbitrary: fc.constantFrom(...MALFORMED) },
      { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 6 }) },
    ),
    { maxLength: 60 },
  )
  .map((parts) => Uint8Array.from(parts.flat()));

describe("the byte reader gives what the string reader gave", () => {
  it("on any string: the parsed note, the own text and the word count", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(parseMarkdown("a/b.md", text)).toEqual(reference.parseMarkdown("a/b.md", text));
        expect(ownText(text)).toBe(reference.ownText(text));
        expect(countWords(text)).toEqual(referenceCountWords(text));
      }),
      { numRuns: 6000 },
    );
  });

  it("on any bytes, against the text they decode to, wherever the bytes lie in memory", () => {
    fc.assert(
      fc.property(bytesArb, fc.integer({ min: 0, max: 3 }), (bytes, offset) => {
        const text = decoder.decode(bytes);
        // The word scanner reads two bytes at a time from even addresses: an odd start must not matter.
        const placed = new Uint8Array(offset + bytes.length + 1).fill(0x61).subarray(offset, offset + bytes.length);
        placed.set(bytes);
        expect(parseMarkdownBytes("a/b.md", placed)).toEqual(reference.parseMarkdown("a/b.md", text));
        expect(ownTextBytes(placed)).toBe(reference.ownText(text));
      }),
      { numRuns: 6000 },
    );
  });

  it("on the examples that pin the corner cases", () => {
    const cases = [
      "\ufeff\ufeff---\na: 1\n---\nbody",
      "---\r\ntags:\r\n  - x\r\nlink: \"[[Ёлка|ель]]\"\r\n---\r\n#тег и [[日本]]\r\n",
      "a\udc00b \ud800x \udbff\udfffy #t\udc00g [[l\ud800k]]",
      "#a\u00a0#b #c\u2003d #e\u3000f x#g \u00a0#h",
      "1.٣ ٣.٤ 𝟙.5 a’b a‐‐b don’t’",
      "$ x$ $x $ $x\u00a0$ $x\\$ $x$1 $x$$",
      "```\u00a0\ncode\n```\u2003\nafter",
      "<pre\u00a0x>\nhidden\n</PRE>\nshown <textarea>x",
      "[a](<b c>) [a](b\\ c) [é](ü.md \"t\") ![[emb|alias]]",
      "%%hidden [[but-linked]] #tagged%% shown",
    ];
    for (const text of cases) {
      expect(parseMarkdown("n.md", text)).toEqual(reference.parseMarkdown("n.md", text));
      expect(ownText(text)).toBe(reference.ownText(text));
    }
  });
});

describe("UTF-8", () => {
  it("decodes as TextDecoder does, each malformed byte as one U+FFFD", () => {
    fc.assert(
      fc.property(bytesArb, (bytes) => {
        const units: string[] = [];
        for (let i = 0; i < bytes.length; ) {
          const d = decodeAt(bytes, i, false);
          units.push(String.fromCodePoint(d & 0x1fffff));
          i += d >>> 21;
        }
        // TextDecoder may give one U+FFFD for several malformed bytes; compare with runs of U+FFFD merged.
        const merge = (s: string) => s.replace(/\ufffd+/g, "\ufffd");
        expect(merge(units.join(""))).toBe(merge(decoder.decode(bytes)));
      }),
      { numRuns: 3000 },
    );
  });

  it("finds the character before a position as decoding forward does", () => {
    fc.assert(
      fc.property(bytesArb, (bytes) => {
        const before = new Map<number, number>();
        for (let i = 0; i < bytes.length; ) {
          const d = decodeAt(bytes, i, false);
          i += d >>> 21;
          before.set(i, d & 0x1fffff);
        }
        for (const [end, cp] of before) {
          // Malformed bytes may be grouped differently; both readings are U+FFFD.
          expect(codePointBefore(bytes, end, false)).toBe(cp);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("round-trips any string through encodeText and decodeRange, lone surrogates included", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const { bytes, wtf8 } = encodeText(text);
        expect(decodeRange(bytes, 0, bytes.length, wtf8)).toBe(text);
      }),
      { numRuns: 3000 },
    );
    expect(encodeText("a\ud800").wtf8).toBe(true);
    expect(encodeText("a\ud83d\ude00").wtf8).toBe(false);
  });

  it("encodes into a reused buffer exactly what a fresh encoding gives, whatever was encoded before", () => {
    fc.assert(
      fc.property(fc.array(anyText, { minLength: 1, maxLength: 4 }), (texts) => {
        for (const text of texts) {
          const fresh = encodeText(text);
          const reused = encodeForScan(text);
          expect(reused.wtf8).toBe(fresh.wtf8);
          expect(Array.from(reused.bytes)).toEqual(Array.from(fresh.bytes));
        }
      }),
      { numRuns: 2000 },
    );
    // A long note then a short one: nothing of the first may leak into the second.
    const long = `---\ntags: [a]\n---\n${"[[x]] слово word ".repeat(5000)}`;
    parseMarkdown("long.md", long);
    expect(parseMarkdown("short.md", "#t [[y]]")).toEqual(reference.parseMarkdown("short.md", "#t [[y]]"));
  });

  it("finds the frontmatter where the string reader finds it", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("---", "--- ", "---\t\r", "----", "a: 1", "ü: é", "", "\r"), { maxLength: 8 }), fc.constantFrom("\n", "\r\n"), (lines, eol) => {
        const text = lines.join(eol);
        const { bytes } = encodeText(text);
        const split = splitFrontmatterBytes(bytes, 0);
        const expected = splitFrontmatter(text);
        expect(split === null ? null : decoder.decode(bytes.subarray(split.yamlStart, split.yamlEnd))).toBe(expected.yaml);
        expect(decoder.decode(bytes.subarray(0, split === null ? 0 : split.bodyStart)).length).toBe(expected.bodyStart);
      }),
      { numRuns: 2000 },
    );
  });
});
