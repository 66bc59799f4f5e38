import type { ParsedLink, ParsedNote, WordCounts } from "../core/types";
import { parseFrontmatter, splitFrontmatterBytes } from "./frontmatter";
import { codePointAt, codePointBefore, decodeAt, decodeRange, encodeForScan, encodeText, indexOf2, indexOf3 } from "./utf8";
import { byteText, scanWords, type ByteText } from "./words";

export { countWords } from "./words";

/**
 * The CLI's Markdown reader: one note's text → a parsed note (frontmatter, tags, links, word counts), finding
 * exactly the tags and links Obsidian's metadata cache finds, so the CLI and the plugin agree (spec §2; the oracle
 * is `test/fixtures/obsidian-metadata/`, captured from the real app).
 *
 * Pure: no fs, no `obsidian`, no DOM (it also ships in the plugin bundle, which counts words with it).
 * Total: every function here returns an answer for every string and never throws.
 * Fast: one pass over the body's UTF-8 bytes that finds the inline constructs and counts the words at once (see
 * `words.ts`); only what it keeps (frontmatter, tags, links, own text) is ever decoded. Every forward search is
 * memoised or bounded by the line, so no input makes it quadratic. Text given as a string is encoded first
 * (`utf8.ts`), so the plugin, which has strings, and the CLI, which has bytes, run the same scanner.
 *
 * What Obsidian does, and so what this does:
 * - Frontmatter tags: Obsidian ≥ 1.9 reads only a *list* under `tags` (key in any case) as tags; a text value
 *   (`tags: a, b`) and the old `tag` key are ignored (`yaml_tags_with_two_values_on_one_line.json`: `getAllTags`
 *   gives the body tag only). `#` is added when missing. Frontmatter tags come first, then body tags in order.
 * - Inline tags: `#` then characters outside Unicode general/supplemental punctuation, ASCII punctuation other
 *   than `-` `_` `/`, and whitespace; at least one of them not a digit (`#123` is no tag). The `#` must start a
 *   text run: line start, after whitespace, or right after another inline token such as an escape (`\[\[#Escaped`
 *   gives `#Escaped`, `internal_heading_links.json`) or another tag (`#a#b` gives both).
 * - Links: `[[a#h|b]]` → `a#h`; `[t](a%20b.md#h)` → `a b.md#h` (percent-decoded; angle brackets and titles dropped;
 *   external URLs and empty destinations skipped); embeds `![[x]]`, `![](x.png)`; body links in position order.
 * - Frontmatter links: a property whose whole value is one internal link (key `key`), or a list item that is
 *   (key `key.N`, N from 0), as Obsidian ≥ 1.12 caches them; several links inside one text value are not cached.
 * - Nothing inside fenced or indented code, inline code, `$…$` / `$$…$$` math, `<!-- -->` comments, or raw HTML
 *   blocks (`<script>`, `<pre>`, `<style>`, `<textarea>`: never Markdown); everything inside `%%…%%` comments
 *   (Obsidian indexes them, `comments_markdown_style.json`).
 */

// ───────────────────────────── Public API ─────────────────────────────

/** Reads one note. `path` is vault-relative with forward slashes; `text` is the decoded file content. */
export function parseMarkdown(path: string, text: string): ParsedNote {
  const { bytes, wtf8 } = encodeForScan(text);
  return readNote(path, bytes, wtf8);
}

/**
 * Reads one note from its UTF-8 bytes, as `parseMarkdown` reads the same bytes decoded (malformed bytes read as
 * U+FFFD). The bytes are not kept: they may be a reused read buffer.
 */
export function parseMarkdownBytes(path: string, bytes: Uint8Array): ParsedNote {
  return readNote(path, bytes, false);
}

function readNote(path: string, b: Uint8Array, wtf8: boolean): ParsedNote {
  const errors: string[] = [];
  try {
    const start = bomLength(b);
    const split = splitFrontmatterBytes(b, start);
    let frontmatter: Record<string, unknown> | null = null;
    if (split !== null) {
      const fm = parseFrontmatter(decodeRange(b, split.yamlStart, split.yamlEnd, wtf8));
      frontmatter = fm.value;
      if (fm.error !== null) errors.push(fm.error);
    }
    const scan = new Scanner(b, wtf8, split === null ? start : split.bodyStart, false);
    scan.run();
    const links: ParsedLink[] = scan.sortedLinks();
    if (frontmatter !== null) links.push(...frontmatterLinks(frontmatter));
    return {
      path,
      frontmatter,
      tags: frontmatter === null ? scan.tags : [...frontmatterTags(frontmatter), ...scan.tags],
      links,
      words: { latin: scan.latin, cyrillic: scan.cyrillic },
      errors,
    };
  } catch (error) {
    // Unreachable by design; kept so that no note can ever stop a whole vault from being read.
    errors.push(`the reader failed on this note: ${error instanceof Error ? error.message : String(error)}`);
    return { path, frontmatter: null, tags: [], links: [], words: { latin: 0, cyrillic: 0 }, errors };
  }
}

/**
 * A note's own text: the body without frontmatter, fenced and indented code, HTML and `%%` comments, HTML tag
 * markup, link destinations and wikilink targets hidden behind an alias. Pieces are joined with newlines, so
 * `countWords(ownText(t))` equals `parseMarkdown(p, t).words` (the exact tokenizer runs on this text).
 */
export function ownText(text: string): string {
  const { bytes, wtf8 } = encodeForScan(text);
  return readOwnText(bytes, wtf8);
}

/** `ownText` of a note's UTF-8 bytes. */
export function ownTextBytes(bytes: Uint8Array): string {
  return readOwnText(bytes, false);
}

function readOwnText(b: Uint8Array, wtf8: boolean): string {
  try {
    const start = bomLength(b);
    const split = splitFrontmatterBytes(b, start);
    const scan = new Scanner(b, wtf8, split === null ? start : split.bodyStart, true);
    scan.run();
    return scan.ownText();
  } catch {
    return "";
  }
}

/** A leading byte order mark (U+FEFF) is not part of the note. */
function bomLength(b: Uint8Array): number {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
}

/** Frontmatter tags as `getAllTags` gives them (Obsidian ≥ 1.9): the first `tags` key (any case) holding a list. */
export function frontmatterTags(frontmatter: Record<string, unknown>): string[] {
  for (const key of Object.keys(frontmatter)) {
    if (key.toLowerCase() !== "tags") continue;
    const value = frontmatter[key];
    const out: string[] = [];
    if (Array.isArray(value)) {
      for (const item of value as unknown[]) {
        const text = typeof item === "string" ? item.trim() : typeof item === "number" && Number.isFinite(item) ? String(item) : "";
        if (text === "" || text === "#") continue;
        out.push(text.startsWith("#") ? text : `#${text}`);
      }
    }
    return out;
  }
  return [];
}

/** Links in frontmatter values: a value that is one internal link (`key`), or a list item that is (`key.N`). */
export function frontmatterLinks(frontmatter: Record<string, unknown>): ParsedLink[] {
  const out: ParsedLink[] = [];
  for (const key of Object.keys(frontmatter)) {
    const value = frontmatter[key];
    if (typeof value === "string") {
      const link = wholeValueLink(value);
      if (link !== null) out.push({ link, source: "frontmatter", key });
    } else if (Array.isArray(value)) {
      const list = value as unknown[];
      for (let i = 0; i < list.length; i++) {
        const item = list[i];
        if (typeof item !== "string") continue;
        const link = wholeValueLink(item);
        if (link !== null) out.push({ link, source: "frontmatter", key: `${key}.${i}` });
      }
    }
  }
  return out;
}

/** The link of a value that is exactly one wikilink (`[[x]]`, `![[x]]`) or one internal Markdown link. */
function wholeValueLink(value: string): string | null {
  let v = value.trim();
  if (v.includes("\n")) return null;
  if (v.startsWith("!")) v = v.slice(1);
  if (v.startsWith("[[")) {
    if (!v.endsWith("]]") || v.length < 5 || v.indexOf("]]", 2) !== v.length - 2) return null;
    const { bytes, wtf8 } = encodeText(v);
    const link = wikiTarget(bytes, wtf8, 2, bytes.length - 2);
    return link === "" ? null : link;
  }
  if (v.startsWith("[")) {
    const { bytes, wtf8 } = encodeText(v);
    const close = indexOf2(bytes, 0x5d /* ] */, 0x28 /* ( */, 0, bytes.length);
    if (close < 0) return null;
    const dest = parseDestination(bytes, wtf8, close + 2, bytes.length);
    if (dest === null || dest.end !== bytes.length) return null;
    return internalLink(dest.raw);
  }
  return null;
}

// ───────────────────────────── Links ─────────────────────────────

/** The `link` of wikilink content `b[from, to)`: the part before the first `|` (at `bar`), a table's `\|` too. */
function wikiTarget(b: Uint8Array, wtf8: boolean, from: number, to: number, bar = indexOfIn(b, 0x7c /* | */, from, to)): string {
  let end = bar < 0 ? to : bar;
  if (bar >= 0 && end > from && b[end - 1] === 0x5c /* \ */) end--;
  return decodeRange(b, from, end, wtf8).trim();
}

/** A Markdown link destination as Obsidian stores it, or null for an external or empty one. */
function internalLink(raw: string): string | null {
  const dest = unescapeBackslashes(raw.trim());
  if (dest === "" || hasScheme(dest) || dest.startsWith("//")) return null;
  return percentDecode(dest);
}

/** `scheme:` as in `https:`, `mailto:`, `obsidian:` (a URL, not a vault path). */
function hasScheme(s: string): boolean {
  if (!isAsciiLetter(s.charCodeAt(0))) return false;
  for (let i = 1; i < s.length && i < 40; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3a /* : */) return true;
    if (!(isAsciiLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2e || c === 0x2d)) return false;
  }
  return false;
}

function unescapeBackslashes(s: string): string {
  return s.includes("\\") ? s.replace(/\\([!-/:-@[-`{-~])/g, "$1") : s;
}

function percentDecode(s: string): string {
  if (!s.includes("%")) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Parses `(destination "title")` starting right after the `(` at `start`, on one line ending at `limit`.
 * Returns the raw destination and the index after the closing `)`, or null when it is not a link destination.
 * Only ASCII bytes matter here; every byte of a non-ASCII character is just part of the destination or title.
 */
function parseDestination(b: Uint8Array, wtf8: boolean, start: number, limit: number): { raw: string; end: number } | null {
  let i = start;
  while (i < limit && isSpaceOrTab(b[i])) i++;
  let rawStart: number;
  let rawEnd: number;
  if (b[i] === 0x3c /* < */) {
    let j = i + 1;
    while (j < limit) {
      const c = b[j];
      if (c === 0x3e /* > */) break;
      if (c === 0x3c) return null;
      j += c === 0x5c ? 2 : 1;
    }
    if (j >= limit) return null;
    rawStart = i + 1;
    rawEnd = j;
    i = j + 1;
  } else {
    let j = i;
    let depth = 0;
    while (j < limit) {
      const c = b[j];
      if (c <= 0x20 || c === 0x7f) break;
      if (c === 0x5c /* \ */) {
        j += 2;
        continue;
      }
      if (c === 0x28 /* ( */) {
        if (++depth > 32) return null;
      } else if (c === 0x29 /* ) */) {
        if (depth === 0) break;
        depth--;
      }
      j++;
    }
    if (j > limit) j = limit;
    rawStart = i;
    rawEnd = j;
    i = j;
  }
  const afterDest = i;
  while (i < limit && isSpaceOrTab(b[i])) i++;
  const q = b[i];
  if ((q === 0x22 || q === 0x27 || q === 0x28) && i > afterDest) {
    const closer = q === 0x28 ? 0x29 : q;
    let j = i + 1;
    while (j < limit && b[j] !== closer) j += b[j] === 0x5c ? 2 : 1;
    if (j >= limit) return null;
    i = j + 1;
    while (i < limit && isSpaceOrTab(b[i])) i++;
  }
  if (i >= limit || b[i] !== 0x29 /* ) */) return null;
  return { raw: decodeRange(b, rawStart, rawEnd, wtf8), end: i + 1 };
}

// ───────────────────────────── Characters ─────────────────────────────

function isSpaceOrTab(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** JavaScript's `\s` (where Obsidian's tag grammar stops). */
function isWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** ASCII characters a tag may hold: letters, digits, `-`, `_`, `/`. */
const TAG_ASCII = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) TAG_ASCII[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TAG_ASCII[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TAG_ASCII[c] = 1;
TAG_ASCII[0x2d] = 1;
TAG_ASCII[0x5f] = 1;
TAG_ASCII[0x2f] = 1;

/** Whether a non-ASCII character may be in a tag: anything but general/supplemental punctuation and whitespace. */
function isTagCodePoint(c: number): boolean {
  if ((c >= 0x2000 && c <= 0x206f) || (c >= 0x2e00 && c <= 0x2e7f)) return false;
  return !isWhitespace(c);
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function indexOfIn(b: Uint8Array, c: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (b[i] === c) return i;
  return -1;
}

/**
 * Whether `p` is where its line's content ends: at the `\n`, at a `\r` right before one (or before the end), or at
 * the end. Block structure is read from a line's first bytes, so a line's end is looked for only when needed.
 */
function atContentEnd(b: Uint8Array, p: number): boolean {
  const c = b[p];
  return p >= b.length || c === 0x0a || (c === 0x0d && (p + 1 >= b.length || b[p + 1] === 0x0a));
}

/** `-`, `*`, `+` or `1.`, `1)` followed by a space or the line end. */
function isListItem(b: Uint8Array, q: number): boolean {
  const c = b[q];
  if (c === 0x2d || c === 0x2a || c === 0x2b) return atContentEnd(b, q + 1) || isSpaceOrTab(b[q + 1]);
  let i = q;
  while (i - q < 9 && b[i] >= 0x30 && b[i] <= 0x39) i++;
  if (i === q || atContentEnd(b, i)) return false;
  const d = b[i];
  return (d === 0x2e || d === 0x29) && (atContentEnd(b, i + 1) || isSpaceOrTab(b[i + 1]));
}

/** An ATX heading: one to six `#`, then a space or the line end. */
function isHeading(b: Uint8Array, q: number): boolean {
  let i = q;
  while (b[i] === 0x23) i++;
  return i - q <= 6 && (atContentEnd(b, i) || isSpaceOrTab(b[i]));
}

/** Raw HTML blocks whose content is never Markdown: `<script>`, `<pre>`, `<style>`, `<textarea>`. */
const RAW_HTML_TAGS = ["script", "pre", "style", "textarea"].map((name) => Array.from(name, (ch) => ch.charCodeAt(0)));

/** The ASCII letters `name` at `i`, in any case. */
function hasTagName(b: Uint8Array, i: number, name: readonly number[], limit: number): boolean {
  if (i + name.length > limit) return false;
  // `| 0x20` lowercases an ASCII letter and maps no other byte onto a lowercase letter.
  for (let t = 0; t < name.length; t++) if ((b[i + t] | 0x20) !== name[t]) return false;
  return true;
}

/** `<script`, `<pre`, `<style` or `<textarea` (any case) at `q`, then whitespace, `>` or the line end. */
function isRawHtmlOpen(b: Uint8Array, wtf8: boolean, q: number): boolean {
  for (const name of RAW_HTML_TAGS) {
    if (!hasTagName(b, q + 1, name, b.length)) continue;
    const j = q + 1 + name.length;
    if (atContentEnd(b, j) || b[j] === 0x3e /* > */ || isWhitespace(codePointAt(b, j, wtf8))) return true;
  }
  return false;
}

/** The first closing tag `</script>`, `</pre>`, `</style>` or `</textarea>` (any case) from `from`, or -1. */
function rawHtmlClose(b: Uint8Array, from: number, end: number): number {
  let i = from;
  while (i < end) {
    i = indexOf2(b, 0x3c /* < */, 0x2f /* / */, i, end);
    if (i < 0) return -1;
    for (const name of RAW_HTML_TAGS) {
      if (hasTagName(b, i + 2, name, end) && b[i + 2 + name.length] === 0x3e) return i;
    }
    i++;
  }
  return -1;
}

// ───────────────────────────── The body scanner ─────────────────────────────

const NONE = 0x7fffffff;
const MAX_BRACKETS = 64;
/** Where words inside `%%` comments are counted: nowhere. */
const DISCARD: WordCounts = { latin: 0, cyrillic: 0 };

/**
 * One pass over a note body's bytes. Block structure (fenced code, indented code, lists) is read line by line;
 * within a line, the word automaton (`scanWords`) counts words and stops at the characters that may start an
 * inline construct (`#[]`$%<\`). Text a construct shows (a tag, a code span, math, a wikilink's alias) is counted
 * where it stands; text it hides (a link destination, an HTML comment) is skipped. In `collect` mode the same
 * walk also records the pieces of own text between the hidden parts, for `ownText`.
 *
 * Every position is a byte offset. Each one the scanner stops at, slices at or compares is an ASCII byte, the
 * start of a line, or the end, so a slice always holds whole characters.
 */
class Scanner implements WordCounts {
  readonly tags: string[] = [];
  latin = 0;
  cyrillic = 0;

  private readonly b: Uint8Array;
  private readonly wtf8: boolean;
  /** The bytes as the word scanner reads them. */
  private readonly text: ByteText;
  private readonly end: number;
  /** `collect` mode: the own text, as `from, to` byte ranges. */
  private readonly pieces: number[] | null;
  /** Body links and embeds as found, and where each starts (Markdown links are found after what they contain). */
  private readonly links: ParsedLink[] = [];
  private readonly linkPos: number[] = [];
  private unsorted = false;
  private pos: number;
  /** The line loop resumes in the middle of a line (after a construct spanning lines). */
  private midLine = false;
  /** Inside `%% … %%`: indexed for tags and links, but not own text. */
  private inPercent = false;
  /** Position right after the last inline token: a `#` here starts a tag. */
  private boundary = -1;
  /** `collect` mode: start of the own text not yet recorded. */
  private textStart: number;
  /** Memoised positions of the next closer (NONE: there is none further on). */
  private nextWikiClose = -1;
  private nextDisplayMath = -1;
  private nextCommentClose = -1;
  private nextDollar = -1;
  private nextGt = -1;
  /** The current line's backtick runs by length (see `backtickRuns`). */
  private runs = new Map<number, { starts: number[]; cursor: number }>();
  private runsLine = -1;
  /** Open `[` (its position) and `![` (minus its position, minus one) on this line. */
  private readonly brackets: number[] = [];
  /** The last line end looked for (see `lineEndFrom`). */
  private knownLineEnd = -1;

  constructor(b: Uint8Array, wtf8: boolean, bodyStart: number, collect: boolean) {
    this.b = b;
    this.wtf8 = wtf8;
    this.text = byteText(b, wtf8);
    this.end = b.length;
    this.pos = bodyStart;
    this.textStart = bodyStart;
    this.pieces = collect ? [] : null;
  }

  run(): void {
    const b = this.b;
    const end = this.end;
    let prevBlank = true;
    let prevParagraph = false;
    let listActive = false;
    let inIndented = false;
    while (this.pos < end) {
      const lineStart = this.pos;
      if (this.midLine) {
        // The rest of a line after a comment or display math that began on an earlier line: inline text only.
        this.midLine = false;
        prevBlank = false;
        prevParagraph = true;
        this.startLine(lineStart);
        this.pos = this.inline(lineStart);
        continue;
      }

      // Indentation, in columns (a tab advances to the next multiple of 4).
      let i = lineStart;
      let col = 0;
      for (; i < end; i++) {
        const c = b[i];
        if (c === 0x20) col++;
        else if (c === 0x09) col += 4 - (col % 4);
        else break;
      }
      if (atContentEnd(b, i)) {
        prevBlank = true;
        prevParagraph = false;
        this.pos = this.lineEndFrom(i) + 1;
        continue;
      }
      // Indented code: four columns in, not continuing a paragraph, not inside a list.
      if (col >= 4 && !listActive && (inIndented || !prevParagraph)) {
        inIndented = true;
        const lineEnd = this.lineEndFrom(i);
        this.exclude(lineStart, lineEnd + 1);
        prevBlank = false;
        this.pos = lineEnd + 1;
        continue;
      }
      inIndented = false;

      // Blockquote markers, then a possible fence (fences may sit in quotes, callouts and list items).
      let q = i;
      while (q < end) {
        const c = b[q];
        if (c === 0x3e /* > */ || c === 0x20 || c === 0x09) q++;
        else break;
      }
      const first = b[q];
      if (first === 0x60 /* ` */ || first === 0x7e /* ~ */) {
        let n = q;
        while (b[n] === first) n++;
        if (n - q >= 3) {
          const lineEnd = this.lineEndFrom(n);
          const contentEnd = b[lineEnd - 1] === 0x0d && lineEnd > n ? lineEnd - 1 : lineEnd;
          if (first === 0x7e || indexOfIn(b, 0x60, n, contentEnd) < 0) {
            this.skipFence(lineStart, lineEnd, first, n - q);
            prevBlank = false;
            prevParagraph = false;
            continue;
          }
        }
      }

      // Raw HTML blocks whose content is never Markdown (CommonMark's first kind): `<script>`, `<pre>`, `<style>`,
      // `<textarea>`, up to the line holding a closing tag of one of them.
      if (first === 0x3c /* < */ && isRawHtmlOpen(b, this.wtf8, q)) {
        this.skipRawHtml(lineStart, q);
        prevBlank = false;
        prevParagraph = false;
        continue;
      }

      // Lists: a list keeps indented lines out of code until a blank line and an unindented non-item line.
      if (isListItem(b, q)) listActive = true;
      else if (prevBlank && col < 2 && q === i) listActive = false;
      prevParagraph = !(first === 0x23 /* # */ && isHeading(b, q));
      prevBlank = false;

      this.startLine(q);
      this.pos = this.inline(q);
    }
    this.exclude(this.end, this.end);
  }

  sortedLinks(): ParsedLink[] {
    if (!this.unsorted) return this.links;
    const order = this.links.map((_, i) => i).sort((a, b) => this.linkPos[a] - this.linkPos[b] || a - b);
    return order.map((i) => this.links[i]);
  }

  /** `collect` mode: the own text recorded, its pieces joined with newlines. */
  ownText(): string {
    const pieces = this.pieces ?? [];
    const out: string[] = [];
    for (let j = 0; j < pieces.length; j += 2) out.push(decodeRange(this.b, pieces[j], pieces[j + 1], this.wtf8));
    return out.join("\n");
  }

  /** The `\n` that ends the line holding `p` (or the end); one search serves every later call on the line. */
  private lineEndFrom(p: number): number {
    if (this.knownLineEnd >= p) return this.knownLineEnd;
    const e = this.b.indexOf(0x0a, p);
    return (this.knownLineEnd = e < 0 ? this.end : e);
  }

  private startLine(contentStart: number): void {
    if (this.brackets.length !== 0) this.brackets.length = 0;
    this.boundary = contentStart;
  }

  /** Skips a fenced code block opened on the line `[lineStart, lineEnd)`; unclosed, it runs to the end. */
  private skipFence(lineStart: number, lineEnd: number, fence: number, length: number): void {
    const b = this.b;
    let pos = lineEnd + 1;
    while (pos < this.end) {
      let e = b.indexOf(0x0a, pos);
      if (e < 0) e = this.end;
      let i = pos;
      while (i < e) {
        const c = b[i];
        if (c === 0x20 || c === 0x09 || c === 0x3e) i++;
        else break;
      }
      let n = i;
      while (n < e && b[n] === fence) n++;
      if (n - i >= length) {
        let rest = n;
        while (rest < e) {
          const c = b[rest];
          if (c < 0x80) {
            if (!isWhitespace(c)) break;
            rest++;
          } else {
            const d = decodeAt(b, rest, this.wtf8);
            if (!isWhitespace(d & 0x1fffff)) break;
            rest += d >>> 21;
          }
        }
        if (rest === e) {
          this.exclude(lineStart, e + 1);
          this.pos = e + 1;
          return;
        }
      }
      pos = e + 1;
    }
    this.exclude(lineStart, this.end);
    this.pos = this.end;
  }

  /** Skips a raw HTML block opened at `q` to the end of the line that closes it (unclosed, to the end). */
  private skipRawHtml(lineStart: number, q: number): void {
    const close = rawHtmlClose(this.b, q, this.end);
    let end = this.end;
    if (close >= 0) {
      const eol = this.b.indexOf(0x0a, close);
      end = eol < 0 ? this.end : eol + 1;
    }
    this.exclude(lineStart, end);
    this.pos = end;
  }

  /**
   * Words and inline constructs of one line, from `start`. Returns where the line loop goes on: the next line, or
   * further when a comment or display math spans lines (then mid-line, see `run`). The word scanner stops at the
   * line's `\n`; the line's end is looked for only when a construct needs it.
   */
  private inline(start: number): number {
    const b = this.b;
    let i = start;
    for (;;) {
      // Words up to the next special character; inside `%%` they are not counted (only a `%%` changes that).
      i = scanWords(this.text, i, this.end, this.inPercent ? DISCARD : this, true);
      if (i >= this.end) return this.end;
      if (b[i] === 0x0a) return i + 1;
      const lineEnd = this.lineEndFrom(i);
      const contentEnd = b[lineEnd - 1] === 0x0d ? lineEnd - 1 : lineEnd;
      const r = this.special(b[i], i, start, contentEnd);
      if (r > lineEnd) {
        if (r >= this.end) return this.end;
        this.midLine = true;
        return r;
      }
      i = r;
    }
  }

  /** Counts the words a construct shows, `[from, to)`. */
  private countShown(from: number, to: number): void {
    if (!this.inPercent && to > from) scanWords(this.text, from, to, this, false);
  }

  /** Leaves `[from, to)` out of the own text (recording the piece before it in `collect` mode). */
  private exclude(from: number, to: number): void {
    if (this.pieces === null) return;
    if (from > this.textStart && !this.inPercent) this.pieces.push(this.textStart, from);
    if (to > this.textStart) this.textStart = to;
  }

  /** Handles the construct that may start at `k` (character `c`); returns where scanning goes on. */
  private special(c: number, k: number, lineContentStart: number, contentEnd: number): number {
    const b = this.b;
    switch (c) {
      case 0x5c /* \ */: {
        const n = b[k + 1];
        if (k + 1 < contentEnd && n >= 0x21 && n <= 0x7e && !isAsciiLetter(n) && !(n >= 0x30 && n <= 0x39)) {
          this.boundary = k + 2;
          return k + 2;
        }
        return k + 1;
      }
      case 0x60 /* ` */:
        return this.codeSpan(k, contentEnd);
      case 0x24 /* $ */:
        return this.math(k, contentEnd);
      case 0x25 /* % */:
        if (b[k + 1] !== 0x25) return k + 1;
        this.exclude(k, k + 2);
        this.inPercent = !this.inPercent;
        this.boundary = k + 2;
        return k + 2;
      case 0x3c /* < */:
        return this.angle(k, lineContentStart, contentEnd);
      case 0x5b /* [ */:
        return this.openBracket(k, contentEnd);
      case 0x5d /* ] */:
        return this.closeBracket(k, contentEnd);
      default /* # */:
        return this.tag(k, lineContentStart, contentEnd);
    }
  }

  /** A code span: a backtick run, to the next run of the same length on the line; otherwise literal backticks. */
  private codeSpan(k: number, contentEnd: number): number {
    const b = this.b;
    let n = k + 1;
    while (n < contentEnd && b[n] === 0x60) n++;
    const runs = this.backtickRuns(k, contentEnd).get(n - k)!;
    // Runs of this length, in order; the cursor only moves forward, so a line costs O(length) in all.
    let at = runs.cursor;
    while (at < runs.starts.length && runs.starts[at] <= k) at++;
    runs.cursor = at;
    if (at === runs.starts.length) return n; // no closer on the line: the backticks are literal
    const close = runs.starts[at];
    this.countShown(n, close);
    this.boundary = close + (n - k);
    return close + (n - k);
  }

  /** The backtick runs of the line ending at `contentEnd`, by length, indexed once per line from `from`. */
  private backtickRuns(from: number, contentEnd: number): Map<number, { starts: number[]; cursor: number }> {
    if (this.runsLine === contentEnd) return this.runs;
    const b = this.b;
    this.runs = new Map();
    this.runsLine = contentEnd;
    let i = from;
    while (i < contentEnd) {
      const s = indexOfIn(b, 0x60, i, contentEnd);
      if (s < 0) break;
      let e = s + 1;
      while (e < contentEnd && b[e] === 0x60) e++;
      let list = this.runs.get(e - s);
      if (list === undefined) this.runs.set(e - s, (list = { starts: [], cursor: 0 }));
      list.starts.push(s);
      i = e;
    }
    return this.runs;
  }

  /** `$$ … $$` (may span lines) or `$…$` (one line). */
  private math(k: number, contentEnd: number): number {
    const b = this.b;
    if (b[k + 1] === 0x24) {
      if (this.nextDisplayMath < k + 2) {
        const m = indexOf2(b, 0x24, 0x24, k + 2, this.end);
        this.nextDisplayMath = m < 0 ? NONE : m;
      }
      const close = this.nextDisplayMath;
      if (close === NONE) return k + 2;
      this.nextDisplayMath = -1;
      this.countShown(k + 2, close);
      this.boundary = close + 2;
      return close + 2;
    }
    if (k + 1 >= contentEnd || isWhitespace(codePointAt(b, k + 1, this.wtf8))) return k + 1;
    if (this.nextDollar <= k) {
      const m = b.indexOf(0x24, k + 1);
      this.nextDollar = m < 0 ? NONE : m;
    }
    const close = this.nextDollar;
    if (close >= contentEnd) return k + 1;
    const before = codePointBefore(b, close, this.wtf8);
    const after = b[close + 1];
    if (isWhitespace(before) || before === 0x5c || (after >= 0x30 && after <= 0x39) || after === 0x24) return k + 1;
    this.countShown(k + 1, close);
    this.boundary = close + 1;
    return close + 1;
  }

  /** `<!-- … -->` (may span lines; at a line start an unclosed one hides the rest) or HTML tag markup. */
  private angle(k: number, lineContentStart: number, contentEnd: number): number {
    const b = this.b;
    if (b[k + 1] === 0x21 /* ! */ && b[k + 2] === 0x2d /* - */ && b[k + 3] === 0x2d) {
      if (this.nextCommentClose < k + 4) {
        const m = indexOf3(b, 0x2d, 0x2d, 0x3e /* --> */, k + 4, this.end);
        this.nextCommentClose = m < 0 ? NONE : m;
      }
      const close = this.nextCommentClose;
      if (close === NONE) {
        if (k !== lineContentStart) return k + 4;
        this.exclude(k, this.end);
        return this.end;
      }
      this.exclude(k, close + 3);
      this.boundary = close + 3;
      return close + 3;
    }
    const n = b[k + 1];
    if (isAsciiLetter(n) || n === 0x2f /* / */ || n === 0x21 /* ! */ || n === 0x3f /* ? */) {
      if (this.nextGt < k + 2) {
        const m = b.indexOf(0x3e /* > */, k + 2);
        this.nextGt = m < 0 ? NONE : m;
      }
      const gt = this.nextGt;
      if (gt < contentEnd) {
        this.exclude(k, gt + 1);
        return gt + 1;
      }
    }
    return k + 1;
  }

  private openBracket(k: number, contentEnd: number): number {
    const b = this.b;
    // `![`: an image or embed, unless the `!` was escaped (`\!` ends a token exactly at `k`).
    const embed = k > 0 && b[k - 1] === 0x21 /* ! */ && this.boundary < k;
    if (b[k + 1] === 0x5b) {
      if (this.nextWikiClose < k + 2) {
        const m = indexOf2(b, 0x5d, 0x5d /* ]] */, k + 2, this.end);
        this.nextWikiClose = m < 0 ? NONE : m;
      }
      const close = this.nextWikiClose;
      if (close < contentEnd) {
        // `[[a [[b]]` links to `b`: the innermost opener wins.
        let open = k;
        for (let j = close - 2; j > k; j--) {
          if (b[j] === 0x5b && b[j + 1] === 0x5b) {
            open = j;
            break;
          }
        }
        const isEmbed = open === k ? embed : b[open - 1] === 0x21;
        const bar = indexOfIn(b, 0x7c /* | */, open + 2, close);
        const link = wikiTarget(b, this.wtf8, open + 2, close, bar);
        if (link !== "") {
          this.addLink(link, isEmbed ? "embed" : "body", isEmbed ? open - 1 : open);
          // Own text: the alias when there is one, else the target as written.
          if (bar >= 0) {
            this.exclude(k, bar + 1);
            this.countShown(bar + 1, close);
          } else this.countShown(k + 2, close);
          this.boundary = close + 2;
          return close + 2;
        }
      }
    }
    if (this.brackets.length >= MAX_BRACKETS) this.brackets.shift();
    this.brackets.push(embed ? -k : k);
    return k + 1;
  }

  private closeBracket(k: number, contentEnd: number): number {
    const b = this.b;
    const opener = this.brackets.pop();
    if (opener === undefined || b[k + 1] !== 0x28 /* ( */) return k + 1;
    const dest = parseDestination(b, this.wtf8, k + 2, contentEnd);
    if (dest === null) return k + 1;
    const image = opener < 0;
    const link = internalLink(dest.raw);
    if (link !== null) this.addLink(link, image ? "embed" : "body", image ? -opener - 1 : opener);
    if (!image) this.brackets.length = 0; // links do not contain links
    this.exclude(k + 1, dest.end);
    this.boundary = dest.end;
    return dest.end;
  }

  private tag(k: number, lineContentStart: number, contentEnd: number): number {
    const b = this.b;
    if (k !== lineContentStart && k !== this.boundary && !isWhitespace(codePointBefore(b, k, this.wtf8))) return k + 1;
    let e = k + 1;
    let digitsOnly = true;
    while (e < contentEnd) {
      const c = b[e];
      if (c < 0x80) {
        if (TAG_ASCII[c] !== 1) break;
        if (c < 0x30 || c > 0x39) digitsOnly = false;
        e++;
      } else {
        const d = decodeAt(b, e, this.wtf8);
        if (!isTagCodePoint(d & 0x1fffff)) break;
        digitsOnly = false;
        e += d >>> 21;
      }
    }
    if (e === k + 1 || digitsOnly) return k + 1;
    this.tags.push(decodeRange(b, k, e, this.wtf8));
    // The line loop reads on from after the `#`: the tag's words are counted as text (a tag holds no special
    // character), and a `#` right after the tag (`#a#b`) starts the next one.
    this.boundary = e;
    return k + 1;
  }

  private addLink(link: string, source: "body" | "embed", pos: number): void {
    const n = this.linkPos.length;
    if (n > 0 && pos < this.linkPos[n - 1]) this.unsorted = true;
    this.links.push({ link, source });
    this.linkPos.push(pos);
  }
}
