import type { CachedMetadata } from "obsidian";
import type { ParsedLink, ParsedNote, WordCounts } from "../core/types";
import { parseFrontmatter, splitFrontmatter } from "../reader/frontmatter";
import { countWords, frontmatterLinks, frontmatterTags, ownText } from "../reader/markdown";

/**
 * Obsidian's metadata cache (+ the note's text) → a parsed note, the same value the CLI's Markdown reader gives
 * for the same file (a test holds the two to the same records on the example vault and on caches the real app
 * produced). Pure: `obsidian` is imported for its types only.
 *
 * - Tags and links come from the cache (`getAllTags` order; links and embeds by position, then frontmatter links).
 * - Words are counted on the note's own text with the reader's own counter, so both count the same.
 * - Frontmatter: the app silently drops YAML it cannot parse, so the text is checked with the reader's YAML
 *   reading; YAML the reader rejects is an `unreadable` error and the frontmatter (with its tags and links) is
 *   ignored, as the CLI does. YAML the reader accepts but the app dropped is taken from the reader.
 */

export interface CacheNote {
  path: string;
  cache: CachedMetadata;
  /** The file's text, or null when it could not be read. */
  text: string | null;
  /** What `getAllTags(cache)` returned. */
  allTags: readonly string[] | null;
  /** Why the file could not be read (when `text` is null). */
  readError?: string;
}

const NO_WORDS: WordCounts = { latin: 0, cyrillic: 0 };

export function parsedNoteFromCache(note: CacheNote): ParsedNote {
  const { path, cache } = note;
  const errors: string[] = [];
  const bodyTags = (cache.tags ?? []).map((t) => t.tag);
  const allTags = note.allTags ?? bodyTags;
  let frontmatter: Record<string, unknown> | null = cache.frontmatter ? { ...(cache.frontmatter as Record<string, unknown>) } : null;
  let fromReader = false;
  let words = NO_WORDS;

  if (note.text === null) {
    errors.push(note.readError ?? "the file could not be read");
  } else {
    const text = note.text.charCodeAt(0) === 0xfeff ? note.text.slice(1) : note.text;
    const { yaml } = splitFrontmatter(text);
    if (yaml !== null) {
      const parsed = parseFrontmatter(yaml);
      if (parsed.error !== null) {
        errors.push(parsed.error);
        frontmatter = null;
      } else if (parsed.value === null) {
        frontmatter = null;
      } else if (frontmatter === null) {
        frontmatter = parsed.value;
        fromReader = true;
      }
    } else {
      frontmatter = null;
    }
    words = countWords(ownText(note.text));
  }

  const links: ParsedLink[] = bodyLinks(cache);
  let tags: string[];
  if (frontmatter === null) tags = bodyTags;
  else if (fromReader) tags = [...frontmatterTags(frontmatter), ...bodyTags];
  else tags = [...allTags];
  if (frontmatter !== null) {
    if (fromReader) links.push(...frontmatterLinks(frontmatter));
    else for (const l of cache.frontmatterLinks ?? []) links.push({ link: l.link, source: "frontmatter", key: l.key });
  }
  return { path, frontmatter, tags, links, words, errors };
}

/** Links and embeds of the body, in the order they appear. */
export function bodyLinks(cache: CachedMetadata): ParsedLink[] {
  const refs: { offset: number; link: ParsedLink }[] = [];
  for (const l of cache.links ?? []) refs.push({ offset: l.position.start.offset, link: { link: l.link, source: "body" } });
  for (const l of cache.embeds ?? []) refs.push({ offset: l.position.start.offset, link: { link: l.link, source: "embed" } });
  refs.sort((a, b) => a.offset - b.offset);
  return refs.map((r) => r.link);
}
