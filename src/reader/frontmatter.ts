import { CORE_SCHEMA, load, mergeTag } from "js-yaml";

/**
 * Frontmatter: finding it, and reading its YAML into safe plain data. Pure and total (never throws).
 *
 * Safe: null-prototype objects all the way down, so `__proto__`, `constructor` and `toString` are ordinary keys
 * and nothing can reach `Object.prototype`; aliases are expanded into a tree under a node budget, so no shared or
 * cyclic value reaches the core and an alias bomb costs a bounded amount of work.
 *
 * Fast: js-yaml costs ~60 `JSON.parse` calls per small frontmatter, which alone would take a third of the CLI's
 * budget on a 6,000-note vault. The frontmatter Obsidian writes (`key: scalar`, block lists of scalars, `[]`) is
 * read by an exact fast path that gives what js-yaml's core schema gives (a property test holds the two to the
 * same answer); anything else (flow collections, block scalars, anchors, tags, comments after values, nesting…)
 * goes to js-yaml.
 */

/** The YAML 1.2 core schema with merge keys (`<<: *base`), as people write them in frontmatter. */
const YAML_SCHEMA = CORE_SCHEMA.withTags(mergeTag);
/** Bounds for hostile YAML: alias bombs, merge-key fan-out, deep nesting. */
const YAML_MAX_ALIASES = 50;
const YAML_MAX_MERGE_KEYS = 1000;
const YAML_MAX_DEPTH = 64;
/** Every value of the copied frontmatter counts; an alias bomb that slips under the alias bound stops here. */
const FRONTMATTER_MAX_NODES = 10_000;

/** Where the frontmatter is: its YAML text (null when the note has none) and where the body starts. */
export function splitFrontmatter(text: string): { yaml: string | null; bodyStart: number } {
  if (!text.startsWith("---")) return { yaml: null, bodyStart: 0 };
  let eol = text.indexOf("\n");
  if (eol < 0) eol = text.length;
  if (!isFenceLine(text, 0, eol)) return { yaml: null, bodyStart: 0 };
  const yamlStart = Math.min(eol + 1, text.length);
  let pos = yamlStart;
  while (pos < text.length) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    if (isFenceLine(text, pos, end)) {
      // A copy, not a view: the properties sliced from it must not keep the whole note alive.
      const yaml = pos - yamlStart < 13 ? text.slice(yamlStart, pos) : (" " + text.slice(yamlStart, pos)).slice(1);
      return { yaml, bodyStart: Math.min(end + 1, text.length) };
    }
    pos = end + 1;
  }
  return { yaml: null, bodyStart: 0 };
}

/**
 * `splitFrontmatter` over UTF-8 bytes, from `start` (after a byte order mark): where the YAML is and where the body
 * starts, or null when the note has no frontmatter. Every byte it looks at is ASCII, so it finds the same lines.
 */
export function splitFrontmatterBytes(b: Uint8Array, start: number): { yamlStart: number; yamlEnd: number; bodyStart: number } | null {
  const n = b.length;
  if (n - start < 3 || b[start] !== 0x2d || b[start + 1] !== 0x2d || b[start + 2] !== 0x2d) return null;
  let eol = b.indexOf(0x0a, start);
  if (eol < 0) eol = n;
  if (!isFenceBytes(b, start, eol)) return null;
  const yamlStart = Math.min(eol + 1, n);
  let pos = yamlStart;
  while (pos < n) {
    let end = b.indexOf(0x0a, pos);
    if (end < 0) end = n;
    if (isFenceBytes(b, pos, end)) return { yamlStart, yamlEnd: pos, bodyStart: Math.min(end + 1, n) };
    pos = end + 1;
  }
  return null;
}

function isFenceBytes(b: Uint8Array, start: number, end: number): boolean {
  if (end - start < 3 || b[start] !== 0x2d || b[start + 1] !== 0x2d || b[start + 2] !== 0x2d) return false;
  for (let i = start + 3; i < end; i++) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/** `---` alone on its line (trailing spaces and a CR allowed). */
function isFenceLine(text: string, start: number, end: number): boolean {
  if (end - start < 3 || !text.startsWith("---", start)) return false;
  for (let i = start + 3; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

export interface FrontmatterResult {
  /** The properties, or null when there are none or they cannot be read. */
  value: Record<string, unknown> | null;
  /** Why the frontmatter is not used (an `unreadable` gap), or null. */
  error: string | null;
}

/** YAML text → safe properties. A value that is not a mapping, or does not parse, is no frontmatter and an error. */
export function parseFrontmatter(yaml: string): FrontmatterResult {
  const fast = fastYaml(yaml);
  if (fast !== undefined) return { value: fast, error: null };
  if (isBlankYaml(yaml)) return { value: null, error: null };
  let raw: unknown;
  try {
    raw = loadYaml(yaml);
  } catch (error) {
    return { value: null, error: `frontmatter does not parse: ${firstLine(error)}` };
  }
  if (raw === null || raw === undefined) return { value: null, error: null };
  if (typeof raw !== "object" || Array.isArray(raw)) {
    return { value: null, error: `frontmatter is not a set of properties (it is ${Array.isArray(raw) ? "a list" : `a ${typeof raw}`})` };
  }
  try {
    return { value: safeCopy(raw, { nodes: FRONTMATTER_MAX_NODES }, 0, []) as Record<string, unknown>, error: null };
  } catch (error) {
    return { value: null, error: `frontmatter is not usable: ${firstLine(error)}` };
  }
}

/** js-yaml with this reader's schema and bounds (exported for the test that holds the fast path to it). */
export function loadYaml(yaml: string): unknown {
  return load(yaml, { schema: YAML_SCHEMA, maxAliases: YAML_MAX_ALIASES, maxTotalMergeKeys: YAML_MAX_MERGE_KEYS, maxDepth: YAML_MAX_DEPTH });
}

function isBlankYaml(yaml: string): boolean {
  for (const line of yaml.split("\n")) {
    const t = line.trim();
    if (t !== "" && !t.startsWith("#")) return false;
  }
  return true;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0].slice(0, 300);
}

class FrontmatterError extends Error {}

function safeCopy(value: unknown, budget: { nodes: number }, depth: number, ancestors: object[]): unknown {
  if (--budget.nodes < 0) throw new FrontmatterError("too many values (an alias bomb?)");
  if (value === null || typeof value !== "object") {
    return typeof value === "function" || typeof value === "symbol" ? null : value;
  }
  if (depth > YAML_MAX_DEPTH) throw new FrontmatterError("nested too deeply");
  if (ancestors.includes(value)) throw new FrontmatterError("a value contains itself (a recursive alias)");
  ancestors.push(value);
  let out: unknown;
  if (Array.isArray(value)) {
    const list: unknown[] = [];
    for (const item of value as unknown[]) list.push(safeCopy(item, budget, depth + 1, ancestors));
    out = list;
  } else if (value instanceof Date) {
    out = Number.isNaN(value.getTime()) ? null : value.toISOString();
  } else if (value instanceof Map || value instanceof Set || ArrayBuffer.isView(value)) {
    out = null;
  } else {
    const obj = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value)) obj[key] = safeCopy((value as Record<string, unknown>)[key], budget, depth + 1, ancestors);
    out = obj;
  }
  ancestors.pop();
  return out;
}

// ───────────────────────────── The fast path ─────────────────────────────

/** Returned by the fast path's scalar reader when js-yaml must decide. */
const DEFER = Symbol("defer");

const KEY = /^[\p{L}_$][\p{L}\p{N}_\-. /$]*$/u;
const RESERVED_KEYS = new Set(["null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"]);
const INT = /^[-+]?[0-9]{1,15}$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/**
 * The frontmatter Obsidian writes, read exactly as js-yaml's core schema reads it; `undefined` for anything
 * outside that subset (js-yaml then decides). Lines: blank, `# comment`, `key: value`, `key:` followed by
 * `- item` lines (any one indentation) or by nothing (null).
 */
export function fastYaml(yaml: string): Record<string, unknown> | undefined {
  const out = Object.create(null) as Record<string, unknown>;
  let keys = 0;
  let listKey: string | null = null;
  let list: unknown[] | null = null;
  let listIndent = -1;
  let pos = 0;
  const n = yaml.length;
  while (pos < n) {
    let end = yaml.indexOf("\n", pos);
    if (end < 0) end = n;
    let line = yaml.slice(pos, end);
    pos = end + 1;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.includes("\t")) return undefined;
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const indent = line.length - line.trimStart().length;
    if (trimmed === "-" || trimmed.startsWith("- ")) {
      if (listKey === null || (listIndent >= 0 && indent !== listIndent)) return undefined;
      listIndent = indent;
      const item = trimmed === "-" ? null : scalar(trimmed.slice(2).trim());
      if (item === DEFER) return undefined;
      if (list === null) out[listKey] = list = [];
      list.push(item);
      continue;
    }
    if (indent !== 0) return undefined;
    listKey = null;
    list = null;
    listIndent = -1;
    const colon = line.indexOf(":");
    if (colon <= 0) return undefined;
    const key = line.slice(0, colon);
    if (!KEY.test(key) || key.endsWith(" ") || RESERVED_KEYS.has(key) || Object.prototype.hasOwnProperty.call(out, key)) return undefined;
    const rest = line.slice(colon + 1);
    if (rest !== "" && !rest.startsWith(" ")) return undefined;
    const raw = rest.trim();
    keys++;
    if (raw === "") {
      out[key] = null;
      listKey = key;
      continue;
    }
    const value = raw === "[]" ? [] : scalar(raw);
    if (value === DEFER) return undefined;
    out[key] = value;
  }
  return keys === 0 ? undefined : out;
}

/** One scalar value, trimmed; DEFER when it is outside the subset. */
function scalar(v: string): unknown {
  const c = v.charCodeAt(0);
  if (c === 0x22 /* " */) {
    const close = v.indexOf('"', 1);
    return close === v.length - 1 && !v.includes("\\") ? v.slice(1, -1) : DEFER;
  }
  if (c === 0x27 /* ' */) {
    const close = v.indexOf("'", 1);
    return close === v.length - 1 ? v.slice(1, -1) : DEFER;
  }
  // Indicators and anything that could be a flow collection, an alias, a tag, a comment or a nested mapping.
  if ("-?:,[]{}#&*!|>'\"%@`".includes(v[0]) && !(c === 0x2d && v.length > 1 && v.charCodeAt(1) >= 0x30 && v.charCodeAt(1) <= 0x39)) return DEFER;
  if (/[[\]{}]|: | #|:$/.test(v)) return DEFER;
  switch (v) {
    case "~":
    case "null":
    case "Null":
    case "NULL":
      return null;
    case "true":
    case "True":
    case "TRUE":
      return true;
    case "false":
    case "False":
    case "FALSE":
      return false;
  }
  if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
    if (INT.test(v)) return Number(v);
    if (FLOAT.test(v)) {
      const x = Number(v);
      return Number.isFinite(x) && v.length <= 24 ? x : DEFER;
    }
    // Hexadecimal, octal, infinities, NaN, long integers: js-yaml decides.
    if (/^[-+]?(0[ox]|\.|[0-9]{16})/i.test(v)) return DEFER;
  }
  return v;
}
