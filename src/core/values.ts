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
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

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

/** A trimmed string from a string, number or boolean; the first element of a list; otherwise null. */
export function toText(value: unknown): string | null {
  if (Array.isArray(value)) return value.length ? toText(value[0]) : null;
  if (typeof value === "string") {
    const t = value.trim();
    return t === "" ? null : t;
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
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
