import { closeSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent } from "node:fs";
import { join, sep } from "node:path";
import type { ParsedNote } from "../core/types";
import { ownText, parseMarkdown } from "../reader/markdown";

/**
 * Reads a vault from disk into parsed notes: the CLI's side of "vault files → note records" (the plugin builds
 * the same records from Obsidian's metadata cache). Every problem becomes data (`errors`, and the note's own
 * `errors`, which the core turns into `unreadable` gaps); nothing a vault holds makes it throw.
 *
 * - Skips what Obsidian does not index: dot-files and dot-folders (`.obsidian`, `.trash`, `.git`), the config
 *   folder, and the configured exclusions (folder paths; their files still count as link targets, as in Obsidian).
 * - Follows a symlink only when its target stays inside the vault and is not a folder already read (no loops,
 *   no notes read twice); every other symlink is skipped with an error entry.
 * - Decodes UTF-8 leniently (bad bytes become U+FFFD) and drops a BOM; a file with a NUL byte in its first 8 KB
 *   is binary (or UTF-16) and becomes a note with an error and no content; a file over `maxFileBytes` likewise.
 *   Only regular files are read (never a pipe or a device, which could block).
 * - Paths are vault-relative, with forward slashes, in Unicode NFC (as Obsidian's), sorted.
 *
 * It reads synchronously inside an async function: on the CLI nothing else runs meanwhile, and thousands of small
 * reads from the page cache are faster as direct syscalls than as thread-pool round trips (measured in
 * `bench/reader.ts`). The promise keeps the signature free to change without touching callers.
 */

export interface VaultError {
  path: string;
  message: string;
}

export interface VaultRead {
  /** One parsed note per Markdown file outside the exclusions, sorted by path. */
  notes: ParsedNote[];
  /** Every vault file path (notes, attachments, excluded folders' files), sorted: the link resolver's input. */
  files: string[];
  /** Every problem met on the way, one per path (a note's own problems are also in its `errors`). */
  errors: VaultError[];
}

export interface ReadVaultOptions {
  /** Folder (or file) paths left out of the index, vault-relative; a trailing slash is allowed. */
  exclude?: readonly string[];
  /** Obsidian's config folder (default `.obsidian`). */
  configDir?: string;
  /** An exact token counter (`--exact-tokens`), run on each note's own text. */
  countTokens?: (text: string) => number;
  /** Larger files are not read (default 32 MB). */
  maxFileBytes?: number;
}

const BINARY_PROBE = 8192;
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

export function readVault(root: string, options: ReadVaultOptions = {}): Promise<VaultRead> {
  return new Promise((resolve) => resolve(readVaultSync(root, options)));
}

export function readVaultSync(root: string, options: ReadVaultOptions = {}): VaultRead {
  const errors: VaultError[] = [];
  const files: string[] = [];
  const notes: ParsedNote[] = [];
  const toRead: { rel: string; abs: string }[] = [];
  const excluded = (options.exclude ?? []).map(normalizeRel).filter((e) => e !== "");
  const configDir = normalizeRel(options.configDir ?? ".obsidian");
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_BYTES;

  let rootReal: string;
  try {
    rootReal = realpathSync(root);
    if (!statSync(rootReal).isDirectory()) throw new Error("not a folder");
  } catch (error) {
    errors.push({ path: "", message: `cannot read the vault folder: ${describe(error)}` });
    return { notes, files, errors };
  }

  const isExcluded = (rel: string) => excluded.some((e) => rel === e || rel.startsWith(e + "/"));
  const inside = (real: string) => real === rootReal || real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
  const visited = new Set<string>([rootReal]);
  // Folders to list: real ones first (depth-first), symlinked ones only after every real folder is known.
  const stack: { rel: string; abs: string; excluded: boolean }[] = [{ rel: "", abs: rootReal, excluded: false }];
  const links: { rel: string; abs: string; excluded: boolean }[] = [];

  const addFile = (rel: string, abs: string, inExcluded: boolean) => {
    files.push(rel);
    if (rel.endsWith(".md") && !inExcluded) toRead.push({ rel, abs });
  };

  while (stack.length || links.length) {
    if (stack.length === 0) {
      const link = links.shift()!;
      let real: string;
      let isDir: boolean;
      let isFile: boolean;
      try {
        real = realpathSync(link.abs);
        const target = statSync(real);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        errors.push({ path: link.rel, message: `broken symlink, skipped: ${describe(error)}` });
        continue;
      }
      if (!inside(real)) {
        errors.push({ path: link.rel, message: "symlink points outside the vault, skipped" });
        continue;
      }
      if (isFile) {
        addFile(link.rel, link.abs, link.excluded);
        continue;
      }
      if (!isDir) {
        // A pipe or a device: opening it could block forever.
        errors.push({ path: link.rel, message: "symlink to something that is neither a file nor a folder, skipped" });
        continue;
      }
      if (visited.has(real)) {
        errors.push({ path: link.rel, message: "symlink to a folder already read (a loop or a duplicate), skipped" });
        continue;
      }
      visited.add(real);
      stack.push({ rel: link.rel, abs: real, excluded: link.excluded });
      continue;
    }
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir.abs, { withFileTypes: true });
    } catch (error) {
      errors.push({ path: dir.rel, message: `cannot list folder: ${describe(error)}` });
      continue;
    }
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith(".")) continue;
      // Vault paths are NFC, as Obsidian's are (macOS lists names decomposed); the file is opened by its real name.
      const relName = /[^ -~]/.test(name) ? name.normalize("NFC") : name;
      const rel = dir.rel === "" ? relName : `${dir.rel}/${relName}`;
      if (dir.rel === "" && rel === configDir) continue;
      const abs = join(dir.abs, name);
      const inExcluded = dir.excluded || isExcluded(rel);
      if (entry.isDirectory()) {
        visited.add(abs);
        stack.push({ rel, abs, excluded: inExcluded });
      } else if (entry.isFile()) addFile(rel, abs, inExcluded);
      else if (entry.isSymbolicLink()) links.push({ rel, abs, excluded: inExcluded });
    }
  }

  const buffer = { bytes: Buffer.allocUnsafe(1 << 20) };
  for (const { rel, abs } of toRead) {
    const content = readText(abs, maxBytes, buffer);
    let note: ParsedNote;
    if (typeof content === "string") {
      note = parseMarkdown(rel, content);
      if (options.countTokens) {
        try {
          note.exactTokens = options.countTokens(ownText(content));
        } catch (error) {
          note.errors.push(`the exact token count failed: ${describe(error)}`);
        }
      }
    } else {
      note = { path: rel, frontmatter: null, tags: [], links: [], words: { latin: 0, cyrillic: 0 }, errors: [content.error] };
    }
    for (const message of note.errors) errors.push({ path: rel, message });
    notes.push(note);
  }

  files.sort(compare);
  notes.sort((a, b) => compare(a.path, b.path));
  errors.sort((a, b) => compare(a.path, b.path));
  return { notes, files, errors };
}

/** The file as text, or why it is not read. `scratch` is one read buffer reused for every file (grown as needed). */
function readText(abs: string, maxBytes: number, scratch: { bytes: Buffer }): string | { error: string } {
  let fd: number;
  try {
    fd = openSync(abs, "r");
  } catch (error) {
    return { error: `cannot read the file: ${describe(error)}` };
  }
  try {
    const size = fstatSync(fd).size;
    if (size > maxBytes) return { error: `the file is ${(size / 1e6).toFixed(1)} MB, over the ${(maxBytes / 1e6).toFixed(0)} MB limit; not read` };
    if (scratch.bytes.length < size) scratch.bytes = Buffer.allocUnsafe(Math.max(size, scratch.bytes.length * 2));
    const buffer = scratch.bytes;
    let filled = 0;
    while (filled < size) {
      const n = readSync(fd, buffer, filled, size - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    const bytes = buffer.subarray(0, filled);
    const probe = bytes.length > BINARY_PROBE ? bytes.subarray(0, BINARY_PROBE) : bytes;
    if (probe.indexOf(0) !== -1) return { error: "binary content (NUL bytes), not a text note; not read" };
    const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    return bytes.toString("utf8", bom);
  } catch (error) {
    return { error: `cannot read the file: ${describe(error)}` };
  } finally {
    try {
      closeSync(fd);
    } catch {
      // nothing more to do for a descriptor that will not close
    }
  }
}

/** `./a/b/`, `/a/b`, `a\b` → `a/b`. */
function normalizeRel(path: string): string {
  let p = path.trim().replace(/\\/g, "/");
  while (p.startsWith("./")) p = p.slice(2);
  return p.replace(/^\/+|\/+$/g, "");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(error: unknown): string {
  if (error && typeof error === "object" && "code" in error && typeof error.code === "string") return error.code;
  return error instanceof Error ? error.message : String(error);
}
