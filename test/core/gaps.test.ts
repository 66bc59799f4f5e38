import { describe, expect, it } from "vitest";
import { analyze } from "../../src/core/analysis";
import { defaultSettings } from "../../src/core/defaults";
import { parseSettings } from "../../src/core/settings";
import type { Gap, ParsedNote } from "../../src/core/types";
import { parsed, records } from "../helpers/notes";

function gapsOf(notes: ParsedNote[], settingsInput: unknown = { facets: [] }): Gap[] {
  const settings = parseSettings(settingsInput).settings;
  return analyze(records(notes, settings), settings).report().gaps;
}
const only = (gaps: Gap[], rule: string) => gaps.filter((g) => g.rule === rule);
const pathsOf = (gaps: Gap[], rule: string) => only(gaps, rule).map((g) => g.path).sort();

describe("gap rules (spec §5)", () => {
  it("empty-layer: one warning per layer without notes", () => {
    const gaps = gapsOf([parsed("a.md", { frontmatter: { layer: "concepts" } })]);
    expect(only(gaps, "empty-layer").map((g) => g.layer)).toEqual(["structures", "facts", "logic", "strategies", "paradoxes"]);
    expect(only(gaps, "empty-layer")[0].severity).toBe("warning");
  });

  it("bottleneck-layer: the lowest coverage, ties to the lower layer, with its remaining volume", () => {
    const gaps = gapsOf([
      parsed("a.md", { frontmatter: { layer: "concepts", tokens: 100 } }),
      parsed("b.md", { frontmatter: { layer: "structures", tokens: 50 } }),
    ]);
    const b = only(gaps, "bottleneck-layer");
    expect(b).toHaveLength(1);
    expect(b[0]).toMatchObject({ severity: "info", layer: "facts" });
    expect(b[0].remainingTokens).toBeCloseTo(1e11 / 6);
    expect(b[0].remainingPages).toBeCloseTo(1e11 / 6 / 1000);
  });

  it("bottleneck-layer: named even when its target is met, with nothing remaining", () => {
    const gaps = gapsOf(
      [
        parsed("a.md", { frontmatter: { layer: "a", tokens: 700 } }),
        parsed("b.md", { frontmatter: { layer: "b", tokens: 300 } }),
      ],
      { facets: [], target: 500, layers: [{ id: "a" }, { id: "b" }] },
    );
    const b = only(gaps, "bottleneck-layer");
    expect(b).toEqual([expect.objectContaining({ severity: "info", layer: "a", remainingTokens: 0, remainingPages: 0 })]);
    expect(b[0].message).toBe("a is the bottleneck: 100% covered, its target is met");
  });

  it("ungrounded: a concept above the first layer with no edge to a lower layer, in either direction", () => {
    const gaps = gapsOf([
      parsed("base.md", { frontmatter: { layer: "concepts" } }),
      parsed("up.md", { frontmatter: { layer: "facts" }, links: ["base"] }),
      parsed("down.md", { frontmatter: { layer: "logic" } }),
      parsed("linked-from-below.md", { frontmatter: { layer: "strategies" } }),
      parsed("below.md", { frontmatter: { layer: "structures" }, links: ["linked-from-below", "down", "base"] }),
      parsed("same.md", { frontmatter: { layer: "facts" }, links: ["up"] }),
      parsed("source.md", { frontmatter: { layer: "paradoxes", kind: "source" } }),
    ]);
    expect(pathsOf(gaps, "ungrounded")).toEqual(["same.md"]);
  });

  it("unresolved-link: one gap per missing target, with its layered referrers counted", () => {
    const gaps = gapsOf([
      parsed("a.md", { frontmatter: { layer: "concepts" }, links: ["Missing", "missing#h", "Other"] }),
      parsed("b.md", { frontmatter: { layer: "facts" }, links: ["missing"] }),
      parsed("untagged.md", { links: ["missing", "Only untagged"] }),
    ]);
    const u = only(gaps, "unresolved-link");
    expect(u.map((g) => [g.target, g.referrers])).toEqual([
      ["Missing", 2],
      ["Other", 1],
    ]);
    expect(u[0]).toMatchObject({ severity: "warning", path: "a.md", layer: "concepts" });
  });

  it("unresolved-link: a target written with or without .md is one target, one gap, one ghost node", () => {
    const settings = parseSettings({ facets: [] }).settings;
    const index = analyze(
      records(
        [
          parsed("a.md", { frontmatter: { layer: "concepts" }, links: ["Missing"] }),
          parsed("b.md", { frontmatter: { layer: "facts" }, links: ["missing.md"] }),
          parsed("c.md", { frontmatter: { layer: "facts" }, links: ["Other.MD", "other", "other.md#h"] }),
          parsed("d.md", { frontmatter: { layer: "facts" }, links: ["x.md.md", "x.md"] }),
        ],
        settings,
      ),
      settings,
    );
    // The first referrer by path names the target, as it writes it.
    expect(only(index.report().gaps, "unresolved-link").map((g) => [g.target, g.referrers])).toEqual([
      ["Missing", 2],
      ["Other.MD", 1],
      ["x.md", 1],
      ["x.md.md", 1],
    ]);
    const ghosts = index.graph().nodes.filter((n) => n.kind === "ghost");
    expect(ghosts.map((n) => [n.id, n.title]).sort()).toEqual([
      ["Missing", "Missing"],
      ["Other.MD", "Other"],
      ["x.md", "x"],
      ["x.md.md", "x.md"],
    ]);
    expect(index.noteGaps("b.md").filter((g) => g.rule === "unresolved-link")).toEqual([
      expect.objectContaining({ target: "Missing", referrers: 2, path: "b.md" }),
    ]);
    expect(index.unresolvedReferrersFor("missing.md").sort()).toEqual(["a.md", "b.md"]);
  });

  it("orphan: a layered note with no edges at all", () => {
    const gaps = gapsOf([
      parsed("alone.md", { frontmatter: { layer: "concepts" }, links: ["#heading", ""] }),
      parsed("a.md", { frontmatter: { layer: "concepts" }, links: ["b"] }),
      parsed("b.md", { frontmatter: { layer: "facts" } }),
      parsed("to-ghost.md", { frontmatter: { layer: "facts" }, links: ["nowhere"] }),
      parsed("untagged.md"),
    ]);
    expect(pathsOf(gaps, "orphan")).toEqual(["alone.md"]);
    expect(only(gaps, "orphan")[0].severity).toBe("info");
  });

  it("unsupported and unverified: a concept with no edge to a source / a check", () => {
    const gaps = gapsOf([
      parsed("c1.md", { frontmatter: { layer: "concepts" }, links: ["src"] }),
      parsed("c2.md", { frontmatter: { layer: "concepts" } }),
      parsed("src.md", { frontmatter: { layer: "concepts", pages: 10 } }),
      parsed("quiz.md", { frontmatter: { layer: "concepts" }, tags: ["#check"], links: ["c2"] }),
    ]);
    expect(pathsOf(gaps, "unsupported")).toEqual(["c2.md"]);
    expect(pathsOf(gaps, "unverified")).toEqual(["c1.md"]);
  });

  it("missing-facet: per configured facet, a concept no note carrying it links to or from", () => {
    const gaps = gapsOf(
      [
        parsed("c.md", { frontmatter: { layer: "logic" } }),
        parsed("edge.md", { frontmatter: { layer: "logic" }, tags: ["#facet/edge-case"], links: ["c"] }),
        parsed("self.md", { frontmatter: { layer: "logic", facets: ["causality", "edge-case"] } }),
      ],
      { facets: ["causality", "edge-case"] },
    );
    const missing = only(gaps, "missing-facet").map((g) => `${g.path}:${g.facet}`).sort();
    expect(missing).toEqual(["c.md:causality", "edge.md:causality", "edge.md:edge-case", "self.md:causality", "self.md:edge-case"]);
  });

  it("reports the per-layer facet fractions of concepts covered", () => {
    const settings = parseSettings({ facets: ["causality", "detail"] }).settings;
    const report = analyze(
      records(
        [
          parsed("c1.md", { frontmatter: { layer: "logic" } }),
          parsed("c2.md", { frontmatter: { layer: "logic" } }),
          parsed("why.md", { frontmatter: { layer: "logic", kind: "check" }, tags: ["#facet/causality"], links: ["c1"] }),
        ],
        settings,
      ),
      settings,
    ).report();
    expect(report.facets.logic).toEqual({ causality: 0.5, detail: 0 });
    expect(report.facets.concepts).toEqual({ causality: 0, detail: 0 });
  });

  it("reports every configured facet, `__proto__` included, as a key of the JSON", () => {
    const settings = parseSettings({ facets: ["__proto__", "x", "constructor"] }).settings;
    const report = analyze(
      records(
        [
          parsed("c1.md", { frontmatter: { layer: "logic" } }),
          parsed("c2.md", { frontmatter: { layer: "logic" } }),
          parsed("why.md", { frontmatter: { layer: "logic", kind: "check" }, tags: ["#facet/__proto__", "#facet/constructor"], links: ["c1"] }),
        ],
        settings,
      ),
      settings,
    ).report();
    const json = JSON.parse(JSON.stringify(report)) as { facets: Record<string, Record<string, number>> };
    expect(Object.keys(json.facets.logic)).toEqual(["__proto__", "x", "constructor"]);
    expect(Object.getOwnPropertyDescriptor(json.facets.logic, "__proto__")?.value).toBe(0.5);
    expect(json.facets.logic.constructor).toBe(0.5);
    expect(json.facets.logic.x).toBe(0);
    expect(Object.keys(json.facets.concepts)).toEqual(["__proto__", "x", "constructor"]);
  });

  it("inverted-prerequisite: a requires edge pointing to a higher layer", () => {
    const gaps = gapsOf([
      parsed("low.md", { frontmatter: { layer: "concepts", requires: ["[[high]]"] } }),
      parsed("high.md", { frontmatter: { layer: "strategies", requires: ["[[low]]"] } }),
    ]);
    expect(only(gaps, "inverted-prerequisite")).toEqual([
      expect.objectContaining({ severity: "warning", path: "low.md", target: "high.md", layer: "concepts" }),
    ]);
  });

  it("prerequisite-cycle: one gap per cycle", () => {
    const gaps = gapsOf([
      parsed("a.md", { frontmatter: { layer: "facts", requires: ["[[b]]"] } }),
      parsed("b.md", { frontmatter: { layer: "facts", requires: ["[[c]]"] } }),
      parsed("c.md", { frontmatter: { layer: "facts", requires: ["[[a]]"] } }),
      parsed("d.md", { frontmatter: { layer: "facts", requires: ["[[e]]"] } }),
      parsed("e.md", { frontmatter: { layer: "facts", requires: ["[[d]]", "[[a]]"] } }),
      parsed("self.md", { frontmatter: { layer: "facts", requires: ["[[self]]"] } }),
      parsed("chain.md", { frontmatter: { layer: "facts", requires: ["[[a]]"] } }),
    ]);
    const cycles = only(gaps, "prerequisite-cycle");
    expect(cycles).toHaveLength(3);
    expect(cycles.map((g) => g.cycle!.slice().sort().join(","))).toEqual(expect.arrayContaining(["a.md,b.md,c.md", "d.md,e.md", "self.md"]));
    const abc = cycles.find((g) => g.cycle!.length === 3)!;
    expect(abc.cycle).toEqual(["a.md", "b.md", "c.md"]);
    expect(abc.severity).toBe("warning");
  });

  it("survives a long chain of prerequisites without deep recursion", () => {
    const n = 20_000;
    const notes = Array.from({ length: n }, (_, i) => parsed(`n${i}.md`, { frontmatter: { layer: "facts", requires: [`[[n${(i + 1) % n}]]`] } }));
    const settings = defaultSettings();
    const report = analyze(records(notes, settings), settings).report();
    const cycles = only(report.gaps, "prerequisite-cycle");
    expect(cycles).toHaveLength(1);
    expect(cycles[0].cycle).toHaveLength(n);
  });

  it("lists note gaps from reading (unknown-layer, invalid-volume, unreadable, …) in the report", () => {
    const gaps = gapsOf([
      parsed("a.md", { frontmatter: { layer: "nope", pages: "many", quality: 3, "source-type": "tabloid" } }),
      parsed("b.md", { errors: ["frontmatter does not parse"] }),
    ]);
    for (const rule of ["unknown-layer", "invalid-volume", "invalid-quality", "unknown-source-type"]) expect(pathsOf(gaps, rule)).toEqual(["a.md"]);
    expect(only(gaps, "unreadable")[0]).toMatchObject({ severity: "error", path: "b.md" });
  });

  it("ignores untagged notes for the layered rules but lets them be neighbours", () => {
    const gaps = gapsOf([
      parsed("c.md", { frontmatter: { layer: "facts" }, links: ["book"] }),
      parsed("book.md", { frontmatter: { pages: 300 } }),
      parsed("loose.md"),
    ]);
    expect(pathsOf(gaps, "unsupported")).toEqual([]);
    expect(pathsOf(gaps, "orphan")).toEqual([]);
    expect(pathsOf(gaps, "ungrounded")).toEqual(["c.md"]);
  });
});
