import { describe, expect, it } from "vitest";
import { defaultSettings } from "../../src/core/defaults";
import { prerequisiteTarget, linkTarget, inDomain, isReportNote, titleOf } from "../../src/core/records";
import { parseSettings } from "../../src/core/settings";
import { parsed, record } from "../helpers/notes";

const rules = (r: { gaps: { rule: string }[] }) => r.gaps.map((g) => g.rule);

describe("layer", () => {
  it("reads the frontmatter property by id, name or alias, case-insensitively", () => {
    expect(record(parsed("a.md", { frontmatter: { layer: "facts" } })).layer).toBe("facts");
    expect(record(parsed("a.md", { frontmatter: { layer: "Logic & Causality" } })).layer).toBe("logic");
    expect(record(parsed("a.md", { frontmatter: { layer: "ПОНЯТИЕ" } })).layer).toBe("concepts");
    expect(record(parsed("a.md", { frontmatter: { layer: "meta" } })).layer).toBe("paradoxes");
  });

  it("accepts the Russian names of the default layers", () => {
    expect(record(parsed("a.md", { frontmatter: { layer: "Логика и причинность" } })).layer).toBe("logic");
    expect(record(parsed("a.md", { frontmatter: { layer: "Факты" } })).layer).toBe("facts");
  });

  it("falls back to a tag with the configured prefix", () => {
    const r = record(parsed("a.md", { tags: ["#topic", "#Layer/Structures"] }));
    expect(r.layer).toBe("structures");
    expect(r.why.layer).toBe("tag");
    const settings = parseSettings({ tagPrefix: "#слой" }).settings;
    expect(record(parsed("a.md", { tags: ["#слой/факт"] }), settings).layer).toBe("facts");
    expect(record(parsed("a.md", { tags: ["#layer/facts"] }), settings).layer).toBeNull();
  });

  it("falls back to the longest matching folder rule", () => {
    const settings = parseSettings({ folderLayers: { Notes: "concepts", "Notes/Deep": "paradoxes", Other: "Facts" } }).settings;
    expect(record(parsed("Notes/x.md"), settings).layer).toBe("concepts");
    expect(record(parsed("Notes/Deep/x.md"), settings).layer).toBe("paradoxes");
    expect(record(parsed("Notes/Deeper/x.md"), settings).layer).toBe("concepts");
    expect(record(parsed("Other/x.md"), settings).layer).toBe("facts");
    expect(record(parsed("NotesX/x.md"), settings).layer).toBeNull();
    expect(record(parsed("Notes/x.md"), settings).why.layer).toBe("folder");
  });

  it("takes a rule for the vault's root as the layer of every note nothing else places", () => {
    const { settings, problems } = parseSettings({ folderLayers: { "/": "facts", Notes: "concepts" } });
    expect(problems).toEqual([]);
    expect(record(parsed("x.md"), settings).layer).toBe("facts");
    expect(record(parsed("Other/x.md"), settings).layer).toBe("facts");
    expect(record(parsed("Notes/x.md"), settings).layer).toBe("concepts");
    expect(record(parsed("Notes/x.md", { frontmatter: { layer: "logic" } }), settings).layer).toBe("logic");
  });

  it("gives unknown-layer with the nearest id as suggestion, and the note falls back to the next rule", () => {
    const r = record(parsed("a.md", { frontmatter: { layer: "strtegies" }, tags: ["#layer/facts"] }));
    expect(r.layer).toBe("facts");
    const gap = r.gaps.find((g) => g.rule === "unknown-layer")!;
    expect(gap.severity).toBe("warning");
    expect(gap.suggestion).toBe("strategies");
    expect(gap.path).toBe("a.md");
    // Always a suggestion while there is a layer, however far (test/core/records-audit.test.ts has the rules).
    expect(record(parsed("a.md", { frontmatter: { layer: "zzzzzzzzz" } })).gaps[0].suggestion).toBe("concepts");
  });

  it("gives conflicting-layer when the property and a tag disagree; the property wins", () => {
    const r = record(parsed("a.md", { frontmatter: { layer: "logic" }, tags: ["#layer/facts"] }));
    expect(r.layer).toBe("logic");
    expect(rules(r)).toEqual(["conflicting-layer"]);
    expect(rules(record(parsed("a.md", { frontmatter: { layer: "logic" }, tags: ["#layer/causality"] })))).toEqual([]);
  });

  it("takes the first element of a list, conflicting only when the elements differ", () => {
    const r = record(parsed("a.md", { frontmatter: { layer: ["facts", "logic"] } }));
    expect(r.layer).toBe("facts");
    expect(rules(r)).toEqual(["conflicting-layer"]);
    expect(rules(record(parsed("a.md", { frontmatter: { layer: ["facts", "Fact"] } })))).toEqual([]);
  });

  it("leaves a note untagged when nothing names a layer", () => {
    const r = record(parsed("a.md", { frontmatter: { title: "x" } }));
    expect(r.layer).toBeNull();
    expect(r.gaps).toEqual([]);
  });
});

describe("kind", () => {
  it("reads the property, then the check tag, then a volume or source type", () => {
    expect(record(parsed("a.md", { frontmatter: { kind: "Check" } })).kind).toBe("check");
    expect(record(parsed("a.md", { tags: ["#check"] })).kind).toBe("check");
    expect(record(parsed("a.md", { tags: ["#check/quiz"] })).kind).toBe("check");
    expect(record(parsed("a.md", { tags: ["#checklist"] })).kind).toBe("concept");
    expect(record(parsed("a.md", { frontmatter: { pages: 10 } })).kind).toBe("source");
    expect(record(parsed("a.md", { frontmatter: { "source-type": "paper" } })).kind).toBe("source");
    expect(record(parsed("a.md", { frontmatter: { kind: "concept", pages: 10 } })).kind).toBe("concept");
    expect(record(parsed("a.md")).kind).toBe("concept");
  });
});

describe("volume", () => {
  const settings = defaultSettings();
  it("takes the first of tokens, words, pages, books", () => {
    expect(record(parsed("a.md", { frontmatter: { tokens: 500, pages: 3 } })).tokens).toBe(500);
    expect(record(parsed("a.md", { frontmatter: { words: 1000 } })).tokens).toBeCloseTo(1300);
    expect(record(parsed("a.md", { frontmatter: { pages: 3 } })).tokens).toBe(3 * settings.pageTokens);
    expect(record(parsed("a.md", { frontmatter: { books: 2 } })).tokens).toBe(2 * settings.bookTokens);
  });

  it("counts words at 1.8 tokens when lang is ru, uk or be", () => {
    expect(record(parsed("a.md", { frontmatter: { words: 1000, lang: "ru" } })).tokens).toBeCloseTo(1800);
    expect(record(parsed("a.md", { frontmatter: { words: 1000, lang: "uk-UA" } })).tokens).toBeCloseTo(1800);
    expect(record(parsed("a.md", { frontmatter: { words: 1000, lang: "de" } })).tokens).toBeCloseTo(1300);
  });

  it("accepts numeric strings", () => {
    for (const [text, n] of [["1200", 1200], ["1.2e6", 1.2e6], ["1 200", 1200], ["1_200", 1200]] as const) {
      expect(record(parsed("a.md", { frontmatter: { tokens: text } })).tokens).toBe(n);
    }
  });

  it("gives invalid-volume and falls back to the body for values that are not finite numbers ≥ 0", () => {
    for (const bad of ["lots", -5, Number.NaN, Number.POSITIVE_INFINITY, "-1", "1,200", true, { a: 1 }]) {
      const r = record(parsed("a.md", { frontmatter: { pages: bad }, latin: 100 }));
      expect(rules(r), JSON.stringify(bad)).toEqual(["invalid-volume"]);
      expect(r.tokens).toBeCloseTo(130);
      expect(r.why.volume).toBe("body");
      expect(r.kind).toBe("source");
    }
  });

  it("estimates the body at 1.3 tokens per Latin word and 1.8 per Cyrillic word", () => {
    const r = record(parsed("a.md", { latin: 100, cyrillic: 50 }));
    expect(r.tokens).toBeCloseTo(100 * 1.3 + 50 * 1.8);
    expect(r.why.volume).toBe("body");
  });

  it("uses an exact token count when the reader has one", () => {
    const note = { ...parsed("a.md", { latin: 100 }), exactTokens: 123 };
    expect(record(note).tokens).toBe(123);
    expect(record(note).why.volume).toBe("exact");
  });
});

describe("quality", () => {
  it("reads the property, then the source type's weight, then the default", () => {
    expect(record(parsed("a.md", { frontmatter: { quality: 0.4, "source-type": "forum" } })).quality).toBe(0.4);
    expect(record(parsed("a.md", { frontmatter: { "source-type": "Forum" } })).quality).toBe(0.1);
    expect(record(parsed("a.md", { frontmatter: { "source-type": "motivational" } })).quality).toBe(0);
    expect(record(parsed("a.md")).quality).toBe(1);
  });

  it("gives invalid-quality for out-of-range or non-numeric values and falls back", () => {
    for (const bad of [1.5, -0.1, "high", Number.NaN]) {
      const r = record(parsed("a.md", { frontmatter: { quality: bad, "source-type": "paper" } }));
      expect(rules(r)).toEqual(["invalid-quality"]);
      expect(r.quality).toBe(0.9);
    }
    expect(record(parsed("a.md", { frontmatter: { quality: "0.5" } })).quality).toBe(0.5);
  });

  it("gives unknown-source-type with a suggestion and uses the default quality", () => {
    const r = record(parsed("a.md", { frontmatter: { "source-type": "textbok" } }));
    expect(r.quality).toBe(1);
    expect(r.gaps[0]).toMatchObject({ rule: "unknown-source-type", suggestion: "textbook", severity: "warning" });
  });

  it("never looks up a source type on the object prototype", () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      const r = record(parsed("a.md", { frontmatter: { "source-type": name } }));
      expect(r.quality).toBe(1);
      expect(rules(r)).toEqual(["unknown-source-type"]);
    }
  });

  it("computes effective tokens as tokens × quality", () => {
    const r = record(parsed("a.md", { frontmatter: { pages: 10, "source-type": "paper" } }));
    expect(r.effectiveTokens).toBeCloseTo(10 * 1000 * 0.9);
  });
});

describe("domain, module, facets, links, prerequisites", () => {
  it("reads domain and module, and scopes domains by prefix", () => {
    const r = record(parsed("a.md", { frontmatter: { domain: "sports/biomechanics/", module: "reasoning" } }));
    expect(r.domain).toBe("sports/biomechanics");
    expect(r.module).toBe("reasoning");
    expect(inDomain("sports/biomechanics", "sports")).toBe(true);
    expect(inDomain("sports", "sports")).toBe(true);
    expect(inDomain("Sportsmanship", "sports")).toBe(false);
    expect(inDomain(null, "sports")).toBe(false);
    expect(inDomain(null, null)).toBe(true);
  });

  it("collects facets from tags and both properties, deduplicated and lower-cased", () => {
    const r = record(parsed("a.md", { tags: ["#facet/Causality", "#facet/edge-case/x"], frontmatter: { facet: "detail", facets: ["causality", "Synthesis"] } }));
    expect(r.facets).toEqual(["causality", "edge-case", "detail", "synthesis"]);
  });

  it("keeps each link's target as written (subpath dropped) and its resolution", () => {
    const r = record(parsed("a.md", { links: ["b#h", "b.md", "missing", "#self"] }), defaultSettings(), ["b.md"]);
    expect(r.links).toEqual([
      { target: "b", resolved: "b.md" },
      { target: "b.md", resolved: "b.md" },
      { target: "missing", resolved: null },
      { target: "", resolved: "a.md" },
    ]);
  });

  it("reads requires as wikilinks, Markdown links or plain names", () => {
    expect(prerequisiteTarget("[[Impulse#Definition|impulse]]")).toBe("Impulse");
    expect(prerequisiteTarget("[x](Ground%20reaction%20force.md)")).toBe("Ground reaction force.md");
    expect(prerequisiteTarget(" Impulse ")).toBe("Impulse");
    expect(prerequisiteTarget("[[]]")).toBeNull();
    const r = record(parsed("a.md", { frontmatter: { requires: ["[[b]]", "c", 5, null] } }), defaultSettings(), ["b.md"]);
    expect(r.requires).toEqual([
      { target: "b", resolved: "b.md" },
      { target: "c", resolved: null },
    ]);
  });

  it("turns read errors into unreadable gaps while still counting tags and links", () => {
    const r = record(parsed("a.md", { errors: ["frontmatter does not parse"], tags: ["#layer/facts"], links: ["b"] }));
    expect(r.layer).toBe("facts");
    expect(r.gaps[0]).toMatchObject({ rule: "unreadable", severity: "error", path: "a.md", layer: "facts" });
    expect(r.links).toHaveLength(1);
  });

  it("knows titles, subpaths and the report marker", () => {
    expect(titleOf("a/b/Note.md")).toBe("Note");
    expect(titleOf("Note.MD")).toBe("Note");
    expect(linkTarget("a#b#c")).toBe("a");
    expect(isReportNote(parsed("r.md", { frontmatter: { "knowledge-layers-report": true } }))).toBe(true);
    expect(isReportNote(parsed("r.md", { frontmatter: { "knowledge-layers-report": "yes" } }))).toBe(false);
  });

  it("honours renamed properties", () => {
    const settings = parseSettings({ properties: { layer: "слой", pages: "страницы" } }).settings;
    const r = record(parsed("a.md", { frontmatter: { слой: "факт", страницы: 2, layer: "logic" } }), settings);
    expect(r.layer).toBe("facts");
    expect(r.tokens).toBe(2000);
  });
});
