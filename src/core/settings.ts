import { defaultSettings } from "./defaults";
import type { LayerDef, LevelDef, PropertyNames, Settings } from "./types";
import { isPlainObject, own, toNumber } from "./values";

/**
 * Settings are one object (spec §3): the plugin saves it as data.json and the CLI reads the same file.
 * A partial object merges over the defaults. Each value that is wrong is a problem naming its key;
 * the CLI stops on the first (exit 2), the plugin keeps the defaults for it and tells the user.
 */

export interface SettingsProblem {
  /** The key, as a path: `pageTokens`, `layers[2].share`, `sourceTypes.forum`. */
  key: string;
  message: string;
}

export interface ParsedSettings {
  settings: Settings;
  problems: SettingsProblem[];
}

/** Thrown by `settingsOrThrow` (the CLI's strict reading). */
export class SettingsError extends Error {
  constructor(
    readonly key: string,
    /** What is wrong with the key's value, without the key. */
    readonly detail: string,
  ) {
    super(`settings: ${key}: ${detail}`);
    this.name = "SettingsError";
  }
}

/**
 * The most facets a settings object may hold: the index keeps each note's facets as a 30-bit mask
 * (src/core/index.ts), so more would be dropped without a word.
 */
export const MAX_FACETS = 30;

const describe = (value: unknown): string =>
  value === null
    ? "null"
    : Array.isArray(value)
      ? "a list"
      : typeof value === "object"
        ? "an object"
        : typeof value === "number" && !Number.isFinite(value)
          ? // JSON.parse reads 1e400 as Infinity; JSON.stringify would print it as null.
            `${value}, which is not a finite number`
          : (JSON.stringify(value) ?? typeof value);

/** `describe` for a value that should have been a number: a quoted number gets a hint. */
const describeNumber = (value: unknown): string =>
  typeof value === "string" && toNumber(value) !== null ? `the text ${JSON.stringify(value)} (write numbers without quotes)` : describe(value);

/**
 * A number in a settings object: a JSON number, finite. Numeric texts ("1000") are not numbers here (frontmatter
 * is lenient, settings are not: the plugin writes numbers, and a quoted number in a hand-edited file is a mistake
 * the user should hear about rather than one the CLI and the plugin might read differently).
 */
function settingsNumber(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Merges `input` over the defaults, keeping every valid value and reporting every invalid one. */
export function parseSettings(input: unknown): ParsedSettings {
  const settings = defaultSettings();
  const problems: SettingsProblem[] = [];
  const problem = (key: string, message: string) => problems.push({ key, message });

  if (input === undefined || input === null) return { settings, problems };
  if (!isPlainObject(input)) {
    problem("(root)", `expected an object of settings, got ${describe(input)}`);
    return { settings, problems };
  }

  const positive = (key: keyof Settings, fallback: number): number => {
    const raw = own(input, key);
    if (raw === undefined) return fallback;
    const n = settingsNumber(raw);
    if (n === null || n <= 0) {
      problem(key, `expected a positive number, got ${describeNumber(raw)}`);
      return fallback;
    }
    return n;
  };
  const unit = (key: string, raw: unknown, fallback: number): number => {
    const n = settingsNumber(raw);
    if (n === null || n < 0 || n > 1) {
      problem(key, `expected a number from 0 to 1, got ${describeNumber(raw)}`);
      return fallback;
    }
    return n;
  };
  const text = (key: string, raw: unknown, fallback: string): string => {
    if (typeof raw !== "string" || raw.trim() === "") {
      problem(key, `expected a non-empty text, got ${describe(raw)}`);
      return fallback;
    }
    return raw.trim();
  };
  const textList = (key: string, raw: unknown, fallback: string[]): string[] => {
    if (!Array.isArray(raw)) {
      problem(key, `expected a list of texts, got ${describe(raw)}`);
      return fallback;
    }
    const out: string[] = [];
    raw.forEach((item, i) => {
      if (typeof item === "string" && item.trim() !== "") out.push(item.trim());
      else problem(`${key}[${i}]`, `expected a non-empty text, got ${describe(item)}`);
    });
    return out;
  };

  // layers
  const rawLayers = own(input, "layers");
  if (rawLayers !== undefined) {
    const layers = parseLayers(rawLayers, problem);
    if (layers) settings.layers = layers;
  }

  // levels
  const rawLevels = own(input, "levels");
  if (rawLevels !== undefined) {
    const levels = parseLevels(rawLevels, problem);
    if (levels) settings.levels = levels;
  }

  // target: a level id or a number of tokens
  const rawTarget = own(input, "target");
  if (rawTarget !== undefined) {
    // A number, or a text read as the CLI reads --target: a level's id or name (any case), or decimal tokens ("2e9").
    const target = typeof rawTarget === "number" ? settingsNumber(rawTarget) : typeof rawTarget === "string" ? parseTarget(rawTarget, settings.levels) : null;
    if (target !== null && (typeof target === "string" || target > 0)) settings.target = target;
    else problem("target", `expected a level id (${settings.levels.map((l) => l.id).join(", ")}) or a positive number of tokens, got ${describe(rawTarget)}`);
  }
  if (typeof settings.target === "string" && !settings.levels.some((l) => l.id === settings.target)) {
    // The default target names a level the user's own levels no longer have: aim at their highest level.
    settings.target = settings.levels[settings.levels.length - 1].id;
  }

  settings.pageTokens = positive("pageTokens", settings.pageTokens);
  settings.bookTokens = positive("bookTokens", settings.bookTokens);
  settings.tokensPerWord = positive("tokensPerWord", settings.tokensPerWord);
  settings.tokensPerWordCyrillic = positive("tokensPerWordCyrillic", settings.tokensPerWordCyrillic);

  const rawDefaultQuality = own(input, "defaultQuality");
  if (rawDefaultQuality !== undefined) settings.defaultQuality = unit("defaultQuality", rawDefaultQuality, settings.defaultQuality);

  const rawSourceTypes = own(input, "sourceTypes");
  if (rawSourceTypes !== undefined) {
    if (!isPlainObject(rawSourceTypes)) problem("sourceTypes", `expected an object of source type → quality, got ${describe(rawSourceTypes)}`);
    else {
      for (const [name, weight] of Object.entries(rawSourceTypes)) {
        const key = name.trim().toLowerCase();
        if (!key) continue;
        const w = unit(`sourceTypes.${name}`, weight, Number.NaN);
        if (!Number.isNaN(w)) setOwn(settings.sourceTypes, key, w);
      }
    }
  }

  const rawFacets = own(input, "facets");
  if (rawFacets !== undefined) {
    const facets = dedupe(textList("facets", rawFacets, settings.facets).map((f) => f.toLowerCase()));
    if (facets.length > MAX_FACETS) problem("facets", `at most ${MAX_FACETS} facets are tracked, got ${facets.length}; remove ${facets.length - MAX_FACETS}`);
    else settings.facets = facets;
  }

  const rawExclude = own(input, "exclude");
  if (rawExclude !== undefined) settings.exclude = textList("exclude", rawExclude, settings.exclude).map(normaliseFolder).filter(Boolean);

  const rawFolders = own(input, "folderLayers");
  if (rawFolders !== undefined) {
    if (!isPlainObject(rawFolders)) problem("folderLayers", `expected an object of folder → layer id, got ${describe(rawFolders)}`);
    else {
      for (const [folder, layer] of Object.entries(rawFolders)) {
        const key = `folderLayers.${folder}`;
        const f = normaliseFolder(folder);
        const id = typeof layer === "string" ? matchLayerId(settings.layers, layer) : null;
        // "" or "/" is the vault's root: a layer for every note that nothing else places.
        if (id === null) problem(key, `expected a layer id, got ${describe(layer)}`);
        else setOwn(settings.folderLayers, f, id);
      }
    }
  }

  for (const key of ["tagPrefix", "facetTagPrefix", "checkTag"] as const) {
    const raw = own(input, key);
    if (raw !== undefined) settings[key] = text(key, raw, settings[key]).replace(/^#/, "").replace(/\/+$/, "");
  }

  const rawReport = own(input, "reportPath");
  if (rawReport !== undefined) {
    const path = text("reportPath", rawReport, settings.reportPath);
    settings.reportPath = /\.md$/i.test(path) ? path : `${path}.md`;
  }

  const rawProps = own(input, "properties");
  if (rawProps !== undefined) {
    if (!isPlainObject(rawProps)) problem("properties", `expected an object of property names, got ${describe(rawProps)}`);
    else {
      for (const name of Object.keys(settings.properties) as (keyof PropertyNames)[]) {
        const raw = own(rawProps, name);
        if (raw !== undefined) settings.properties[name] = text(`properties.${name}`, raw, settings.properties[name]);
      }
    }
  }

  return { settings, problems };
}

/** The CLI's strict reading: the first problem is an error naming its key. */
export function settingsOrThrow(input: unknown): Settings {
  const { settings, problems } = parseSettings(input);
  const first = problems[0];
  if (first) throw new SettingsError(first.key, first.message);
  return settings;
}

function parseLayers(raw: unknown, problem: (key: string, message: string) => void): LayerDef[] | null {
  if (!Array.isArray(raw) || raw.length === 0) {
    problem("layers", `expected a non-empty list of layers, got ${describe(raw)}`);
    return null;
  }
  const layers: LayerDef[] = [];
  const seen = new Set<string>();
  let ok = true;
  raw.forEach((item, i) => {
    const key = `layers[${i}]`;
    if (!isPlainObject(item)) {
      problem(key, `expected an object { id, name, aliases, share }, got ${describe(item)}`);
      ok = false;
      return;
    }
    const id = own(item, "id");
    if (typeof id !== "string" || id.trim() === "") {
      problem(`${key}.id`, `expected a non-empty text, got ${describe(id)}`);
      ok = false;
      return;
    }
    const cleanId = id.trim();
    if (seen.has(cleanId.toLowerCase())) {
      problem(`${key}.id`, `"${cleanId}" is used by another layer; layer ids must be unique`);
      ok = false;
      return;
    }
    seen.add(cleanId.toLowerCase());
    const name = own(item, "name");
    const aliases = own(item, "aliases");
    const share = own(item, "share");
    const layer: LayerDef = { id: cleanId, name: cleanId, aliases: [], share: 1 };
    if (typeof name === "string" && name.trim()) layer.name = name.trim();
    else if (name !== undefined) problem(`${key}.name`, `expected a non-empty text, got ${describe(name)}`);
    if (Array.isArray(aliases)) {
      aliases.forEach((alias, k) => {
        if (typeof alias === "string" && alias.trim() !== "") layer.aliases.push(alias.trim());
        else problem(`${key}.aliases[${k}]`, `expected a non-empty text, got ${describe(alias)}`);
      });
    } else if (aliases !== undefined) problem(`${key}.aliases`, `expected a list of texts, got ${describe(aliases)}`);
    if (share !== undefined) {
      const n = settingsNumber(share);
      if (n === null || n <= 0) problem(`${key}.share`, `expected a positive number, got ${describeNumber(share)}`);
      else layer.share = n;
    }
    layers.push(layer);
  });
  if (ok && !Number.isFinite(layers.reduce((sum, l) => sum + l.share, 0))) {
    problem("layers", "the shares add up to more than the largest number; shares are proportions, so smaller ones say the same");
    return null;
  }
  return ok ? layers : null;
}

function parseLevels(raw: unknown, problem: (key: string, message: string) => void): LevelDef[] | null {
  if (!Array.isArray(raw) || raw.length === 0) {
    problem("levels", `expected a non-empty list of levels, got ${describe(raw)}`);
    return null;
  }
  const levels: LevelDef[] = [];
  const seen = new Set<string>();
  let ok = true;
  raw.forEach((item, i) => {
    const key = `levels[${i}]`;
    if (!isPlainObject(item)) {
      problem(key, `expected an object { id, name, tokens }, got ${describe(item)}`);
      ok = false;
      return;
    }
    const id = own(item, "id");
    const tokens = settingsNumber(own(item, "tokens"));
    const name = own(item, "name");
    if (typeof id !== "string" || id.trim() === "" || seen.has(id.trim().toLowerCase())) {
      problem(`${key}.id`, `expected a unique non-empty text, got ${describe(id)}`);
      ok = false;
    } else if (tokens === null || tokens <= 0) {
      problem(`${key}.tokens`, `expected a positive number, got ${describeNumber(own(item, "tokens"))}`);
      ok = false;
    } else {
      seen.add(id.trim().toLowerCase());
      const level: LevelDef = { id: id.trim(), name: id.trim(), tokens };
      if (typeof name === "string" && name.trim()) level.name = name.trim();
      else if (name !== undefined) problem(`${key}.name`, `expected a non-empty text, got ${describe(name)}`);
      levels.push(level);
    }
  });
  return ok ? levels.sort((a, b) => a.tokens - b.tokens) : null;
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}

/** `Sources/` → `Sources`; `./a//b` → `a/b`. */
export function normaliseFolder(folder: string): string {
  return folder
    .replace(/\\/g, "/")
    .split("/")
    .filter((part) => part !== "" && part !== ".")
    .join("/");
}

/** The id of the layer whose id, name or alias is `value` (case-insensitive), or null. */
export function matchLayerId(layers: readonly LayerDef[], value: string): string | null {
  const v = value.trim().toLowerCase();
  if (!v) return null;
  for (const l of layers) if (l.id.toLowerCase() === v) return l.id;
  for (const l of layers) if (l.name.toLowerCase() === v || l.aliases.some((a) => a.toLowerCase() === v)) return l.id;
  return null;
}

/**
 * A target as typed (`--target`, or a text `target` in settings): a level's id or name, in any case, gives the
 * level's id; a decimal number of tokens ("1e11", "5000", "1 000 000", "1_000") gives that number, which the caller
 * checks is positive. Anything else (an unknown level, "0x10", "Infinity") gives null.
 */
export function parseTarget(value: string, levels: readonly LevelDef[]): string | number | null {
  const n = toNumber(value);
  if (n !== null) return n;
  const v = value.trim().toLowerCase();
  if (!v) return null;
  const level = levels.find((l) => l.id.toLowerCase() === v) ?? levels.find((l) => l.name.toLowerCase() === v);
  return level ? level.id : null;
}

/** The number of tokens the target stands for, and its level id when it names one. */
export function targetOf(settings: Settings): { id: string | null; tokens: number } {
  if (typeof settings.target === "number") return { id: null, tokens: settings.target };
  const level = settings.levels.find((l) => l.id === settings.target);
  return level ? { id: level.id, tokens: level.tokens } : { id: null, tokens: settings.levels[0]?.tokens ?? 1 };
}

/**
 * `record[key] = value` as an own property whatever the key: a plain assignment of `__proto__` would set the
 * object's prototype instead, and a source type or folder of that name would vanish.
 */
function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}
