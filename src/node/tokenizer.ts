import { ownText } from "../reader/markdown";

/**
 * The CLI's `--exact-tokens`: a real tokenizer (gpt-tokenizer's o200k_base, the GPT-4o / o-series encoding)
 * instead of the word-based estimate of spec §2. Loaded only when asked for (it is a few MB of ranks), and run on
 * the same own text the word count sees (`ownText`), so the two figures describe the same text.
 */

export type TokenCounter = (text: string) => number;

/** No special tokens: `<|endoftext|>` written in a note is text like any other, not a reason to throw. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

export async function loadExactCounter(): Promise<TokenCounter> {
  const { countTokens } = await import("gpt-tokenizer/encoding/o200k_base");
  return (text: string) => countTokens(text, AS_TEXT);
}

/** Exact tokens of a note's own text (its body without frontmatter, code and comments). */
export function exactTokensOf(markdown: string, count: TokenCounter): number {
  return count(ownText(markdown));
}
