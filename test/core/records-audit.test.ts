import { describe, expect, it } from "vitest";
import { analyze, buildRecords } from "../../src/core/analysis";
import { defaultSettings, LAYER_NAMES_RU, LEVEL_NAMES_RU } from "../../src/core/defaults";
import { edgeList } from "../../src/core/edges";
import { folderLayer, nearestLayer, prerequisiteTarget, prerequisiteTargets, recordContext } from "../../src/core/records";
import { reportMarkdown } from "../../src/core/report";
import { parseSettings } from "../../src/core/settings";
import type { NoteRecord, ParsedNote, Settings } from "../../src/core/types";
import { shownValue, toNumber, toText } from "../../src/core/values";
import { parsedNoteFromCache } from "../../src/plugin/adapter";
import { parseFrontmatter } from "../../src/reader/frontmatter";
import { parseMarkdown } from "../../src/reader/markdown";
import { createResolver } from "../../src/reader/resolve";
import { getAllTags } from "../__mocks__/obsidian";
import { parsed, record, simpleResolver } from "../helpers/notes";
import { cachedMetadataOf } from "../helpers/obsidianCache";

/** The audit of how note records are built: keys that are `Object.prototype` names, the layer rules of spec §2, bad input (§9). */

const rules = (r: { gaps: { rule: string }[] }) => r.gaps.map((g) => g.rule);
const gapOf = (r: NoteRecord, rule: string) => r.gaps.find((g) => g.rule === rule);
const PROTO_NAMES = ["toString", "constructor", "valueOf", "__proto__", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable"];

describe("keys that are Object.prototype names", () => {
  it("find no Russian layer or level name", () => {
    for (const name of PROTO_NAMES) {
      expect(LAYER_NAMES_RU[name], name).toBeUndefined();
      expect(LEVEL_NAMES_RU[name], name).toBeUndefined();
      expect(LAYER_NAMES_RU[name] ?? "fallback").toBe("fallback");
    }
    expect(LAYER_NAMES_RU.facts).toBe("Факты");
    expect(LEVEL_NAMES_RU.bachelor).toBe("Обобщающее понимание (бакалавр)");
    expect(Object.isFrozen(LAYER_NAMES_RU) && Object.isFrozen(LEVEL_NAMES_RU)).toBe(true);
  });

  it("are ordinary layer and level ids: a vault using them is analysed and reported, in English and Russian", () => {
    const { settings, problems } = parseSettings({
      layers: [{ id: "toString" }, { id: "constructor" }, { id: "__proto__" }],
      levels: [
        { id: "toString", tokens: 1e9 },
        { id: "valueOf", tokens: 1e11 },
      ],
      target: "toString",
    });
    expect(problems).toEqual([]);
    expect(() => recordContext(settings)).not.toThrow();
    const notes = [
      parsed("a.md", { frontmatter: { layer: "toString", pages: 2 } }),
      parsed("b.md", { frontmatter: { layer: "Constructor" }, latin: 100, links: ["a"] }),
      parsed("c.md", { tags: ["#layer/__proto__"], latin: 10, links: ["b"] }),
      parsed("d.md", { frontmatter: { layer: ["toString", "constructor"], "source-type": "toString", kind: "constructor", lang: "__proto__", words: 100 } }),
      parsed("e.md", { frontmatter: { layer: "hasOwnProperty", "source-type": "__proto__" }, latin: 20 }),
      parsed("f.md", { frontmatter: { layer: "valueOf", kind: "toString" }, tags: ["#layer/toString", "#layer/valueOf"] }),
    ];
    const recs = buildRecords(notes, settings, simpleResolver(notes.map((n) => n.path)));
    const byPath = new Map(recs.map((r) => [r.path, r]));
    const r = (path: string) => byPath.get(path)!;

    expect(r("a.md")).toMatchObject({ layer: "toString", kind: "source", tokens: 2000, quality: 1 });
    expect(rules(r("a.md"))).toEqual([]);
    expect(r("b.md")).toMatchObject({ layer: "constructor", kind: "concept", tokens: 130 });
    expect(r("c.md")).toMatchObject({ layer: "__proto__", kind: "concept", tokens: 13 });
    expect(r("d.md")).toMatchObject({ layer: "toString", kind: "source", tokens: 130, quality: 1 });
    expect(rules(r("d.md")).sort()).toEqual(["conflicting-layer", "unknown-source-type"]);
    expect(r("e.md").layer).toBeNull();
    expect(rules(r("e.md")).sort()).toEqual(["unknown-layer", "unknown-source-type"]);
    expect(["toString", "constructor", "__proto__"]).toContain(gapOf(r("e.md"), "unknown-layer")!.suggestion);
    expect(r("f.md")).toMatchObject({ layer: "toString", kind: "concept", tokens: 0 });
    expect(rules(r("f.md"))).toEqual(["unknown-layer", "unknown-layer"]);

    const report = analyze(recs, settings).report();
    expect(report.target).toEqual({ id: "toString", tokens: 1e9 });
    expect(report.layers.map((l) => [l.id, l.notes.concept, l.notes.source, l.notes.check, l.rawTokens, l.effectiveTokens])).toEqual([
      ["toString", 1, 2, 0, 2130, 2130],
      ["constructor", 1, 0, 0, 130, 130],
      ["__proto__", 1, 0, 0, 13, 13],
    ]);
    expect(report.total.rawTokens).toBe(2273);
    expect(report.untagged).toBe(1);
    expect(report.layers[0].targetTokens).toBeCloseTo(1e9 / 3);
    expect(report.bottleneck).toBe("__proto__");
    expect(JSON.parse(JSON.stringify(report))).toMatchObject({ layers: [{ id: "toString" }, { id: "constructor" }, { id: "__proto__" }] });

    for (const language of ["en", "ru"] as const) {
      const md = reportMarkdown(report, settings, { language });
      expect(md, language).toContain("| toString | 1 | 2 | 0 | 2.13k | 2.13k |");
      expect(md, language).toContain("| constructor | 1 | 0 | 0 | 130 | 130 |");
      expect(md, language).toMatch(/\| \\?_\\?_proto\\?_\\?_ \| 1 \| 0 \| 0 \| 13 \| 13 \|/);
      expect(md, language).toContain("toString (1B)");
      expect(md, language).not.toContain("function");
    }
  });

  it("are unknown words as source-type, kind, lang and layer values under the default settings", () => {
    for (const name of PROTO_NAMES) {
      const r = record(parsed("a.md", { frontmatter: { "source-type": name, kind: name, lang: name, words: 100 } }));
      expect(r, name).toMatchObject({ kind: "source", tokens: 130, quality: 1, layer: null });
      expect(rules(r), name).toEqual(["unknown-source-type"]);
      const l = record(parsed("a.md", { frontmatter: { layer: name }, tags: [`#layer/${name}`] }));
      expect(l.layer, name).toBeNull();
      expect(rules(l), name).toEqual(["unknown-layer", "unknown-layer"]);
      expect(l.gaps.every((g) => typeof g.suggestion === "string" && defaultSettings().layers.some((x) => x.id === g.suggestion)), name).toBe(true);
    }
  });
});

describe("unknown-layer carries the nearest layer id as suggestion (spec §2)", () => {
  const ids = defaultSettings().layers.map((l) => l.id);
  const suggestion = (layer: unknown) => gapOf(record(parsed("a.md", { frontmatter: { layer } })), "unknown-layer")?.suggestion;

  it("prefers a layer whose id, name or alias starts with the value, or begins it", () => {
    expect(suggestion("strat")).toBe("strategies");
    expect(suggestion("meta-level")).toBe("paradoxes");
    expect(suggestion("Logical")).toBe("logic");
    expect(suggestion("facts, logic")).toBe("facts");
    expect(suggestion("s")).toBe("structures"); // structures and strategies both start with it: the lower layer
  });

  it("else gives the smallest edit distance; always present when there is a layer", () => {
    for (const value of ["basics", "advanced", "zzzzzzzzz", "strtegies", "3", "true", "x".repeat(100_000)]) {
      expect(ids, value).toContain(suggestion(value));
    }
    expect(suggestion("strtegies")).toBe("strategies");
    expect(suggestion("Factz")).toBe("facts");
  });

  it("is always a layer id, also when a name or an alias was nearest", () => {
    const settings = parseSettings({
      layers: [
        { id: "L1", name: "Basics", aliases: ["foundation"] },
        { id: "L2", name: "Advanced", aliases: ["expert"] },
      ],
    }).settings;
    const ctx = recordContext(settings);
    expect(nearestLayer(ctx, "found")).toBe("L1");
    expect(nearestLayer(ctx, "expertise")).toBe("L2");
    expect(nearestLayer(ctx, "advanse")).toBe("L2");
    expect(nearestLayer(ctx, "bsics")).toBe("L1");
    expect(nearestLayer(ctx, "qqqqqqqqqqqq")).toBe("L1"); // ties: the lower layer
    const r = record(parsed("a.md", { tags: ["#layer/advnced"] }), settings);
    expect(gapOf(r, "unknown-layer")).toMatchObject({ suggestion: "L2", severity: "warning" });
  });

  it("leaves the source-type suggestion within its limit", () => {
    expect(gapOf(record(parsed("a.md", { frontmatter: { "source-type": "zzzzzzzzz" } })), "unknown-source-type")!.suggestion).toBeUndefined();
    expect(gapOf(record(parsed("a.md", { frontmatter: { "source-type": "papr" } })), "unknown-source-type")!.suggestion).toBe("paper");
  });
});

describe("a layer value that is a list, a string, or neither", () => {
  const read = (layer: unknown, tags: string[] = []) => record(parsed("a.md", { frontmatter: { layer }, tags }));

  it("takes the first element, and gives conflicting-layer when any two elements differ, named or not", () => {
    const r = read(["facts", "nonsense"]);
    expect(r.layer).toBe("facts");
    expect(rules(r)).toEqual(["conflicting-layer"]);
    expect(gapOf(r, "conflicting-layer")!.message).toContain("facts, nonsense");

    const n = read([3, "facts"]);
    expect(n.layer).toBeNull();
    expect(rules(n)).toEqual(["unknown-layer", "conflicting-layer"]);
    expect(gapOf(n, "unknown-layer")!.message).toContain('"3" is not a layer');
    expect(ids(gapOf(n, "unknown-layer")!.suggestion)).toBe(true);

    expect(rules(read(["nonsense", "other"]))).toEqual(["unknown-layer", "conflicting-layer"]);
    expect(rules(read(["nonsense", " Nonsense "]))).toEqual(["unknown-layer"]);
    expect(rules(read([true, "true"]))).toEqual(["unknown-layer"]);
    expect(rules(read(["logic", "causality", "Logic & causality", "ЛОГИКА"]))).toEqual([]);
    expect(rules(read(["facts", "logic", "facts"]))).toEqual(["conflicting-layer"]);
  });

  it("counts facts, Fact and Facts as one layer, and skips blank elements", () => {
    const r = read(["facts", "Fact", "Facts"]);
    expect(r.layer).toBe("facts");
    expect(rules(r)).toEqual([]);
    expect(read([null, "", "  ", "facts", null])).toMatchObject({ layer: "facts", gaps: [] });
  });

  it("reads a string as one value: a comma does not split it", () => {
    const r = read("facts, logic");
    expect(r.layer).toBeNull();
    expect(rules(r)).toEqual(["unknown-layer"]);
    expect(gapOf(r, "unknown-layer")!.message).toContain('"facts, logic" is not a layer');
    expect(read("facts, logic", ["#layer/logic"])).toMatchObject({ layer: "logic" });
  });

  it("gives unknown-layer and no layer for numbers, booleans, objects and nested lists", () => {
    for (const [value, shown] of [
      [3, '"3" is not a layer'],
      [true, '"true" is not a layer'],
      [{ a: 1 }, "layer: {a: 1} is not a layer name"],
      [[["facts"]], "layer: [[facts]] is not a layer name"],
      [new Date("2024-01-01T00:00:00Z"), "layer: 2024-01-01 is not a layer name"],
    ] as const) {
      const r = read(value);
      expect(r.layer, shown).toBeNull();
      expect(rules(r), shown).toEqual(["unknown-layer"]);
      const gap = gapOf(r, "unknown-layer")!;
      expect(gap.message).toContain(shown);
      expect(ids(gap.suggestion), shown).toBe(true);
    }
    expect(gapOf(read([["facts"]]), "unknown-layer")!.suggestion).toBe("facts");
    expect(read({ a: 1 }, ["#layer/facts"]).layer).toBe("facts");
  });

  it("leaves a note without layer and without gap when the value is empty", () => {
    for (const value of [null, undefined, "", "   ", [], [null], [""]]) {
      expect(read(value), JSON.stringify(value)).toMatchObject({ layer: null, gaps: [] });
    }
  });

  const ids = (id: string | undefined) => id !== undefined && defaultSettings().layers.some((l) => l.id === id);
});

describe("a declared volume whose tokens overflow", () => {
  it("gives invalid-volume (too large) and falls back to the body", () => {
    for (const frontmatter of [{ books: 1e305 }, { books: "1e305" }, { pages: 1e306 }, { words: 1.7e308 }, { words: "1.5e308", lang: "ru" }]) {
      const r = record(parsed("a.md", { frontmatter, latin: 100 }));
      const label = JSON.stringify(frontmatter);
      expect(rules(r), label).toEqual(["invalid-volume"]);
      expect(gapOf(r, "invalid-volume")!.message, label).toContain("too large");
      expect(r.tokens, label).toBeCloseTo(130);
      expect(r.effectiveTokens, label).toBeCloseTo(130);
      expect(r.why.volume, label).toBe("body");
      expect(r.kind, label).toBe("source");
    }
  });

  it("keeps a large volume whose tokens are still a number", () => {
    expect(record(parsed("a.md", { frontmatter: { tokens: 1e308 } })).tokens).toBe(1e308);
    expect(record(parsed("a.md", { frontmatter: { books: 1e300 } })).tokens).toBe(1e300 * 100_000);
  });
});

describe("frontmatter values that used to throw or hang", () => {
  it("a bigint volume or quality is a gap, not a TypeError from JSON.stringify", () => {
    const r = record(parsed("a.md", { frontmatter: { tokens: -5n, quality: 2n }, latin: 10 }));
    expect(rules(r)).toEqual(["invalid-volume", "invalid-quality"]);
    expect(gapOf(r, "invalid-volume")!.message).toContain("tokens: -5 is not a number");
    expect(record(parsed("a.md", { frontmatter: { tokens: 5n } })).tokens).toBe(5);
  });

  it("cyclic values (as a YAML alias can make) are read without a stack overflow", () => {
    const list: unknown[] = ["facts"];
    list.unshift(list);
    const object: Record<string, unknown> = { a: 1 };
    object.self = object;
    const r = record(parsed("a.md", { frontmatter: { layer: object, domain: list, module: list, tokens: list, quality: object, facets: list, requires: list } }));
    expect(r.layer).toBeNull();
    expect(rules(r)).toEqual(["unknown-layer", "invalid-volume", "invalid-quality"]);
    expect(r.domain).toBeNull();
    for (const g of r.gaps) expect(g.message.length).toBeLessThan(300);
    expect(toText(list)).toBeNull();
    expect(shownValue(object)).toBe("{a: 1, self: {a: 1, self: {a: 1, self: {a: 1, self: {…}}}}}");
    const nested = record(parsed("a.md", { frontmatter: { layer: [list, "facts"] } }));
    expect(rules(nested)).toEqual(["unknown-layer", "conflicting-layer"]);
  });

  it("long values cost linear time and give short messages", () => {
    const start = performance.now();
    // Before: a regex backtracked quadratically on digits that are not a number, and on slashes inside a domain.
    expect(toNumber("1".repeat(200_000) + "x")).toBeNull();
    const v = record(parsed("a.md", { frontmatter: { tokens: "9".repeat(200_000) + "x" }, latin: 1 }));
    expect(rules(v)).toEqual(["invalid-volume"]);
    expect(v.gaps[0].message.length).toBeLessThan(300);
    const d = record(parsed("a.md", { frontmatter: { domain: "/a" + "/".repeat(200_000) + "b/" } }));
    expect(d.domain).toBe("a" + "/".repeat(200_000) + "b");
    // Before: a facets list of n items cost n² comparisons.
    const facets = Array.from({ length: 200_000 }, (_, i) => `f${i}`);
    expect(record(parsed("a.md", { frontmatter: { facets } })).facets).toHaveLength(200_000);
    const long = "q".repeat(2_000_000);
    const l = record(parsed("a.md", { frontmatter: { layer: long, "source-type": long }, tags: [`#layer/${long}`] }));
    expect(rules(l)).toEqual(["unknown-layer", "unknown-layer", "unknown-source-type"]);
    for (const g of l.gaps) expect(g.message.length).toBeLessThan(300);
    expect(performance.now() - start).toBeLessThan(3000);
  });

  it("numeric strings still read as numbers", () => {
    for (const [text, n] of [["1.", 1], ["1.5", 1.5], [".5", 0.5], ["+2e3", 2000], ["1.2E-3", 0.0012], ["1 200", 1200]] as const) expect(toNumber(text), text).toBe(n);
    for (const text of [".", "1e", "e3", "1..2", "1.2.3", "--1", "0x10"]) expect(toNumber(text), text).toBeNull();
  });
});

describe("folder rules: a rule in the note's exact case wins over one that matches only case-insensitively", () => {
  const folderOf = (folderLayers: Record<string, string>, path: string) => {
    const { settings, problems } = parseSettings({ folderLayers });
    expect(problems).toEqual([]);
    return record(parsed(path), settings).layer;
  };

  it("places A/ and a/ each by its own rule, whichever is listed first", () => {
    // Before: both rules were lower-cased to `a`, and the one sorted first took both folders.
    for (const rules of [{ A: "concepts", a: "facts" }, { a: "facts", A: "concepts" }]) {
      const label = JSON.stringify(rules);
      expect(folderOf(rules, "A/n1.md"), label).toBe("concepts");
      expect(folderOf(rules, "A/deeper/n2.md"), label).toBe("concepts");
      expect(folderOf(rules, "a/n4.md"), label).toBe("facts");
      expect(folderOf(rules, "a/deeper/n5.md"), label).toBe("facts");
      expect(folderOf(rules, "ab/n6.md"), label).toBeNull();
    }
  });

  it("falls back to a case-insensitive match only when no rule matches in exact case", () => {
    expect(folderOf({ concepts: "concepts" }, "Concepts/x.md")).toBe("concepts");
    expect(folderOf({ concepts: "concepts" }, "CONCEPTS/Sub/x.md")).toBe("concepts");
    expect(folderOf({ concepts: "concepts" }, "Concepts.md")).toBeNull();
    const r = record(parsed("Concepts/x.md"), parseSettings({ folderLayers: { concepts: "concepts" } }).settings);
    expect(r.why.layer).toBe("folder");
    // Two rules that differ only in case, neither in the note's case: the same answer in either order.
    for (const rules of [{ Ab: "concepts", aB: "facts" }, { aB: "facts", Ab: "concepts" }]) expect(folderOf(rules, "ab/x.md")).toBe("concepts");
  });

  it("takes the longest match within each tier, and an exact match before any case-insensitive one", () => {
    const rules = { Notes: "concepts", "Notes/Deep": "paradoxes", "notes/deep/more": "facts" };
    expect(folderOf(rules, "Notes/x.md")).toBe("concepts");
    expect(folderOf(rules, "Notes/Deep/x.md")).toBe("paradoxes");
    // `Notes/Deep` matches in exact case; the longer `notes/deep/more` only case-insensitively.
    expect(folderOf(rules, "Notes/Deep/More/x.md")).toBe("paradoxes");
    // No rule in exact case: the longest case-insensitive one.
    expect(folderOf(rules, "notes/DEEP/more/x.md")).toBe("facts");
    expect(folderOf(rules, "NOTES/deep/x.md")).toBe("paradoxes");
    expect(folderOf(rules, "notes/x.md")).toBe("concepts");
  });

  it("keeps the root rule (\"\" or \"/\") for the notes no other rule places, in either case", () => {
    for (const root of ["", "/"]) {
      const rules = { [root]: "facts", concepts: "concepts", Logic: "logic" };
      const label = JSON.stringify(rules);
      expect(folderOf(rules, "x.md"), label).toBe("facts");
      expect(folderOf(rules, "Other/x.md"), label).toBe("facts");
      // The root matches every path in exact case, yet a case-insensitive rule still comes first.
      expect(folderOf(rules, "Concepts/x.md"), label).toBe("concepts");
      expect(folderOf(rules, "Logic/x.md"), label).toBe("logic");
      expect(folderOf(rules, "logic/x.md"), label).toBe("logic");
    }
    // Settings that did not pass through parseSettings (folders not normalised) read the same.
    const raw: Settings = { ...defaultSettings(), folderLayers: { "/": "facts", "/A/": "concepts", a: "logic" } };
    const ctx = recordContext(raw);
    expect([folderLayer(ctx, "x.md"), folderLayer(ctx, "A/x.md"), folderLayer(ctx, "a/x.md")]).toEqual(["facts", "concepts", "logic"]);
  });

  it("counts each note in its own folder's layer", () => {
    const { settings } = parseSettings({ folderLayers: { A: "concepts", a: "facts" } });
    const notes = ["A/n1.md", "A/n2.md", "a/n3.md", "a/n4.md", "a/n5.md"].map((p) => parsed(p, { latin: 10 }));
    const report = analyze(buildRecords(notes, settings, simpleResolver(notes.map((n) => n.path))), settings).report();
    expect(report.layers.filter((l) => l.id === "concepts" || l.id === "facts").map((l) => [l.id, l.notes.concept])).toEqual([
      ["concepts", 2],
      ["facts", 3],
    ]);
  });
});

describe("requires: every form people write gives its links", () => {
  /** The frontmatter value YAML gives for `requires:` followed by `yaml`. */
  const yamlValue = (yaml: string): unknown => {
    const fm = parseFrontmatter(`requires:${yaml}`);
    expect(fm.error).toBeNull();
    return fm.value!.requires;
  };

  it("reads an unquoted wikilink, which YAML makes a list in a list, as the wikilink", () => {
    for (const [yaml, value, targets] of [
      [" [[d2]]", [["d2"]], ["d2"]],
      [" [[a], [b]]", [["a"], ["b"]], ["a", "b"]],
      ["\n  - [[x]]\n  - \"[[y]]\"\n  - [[z|Zed]]", [[["x"]], "[[y]]", [["z|Zed"]]], ["x", "y", "z"]],
      [" [[[a]], [[b]]]", [[["a"]], [["b"]]], ["a", "b"]],
      [" [[Note#Heading|shown]]", [["Note#Heading|shown"]], ["Note"]],
      [" [[Folder/Note]]", [["Folder/Note"]], ["Folder/Note"]],
    ] as const) {
      expect(yamlValue(yaml), yaml).toEqual(value);
      expect(prerequisiteTargets(yamlValue(yaml)), yaml).toEqual(targets);
    }
  });

  it("reads each link inside a text, and a text without links as one link path, as before", () => {
    for (const [value, targets] of [
      ["[[f2]] and [[g]]", ["f2", "g"]],
      ["[[a#h|A]], [b](Notes/b%20c.md#x), and ![[e]]", ["a", "Notes/b c.md", "e"]],
      ["[t](<Notes/with space.md>)", ["Notes/with space.md"]],
      ["see [docs](https://example.com/a.md) and [[a]]", ["a"]],
      ["[mail](mailto:a@b.c)", []],
      ["[[a [[b]]", ["b"]],
      ["[[]] and [[ c ]]", ["c"]],
      ["[[table\\|alias]]", ["table"]],
      // No link syntax: one link path as written (subpath dropped).
      ["e2", ["e2"]],
      [" Notes/e2.md#h ", ["Notes/e2.md"]],
      ["a, b", ["a, b"]],
      ["Note [draft]", ["Note [draft]"]],
      ["[[unclosed", ["[[unclosed"]],
      ["[[]]", []],
      ["", []],
    ] as const) {
      expect(prerequisiteTargets(value), value).toEqual(targets);
      expect(prerequisiteTargets([value]), value).toEqual(targets);
      expect(prerequisiteTarget(value), value).toBe(targets.length ? targets[0] : null);
    }
  });

  it("names no prerequisite with numbers, booleans, objects, or lists nested deeper than a wikilink", () => {
    expect(prerequisiteTargets([5, true, null, { a: "[[b]]" }, [[[["deep"]]]], [[[1984]]]])).toEqual([]);
    expect(prerequisiteTargets(yamlValue(" [[1984]]"))).toEqual([]);
    expect(prerequisiteTargets(undefined)).toEqual([]);
    const list: unknown[] = ["a"];
    list.push(list);
    expect(prerequisiteTargets(list)).toEqual(["a", "a", "a"]);
  });

  it("resolves each link through the note's resolver, after its other links", () => {
    const asked: string[] = [];
    const resolve = (target: string) => {
      asked.push(target);
      return target === "d2" ? "Strategies/d2.md" : null;
    };
    const note = parsed("c.md", { frontmatter: { requires: [[["d2"]], "[[f2]] and [[g]]"] }, links: ["x"] });
    const r = buildRecords([note], defaultSettings(), resolve)[0];
    expect(r.requires).toEqual([
      { target: "d2", resolved: "Strategies/d2.md" },
      { target: "f2", resolved: null },
      { target: "g", resolved: null },
    ]);
    expect(asked).toEqual(["x", "d2", "f2", "g"]);
  });

  it("stays linear in a long or hostile text", () => {
    const start = performance.now();
    for (const text of ["[".repeat(1_000_000), "[[".repeat(500_000) + "]]", "[a](".repeat(300_000), "[a]".repeat(300_000) + "(", "[[a\n".repeat(300_000) + "]]", "[[x]]".repeat(200_000)]) {
      const targets = prerequisiteTargets(text);
      expect(targets.length).toBeLessThanOrEqual(200_000);
    }
    expect(prerequisiteTargets("[[x]]".repeat(200_000))).toHaveLength(200_000);
    expect(performance.now() - start).toBeLessThan(3000);
  });

  /** A small vault: each note's text, read by the CLI's reader and by the plugin's adapter over Obsidian's cache. */
  const VAULT: Record<string, string> = {
    "Concepts/c1.md": "---\nlayer: concepts\nrequires: [[d2]]\n---\nc1\n",
    "Concepts/c2.md": '---\nlayer: concepts\nrequires: "[[f2]] and [[g]]"\n---\nc2\n',
    "Concepts/c3.md": '---\nlayer: concepts\nrequires:\n  - [[x]]\n  - "[[c1]]"\n---\nc3\n',
    "Concepts/c4.md": "---\nlayer: concepts\nrequires: e2\n---\nc4\n",
    "Strategies/s1.md": "---\nlayer: strategies\nrequires: [[c2], [g]]\n---\ns1\n",
    "Strategies/d2.md": "---\nlayer: strategies\n---\nd2\n",
    "Strategies/f2.md": "---\nlayer: strategies\n---\nf2\n",
    "Strategies/e2.md": "---\nlayer: strategies\n---\ne2\n",
    "Facts/g.md": "---\nlayer: facts\n---\ng\n",
    "Paradoxes/x.md": "---\nlayer: paradoxes\n---\nx\n",
  };
  const paths = Object.keys(VAULT).sort();
  const fromReader = (path: string): ParsedNote => parseMarkdown(path, VAULT[path]);
  const fromCache = (path: string): ParsedNote => {
    const cache = cachedMetadataOf(path, VAULT[path]);
    // Obsidian's own frontmatter object (not the reader's): the adapter passes it on as it is.
    return parsedNoteFromCache({ path, cache: cache as unknown as Parameters<typeof parsedNoteFromCache>[0]["cache"], text: VAULT[path], allTags: getAllTags(cache) });
  };

  it.each([
    ["the CLI's reader", fromReader],
    ["the plugin's adapter", fromCache],
  ] as const)("gives typed edges and inverted-prerequisite gaps through analyze (%s)", (_name, read) => {
    const settings = defaultSettings();
    const recs = buildRecords(paths.map(read), settings, createResolver(paths));
    const byPath = new Map(recs.map((r) => [r.path, r]));
    const requiresOf = (path: string) => byPath.get(path)!.requires.map((l) => [l.target, l.resolved]);
    expect(requiresOf("Concepts/c1.md")).toEqual([["d2", "Strategies/d2.md"]]);
    expect(requiresOf("Concepts/c2.md")).toEqual([
      ["f2", "Strategies/f2.md"],
      ["g", "Facts/g.md"],
    ]);
    expect(requiresOf("Concepts/c3.md")).toEqual([
      ["x", "Paradoxes/x.md"],
      ["c1", "Concepts/c1.md"],
    ]);
    expect(requiresOf("Concepts/c4.md")).toEqual([["e2", "Strategies/e2.md"]]);
    expect(requiresOf("Strategies/s1.md")).toEqual([
      ["c2", "Concepts/c2.md"],
      ["g", "Facts/g.md"],
    ]);

    const index = analyze(recs, settings);
    const graph = index.graph();
    const typed = edgeList(graph.edges)
      .filter((e) => e.type === "requires")
      .map((e) => `${graph.nodes[e.source].id} → ${graph.nodes[e.target].id}`)
      .sort();
    expect(typed).toEqual([
      "Concepts/c1.md → Strategies/d2.md",
      "Concepts/c2.md → Facts/g.md",
      "Concepts/c2.md → Strategies/f2.md",
      "Concepts/c3.md → Concepts/c1.md",
      "Concepts/c3.md → Paradoxes/x.md",
      "Concepts/c4.md → Strategies/e2.md",
      "Strategies/s1.md → Concepts/c2.md",
      "Strategies/s1.md → Facts/g.md",
    ]);
    expect(graph.nodes.every((n) => n.kind !== "ghost")).toBe(true);

    const gaps = index.report().gaps;
    const inverted = gaps.filter((g) => g.rule === "inverted-prerequisite").map((g) => `${g.path} → ${g.target}`).sort();
    expect(inverted).toEqual([
      "Concepts/c1.md → Strategies/d2.md",
      "Concepts/c2.md → Facts/g.md",
      "Concepts/c2.md → Strategies/f2.md",
      "Concepts/c3.md → Paradoxes/x.md",
      "Concepts/c4.md → Strategies/e2.md",
    ]);
    // Before: `[[f2]] and [[g]]` was one missing note.
    expect(gaps.filter((g) => g.rule === "unresolved-link")).toEqual([]);
  });

  it("the reader and the adapter give the same requires value, so the same records", () => {
    for (const path of paths) expect(fromCache(path).frontmatter, path).toEqual({ ...fromReader(path).frontmatter });
  });
});
