import type { NumberedResolver } from "../core/types";

/**
 * Link resolution as Obsidian's `getFirstLinkpathDest` does it, for the CLI (the plugin asks Obsidian itself).
 * Pure; built once in O(n) over every vault file (attachments included: they are valid targets), then about O(1)
 * per lookup, because it runs for every link of the vault.
 *
 * Order, for a link path (subpath already dropped) from a source note:
 * 1. `""` (a `[[#heading]]` link) is the source note itself;
 * 2. the exact vault path, `.md` added first when the link has no `.md` (`folder/note` → `folder/note.md`), in
 *    its own case first, then in any case;
 * 3. the path relative to the source's folder (`../x.md`, `./x.md`, `sub/x`);
 * 4. by name or partial path, case-insensitively: every file whose path ends with `/<link>` (or `/<link>.md`).
 * Ties: the file in the source's folder, then the shortest path, then the alphabetically first.
 * Paths are compared in Unicode NFC and lower case, so `[[Über]]` finds `über.md` written either way.
 */
export function createResolver(paths: readonly string[]): NumberedResolver {
  // Shortest first, then alphabetical: the first candidate that fits is the answer when no folder tie-break applies.
  // A path's number is its place in this order.
  const list = [...new Set(paths)].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const numbers = new Map<string, number>();
  const byPath = new Map<string, number>();
  const byName = new Map<string, Candidate[]>();
  for (let n = 0; n < list.length; n++) {
    const path = list[n];
    numbers.set(path, n);
    const key = fold(path);
    if (!byPath.has(key)) byPath.set(key, n);
    const name = key.slice(key.lastIndexOf("/") + 1);
    let candidates = byName.get(name);
    if (candidates === undefined) byName.set(name, (candidates = []));
    candidates.push({ n, key, dir: path.slice(0, path.lastIndexOf("/") + 1) });
  }
  /** Answers that do not depend on the source note, by link path as written: most links, after their first use. */
  const known = new Map<string, number>();
  /** Answers that do (relative paths, names shared by several files), by folded link path and source folder. */
  const memo = new Map<string, number>();

  const exact = (key: string): number => {
    if (!key.endsWith(".md")) {
      const md = byPath.get(key + ".md");
      if (md !== undefined) return md;
    }
    return byPath.get(key) ?? NONE;
  };

  const remember = (linkpath: string, answer: number): number => {
    if (known.size < 1_000_000) known.set(linkpath, answer);
    return answer;
  };

  /** The answer to a link path not answered yet (see `known`): its number, NONE, or SOURCE for the source note. */
  const find = (linkpath: string, sourcePath: string): number => {
    if (linkpath === "") return SOURCE;
    let written = linkpath.trim();
    while (written.startsWith("/")) written = written.slice(1);
    if (written === "") return SOURCE;
    // A file whose path is the link exactly, case included, wins over one that differs only in case (`a.md`
    // and `A.md` can both exist on a case-sensitive disk).
    const same = (written.endsWith(".md") ? undefined : numbers.get(written + ".md")) ?? numbers.get(written);
    if (same !== undefined) return remember(linkpath, same);
    const key = fold(written);
    const direct = exact(key);
    if (direct !== NONE) return remember(linkpath, direct);

    const slash = key.lastIndexOf("/");
    const relative = slash >= 0 || key.startsWith(".");
    const name = key.slice(slash + 1);
    const mdKey = key.endsWith(".md") ? key : key + ".md";
    const notes = byName.get(name.endsWith(".md") ? name : name + ".md");
    const others = name.endsWith(".md") ? undefined : byName.get(name);
    // One file or none fits the name, and no relative path to try: the answer is the same from every note.
    if (!relative) {
      const fitting = count(notes, mdKey);
      if ((fitting === 0 ? count(others, key) : fitting) <= 1) {
        const picked = pickCandidate(notes, mdKey, "");
        return remember(linkpath, picked !== NONE ? picked : pickCandidate(others, key, ""));
      }
    }

    const sourceDir = sourcePath.slice(0, sourcePath.lastIndexOf("/") + 1);
    const memoKey = `${key}\u0000${sourceDir}`;
    const seen = memo.get(memoKey);
    if (seen !== undefined) return seen;
    let found = NONE;
    if (relative) {
      const joined = joinPath(fold(sourceDir), key);
      if (joined !== null) found = exact(joined);
    }
    if (found === NONE && !key.startsWith("../") && !key.startsWith("./")) {
      found = pickCandidate(notes, mdKey, sourceDir);
      if (found === NONE) found = pickCandidate(others, key, sourceDir);
    }
    if (memo.size < 1_000_000) memo.set(memoKey, found);
    return found;
  };

  /** Where answers' numbers go, while a batch of records is built (see `logNumbers`). */
  let log: number[] | null = null;
  const resolve = (linkpath: string, sourcePath: string): string | null => {
    // `known` first, here: most links are answered there, and a call less per link counts in a cold CLI run.
    const hit = known.get(linkpath);
    const n = hit !== undefined ? hit : find(linkpath, sourcePath);
    if (log !== null) log.push(n === SOURCE ? numbers.get(sourcePath) ?? NONE : n);
    return n >= 0 ? list[n] : n === SOURCE ? sourcePath : null;
  };
  return Object.assign(resolve, {
    logNumbers(into: number[] | null): void {
      log = into;
    },
    numberOfPath: (path: string): number => numbers.get(path) ?? NONE,
    paths: list,
  });
}

/** A file a link may name: its number, folded path and folder. */
interface Candidate {
  n: number;
  key: string;
  dir: string;
}

/** No file. */
const NONE = -1;
/** The source note itself (`[[#heading]]`). */
const SOURCE = -2;

/** How many candidates (up to 2) fit the folded link path `suffix`. */
function count(list: Candidate[] | undefined, suffix: string): number {
  if (list === undefined) return 0;
  let n = 0;
  for (const c of list) if (fits(c.key, suffix) && ++n === 2) break;
  return n;
}

function fits(key: string, suffix: string): boolean {
  return key === suffix || (key.endsWith(suffix) && key.charCodeAt(key.length - suffix.length - 1) === 0x2f);
}

/** Drops a link's subpath: `a#h` → `a`, `a#^block` → `a`, `#h` → ``. `.md` is kept when written. */
export function linkpathOf(link: string): string {
  const hash = link.indexOf("#");
  return (hash < 0 ? link : link.slice(0, hash)).trim();
}

function pickCandidate(list: Candidate[] | undefined, suffix: string, sourceDir: string): number {
  if (list === undefined) return NONE;
  let first = NONE;
  for (const c of list) {
    if (!fits(c.key, suffix)) continue;
    if (c.dir === sourceDir) return c.n;
    if (first === NONE) first = c.n;
  }
  return first;
}

/** Case- and normalisation-insensitive form of a path. */
function fold(path: string): string {
  return (/[^ -~]/.test(path) ? path.normalize("NFC") : path).toLowerCase();
}

/** `dir/` + a relative path, with `.` and `..` segments applied; null when it climbs out of the vault. */
function joinPath(dir: string, rel: string): string | null {
  const out = dir === "" ? [] : dir.slice(0, -1).split("/");
  for (const part of rel.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
}
