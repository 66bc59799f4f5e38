import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { analyze } from "../../src/core/analysis";
import { defaultSettings } from "../../src/core/defaults";
import { formatCompact, formatPercent } from "../../src/core/format";
import { groupGaps, markdownText, reportMarkdown, yamlString } from "../../src/core/report";
import { LayerIndex } from "../../src/core/index";
import type { NoteRecord, Report } from "../../src/core/types";
import { parsed, records } from "../helpers/notes";

const settings = defaultSettings();
const index = analyze(
  records([
    parsed("Concepts/Force.md", { frontmatter: { layer: "concepts", module: "calculation" }, links: ["Missing note"] }),
    parsed("Sources/Book.md", { frontmatter: { layer: "concepts", books: 1, "source-type": "textbook" }, links: ["Force"] }),
    parsed("<img src=x onerror=alert(1)> [[evil]] %%.md", { frontmatter: { layer: "facts" } }),
  ]),
  settings,
);

describe("the Markdown report (spec §6)", () => {
  const md = reportMarkdown(index.report(), settings, { updated: "2026-11-29T06:00:00Z" });

  it("carries its marker and the headline figures in frontmatter", () => {
    const fm = load(md.split("---")[1]) as Record<string, unknown>;
    expect(fm).toMatchObject({ "knowledge-layers-report": true, target: "bachelor", "level-reached": null, bottleneck: "structures", feeding: "in-context" });
    expect(fm.updated).toBeDefined();
    // Plain ids stay plain.
    expect(md).toContain("\ntarget: bachelor\nlevel-reached: null\nbottleneck: structures\nfeeding: in-context\n---\n");
  });

  const hostile = [
    "a: b",
    "#tag",
    "[x]",
    "{x}",
    "*ref",
    "&anchor",
    "!tag",
    "|",
    ">",
    "'q'",
    '"q"',
    "%dir",
    "@at",
    "`tick`",
    "- item",
    "-",
    "? key",
    "true",
    "False",
    "null",
    "~",
    "yes",
    "off",
    "42",
    "1e3",
    "0x1F",
    "-1.5",
    ".inf",
    ".NaN",
    "2024-01-01",
    "1_000",
    "",
    " padded ",
    "a #b",
    "line\nbreak\n---\nx: 1",
    "tab\there",
    "del\u007f c1\u0085\u009f ls\u2028 ps\u2029",
    "lone \ud800 surrogate",
    "__proto__",
    "toString",
  ];

  it("quotes ids that YAML would misread, so the frontmatter parses and keeps its marker", () => {
    for (const id of hostile) {
      const report: Report = { ...index.report(), target: { id, tokens: 1e11 }, levelReached: id, bottleneck: id };
      for (const language of ["en", "ru"] as const) {
        const text = reportMarkdown(report, settings, { language, updated: "2026-11-29T06:00:00Z" });
        const frontmatter = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1];
        expect(frontmatter, id).toBeDefined();
        const fm = load(frontmatter!) as Record<string, unknown>;
        expect(fm, id).toMatchObject({ "knowledge-layers-report": true, target: id, "level-reached": id, bottleneck: id, feeding: "in-context" });
      }
    }
  });

  it("writes layers and facets whose ids are `__proto__` or `toString`", () => {
    const odd = defaultSettings();
    odd.layers = ["__proto__", "toString"].map((id) => ({ id, name: id, aliases: [], share: 1 }));
    odd.levels = [{ id: "constructor", name: "constructor", tokens: 10 }];
    odd.target = "constructor";
    odd.facets = ["__proto__", "valueOf"];
    // Made by hand: the report's keys, whatever reading such settings gives.
    const note = (path: string, layer: string, facets: string[], links: string[]): NoteRecord => ({
      ...parsedRecord(path),
      layer,
      facets,
      tokens: 10,
      effectiveTokens: 10,
      links: links.map((l) => ({ target: l, resolved: `${l}.md` })),
    });
    const report = LayerIndex.build(odd, [note("c.md", "__proto__", [], []), note("d.md", "toString", ["__proto__"], ["c"])]).report();
    for (const language of ["en", "ru"] as const) {
      const text = reportMarkdown(report, odd, { language });
      expect(text).toContain("| \\_\\_proto\\_\\_ | 100\\% | 0\\% |");
      expect(text).toContain("| toString | 0\\% | 0\\% |");
      const fm = load(text.split("---")[1]) as Record<string, unknown>;
      expect(fm).toMatchObject({ "knowledge-layers-report": true, target: "constructor", "level-reached": "constructor", bottleneck: "__proto__" });
    }
  });

  it("leaves safe ids as plain scalars", () => {
    for (const id of ["bachelor", "edge-case", "a b", "a/b", "v1.2", "_x", "понятия", "層"]) {
      expect(yamlString(id)).toBe(id);
      expect(load(`k: ${yamlString(id)}`)).toEqual({ k: id });
    }
    for (const id of hostile) expect(load(`k: ${yamlString(id)}`)).toEqual({ k: id });
  });

  it("has a row per layer with the figures, and a total", () => {
    expect(md).toContain("| Concepts | 1 | 1 | 0 | 100k | 100k | 16.7B | 16.7B | 16.7M | \\<0.1\\% |");
    expect(md).toMatch(/\| \*\*Total\*\* \| 2 \| 1 \| 0 \|/);
    expect(md).toContain("## Modules");
    expect(md).toContain("| calculation | 1 |");
  });

  it("lists gaps grouped by rule with links to the notes", () => {
    expect(md).toContain("### Unresolved links (1)");
    expect(md).toContain("- [[Concepts/Force|Force]]: \"Missing note\" does not exist; 1 note links to it");
    expect(md).toMatch(/### Empty layers \(4\)/);
  });

  it("escapes titles so they render as text, never HTML, links, tags or comments", () => {
    const outsideCode = md.replace(/`[^`\n]*`/g, "");
    expect(outsideCode).not.toMatch(/(^|[^\\])</m);
    expect(outsideCode).not.toContain("[[evil]]");
    expect(outsideCode).not.toMatch(/[^\\]%%/);
    expect(md).toContain("`<img src=x onerror=alert(1)> [[evil]] %%.md`");
    expect(markdownText("a <b> [[c]] #d %%e%% $f$ ==g== | h")).toBe("a \\<b\\> \\[\\[c\\]\\] \\#d \\%\\%e\\%\\% \\$f\\$ \\=\\=g\\=\\= \\| h");
  });

  it("writes Russian when asked", () => {
    const ru = reportMarkdown(index.report(), settings, { language: "ru" });
    expect(ru).toContain("# Отчёт о слоях знаний");
    expect(ru).toContain("| Понятия | 1 | 1 | 0 |");
    expect(ru).toContain("### Ссылки в никуда (1)");
  });

  it("in Russian, names a layer or level the user renamed as they named it, and the others in Russian", () => {
    const renamed = defaultSettings();
    renamed.layers[0].name = "Core ideas";
    renamed.levels[1].name = "Undergrad";
    const report = analyze(records([parsed("a.md", { frontmatter: { layer: "concepts", tokens: 10 } })], renamed), renamed).report();
    const ru = reportMarkdown(report, renamed, { language: "ru" });
    expect(ru).toContain("| Core ideas |");
    expect(ru).not.toMatch(/^\| Понятия \|/m);
    expect(ru).toContain("| Структуры |");
    expect(ru).toContain("Undergrad");
    expect(ru).not.toContain("Обобщающее понимание");
    // Left as they were, they are Russian.
    expect(reportMarkdown(report, defaultSettings(), { language: "ru" })).toContain("Обобщающее понимание (бакалавр)");
  });

  it("caps long gap lists per rule and counts the rest", () => {
    const many = analyze(records(Array.from({ length: 8 }, (_, i) => parsed(`n${i}.md`, { frontmatter: { layer: "facts" } }))), settings).report();
    const capped = reportMarkdown(many, settings, { gapsPerRule: 3 });
    expect(capped).toContain("### Orphans (8)");
    expect(capped).toContain("- …and 5 more.");
  });

  it("groups gaps in a fixed rule order", () => {
    const order = groupGaps(index.report().gaps).map(([rule]) => rule);
    expect(order.indexOf("empty-layer")).toBeLessThan(order.indexOf("unresolved-link"));
    expect(order.indexOf("unresolved-link")).toBeLessThan(order.indexOf("missing-facet"));
  });
});

function parsedRecord(path: string): NoteRecord {
  return records([parsed(path)])[0];
}

describe("number formatting", () => {
  it("is compact with three significant digits", () => {
    expect(formatCompact(0)).toBe("0");
    expect(formatCompact(999)).toBe("999");
    expect(formatCompact(1234)).toBe("1.23k");
    expect(formatCompact(1e11)).toBe("100B");
    expect(formatCompact(16_666_666_666.7)).toBe("16.7B");
    expect(formatCompact(2.5e13)).toBe("25T");
    expect(formatPercent(0.031)).toBe("3.1%");
    expect(formatPercent(1)).toBe("100%");
    expect(formatPercent(0.0004)).toBe("<0.1%");
    expect(formatPercent(0)).toBe("0%");
  });
});
