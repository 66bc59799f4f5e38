import { russianLayerName, russianLevelName } from "./defaults";
import { formatCompact, formatPercent } from "./format";
import { REPORT_MARKER } from "./records";
import type { FeedingMethod, Gap, GapRuleId, Report, Settings, Severity } from "./types";

/**
 * The report as a Markdown note (spec §6). The plugin writes it into the vault; the note carries the
 * marker `knowledge-layers-report: true`, so the plugin only ever overwrites its own report and never
 * counts it as part of the curriculum. Every title and message is escaped: it renders as text, never HTML.
 */

export type ReportLanguage = "en" | "ru";

interface ReportText {
  title: string;
  summary: (p: { target: string; level: string; bottleneck: string; feeding: string; params: string }) => string;
  scope: (domain: string) => string;
  noLevel: string;
  none: string;
  layers: string;
  layer: string;
  concepts: string;
  sources: string;
  checks: string;
  raw: string;
  effective: string;
  target: string;
  remaining: string;
  pages: string;
  coverage: string;
  total: string;
  modules: string;
  module: string;
  notes: string;
  feeding: string;
  params: string;
  facets: string;
  facetsNote: string;
  gaps: string;
  noGaps: string;
  untagged: (n: number) => string;
  more: (n: number) => string;
  feedingNames: Record<FeedingMethod, string>;
  rules: Record<GapRuleId, string>;
  severities: Record<Severity, string>;
}

const EN: ReportText = {
  title: "Knowledge layers report",
  summary: (p) =>
    `Target: **${p.target}**. Level reached: **${p.level}**. Bottleneck: **${p.bottleneck}**. Feeding method: **${p.feeding}**. Compute-optimal model size: **${p.params} parameters**.`,
  scope: (d) => `Scope: domain **${d}**.`,
  noLevel: "none yet",
  none: "none",
  layers: "Layers",
  layer: "Layer",
  concepts: "Concepts",
  sources: "Sources",
  checks: "Checks",
  raw: "Raw tokens",
  effective: "Effective tokens",
  target: "Target",
  remaining: "Remaining tokens",
  pages: "Remaining pages",
  coverage: "Coverage",
  total: "Total",
  modules: "Modules",
  module: "Module",
  notes: "Notes",
  feeding: "Feeding method",
  params: "Compute-optimal size",
  facets: "Facets",
  facetsNote: "Share of each layer's concepts that a note carrying the facet links to or from.",
  gaps: "Gaps",
  noGaps: "No gaps.",
  untagged: (n) => `${n} ${n === 1 ? "note has" : "notes have"} no layer and ${n === 1 ? "is" : "are"} not counted.`,
  more: (n) => `…and ${n} more.`,
  feedingNames: {
    "in-context": "in-context (prompt or RAG)",
    "rag+lora": "RAG + LoRA",
    "continued-pretraining": "continued pretraining",
    pretraining: "pretraining",
  },
  rules: {
    "empty-layer": "Empty layers",
    "bottleneck-layer": "Bottleneck",
    ungrounded: "Ungrounded concepts",
    "unresolved-link": "Unresolved links",
    orphan: "Orphans",
    unsupported: "Concepts without sources",
    "missing-facet": "Missing facets",
    unverified: "Concepts without checks",
    "unknown-layer": "Unknown layers",
    "conflicting-layer": "Conflicting layers",
    "invalid-volume": "Invalid volumes",
    "invalid-quality": "Invalid quality",
    "unknown-source-type": "Unknown source types",
    "inverted-prerequisite": "Inverted prerequisites",
    "prerequisite-cycle": "Prerequisite cycles",
    unreadable: "Unreadable notes",
  },
  severities: { error: "error", warning: "warning", info: "info" },
};

const RU: ReportText = {
  title: "Отчёт о слоях знаний",
  summary: (p) =>
    `Цель: **${p.target}**. Достигнутый уровень: **${p.level}**. Узкое место: **${p.bottleneck}**. Способ подачи: **${p.feeding}**. Оптимальный размер модели: **${p.params} параметров**.`,
  scope: (d) => `Область: домен **${d}**.`,
  noLevel: "пока нет",
  none: "нет",
  layers: "Слои",
  layer: "Слой",
  concepts: "Понятия",
  sources: "Источники",
  checks: "Проверки",
  raw: "Токены",
  effective: "Эффективные токены",
  target: "Цель",
  remaining: "Осталось токенов",
  pages: "Осталось страниц",
  coverage: "Покрытие",
  total: "Итого",
  modules: "Модули",
  module: "Модуль",
  notes: "Заметки",
  feeding: "Способ подачи",
  params: "Оптимальный размер",
  facets: "Грани",
  facetsNote: "Доля понятий слоя, с которыми связана заметка с этой гранью.",
  gaps: "Пробелы",
  noGaps: "Пробелов нет.",
  untagged: (n) => `Заметок без слоя (не учтены): ${n}.`,
  more: (n) => `…и ещё ${n}.`,
  feedingNames: {
    "in-context": "в контексте (промпт или RAG)",
    "rag+lora": "RAG + LoRA",
    "continued-pretraining": "дообучение",
    pretraining: "предобучение",
  },
  rules: {
    "empty-layer": "Пустые слои",
    "bottleneck-layer": "Узкое место",
    ungrounded: "Понятия без опоры",
    "unresolved-link": "Ссылки в никуда",
    orphan: "Заметки без связей",
    unsupported: "Понятия без источников",
    "missing-facet": "Недостающие грани",
    unverified: "Понятия без проверок",
    "unknown-layer": "Неизвестные слои",
    "conflicting-layer": "Противоречивые слои",
    "invalid-volume": "Неверный объём",
    "invalid-quality": "Неверное качество",
    "unknown-source-type": "Неизвестные типы источников",
    "inverted-prerequisite": "Обратные предпосылки",
    "prerequisite-cycle": "Циклы предпосылок",
    unreadable: "Нечитаемые заметки",
  },
  severities: { error: "ошибка", warning: "предупреждение", info: "заметка" },
};

const TEXT: Record<ReportLanguage, ReportText> = { en: EN, ru: RU };

/** The order gaps are listed in: errors first, then the curriculum's structure, then the finer findings. */
export const RULE_ORDER: readonly GapRuleId[] = [
  "unreadable",
  "empty-layer",
  "bottleneck-layer",
  "unknown-layer",
  "conflicting-layer",
  "invalid-volume",
  "invalid-quality",
  "unknown-source-type",
  "unresolved-link",
  "prerequisite-cycle",
  "inverted-prerequisite",
  "ungrounded",
  "orphan",
  "unsupported",
  "unverified",
  "missing-facet",
];

export const SEVERITY_OF: Readonly<Record<GapRuleId, Severity>> = {
  unreadable: "error",
  "empty-layer": "warning",
  "bottleneck-layer": "info",
  "unknown-layer": "warning",
  "conflicting-layer": "warning",
  "invalid-volume": "warning",
  "invalid-quality": "warning",
  "unknown-source-type": "warning",
  "unresolved-link": "warning",
  "prerequisite-cycle": "warning",
  "inverted-prerequisite": "warning",
  ungrounded: "warning",
  orphan: "info",
  unsupported: "info",
  unverified: "info",
  "missing-facet": "info",
};

/** Gaps grouped by rule, in `RULE_ORDER`. */
export function groupGaps(gaps: readonly Gap[]): [GapRuleId, Gap[]][] {
  const groups = new Map<GapRuleId, Gap[]>();
  for (const g of gaps) {
    let list = groups.get(g.rule);
    if (!list) groups.set(g.rule, (list = []));
    list.push(g);
  }
  return RULE_ORDER.filter((r) => groups.has(r)).map((r) => [r, groups.get(r)!]);
}

/** Escapes text for Markdown and for Obsidian (`%%` comments, `[[links]]`, `#tags`, `$math$`, HTML). */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~$%=^&]/g, "\\$&").replace(/\r?\n/g, " ");
}

/** `map[key]` when the map itself holds the key (never what its prototype holds for `toString` or `__proto__`). */
function own<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

/** A plain YAML scalar: starts with a letter or `_`, then letters, marks, digits, `_ - . /` and single inner spaces. */
const PLAIN_YAML = /^[\p{L}_][\p{L}\p{M}\p{N}_\-./]*(?: [\p{L}\p{M}\p{N}_\-./]+)*$/u;
/** Plain scalars YAML (1.2, or 1.1 as older parsers read it) takes for a null or a boolean. */
const YAML_KEYWORD = /^(?:null|true|false|yes|no|on|off|y|n)$/i;
/** What a YAML double-quoted scalar may not hold as itself (beyond what JSON already escapes), and line separators. */
const YAML_UNPRINTABLE = /[\x7f-\x9f\u2028\u2029\ufffe\uffff]/g;

/**
 * A frontmatter value for a user's id: as it is when YAML reads it back as that same string, else double-quoted (a
 * JSON string is a YAML double-quoted scalar), so that no id can break the frontmatter or turn into a number,
 * a boolean, null, a list or a comment.
 */
export function yamlString(value: string): string {
  if (PLAIN_YAML.test(value) && !YAML_KEYWORD.test(value)) return value;
  return JSON.stringify(value).replace(YAML_UNPRINTABLE, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/** A wikilink to a note, or the path as code when the path cannot be linked safely. */
function noteLink(path: string): string {
  const bare = path.replace(/\.md$/i, "");
  if (/[[\]|#^\n\r]/.test(path)) return "`" + path.replace(/`/g, "'") + "`";
  const title = bare.slice(bare.lastIndexOf("/") + 1);
  return bare === title ? `[[${bare}]]` : `[[${bare}|${title}]]`;
}

export interface MarkdownOptions {
  language?: ReportLanguage;
  /** When the report was made (ISO 8601), written into its frontmatter. */
  updated?: string;
  /** At most this many gaps are listed per rule (default 50); the rest are counted. */
  gapsPerRule?: number;
}

export function reportMarkdown(report: Report, settings: Settings, options: MarkdownOptions = {}): string {
  const lang = options.language ?? "en";
  const t = TEXT[lang];
  const perRule = options.gapsPerRule ?? 50;
  const layerName = (id: string | null): string => {
    if (id === null) return t.none;
    const l = report.layers.find((x) => x.id === id);
    // A default layer keeps its Russian name in a Russian report; one the user renamed is shown as they named it.
    const name = l ? (lang === "ru" ? russianLayerName(l) : undefined) ?? l.name : id;
    return markdownText(name);
  };
  const levelName = (id: string | null): string => {
    if (id === null) return t.noLevel;
    const level = settings.levels.find((l) => l.id === id);
    return markdownText((lang === "ru" && level ? russianLevelName(level) : undefined) ?? level?.name ?? id);
  };
  const n = formatCompact;
  const pct = (fraction: number) => markdownText(formatPercent(fraction));
  const lines: string[] = [];
  lines.push("---", `${REPORT_MARKER}: true`);
  if (options.updated) lines.push(`updated: ${options.updated}`);
  lines.push(`target: ${report.target.id === null ? report.target.tokens : yamlString(report.target.id)}`);
  lines.push(`level-reached: ${report.levelReached === null ? "null" : yamlString(report.levelReached)}`);
  lines.push(`bottleneck: ${report.bottleneck === null ? "null" : yamlString(report.bottleneck)}`);
  lines.push(`feeding: ${report.feeding}`, "---", "", `# ${t.title}`, "");

  const target = report.target.id ? `${levelName(report.target.id)} (${n(report.target.tokens)})` : n(report.target.tokens);
  const bottleneck = report.layers.find((l) => l.id === report.bottleneck);
  lines.push(
    t.summary({
      target,
      level: levelName(report.levelReached),
      bottleneck: bottleneck ? `${layerName(bottleneck.id)} (${pct(bottleneck.coverage)})` : t.none,
      feeding: t.feedingNames[report.feeding],
      params: n(report.computeOptimalParams),
    }),
  );
  if (report.scope.domain) lines.push("", t.scope(markdownText(report.scope.domain)));
  if (report.untagged) lines.push("", t.untagged(report.untagged));

  lines.push("", `## ${t.layers}`, "");
  lines.push(`| ${t.layer} | ${t.concepts} | ${t.sources} | ${t.checks} | ${t.raw} | ${t.effective} | ${t.target} | ${t.remaining} | ${t.pages} | ${t.coverage} |`);
  lines.push("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
  const row = (name: string, f: Report["total"]) =>
    `| ${name} | ${f.notes.concept} | ${f.notes.source} | ${f.notes.check} | ${n(f.rawTokens)} | ${n(f.effectiveTokens)} | ${n(f.targetTokens)} | ${n(f.remainingTokens)} | ${n(f.remainingPages)} | ${pct(f.coverage)} |`;
  for (const l of report.layers) lines.push(row(layerName(l.id), l));
  lines.push(row(`**${t.total}**`, report.total));

  if (report.modules.length) {
    lines.push("", `## ${t.modules}`, "", `| ${t.module} | ${t.notes} | ${t.effective} | ${t.feeding} | ${t.params} |`, "|---|--:|--:|---|--:|");
    for (const m of report.modules) {
      lines.push(`| ${markdownText(m.id)} | ${m.notes} | ${n(m.effectiveTokens)} | ${t.feedingNames[m.feeding]} | ${n(m.computeOptimalParams)} |`);
    }
  }

  if (settings.facets.length) {
    const facets = settings.facets.slice(0, 30);
    lines.push("", `## ${t.facets}`, "", t.facetsNote, "", `| ${t.layer} | ${facets.map(markdownText).join(" | ")} |`, `|---|${facets.map(() => "--:").join("|")}|`);
    for (const l of report.layers) {
      const row = own(report.facets, l.id) ?? {};
      lines.push(`| ${layerName(l.id)} | ${facets.map((f) => pct(own(row, f) ?? 0)).join(" | ")} |`);
    }
  }

  lines.push("", `## ${t.gaps}`, "");
  const groups = groupGaps(report.gaps);
  if (!groups.length) lines.push(t.noGaps);
  for (const [rule, gaps] of groups) {
    lines.push(`### ${t.rules[rule]} (${gaps.length})`, "");
    for (const g of gaps.slice(0, perRule)) {
      const where = g.path ? `${noteLink(g.path)}: ` : "";
      lines.push(`- ${where}${markdownText(g.message)}`);
    }
    if (gaps.length > perRule) lines.push(`- ${t.more(gaps.length - perRule)}`);
    lines.push("");
  }
  return lines.join("\n").replace(/\n+$/, "\n");
}
