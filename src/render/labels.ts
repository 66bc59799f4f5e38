/**
 * Every string the layer graph shows (the pane, the HTML export and the SVG export), in English and Russian.
 *
 * Labels are plain data (JSON-safe), so the plugin can pass its own and the standalone page can pick them by language.
 * Texts with a count are `Plural` forms chosen with `Intl.PluralRules` of `locale`; `{n}` is replaced by the formatted
 * number, other `{name}` placeholders by the named value.
 */
import type { NodeKind } from "../core/types";

/** Plural forms by CLDR category; `other` is required, the rest fall back to it. */
export type Plural = { other: string } & Partial<Record<"zero" | "one" | "two" | "few" | "many", string>>;

/** The worst gap severity of a node, or `none`: what a node's colour says. */
export type GapStatus = "none" | "info" | "warning" | "error";
export const GAP_STATUSES: readonly GapStatus[] = ["none", "info", "warning", "error"];

export interface RendererLabels {
  /** BCP 47 locale for numbers and plural rules, e.g. `en`, `ru`. */
  locale: string;
  /** Search box placeholder and accessible name. */
  search: string;
  /** Domain filter: accessible name and the "no filter" option. */
  domain: string;
  allDomains: string;
  /** Module filter: accessible name and the "no filter" option. */
  module: string;
  allModules: string;
  /** Accessible name of the group of kind toggles. */
  kinds: string;
  /** The fit button's text and tooltip. */
  fit: string;
  fitHint: string;
  /** The legend's summary line. */
  legend: string;
  /** Kind names (the toggles, the legend, the tooltip). `ghost` is a missing link target. */
  kind: Record<NodeKind, string>;
  /** Colour meanings in the legend. */
  status: Record<GapStatus, string>;
  /** Legend line about size. */
  sizeHint: string;
  /** Legend lines about edges. */
  linkEdge: string;
  requiresEdge: string;
  /** Tooltip field names. */
  layer: string;
  domainField: string;
  moduleField: string;
  tokens: string;
  quality: string;
  effectiveTokens: string;
  gaps: string;
  noGaps: string;
  /** Tooltip of a ghost node. */
  missingNote: string;
  /** Tooltip line after the gaps: how to open. */
  openHint: string;
  /** "…and {n} more" after the first gaps of a note with many. */
  moreGaps: Plural;
  /** Band label: coverage, e.g. "{pct} covered". */
  covered: string;
  /** Band label: remaining pages, e.g. "{n} pages left". */
  pagesLeft: Plural;
  /** Band label in a narrow gutter: remaining pages, short, e.g. "{n} p." */
  pagesLeftShort: Plural;
  /** Band label when the layer's target is reached. */
  layerDone: string;
  /** Status line: "{shown} of {n} notes". */
  shown: Plural;
  /** Status line: "{n} matches" for the search. */
  matches: Plural;
  /** Shown on an empty graph. */
  empty: string;
  /** Exported page: the note a click chose, and the link that opens it in Obsidian. */
  chosenNote: string;
  openInObsidian: string;
}

export const RENDERER_LABELS_EN: RendererLabels = {
  locale: "en",
  search: "Search notes",
  domain: "Domain",
  allDomains: "All domains",
  module: "Module",
  allModules: "All modules",
  kinds: "Kinds",
  fit: "Fit",
  fitHint: "Fit the whole graph in view",
  legend: "Legend",
  kind: { concept: "Concept", source: "Source", check: "Check", ghost: "Missing note" },
  status: { none: "No gaps", info: "Info gaps", warning: "Warnings", error: "Errors" },
  sizeHint: "Size: effective tokens",
  linkEdge: "Link",
  requiresEdge: "Requires",
  layer: "Layer",
  domainField: "Domain",
  moduleField: "Module",
  tokens: "Tokens",
  quality: "Quality",
  effectiveTokens: "Effective tokens",
  gaps: "Gaps",
  noGaps: "No gaps",
  missingNote: "Linked to, but no such note exists",
  openHint: "Click to open · Ctrl/Cmd-click: new tab",
  moreGaps: { one: "…and {n} more", other: "…and {n} more" },
  covered: "{pct} covered",
  pagesLeft: { one: "{n} page left", other: "{n} pages left" },
  pagesLeftShort: { one: "{n} p. left", other: "{n} pp. left" },
  layerDone: "Target reached",
  shown: { one: "{shown} of {n} note", other: "{shown} of {n} notes" },
  matches: { one: "{n} match", other: "{n} matches" },
  empty: "No layered notes yet",
  chosenNote: "Note:",
  openInObsidian: "Open in Obsidian",
};

export const RENDERER_LABELS_RU: RendererLabels = {
  locale: "ru",
  search: "Поиск заметок",
  domain: "Область",
  allDomains: "Все области",
  module: "Модуль",
  allModules: "Все модули",
  kinds: "Виды",
  fit: "Вписать",
  fitHint: "Показать весь граф",
  legend: "Легенда",
  kind: { concept: "Понятие", source: "Источник", check: "Проверка", ghost: "Нет заметки" },
  status: { none: "Без пробелов", info: "Замечания", warning: "Предупреждения", error: "Ошибки" },
  sizeHint: "Размер: эффективные токены",
  linkEdge: "Ссылка",
  requiresEdge: "Требует",
  layer: "Слой",
  domainField: "Область",
  moduleField: "Модуль",
  tokens: "Токены",
  quality: "Качество",
  effectiveTokens: "Эффективные токены",
  gaps: "Пробелы",
  noGaps: "Пробелов нет",
  missingNote: "На неё ссылаются, но такой заметки нет",
  openHint: "Щелчок — открыть · Ctrl/Cmd — в новой вкладке",
  moreGaps: { one: "…и ещё {n}", few: "…и ещё {n}", many: "…и ещё {n}", other: "…и ещё {n}" },
  covered: "покрыто {pct}",
  pagesLeft: {
    one: "осталась {n} страница",
    few: "осталось {n} страницы",
    many: "осталось {n} страниц",
    other: "осталось {n} страницы",
  },
  pagesLeftShort: { other: "{n} стр." },
  layerDone: "Цель достигнута",
  shown: {
    one: "{shown} из {n} заметки",
    few: "{shown} из {n} заметок",
    many: "{shown} из {n} заметок",
    other: "{shown} из {n} заметки",
  },
  matches: { one: "{n} совпадение", few: "{n} совпадения", many: "{n} совпадений", other: "{n} совпадения" },
  empty: "Пока нет заметок со слоями",
  chosenNote: "Заметка:",
  openInObsidian: "Открыть в Obsidian",
};

/** The built-in labels for a language code (`ru…` → Russian, anything else → English). */
export function labelsFor(lang: string | null | undefined): RendererLabels {
  return typeof lang === "string" && lang.toLowerCase().startsWith("ru") ? RENDERER_LABELS_RU : RENDERER_LABELS_EN;
}

/** `base` with the given overrides; nested `kind` and `status` merge key by key. Non-string values are ignored. */
export function mergeLabels(overrides: Partial<RendererLabels> | undefined, base: RendererLabels = RENDERER_LABELS_EN): RendererLabels {
  const out: RendererLabels = { ...base, kind: { ...base.kind }, status: { ...base.status } };
  if (!overrides) return out;
  const target = out as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    if (!Object.prototype.hasOwnProperty.call(base, key)) continue;
    const current = target[key];
    if (typeof current === "string") {
      if (typeof value === "string") target[key] = value;
    } else if (value && typeof value === "object" && current && typeof current === "object") {
      const merged: Record<string, unknown> = { ...(current as Record<string, unknown>) };
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v === "string" && Object.prototype.hasOwnProperty.call(current, k)) merged[k] = v;
        else if (typeof v === "string" && isPluralCategory(k) && "other" in current) merged[k] = v;
      }
      target[key] = merged;
    }
  }
  return out;
}

function isPluralCategory(k: string): boolean {
  return k === "zero" || k === "one" || k === "two" || k === "few" || k === "many" || k === "other";
}

/** Formats numbers and texts of one locale. */
export class LabelFormat {
  private readonly plural: Intl.PluralRules;
  private readonly integer: Intl.NumberFormat;
  private readonly compact: Intl.NumberFormat;
  private readonly percent: Intl.NumberFormat;
  private readonly decimal: Intl.NumberFormat;

  constructor(readonly labels: RendererLabels) {
    const locale = safeLocale(labels.locale);
    this.plural = new Intl.PluralRules(locale);
    this.integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    this.compact = new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 1 });
    this.percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
    this.decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  }

  /** A whole number with grouping ("12,345"); non-finite values print as "–". */
  int(n: number): string {
    return Number.isFinite(n) ? this.integer.format(Math.round(n)) : "–";
  }

  /** A short number ("12K", "1.2M"). */
  short(n: number): string {
    return Number.isFinite(n) ? (Math.abs(n) < 10_000 ? this.integer.format(Math.round(n)) : this.compact.format(n)) : "–";
  }

  pct(fraction: number): string {
    return Number.isFinite(fraction) ? this.percent.format(Math.floor(Math.max(0, Math.min(1, fraction)) * 100) / 100) : "–";
  }

  num(n: number): string {
    return Number.isFinite(n) ? this.decimal.format(n) : "–";
  }

  /** Picks the plural form for `n` and fills `{n}` with `shown` (the formatted number) and other placeholders. */
  count(form: Plural, n: number, shown: string, values: Record<string, string> = {}): string {
    const category = Number.isFinite(n) ? this.plural.select(Math.round(n)) : "other";
    const text = (form as Record<string, string | undefined>)[category] ?? form.other;
    return fill(text, { ...values, n: shown });
  }
}

/** Replaces `{name}` placeholders; unknown names stay as written. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole,
  );
}

function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? "en";
  } catch {
    return "en";
  }
}
