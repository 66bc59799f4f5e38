import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultSettings } from "../../src/core/defaults";
import { exactTokensOf, loadExactCounter, type TokenCounter } from "../../src/node/tokenizer";
import { readVaultSync } from "../../src/node/vault";
import { countWords, ownText } from "../../src/reader/markdown";

/**
 * `--exact-tokens` (o200k_base) against the default estimate of spec §2: 1.3 tokens per Latin word and 1.8 per
 * Cyrillic word. Prose fixtures (test/fixtures/prose): an English essay and Russian prose on the project's theme,
 * and the founding document itself (repaired from its double-encoded copy in shared/seed).
 */

const PROSE = join(import.meta.dirname, "../fixtures/prose");
const prose = (name: string) => readFileSync(join(PROSE, name), "utf8");
let count: TokenCounter;

beforeAll(async () => {
  count = await loadExactCounter();
});

function ratios(markdown: string) {
  const settings = defaultSettings();
  const own = ownText(markdown);
  const words = countWords(own);
  const exact = count(own);
  const estimate = words.latin * settings.tokensPerWord + words.cyrillic * settings.tokensPerWordCyrillic;
  return { words, exact, estimate, estimateOverExact: estimate / exact };
}

describe("the exact counter", () => {
  it("counts o200k_base tokens, treating special-token text as text", () => {
    expect(count("")).toBe(0);
    expect(count("hello world")).toBe(2);
    expect(count("a note that says <|endoftext|> in its body")).toBeGreaterThan(8);
  });

  it("runs on a note's own text, the same text the words are counted on", () => {
    const markdown = "---\ntitle: A long title that is not counted at all\n---\nTwo words\n```\nconst code = 'not counted';\n```\n";
    expect(exactTokensOf(markdown, count)).toBe(count(ownText(markdown)));
    expect(exactTokensOf(markdown, count)).toBe(count("Two words\n"));
  });

  it("fills exactTokens when the vault reader is given it", () => {
    const read = readVaultSync(PROSE, { countTokens: count });
    expect(read.notes.map((n) => n.path)).toEqual(["en-paper.md", "en-textbook.md", "en.md", "ru.md", "seed-ru.md"]);
    for (const n of read.notes) expect(n.exactTokens).toBe(count(ownText(prose(n.path))));
  });
});

describe("the default estimate against o200k_base", () => {
  it("is within ±12% on Russian prose (1.8 tokens per Cyrillic word)", () => {
    const ru = ratios(prose("ru.md"));
    expect(ru.words.latin).toBe(0);
    expect(ru.words.cyrillic).toBeGreaterThan(300);
    expect(ru.estimateOverExact).toBeGreaterThan(0.88);
    expect(ru.estimateOverExact).toBeLessThan(1.12);
    // Measured: 560 tokens for 315 words, 1.78 tokens per Cyrillic word.
    expect(ru.exact / ru.words.cyrillic).toBeCloseTo(1.78, 1);
  });

  it("is within ±12% on English prose: a textbook passage, a paper abstract, and the three passages together", () => {
    const textbook = ratios(prose("en-textbook.md"));
    const paper = ratios(prose("en-paper.md"));
    const essay = ratios(prose("en.md"));
    for (const r of [textbook, paper, essay]) {
      expect(r.words.cyrillic).toBe(0);
      expect(r.words.latin).toBeGreaterThan(200);
    }
    expect(textbook.estimateOverExact).toBeGreaterThan(0.88);
    expect(textbook.estimateOverExact).toBeLessThan(1.12);
    expect(paper.estimateOverExact).toBeGreaterThan(0.88);
    expect(paper.estimateOverExact).toBeLessThan(1.12);
    const words = textbook.words.latin + paper.words.latin + essay.words.latin;
    const exact = textbook.exact + paper.exact + essay.exact;
    const together = (words * defaultSettings().tokensPerWord) / exact;
    expect(together).toBeGreaterThan(0.88);
    expect(together).toBeLessThan(1.12);
    // Measured: textbook 1.21 and paper 1.29 o200k tokens per word (estimate 8% and 1% high); all three 1.09.
  });

  it("runs 10–20% high on plain, everyday English, where o200k needs only 1.1–1.2 tokens per word", () => {
    const en = ratios(prose("en.md"));
    // Measured: 482 tokens for 427 words (1.13 per word); the estimate of 555 is 15% high. Scientific prose, with its
    // numbers, symbols and longer words, costs more tokens per word; the spec's 1.3 sits between the two.
    expect(en.exact / en.words.latin).toBeGreaterThan(1.05);
    expect(en.exact / en.words.latin).toBeLessThan(1.2);
    expect(en.estimateOverExact).toBeGreaterThan(1.08);
    expect(en.estimateOverExact).toBeLessThan(1.25);
  });

  it("is far low on the founding document, whose tables, emoji and markup cost tokens but hold no words", () => {
    const seed = ratios(prose("seed-ru.md"));
    expect(seed.words.cyrillic).toBeGreaterThan(300);
    // Measured: 749 estimated against 1,209 exact, 0.62.
    expect(seed.estimateOverExact).toBeGreaterThan(0.5);
    expect(seed.estimateOverExact).toBeLessThan(0.75);
  });
});
