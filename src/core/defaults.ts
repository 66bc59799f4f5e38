import type { LayerDef, LevelDef, PropertyNames, Settings } from "./types";

/**
 * The defaults of spec §3. Every source is given in the README ("The estimate's model").
 * `defaultSettings()` returns a fresh deep copy: nothing may mutate the defaults.
 */

/** The founding document's hierarchy: from concepts to structures, from facts to logic, from strategies to paradoxes. */
const LAYERS: readonly LayerDef[] = [
  { id: "concepts", name: "Concepts", aliases: ["concept", "понятие", "понятия"], share: 1 },
  { id: "structures", name: "Structures", aliases: ["structure", "структура"], share: 1 },
  { id: "facts", name: "Facts", aliases: ["fact", "факт"], share: 1 },
  { id: "logic", name: "Logic & causality", aliases: ["causality", "логика"], share: 1 },
  { id: "strategies", name: "Strategies", aliases: ["strategy", "стратегия"], share: 1 },
  { id: "paradoxes", name: "Paradoxes & meta", aliases: ["paradox", "meta", "парадокс"], share: 1 },
];

/**
 * A lookup table safe for any key: null-prototype and frozen, so a user's layer or level id such as `toString`,
 * `constructor` or `__proto__` finds nothing (undefined) instead of an `Object.prototype` member.
 */
function nameTable(entries: Record<string, string>): Readonly<Record<string, string>> {
  const table = Object.create(null) as Record<string, string>;
  for (const [key, name] of Object.entries(entries)) table[key] = name;
  return Object.freeze(table);
}

/** Russian names of the default layers (the UI shows them when Obsidian's language is Russian). */
export const LAYER_NAMES_RU: Readonly<Record<string, string>> = nameTable({
  concepts: "Понятия",
  structures: "Структуры",
  facts: "Факты",
  logic: "Логика и причинность",
  strategies: "Стратегии",
  paradoxes: "Парадоксы и мета",
});

/** The founding document's table: 1M pages ~1e9 tokens … 10B pages ~1e13 tokens. */
const LEVELS: readonly LevelDef[] = [
  { id: "facts", name: "Simple knowledge and facts", tokens: 1e9 },
  { id: "bachelor", name: "Bachelor's general understanding", tokens: 1e11 },
  { id: "practitioner", name: "Practitioner's deep knowledge", tokens: 1e12 },
  { id: "expert", name: "Expert-level thinking", tokens: 1e13 },
];

/** Russian names of the default levels (safe for any key, as `LAYER_NAMES_RU`). */
export const LEVEL_NAMES_RU: Readonly<Record<string, string>> = nameTable({
  facts: "Простое знание и факты",
  bachelor: "Обобщающее понимание (бакалавр)",
  practitioner: "Глубокое знание практика",
  expert: "Экспертное мышление",
});

/**
 * The Russian name of a default layer whose name is still the default (English) one; undefined for a renamed
 * layer or one of the user's own, whose name is shown as typed.
 */
export function russianLayerName(layer: { id: string; name: string }): string | undefined {
  return LAYERS.some((d) => d.id === layer.id && d.name === layer.name) ? LAYER_NAMES_RU[layer.id] : undefined;
}

/** The same for a level (see `russianLayerName`). */
export function russianLevelName(level: { id: string; name: string }): string | undefined {
  return LEVELS.some((d) => d.id === level.id && d.name === level.name) ? LEVEL_NAMES_RU[level.id] : undefined;
}

/** Density relative to textbook-grade text (spec §2). */
const SOURCE_TYPES: Readonly<Record<string, number>> = {
  textbook: 1.0,
  review: 1.0,
  guideline: 1.0,
  paper: 0.9,
  reference: 0.8,
  lecture: 0.7,
  dataset: 0.7,
  qa: 0.3,
  synthetic: 0.3,
  forum: 0.1,
  blog: 0.1,
  motivational: 0.0,
};

/** The founding document's five marks of expert thinking. */
const FACETS: readonly string[] = ["causality", "edge-case", "counterexample", "detail", "synthesis"];

const PROPERTIES: Readonly<PropertyNames> = {
  layer: "layer",
  kind: "kind",
  tokens: "tokens",
  words: "words",
  pages: "pages",
  books: "books",
  quality: "quality",
  sourceType: "source-type",
  domain: "domain",
  module: "module",
  facet: "facet",
  facets: "facets",
  requires: "requires",
  lang: "lang",
};

/** Page sizes offered by the settings tab (tokens per page). */
export const PAGE_PRESETS: readonly { tokens: number; id: "dense" | "book-en" | "standard-ru" }[] = [
  { tokens: 1000, id: "dense" },
  { tokens: 375, id: "book-en" },
  { tokens: 450, id: "standard-ru" },
];

export function defaultSettings(): Settings {
  return {
    layers: LAYERS.map((l) => ({ ...l, aliases: [...l.aliases] })),
    levels: LEVELS.map((l) => ({ ...l })),
    target: "bachelor",
    pageTokens: 1000,
    bookTokens: 100_000,
    tokensPerWord: 1.3,
    tokensPerWordCyrillic: 1.8,
    defaultQuality: 1.0,
    sourceTypes: { ...SOURCE_TYPES },
    facets: [...FACETS],
    folderLayers: {},
    exclude: [],
    tagPrefix: "layer",
    facetTagPrefix: "facet",
    checkTag: "check",
    properties: { ...PROPERTIES },
    reportPath: "Knowledge layers report.md",
  };
}
