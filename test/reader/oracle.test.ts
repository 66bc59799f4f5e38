import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseMarkdown } from "../../src/reader/markdown";
import { createResolver, linkpathOf } from "../../src/reader/resolve";

/**
 * The oracle: notes together with the metadata cache the real Obsidian app produced for them
 * (test/fixtures/obsidian-metadata, from obsidian-tasks, MIT). The CLI's reader must find the same tags,
 * links, embeds, frontmatter links and frontmatter, so the CLI and the plugin agree on the same vault.
 */

interface CachedLink {
  link: string;
  original: string;
}

interface Fixture {
  filePath: string;
  fileContents: string;
  cachedMetadata: {
    links?: CachedLink[];
    embeds?: CachedLink[];
    frontmatterLinks?: (CachedLink & { key: string })[];
    frontmatter?: Record<string, unknown>;
  };
  getAllTags: string[] | null;
  resolveLinkToPath: Record<string, string | null>;
}

const DIR = join(import.meta.dirname, "../fixtures/obsidian-metadata");
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((file) => ({ file, data: JSON.parse(readFileSync(join(DIR, file), "utf8")) as Fixture }));

/** Every path the captured vault is known to hold: the fixtures' own paths and every resolved link target. */
const knownPaths = [
  ...new Set(
    fixtures.flatMap(({ data }) => [data.filePath, ...Object.values(data.resolveLinkToPath).filter((p): p is string => p !== null)]),
  ),
];

/** A plain object with sorted keys, so a null-prototype object compares equal to the captured JSON. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, plain((value as Record<string, unknown>)[k])]));
  }
  return value;
}

describe("the reader finds what Obsidian's metadata cache finds", () => {
  it("has the fixtures (a clean clone carries them)", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(46);
  });

  for (const { file, data } of fixtures) {
    it(file, () => {
      const note = parseMarkdown(data.filePath, data.fileContents);
      const cache = data.cachedMetadata;

      expect(note.errors).toEqual([]);
      expect(note.tags).toEqual(data.getAllTags ?? []);
      expect(note.links.filter((l) => l.source === "body").map((l) => l.link)).toEqual((cache.links ?? []).map((l) => l.link));
      expect(note.links.filter((l) => l.source === "embed").map((l) => l.link)).toEqual((cache.embeds ?? []).map((l) => l.link));
      expect(note.links.filter((l) => l.source === "frontmatter").map((l) => [l.key, l.link])).toEqual(
        (cache.frontmatterLinks ?? []).map((l) => [l.key, l.link]),
      );
      expect(plain(note.frontmatter)).toEqual(plain(cache.frontmatter ?? null));

      // Link resolution, against every path the captured vault is known to hold.
      const resolve = createResolver(knownPaths);
      for (const [link, expected] of Object.entries(data.resolveLinkToPath)) {
        expect({ link, resolved: resolve(linkpathOf(link), data.filePath) }).toEqual({ link, resolved: expected });
      }
    });
  }
});
