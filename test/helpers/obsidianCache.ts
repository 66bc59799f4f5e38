import { CORE_SCHEMA, load } from "js-yaml";
import type { CachedMetadata, FrontmatterLinkCache, Loc, Pos, ReferenceCache, TagCache } from "../__mocks__/obsidian";

/**
 * What Obsidian's metadata cache makes of a note's text, for tests: frontmatter (dropped silently when the YAML
 * does not parse, as the app does), frontmatter links, links, embeds and tags with their positions.
 *
 * This is written independently of the CLI's reader (src/reader/markdown.ts), on purpose: the plugin's adapter
 * reads these caches, the CLI reads the text, and the equivalence test holds the two to the same records. It is
 * checked against the caches the real app produced (test/fixtures/obsidian-metadata/) in its own test.
 *
 * A tag starts at a line start, after whitespace, or right after an escaped character (`\[\[#x` is the tag `#x`).
 * Masked (no links or tags inside): fenced code, inline code, `$…$` and `$$…$$` math, `<!-- -->` comments.
 * Kept: `%%…%%` comments (the app indexes them).
 */
export function cachedMetadataOf(_path: string, text: string): CachedMetadata {
  const cache: CachedMetadata = {};
  const lines = lineStarts(text);
  const loc = (offset: number): Loc => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, col: offset - lines[lo], offset };
  };
  const pos = (start: number, end: number): Pos => ({ start: loc(start), end: loc(end) });

  let bodyStart = 0;
  const fm = /^---[ \t]*\r?\n([\s\S]*?)^---[ \t]*\r?$/m.exec(text);
  if (fm && fm.index === 0) {
    bodyStart = fm[0].length;
    cache.frontmatterPosition = pos(0, fm[0].length);
    let value: unknown = undefined;
    try {
      value = load(fm[1], { schema: CORE_SCHEMA });
    } catch {
      value = undefined;
    }
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const frontmatter = value as Record<string, unknown>;
      cache.frontmatter = frontmatter;
      const links: FrontmatterLinkCache[] = [];
      for (const [key, v] of Object.entries(frontmatter)) {
        if (typeof v === "string") {
          const link = wholeWikilink(v);
          if (link) links.push({ key, link: link.link, original: v, displayText: link.display });
        } else if (Array.isArray(v)) {
          v.forEach((item, i) => {
            if (typeof item !== "string") return;
            const link = wholeWikilink(item);
            if (link) links.push({ key: `${key}.${i}`, link: link.link, original: item, displayText: link.display });
          });
        }
      }
      if (links.length) cache.frontmatterLinks = links;
    }
  }

  const body = mask(text, bodyStart);
  const links: ReferenceCache[] = [];
  const embeds: ReferenceCache[] = [];
  const tags: TagCache[] = [];

  for (const m of body.matchAll(/(!?)\[\[([^\]\n]+?)\]\]/g)) {
    const inner = m[2];
    const bar = inner.search(/\\?\|/);
    const link = (bar < 0 ? inner : inner.slice(0, bar)).trim();
    if (!link) continue;
    const start = m.index;
    const ref: ReferenceCache = { link, original: text.slice(start, start + m[0].length), displayText: bar < 0 ? link : inner.slice(bar + 1).replace(/^\|/, ""), position: pos(start, start + m[0].length) };
    (m[1] ? embeds : links).push(ref);
  }
  for (const m of body.matchAll(/(!?)\[([^\]\n]*)\]\(([^)\n]*)\)/g)) {
    let dest = m[3].trim();
    if (dest.startsWith("<")) dest = dest.slice(1, dest.indexOf(">") < 0 ? undefined : dest.indexOf(">"));
    else dest = dest.split(/\s+"/)[0]!;
    if (dest === "" || /^[a-z][a-z0-9+.-]*:/i.test(dest)) continue;
    try {
      dest = decodeURIComponent(dest);
    } catch {
      // kept as written
    }
    const start = m.index;
    const ref: ReferenceCache = { link: dest, original: text.slice(start, start + m[0].length), displayText: m[2], position: pos(start, start + m[0].length) };
    (m[1] ? embeds : links).push(ref);
  }
  for (const m of body.matchAll(/(^|\s|\\[^\s])#([^\s!"#$%&'()*+,.:;<=>?@[\]^`{|}~\\\u2000-\u206f\u3000-\u303f]+)/gu)) {
    const tag = m[2];
    if (/^\d+$/.test(tag)) continue;
    const start = m.index + m[1].length;
    tags.push({ tag: `#${tag}`, position: pos(start, start + tag.length + 1) });
  }
  const byOffset = (a: { position: Pos }, b: { position: Pos }) => a.position.start.offset - b.position.start.offset;
  if (links.length) cache.links = links.sort(byOffset);
  if (embeds.length) cache.embeds = embeds.sort(byOffset);
  if (tags.length) cache.tags = tags.sort(byOffset);
  return cache;
}

function wholeWikilink(value: string): { link: string; display: string } | null {
  const m = /^!?\[\[([^\]\n]+)\]\]$/.exec(value.trim());
  if (!m) return null;
  const [link, display] = m[1].split("|");
  return link.trim() ? { link: link.trim(), display: (display ?? link).trim() } : null;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** The text with every region the app does not index replaced by spaces (offsets kept). */
function mask(text: string, bodyStart: number): string {
  const chars = text.split("");
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (chars[i] !== "\n") chars[i] = " ";
  };
  blank(0, bodyStart);
  // Fenced code blocks.
  const fence = /^( {0,3})(`{3,}|~{3,})[^\n]*\n/gm;
  fence.lastIndex = bodyStart;
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    const marker = m[2];
    const close = new RegExp(`^ {0,3}${marker[0] === "`" ? "`" : "~"}{${marker.length},}[ \\t]*$`, "m");
    const rest = text.slice(m.index + m[0].length);
    const end = close.exec(rest);
    const to = end ? m.index + m[0].length + end.index + end[0].length : text.length;
    blank(m.index, to);
    fence.lastIndex = to;
  }
  let masked = chars.join("");
  const region = (re: RegExp) => {
    masked = masked.replace(re, (s) => s.replace(/[^\n]/g, " "));
  };
  region(/<!--[\s\S]*?(-->|$)/g);
  region(/\$\$[\s\S]*?\$\$/g);
  region(/(`+)[^`\n][\s\S]*?\1/g);
  region(/\$(?=\S)[^$\n]*?\S\$(?!\d)/g);
  return masked;
}
