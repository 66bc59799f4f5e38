import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { App, debounce, getAllTags, Keymap, LinkpathIndex, TFile } from "../__mocks__/obsidian";
import type { CachedMetadata } from "../__mocks__/obsidian";
import { cachedMetadataOf } from "../helpers/obsidianCache";

/**
 * The test doubles the plugin's tests stand on are checked against the real app: the cache simulator and the
 * mock's `getAllTags` against the caches Obsidian itself produced (test/fixtures/obsidian-metadata/).
 */

interface OracleFixture {
  filePath: string;
  fileContents: string;
  cachedMetadata: CachedMetadata;
  getAllTags: string[];
}

const ORACLE_DIR = join(import.meta.dirname, "../fixtures/obsidian-metadata");
const oracle: [string, OracleFixture][] = readdirSync(ORACLE_DIR)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(join(ORACLE_DIR, f), "utf8")) as OracleFixture]);

/** What the plugin reads from a cache: links and embeds with their offsets, tags, frontmatter and its links. */
function essentials(cache: CachedMetadata) {
  return {
    links: (cache.links ?? []).map((l) => [l.link, l.position.start.offset]),
    embeds: (cache.embeds ?? []).map((l) => [l.link, l.position.start.offset]),
    tags: (cache.tags ?? []).map((t) => [t.tag, t.position.start.offset]),
    frontmatter: cache.frontmatter ?? null,
    frontmatterLinks: (cache.frontmatterLinks ?? []).map((l) => [l.key, l.link]),
  };
}

describe("the cache simulator (test/helpers/obsidianCache.ts)", () => {
  it("has real caches to compare with", () => {
    expect(oracle.length).toBeGreaterThanOrEqual(40);
  });

  it.each(oracle)("gives what the real app gave for %s", (_name, fixture) => {
    expect(essentials(cachedMetadataOf(fixture.filePath, fixture.fileContents))).toEqual(essentials(fixture.cachedMetadata));
  });

  it("drops frontmatter that does not parse, as the app does", () => {
    const cache = cachedMetadataOf("a.md", "---\nlayer: [facts\n---\nBody #tag [[x]]\n");
    expect(cache.frontmatter).toBeUndefined();
    expect(cache.tags?.map((t) => t.tag)).toEqual(["#tag"]);
    expect(cache.links?.map((l) => l.link)).toEqual(["x"]);
  });
});

describe("the obsidian mock", () => {
  it.each(oracle)("getAllTags matches the real app on %s", (_name, fixture) => {
    expect(getAllTags(fixture.cachedMetadata)).toEqual(fixture.getAllTags);
  });

  it("resolves links by exact path, relative path, then name; ties: the same folder, then the shortest path", () => {
    const index = new LinkpathIndex(["a/Note.md", "b/c/Note.md", "x/y/z/Note.md", "Top.md", "b/Other.md", "img.png", "b/x.md"]);
    expect(index.resolve("b/c/Note", "z.md")).toBe("b/c/Note.md");
    expect(index.resolve("note", "b/c/y.md")).toBe("b/c/Note.md");
    expect(index.resolve("note", "q/y.md")).toBe("a/Note.md");
    expect(index.resolve("top", "b/c/y.md")).toBe("Top.md");
    expect(index.resolve("c/Note.md", "q/y.md")).toBe("b/c/Note.md");
    expect(index.resolve("../x", "b/c/y.md")).toBe("b/x.md");
    expect(index.resolve("IMG.png", "q.md")).toBe("img.png");
    expect(index.resolve("missing", "q.md")).toBeNull();
    expect(index.resolve("", "b/x.md")).toBe("b/x.md");
  });

  it("keeps caches, resolvedLinks and events in step with the vault", async () => {
    const app = App.withFiles({ "a.md": "[[b]] [[nowhere]]", "b.md": "text" });
    const changed: string[] = [];
    app.metadataCache.on("changed", (file: TFile) => changed.push(file.path));
    expect(app.metadataCache.resolvedLinks["a.md"]).toEqual({ "b.md": 1 });
    expect(app.metadataCache.unresolvedLinks["a.md"]).toEqual({ nowhere: 1 });
    await app.vault.create("nowhere.md", "");
    expect(app.metadataCache.resolvedLinks["a.md"]).toEqual({ "b.md": 1, "nowhere.md": 1 });
    expect(changed).toEqual(["nowhere.md"]);
  });

  it("processFrontMatter rewrites the YAML and keeps the body byte for byte", async () => {
    const app = App.withFiles({ "n.md": "---\nlayer: facts\nx: [1, 2]\n---\nBody\n\n  indented\n" });
    const file = app.vault.getFileByPath("n.md");
    if (!file) throw new Error("n.md is missing");
    await app.fileManager.processFrontMatter(file, (fm: Record<string, unknown>) => {
      fm.layer = "logic";
    });
    expect(app.vault.contentOf("n.md")).toBe("---\nlayer: logic\nx:\n  - 1\n  - 2\n---\nBody\n\n  indented\n");
  });

  it("debounce runs once after the last call, and run() flushes", async () => {
    let calls = 0;
    const d = debounce(() => calls++, 5, true);
    d();
    d();
    expect(calls).toBe(0);
    d.run();
    expect(calls).toBe(1);
    d();
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(2);
  });

  it("Keymap.isModEvent gives a new tab for Ctrl/Cmd or middle click", () => {
    expect(Keymap.isModEvent({ ctrlKey: true, metaKey: false, altKey: false, shiftKey: false, button: 0 } as MouseEvent)).toBe("tab");
    expect(Keymap.isModEvent({ ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, button: 1 } as MouseEvent)).toBe("tab");
    expect(Keymap.isModEvent({ ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, button: 0 } as MouseEvent)).toBe(false);
  });
});
