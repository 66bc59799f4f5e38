import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { analyze } from "../../src/core/analysis";
import { defaultSettings } from "../../src/core/defaults";
import { formatCompact, formatPercent } from "../../src/core/format";
import { groupGaps, markdownText, reportMarkdown } from "../../src/core/report";
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
