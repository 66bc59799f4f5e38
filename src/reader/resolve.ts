import type { LinkResolver } from "../core/types";

/**
 * Link resolution as Obsidian's `getFirstLinkpathDest` does it, for the CLI (the plugin asks Obsidian itself).
 * Pure; built once in O(n) over every vault file (attachments included: they are valid targets), then about O(1)
 * per lookup, because it runs for every link of the vault.
 *
 * Order, for a link path (subpath already dropped) from a source note:
 * 1. `""` (a `[[#heading]]` link) is the source note itself;
 * 2. the exact vault path, `.md` added first when the link has no `.md` (`folder/note` → `folder/note.md`);
 * 3. the path relative to the source's folder (`../x.md`, `./x.md`, `sub/x`);
 * 4. by name or partial path, case-insensitively: every file whose path ends with `/<link>` (or `/<link>.md`).
 * Ties: the file in the source's folder, then the shortest path, then the alphabetically first.
 * Paths are compared in Unicode NFC and lower case, so `[[Über]]` finds `über.md` written either way.
 */
export function createResolver(paths: readonly string[]): LinkResolver {
  // Shortest first, then alphabetical: the first candidate that fits is the answer when no folder tie-break applies.
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const byPath = new Map<string, string>();
  const byName = new Map<string, { path: string; key: string; dir: string }[]>();
  for (const path of sorted) {
    const key = fold(path);
    if (!byPath.has(key)) byPath.set(key, path);
    const name = key.slice(key.lastIndexOf("/") + 1);
    let list = byName.get(name);
    if (list === undefined) byName.set(name, (list = []));
    list.push({ path, key, dir: path.slice(0, path.lastIndexOf("/") + 1) });
  }
  const memo = new Map<string, string | null>();

  const exact = (key: string): string | null => {
    if (!key.endsWith(".md")) {
      const md = byPath.get(key + ".md");
      if (md !== undefined) return md;
    }
    return byPath.get(key) ?? null;
  };

  return (linkpath: string, sourcePath: string): string | null => {
    if (linkpath === "") return sourcePath;
    let key = fold(linkpath.trim());
    while (key.startsWith("/")) key = key.slice(1);
    if (key === "") return sourcePath;
    const direct = exact(key);
    if (direct !== null) return direct;

    const sourceDir = sourcePath.slice(0, sourcePath.lastIndexOf("/") + 1);
    const slash = key.lastIndexOf("/");
    const memoKey = `${key}\u0000${sourceDir}`;
    const known = memo.get(memoKey);
    if (known !== undefined) return known;

    let found: string | null = null;
    if (slash >= 0 || key.startsWith(".")) {
      const joined = joinPath(fold(sourceDir), key);
      if (joined !== null) found = exact(joined);
    }
    if (found === null && !key.startsWith("../") && !key.startsWith("./")) {
      const name = key.slice(slash + 1);
      found = pickCandidate(byName.get(name.endsWith(".md") ? name : name + ".md"), key.endsWith(".md") ? key : key + ".md", sourceDir);
      if (found === null && !name.endsWith(".md")) found = pickCandidate(byName.get(name), key, sourceDir);
    }
    if (memo.size < 100_000) memo.set(memoKey, found);
    return found;
  };
}

/** Drops a link's subpath: `a#h` → `a`, `a#^block` → `a`, `#h` → ``. `.md` is kept when written. */
export function linkpathOf(link: string): string {
  const hash = link.indexOf("#");
  return (hash < 0 ? link : link.slice(0, hash)).trim();
}

function pickCandidate(list: { path: string; key: string; dir: string }[] | undefined, suffix: string, sourceDir: string): string | null {
  if (list === undefined) return null;
  let first: string | null = null;
  for (const c of list) {
    if (c.key !== suffix && !(c.key.endsWith(suffix) && c.key.charCodeAt(c.key.length - suffix.length - 1) === 0x2f)) continue;
    if (c.dir === sourceDir) return c.path;
    if (first === null) first = c.path;
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
