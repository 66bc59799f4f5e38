import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyze } from "../../src/core/analysis";
import { defaultSettings } from "../../src/core/defaults";
import { estimate, feedingMethod } from "../../src/core/estimate";
import { parseSettings } from "../../src/core/settings";
import type { ParsedNote, Report, Settings } from "../../src/core/types";
import { parsed, records } from "../helpers/notes";

function reportOf(notes: ParsedNote[], settings: Settings = defaultSettings()): Report {
  return analyze(records(notes, settings), settings).report();
}

describe("the estimate of spec §4", () => {
  it("splits the target by shares and subtracts effective tokens per layer", () => {
    const settings = parseSettings({ target: 6000, layers: [{ id: "a", share: 1 }, { id: "b", share: 2 }] }).settings;
    const report = reportOf(
      [
        parsed("x.md", { frontmatter: { layer: "a", tokens: 1000, quality: 0.5 } }),
        parsed("y.md", { frontmatter: { layer: "b", tokens: 5000 } }),
      ],
      settings,
    );
    const [a, b] = report.layers;
    expect(a).toMatchObject({ id: "a", targetTokens: 2000, rawTokens: 1000, effectiveTokens: 500, remainingTokens: 1500, coverage: 0.25 });
    expect(a.remainingPages).toBeCloseTo(1.5);
    expect(b).toMatchObject({ id: "b", targetTokens: 4000, effectiveTokens: 5000, remainingTokens: 0, coverage: 1 });
    expect(report.total).toMatchObject({ targetTokens: 6000, rawTokens: 6000, effectiveTokens: 5500, remainingTokens: 1500 });
    expect(report.total.coverage).toBeCloseTo(0.75);
    expect(report.bottleneck).toBe("a");
    expect(report.target).toEqual({ id: null, tokens: 6000 });
  });

  it("totals coverage as what each layer covers of its own target, over the total target, without cancellation", () => {
    const four = parseSettings({ target: 40000, layers: [{ id: "a" }, { id: "b" }, { id: "c" }, { id: "d" }] }).settings;
    // a: 9900 of 10000; b: a surplus of 20000 over its 10000, which covers no other layer.
    const some = reportOf(
      [parsed("x.md", { frontmatter: { layer: "a", tokens: 9900 } }), parsed("y.md", { frontmatter: { layer: "b", tokens: 30000 } })],
      four,
    );
    expect(some.total.coverage).toBe(19900 / 40000);
    expect(some.total.remainingTokens).toBe(100 + 10000 + 10000);
    expect(reportOf([parsed("x.md", { frontmatter: { layer: "a", tokens: 9900 } })], four).total.coverage).toBe(0.2475);
    // A tiny coverage keeps its digits.
    expect(reportOf([parsed("x.md", { frontmatter: { layer: "facts", tokens: 52650.6 } })]).total.coverage).toBe(5.26506e-7);
    expect(reportOf([]).total.coverage).toBe(0);
  });

  it("reaches the highest level every layer holds its share of, the weakest layer bounding it", () => {
    const settings = parseSettings({
      target: "big",
      layers: [{ id: "a" }, { id: "b" }],
      levels: [
        { id: "small", tokens: 100 },
        { id: "mid", tokens: 1000 },
        { id: "big", tokens: 10000 },
      ],
    }).settings;
    const at = (a: number, b: number) =>
      reportOf([parsed("x.md", { frontmatter: { layer: "a", tokens: a } }), parsed("y.md", { frontmatter: { layer: "b", tokens: b } })], settings).levelReached;
    expect(at(49, 5000)).toBeNull();
    expect(at(50, 5000)).toBe("small");
    expect(at(500, 499)).toBe("small");
    expect(at(500, 500)).toBe("mid");
    expect(at(5000, 5000)).toBe("big");
  });

  it("breaks bottleneck ties toward the lower layer", () => {
    expect(reportOf([]).bottleneck).toBe("concepts");
    expect(reportOf([parsed("x.md", { frontmatter: { layer: "concepts", tokens: 1e12 } })]).bottleneck).toBe("structures");
  });

  it("takes float noise from fractional shares as a tie: a met target, a reached level, the lower bottleneck", () => {
    // 8000 × 0.1 / 0.8 is 1000.0000000000001 in floating point.
    const levels = parseSettings({
      target: 8000,
      layers: [{ id: "a", share: 0.1 }, { id: "b", share: 0.7 }],
      levels: [{ id: "x", name: "X", tokens: 8000 }],
    }).settings;
    const met = reportOf([parsed("a.md", { frontmatter: { layer: "a", tokens: 1000 } }), parsed("b.md", { frontmatter: { layer: "b", tokens: 7000 } })], levels);
    expect(met.levelReached).toBe("x");
    expect(met.layers.map((l) => [l.coverage, l.remainingTokens])).toEqual([[1, 0], [1, 0]]);
    expect(met.total).toMatchObject({ coverage: 1, remainingTokens: 0 });
    // 1 of 1000 × 0.1 / 0.7 and 6 of 1000 × 0.6 / 0.7 are both 0.007, as computed 0.007000000000000001 and 0.007.
    const ties = parseSettings({ target: 1000, layers: [{ id: "a", share: 0.1 }, { id: "b", share: 0.6 }] }).settings;
    const tied = reportOf([parsed("a.md", { frontmatter: { layer: "a", tokens: 1 } }), parsed("b.md", { frontmatter: { layer: "b", tokens: 6 } })], ties);
    expect(tied.bottleneck).toBe("a");
    // A real difference still counts, however small against the target.
    const apart = reportOf([parsed("a.md", { frontmatter: { layer: "a", tokens: 1 } }), parsed("b.md", { frontmatter: { layer: "b", tokens: 5.99 } })], ties);
    expect(apart.bottleneck).toBe("b");
  });

  it("keeps targets finite when the target times a share overflows", () => {
    const settings = parseSettings({ target: 1e308, layers: [{ id: "a", share: 3 }, { id: "b", share: 1 }] }).settings;
    const report = reportOf([parsed("a.md", { frontmatter: { layer: "a", tokens: 1 } })], settings);
    expect(report.layers.map((l) => l.targetTokens)).toEqual([0.75e308, 0.25e308]);
    expect(Number.isFinite(report.total.targetTokens)).toBe(true);
    expect(Number.isFinite(report.total.remainingTokens)).toBe(true);
  });

  it("chooses the feeding method by total effective tokens", () => {
    expect(feedingMethod(0)).toBe("in-context");
    expect(feedingMethod(999_999)).toBe("in-context");
    expect(feedingMethod(1e6)).toBe("rag+lora");
    expect(feedingMethod(1e8 - 1)).toBe("rag+lora");
    expect(feedingMethod(1e8)).toBe("continued-pretraining");
    expect(feedingMethod(1e11 - 1)).toBe("continued-pretraining");
    expect(feedingMethod(1e11)).toBe("pretraining");
    const report = reportOf([parsed("x.md", { frontmatter: { layer: "facts", tokens: 2e6 } })]);
    expect(report.feeding).toBe("rag+lora");
    expect(report.computeOptimalParams).toBe(1e5);
  });

  it("gives the same block per module", () => {
    const report = reportOf([
      parsed("x.md", { frontmatter: { layer: "facts", tokens: 3e6, module: "reasoning" } }),
      parsed("y.md", { frontmatter: { layer: "logic", tokens: 1000, module: "reasoning", quality: 0.5 } }),
      parsed("z.md", { frontmatter: { layer: "logic", tokens: 200, module: "calculation" } }),
      parsed("untagged.md", { frontmatter: { tokens: 5e9, module: "calculation" } }),
    ]);
    expect(report.modules).toEqual([
      { id: "calculation", notes: 1, rawTokens: 200, effectiveTokens: 200, feeding: "in-context", computeOptimalParams: 10 },
      { id: "reasoning", notes: 2, rawTokens: 3001000, effectiveTokens: 3000500, feeding: "rag+lora", computeOptimalParams: 150025 },
    ]);
    expect(report.untagged).toBe(1);
  });

  it("scopes to a domain and the domains nested under it", () => {
    const settings = defaultSettings();
    const recs = records([
      parsed("a.md", { frontmatter: { layer: "facts", tokens: 10, domain: "sports" } }),
      parsed("b.md", { frontmatter: { layer: "facts", tokens: 20, domain: "sports/biomechanics" } }),
      parsed("c.md", { frontmatter: { layer: "facts", tokens: 40, domain: "sportswear" } }),
      parsed("d.md", { frontmatter: { layer: "facts", tokens: 80 } }),
    ]);
    const scoped = analyze(recs, settings, { domain: "sports" }).report();
    expect(scoped.scope).toEqual({ domain: "sports" });
    expect(scoped.total.rawTokens).toBe(30);
    expect(analyze(recs, settings).report().total.rawTokens).toBe(150);
  });

  it("emits the JSON shape of spec §6", () => {
    const report = reportOf([parsed("x.md", { frontmatter: { layer: "facts", tokens: 10 } })]);
    expect(Object.keys(report)).toEqual([
      "version",
      "scope",
      "target",
      "layers",
      "total",
      "levelReached",
      "bottleneck",
      "feeding",
      "computeOptimalParams",
      "modules",
      "facets",
      "gaps",
      "untagged",
    ]);
    expect(report.version).toBe(1);
    expect(report.target).toEqual({ id: "bachelor", tokens: 1e11 });
    expect(Object.keys(report.layers[0])).toEqual(
      expect.arrayContaining(["id", "name", "index", "notes", "rawTokens", "effectiveTokens", "targetTokens", "remainingTokens", "remainingPages", "coverage"]),
    );
    expect(report.layers[0].notes).toEqual({ concept: 0, source: 0, check: 0 });
    expect(Object.keys(report.facets)).toEqual(["concepts", "structures", "facts", "logic", "strategies", "paradoxes"]);
    expect(Object.keys(report.facets.facts)).toEqual(["causality", "edge-case", "counterexample", "detail", "synthesis"]);
  });
});

describe("the estimate's invariants (fast-check)", () => {
  const layerSums = fc.array(
    fc.record({
      rawTokens: fc.double({ min: 0, max: 1e13, noNaN: true }),
      quality: fc.double({ min: 0, max: 1, noNaN: true }),
      concept: fc.nat(50),
      source: fc.nat(50),
      check: fc.nat(50),
    }),
    { minLength: 6, maxLength: 6 },
  );
  const target = fc.oneof(fc.constantFrom("facts", "bachelor", "practitioner", "expert"), fc.double({ min: 1, max: 1e14, noNaN: true }));
  const shares = fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 6, maxLength: 6 });

  type Sums = typeof layerSums extends fc.Arbitrary<infer T> ? T : never;
  const run = (sums: Sums, t: string | number, s: number[]) => {
    const settings = defaultSettings();
    settings.target = t;
    settings.layers.forEach((l, i) => (l.share = s[i]!));
    return estimate(
      settings,
      sums.map((x) => ({ rawTokens: x.rawTokens, effectiveTokens: x.rawTokens * x.quality, notes: { concept: x.concept, source: x.source, check: x.check } })),
      new Map(),
    );
  };

  it("remaining ≥ 0, coverage in [0, 1], and totals are the sums of the layers", () => {
    fc.assert(
      fc.property(layerSums, target, shares, (sums, t, s) => {
        const e = run(sums, t, s);
        for (const l of e.layers) {
          expect(l.remainingTokens).toBeGreaterThanOrEqual(0);
          expect(l.coverage).toBeGreaterThanOrEqual(0);
          expect(l.coverage).toBeLessThanOrEqual(1);
        }
        const sum = (f: (l: (typeof e.layers)[number]) => number) => e.layers.reduce((a, l) => a + f(l), 0);
        expect(e.total.rawTokens).toBeCloseTo(sum((l) => l.rawTokens), -2);
        expect(e.total.effectiveTokens).toBeCloseTo(sum((l) => l.effectiveTokens), -2);
        expect(e.total.targetTokens / e.target.tokens).toBeCloseTo(1, 9);
        expect(e.total.remainingTokens).toBe(sum((l) => l.remainingTokens));
        expect(e.total.remainingPages).toBeCloseTo(sum((l) => l.remainingPages), 3);
        expect(e.total.notes.concept).toBe(sum((l) => l.notes.concept));
        expect(e.total.coverage).toBeGreaterThanOrEqual(0);
        expect(e.total.coverage).toBeLessThanOrEqual(1);
        // What is covered and what remains make up the target.
        expect((e.total.coverage * e.total.targetTokens + e.total.remainingTokens) / e.total.targetTokens).toBeCloseTo(1, 9);
      }),
    );
  });

  it("doubling the target doubles each layer's target", () => {
    fc.assert(
      fc.property(layerSums, fc.double({ min: 1, max: 1e13, noNaN: true }), shares, (sums, t, s) => {
        const one = run(sums, t, s);
        const two = run(sums, 2 * t, s);
        one.layers.forEach((l, i) => expect(two.layers[i].targetTokens).toBeCloseTo(2 * l.targetTokens, 6));
      }),
    );
  });

  it("adding a source never raises remaining, in any layer or in total", () => {
    const noteArb = fc.record({
      layer: fc.constantFrom("concepts", "structures", "facts", "logic", "strategies", "paradoxes"),
      pages: fc.nat(1000),
      type: fc.constantFrom("textbook", "forum", "paper", "motivational", "nonsense"),
    });
    fc.assert(
      fc.property(fc.array(noteArb, { maxLength: 12 }), noteArb, (notes, extra) => {
        const toNote = (n: typeof extra, i: number) => parsed(`n${i}.md`, { frontmatter: { layer: n.layer, pages: n.pages, "source-type": n.type } });
        const before = reportOf(notes.map(toNote));
        const after = reportOf([...notes, extra].map(toNote));
        after.layers.forEach((l, i) => expect(l.remainingTokens).toBeLessThanOrEqual(before.layers[i].remainingTokens));
        expect(after.total.remainingTokens).toBeLessThanOrEqual(before.total.remainingTokens);
      }),
    );
  });
});
