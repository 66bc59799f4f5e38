// @vitest-environment happy-dom
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type * as Obsidian from "obsidian";
import { analyze, buildRecords } from "../../src/core/analysis";
import { parseSettings } from "../../src/core/settings";
import type { NoteRecord, ParsedNote } from "../../src/core/types";
import { readVault } from "../../src/node/vault";
import { bodyLinks, parsedNoteFromCache } from "../../src/plugin/adapter";
import { parseMarkdown } from "../../src/reader/markdown";
import { createResolver } from "../../src/reader/resolve";
import { App, getAllTags } from "../__mocks__/obsidian";
import type { CachedMetadata } from "../__mocks__/obsidian";
import { cachedMetadataOf } from "../helpers/obsidianCache";
import { filesOf, liveIndex } from "../helpers/plugin";

/**
 * The plugin's adapter (Obsidian's metadata cache → parsed note) and the CLI's reader (text → parsed note) must
 * give the same parsed notes, the same note records and the same analysis. Checked on every note of the example
 * vault (its caches built by the simulator, which is itself checked against the real app), and on the caches
 * the real app produced (test/fixtures/obsidian-metadata/).
 */

const VAULT = join(import.meta.dirname, "../../examples/sports-science");
const ORACLE_DIR = join(import.meta.dirname, "../fixtures/obsidian-metadata");
/** Recorded caches of notes that matter to the plugin (bad YAML, the report note, frontmatter links, Cyrillic, …). */
const PLUGIN_FIXTURES = join(import.meta.dirname, "../fixtures/plugin-cache");

interface CacheFixture {
  about?: string;
  filePath: string;
  fileContents: string;
  cachedMetadata: CachedMetadata;
  getAllTags: string[];
}

function fixturesIn(dir: string): [string, CacheFixture][] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(join(dir, f), "utf8")) as CacheFixture]);
}

const cacheOf = (c: CachedMetadata) => c as unknown as Obsidian.CachedMetadata;

function adapt(path: string, text: string | null, cache: CachedMetadata = cachedMetadataOf(path, text ?? "")): ParsedNote {
  return parsedNoteFromCache({ path, cache: cacheOf(cache), text, allTags: getAllTags(cache) });
}

/** Plain data (the reader's frontmatter objects have no prototype; the cache's do). */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const vaultFiles = filesOf(VAULT);
const vaultNotes = Object.keys(vaultFiles).filter((p) => p.endsWith(".md"));

describe("the adapter gives the reader's parsed note", () => {
  it("on a vault that has notes", () => {
    expect(vaultNotes.length).toBeGreaterThanOrEqual(50);
  });

  it.each(vaultNotes)("example vault: %s", (path) => {
    const text = vaultFiles[path];
    expect(plain(adapt(path, text))).toEqual(plain(parseMarkdown(path, text)));
  });

  it.each(fixturesIn(ORACLE_DIR))("the real app's cache: %s", (_name, fx) => {
    const fromCache = parsedNoteFromCache({ path: fx.filePath, cache: cacheOf(fx.cachedMetadata), text: fx.fileContents, allTags: fx.getAllTags });
    expect(plain(fromCache)).toEqual(plain(parseMarkdown(fx.filePath, fx.fileContents)));
  });

  it.each(fixturesIn(PLUGIN_FIXTURES))("a recorded cache: %s", (_name, fx) => {
    const fromCache = parsedNoteFromCache({ path: fx.filePath, cache: cacheOf(fx.cachedMetadata), text: fx.fileContents, allTags: fx.getAllTags });
    expect(plain(fromCache)).toEqual(plain(parseMarkdown(fx.filePath, fx.fileContents)));
  });
});

describe("the live index over the recorded caches", () => {
  it("counts what the CLI counts, leaves the report out, and turns bad YAML into an unreadable gap", async () => {
    const fixtures = fixturesIn(PLUGIN_FIXTURES).map(([, fx]) => fx);
    const caches = new Map(fixtures.map((fx) => [fx.filePath, fx.cachedMetadata]));
    const app = App.withFiles(Object.fromEntries(fixtures.map((fx) => [fx.filePath, fx.fileContents])), (path) => structuredClone(caches.get(path) ?? {}));
    const settings = parseSettings({}).settings;
    const live = await liveIndex(app, settings);
    const notes = fixtures.map((fx) => parseMarkdown(fx.filePath, fx.fileContents));
    const cli = analyze(buildRecords(notes, settings, createResolver(fixtures.map((fx) => fx.filePath))), settings);
    expect(plain(live.layerIndex.report())).toEqual(plain(cli.report()));
    expect(live.layerIndex.has("Knowledge layers report.md")).toBe(false);
    expect(live.layerIndex.noteGaps("Concepts/Bad yaml.md").map((g) => g.rule)).toContain("unreadable");
    expect(live.layerIndex.layerOf("Odd/Proto.md")).toBe("facts");
    expect(live.layerIndex.layerOf("Понятия/Центр давления.md")).toBe("concepts");
    expect(live.layerIndex.get("Facts/Peak force.md")?.requires.map((r) => r.target)).toEqual(["Impulse", "Ground reaction force"]);
  });
});

describe("the live index and the CLI agree on the example vault", () => {
  it("same note records and the same §6 analysis", async () => {
    const raw: unknown = JSON.parse(readFileSync(join(VAULT, ".obsidian/plugins/knowledge-layers/data.json"), "utf8"));
    const { settings, problems } = parseSettings(raw);
    expect(problems).toEqual([]);

    // The CLI: files read from disk, links resolved among every vault file.
    const read = await readVault(VAULT, { exclude: settings.exclude });
    const cliRecords = buildRecords(read.notes, settings, createResolver(read.files));
    const cliIndex = analyze(cliRecords, settings);

    // The plugin: the same files in a (mock) vault, the app's caches, the live index.
    const app = App.withFiles(vaultFiles);
    const live = await liveIndex(app, settings);
    const byPath = (a: NoteRecord, b: NoteRecord) => (a.path < b.path ? -1 : 1);

    expect(live.layerIndex.size).toBe(cliIndex.size);
    expect(plain(live.layerIndex.records().sort(byPath))).toEqual(plain([...cliRecords].sort(byPath)));
    expect(plain(live.layerIndex.report())).toEqual(plain(cliIndex.report()));
    expect(plain(live.layerIndex.graph())).toEqual(plain(cliIndex.graph()));
    // The vault's deliberate gaps are there (a sanity check that the comparison is not of two empty reports).
    const rules = new Set(live.layerIndex.report().gaps.map((g) => g.rule));
    for (const rule of ["orphan", "unresolved-link", "unknown-layer", "conflicting-layer", "prerequisite-cycle"]) expect(rules).toContain(rule);
  });
});

describe("parsedNoteFromCache", () => {
  it("turns frontmatter the app silently dropped into an unreadable error, keeping body tags and links", () => {
    const text = "---\nlayer: [facts\ntags: [a]\n---\nBody #b [[x]]\n";
    const cache = cachedMetadataOf("n.md", text);
    expect(cache.frontmatter).toBeUndefined();
    const note = adapt("n.md", text, cache);
    expect(note.frontmatter).toBeNull();
    expect(note.errors).toHaveLength(1);
    expect(note.tags).toEqual(["#b"]);
    expect(note.links).toEqual([{ link: "x", source: "body" }]);
    expect(plain(note)).toEqual(plain(parseMarkdown("n.md", text)));
  });

  it("ignores frontmatter tags and links the app read from YAML the reader rejects", () => {
    // A cache as the app might give it for YAML the reader refuses (a duplicate key).
    const text = "---\nlayer: facts\nlayer: logic\ntags: [a]\nsee: \"[[y]]\"\n---\n#b\n";
    const cache: CachedMetadata = {
      frontmatter: { layer: "logic", tags: ["a"], see: "[[y]]" },
      frontmatterLinks: [{ key: "see", link: "y", original: "[[y]]" }],
      tags: [{ tag: "#b", position: { start: { line: 6, col: 0, offset: 60 }, end: { line: 6, col: 2, offset: 62 } } }],
    };
    const note = adapt("n.md", text, cache);
    expect(note.frontmatter).toBeNull();
    expect(note.errors).toHaveLength(1);
    expect(note.tags).toEqual(["#b"]);
    expect(note.links).toEqual([]);
    expect(plain(note)).toEqual(plain(parseMarkdown("n.md", text)));
  });

  it("takes frontmatter from the text when the app's cache has none but the YAML is fine", () => {
    const text = "---\nlayer: facts\ntags: [a]\nsee: \"[[y]]\"\n---\n[[x]] #b\n";
    const bare = cachedMetadataOf("n.md", text);
    delete bare.frontmatter;
    delete bare.frontmatterLinks;
    const note = adapt("n.md", text, bare);
    expect(note.frontmatter).toEqual({ layer: "facts", tags: ["a"], see: "[[y]]" });
    expect(note.tags).toEqual(["#a", "#b"]);
    expect(note.links).toEqual([
      { link: "x", source: "body" },
      { link: "y", source: "frontmatter", key: "see" },
    ]);
  });

  it("makes a file that could not be read an unreadable note with no words", () => {
    const note = parsedNoteFromCache({ path: "n.md", cache: cacheOf({}), text: null, allTags: [], readError: "EIO" });
    expect(note.errors).toEqual(["EIO"]);
    expect(note.words).toEqual({ latin: 0, cyrillic: 0 });
  });

  it("counts words as the reader does, Cyrillic apart, without frontmatter, code or comments", () => {
    const text = "---\nlayer: facts\n---\nОдин два three\n\n```\ncode words here\n```\n<!-- hidden -->\nfour";
    expect(adapt("n.md", text).words).toEqual({ latin: 2, cyrillic: 2 });
    expect(adapt("n.md", "\ufeff" + text).words).toEqual({ latin: 2, cyrillic: 2 });
  });

  it("orders body links and embeds by position, frontmatter links last", () => {
    const text = "---\nup: \"[[z]]\"\n---\n![[img.png]] then [[a]] and ![[b]]\n";
    expect(adapt("n.md", text).links).toEqual([
      { link: "img.png", source: "embed" },
      { link: "a", source: "body" },
      { link: "b", source: "embed" },
      { link: "z", source: "frontmatter", key: "up" },
    ]);
    expect(bodyLinks(cacheOf({}))).toEqual([]);
  });
});
