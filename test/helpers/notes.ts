import { buildRecord, recordContext } from "../../src/core/records";
import { defaultSettings } from "../../src/core/defaults";
import type { LinkResolver, NoteRecord, ParsedLink, ParsedNote, Settings } from "../../src/core/types";

/** A parsed note for tests; links given as `[[x]]`-style link texts ("x", "x#h"), all in the body. */
export function parsed(
  path: string,
  options: {
    frontmatter?: Record<string, unknown> | null;
    tags?: string[];
    links?: (string | ParsedLink)[];
    latin?: number;
    cyrillic?: number;
    errors?: string[];
  } = {},
): ParsedNote {
  return {
    path,
    frontmatter: options.frontmatter === undefined ? null : options.frontmatter,
    tags: options.tags ?? [],
    links: (options.links ?? []).map((l) => (typeof l === "string" ? { link: l, source: "body" as const } : l)),
    words: { latin: options.latin ?? 0, cyrillic: options.cyrillic ?? 0 },
    errors: options.errors ?? [],
  };
}

/** Resolves a link path by exact path, then by basename (case-insensitive) among `paths`. */
export function simpleResolver(paths: readonly string[]): LinkResolver {
  const bare = (p: string) => p.toLowerCase().replace(/\.md$/, "");
  const byPath = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const p of paths) {
    if (!byPath.has(bare(p))) byPath.set(bare(p), p);
    const name = bare(p).split("/").pop()!;
    if (!byName.has(name)) byName.set(name, p);
  }
  return (linkpath, source) => (linkpath === "" ? source : byPath.get(bare(linkpath)) ?? byName.get(bare(linkpath)) ?? null);
}

/** Records for a set of parsed notes, resolved against each other. */
export function records(notes: ParsedNote[], settings: Settings = defaultSettings()): NoteRecord[] {
  const ctx = recordContext(settings);
  const resolve = simpleResolver(notes.map((n) => n.path));
  return notes.map((n) => buildRecord(n, ctx, resolve));
}

export function record(note: ParsedNote, settings: Settings = defaultSettings(), others: string[] = []): NoteRecord {
  return buildRecord(note, recordContext(settings), simpleResolver([note.path, ...others]));
}
