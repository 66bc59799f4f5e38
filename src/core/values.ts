/**
 * Reading untyped values (frontmatter, settings files) without trusting them.
 * Everything here is total: any input gives an answer, never an exception.
 */

/** Own-property lookup that never reaches `Object.prototype` (`toString`, `__proto__`, …). */
export function own(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A value that is present: not undefined, not null, not an empty or blank string. */
export function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

// Digit-group separators people type in numbers: space, no-break space, thin spaces, underscore, apostrophe.
const GROUP_SEPARATORS = /[\s\u00a0\u2009\u202f_']/g;
// Unambiguous, so a long run of digits that is not a number is rejected in linear time (`\d+\.?\d*` backtracked
// quadratically: 100,000 digits and an `x` took half a minute).
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A number from a number or a numeric string ("1200", "1.2e6", "1 200", "1_200"); null when it is not one.
 * Booleans, dates, lists and objects are not numbers. NaN and ±Infinity give null.
 */
export function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  if (typeof value !== "string") return null;
  const compact = value.trim().replace(GROUP_SEPARATORS, "");
  if (!NUMERIC.test(compact)) return null;
  const n = Number(compact);
  return Number.isFinite(n) ? n : null;
}

/** How deep `toText` looks through first elements of nested lists (a cyclic list stops here). */
const MAX_LIST_DEPTH = 64;

/** A trimmed string from a string, number or boolean; the first element of a list; otherwise null. */
export function toText(value: unknown): string | null {
  let v = value;
  // A loop, not recursion: a list nested (or referring to itself) beyond any sane depth gives null, not a stack overflow.
  for (let depth = 0; Array.isArray(v); depth++) {
    if (v.length === 0 || depth >= MAX_LIST_DEPTH) return null;
    v = v[0];
  }
  if (typeof v === "string") {
    const t = v.trim();
    return t === "" ? null : t;
  }
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

/** The text of a scalar (string trimmed, number, boolean, bigint); null for anything else. */
export function scalarText(value: unknown): string | null {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return null;
}

/** `text` cut to at most `max` characters (and `…`), never inside a surrogate pair. */
export function clip(text: string, max = 80): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return text.slice(0, end) + "…";
}

/**
 * Any value as a short line of text for a message, written as YAML's flow style would: `[[facts]]`, `{a: 1}`,
 * `2024-01-01`. Bounded (at most `max` characters, four levels deep) and total: a cyclic value, a bigint or a
 * 2 MB string cannot make it throw or run long.
 */
export function shownValue(value: unknown, max = 80): string {
  const parts: string[] = [];
  let length = 0;
  const push = (text: string) => {
    parts.push(text);
    length += text.length;
  };
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === "string") push(v.length > max ? v.slice(0, max + 1) : v);
    else if (v === null || v === undefined) push("null");
    else if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") push(String(v));
    else if (v instanceof Date) push(Number.isNaN(v.getTime()) ? "Invalid Date" : v.toISOString().replace(/T00:00:00\.000Z$/, ""));
    else if (Array.isArray(v)) {
      if (depth >= 4) {
        push("[…]");
        return;
      }
      push("[");
      for (let i = 0; i < v.length && length <= max; i++) {
        if (i) push(", ");
        walk(v[i], depth + 1);
      }
      push("]");
    } else if (typeof v === "object") {
      if (depth >= 4) {
        push("{…}");
        return;
      }
      push("{");
      const keys = Object.keys(v);
      for (let i = 0; i < keys.length && length <= max; i++) {
        if (i) push(", ");
        push(`${keys[i].length > max ? keys[i].slice(0, max + 1) : keys[i]}: `);
        walk((v as Record<string, unknown>)[keys[i]], depth + 1);
      }
      push("}");
    } else push(typeof v);
  };
  walk(value, 0);
  return clip(parts.join(""), max);
}

/** A value as a message shows it: a string in quotes (`"lots"`), anything else as `shownValue` writes it. */
export function quotedValue(value: unknown, max = 80): string {
  return typeof value === "string" ? JSON.stringify(clip(value, max)) : shownValue(value, max);
}

/**
 * A list of strings from a list or a comma-separated string (the shape of tag-like properties).
 * Non-string scalars are stringified; nested lists and objects are dropped.
 */
export function toTextList(value: unknown): string[] {
  const items: unknown[] = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item === "string") {
      const parts = item.split(",");
      for (let k = 0; k < parts.length; k++) {
        const t = parts[k].trim();
        if (t) out.push(t);
      }
    } else if (typeof item === "number" || typeof item === "boolean") {
      out.push(String(item));
    }
  }
  return out;
}

/** Levenshtein distance, bounded: returns `limit + 1` as soon as the distance exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** The candidate nearest to `value` (case-insensitive), or null when none is reasonably close. */
export function nearest(value: string, candidates: Iterable<string>): string | null {
  const v = value.toLowerCase();
  const limit = Math.max(2, Math.floor(v.length / 2));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const d = editDistance(v, c.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : null;
}
