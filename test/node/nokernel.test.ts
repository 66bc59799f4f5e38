import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readVaultSync } from "../../src/node/vault";
import { wordKernel } from "../../src/reader/kernel";
import { parseMarkdown } from "../../src/reader/markdown";

/**
 * Where WebAssembly SIMD is missing (an old mobile WebView), the reader has no kernel: the CLI reads files into a
 * buffer of its own and the word counter takes the JavaScript path. Everything must read as with the kernel.
 */
vi.mock("../../src/reader/kernel", () => ({
  wordKernel: () => null,
  scanArea: () => null,
  kernelAddress: () => -1,
  takeCount: () => 0,
}));

const EXAMPLE = join(import.meta.dirname, "../../examples/sports-science");
let vault: string;

beforeAll(() => {
  vault = join(mkdtempSync(join(tmpdir(), "kl-nokernel-")), "vault");
  cpSync(EXAMPLE, vault, { recursive: true });
  // Longer than the first read (1 MB): the buffer grows and keeps what was read.
  writeFileSync(join(vault, "Big prose.md"), "---\nlayer: facts\n---\n" + "The foot strikes the ground, and the force rises. ".repeat(60_000));
});

afterAll(() => rmSync(join(vault, ".."), { recursive: true, force: true }));

describe("reading without the WebAssembly kernel", () => {
  it("has no kernel in this file", () => {
    expect(wordKernel()).toBeNull();
  });

  it("reads every note as parsing its text does, a note longer than the first read too", () => {
    const read = readVaultSync(vault);
    expect(read.notes.length).toBeGreaterThan(80);
    for (const note of read.notes) {
      const text = readFileSync(join(vault, note.path), "utf8");
      expect(note).toEqual(parseMarkdown(note.path, text));
    }
    const big = read.notes.find((n) => n.path === "Big prose.md")!;
    expect(big.words.latin).toBe(9 * 60_000);
    expect(big.frontmatter).toEqual({ layer: "facts" });
  });
});
