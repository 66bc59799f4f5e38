import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { edgeList } from "../../src/core/edges";
import { analyze } from "../../src/core/analysis";
import { defaultSettings } from "../../src/core/defaults";
import { LayerIndex } from "../../src/core/index";
import { buildRecord, recordContext } from "../../src/core/records";
import type { Graph, NoteRecord, ParsedNote, Report } from "../../src/core/types";
import { parsed, records, simpleResolver } from "../helpers/notes";

const LAYERS = ["concepts", "structures", "facts", "logic", "strategies", "paradoxes", null] as const;
const FACETS = ["causality", "edge-case", "detail"];

/** A small random vault: notes n0…n{k}, each with a layer, kind, facets, links (some missing) and prerequisites. */
const noteArb = (count: number) =>
  fc.record({
    layer: fc.constantFrom(...LAYERS),
    kind: fc.constantFrom("concept", "source", "check"),
    tokens: fc.integer({ min: 0, max: 5000 }),
    quality: fc.constantFrom(0, 0.5, 1),
    facets: fc.subarray(FACETS),
    module: fc.constantFrom(null, "reasoning", "calculation"),
    links: fc.array(fc.oneof(fc.integer({ min: 0, max: count - 1 }).map((i) => `n${i}`), fc.constantFrom("ghost a", "Ghost A", "ghost a.md", "ghost b")), { maxLength: 5 }),
    requires: fc.array(fc.integer({ min: 0, max: count - 1 }).map((i) => `[[n${i}]]`), { maxLength: 2 }),
  });

type NoteSpec = ReturnType<typeof noteArb> extends fc.Arbitrary<infer T> ? T : never;

function toParsed(i: number, n: NoteSpec): ParsedNote {
  const fm: Record<string, unknown> = { kind: n.kind, tokens: n.tokens, quality: n.quality, facets: n.facets, requires: n.requires };
  if (n.layer) fm.layer = n.layer;
  if (n.module) fm.module = n.module;
  return parsed(`n${i}.md`, { frontmatter: fm, links: n.links });
}

/** Records for these notes, links resolved among them (and attachments `pic *.png`). */
function buildRecordsFor(notes: ParsedNote[], settings: ReturnType<typeof defaultSettings>): NoteRecord[] {
  const ctx = recordContext(settings);
  const resolve = simpleResolver([...notes.map((n) => n.path), "pic 0.png", "pic 1.png", "pic 2.png"]);
  return notes.map((n) => buildRecord(n, ctx, resolve));
}

/** Rounds every number so that sums taken in a different order compare equal. */
function normalise(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" ? Number(v.toPrecision(9)) : v)));
}

function comparable(report: Report, graph: Graph) {
  const gaps = report.gaps.map((g) => JSON.stringify(normalise({ ...g, cycle: g.cycle ? [...g.cycle].sort() : undefined }))).sort();
  const nodes = graph.nodes.map((n) => JSON.stringify(normalise({ ...n, gaps: n.gaps.map((g) => g.rule + g.message).sort() }))).sort();
  const edges = edgeList(graph.edges).map((e) => `${graph.nodes[e.source].id}>${graph.nodes[e.target].id}:${e.type}`).sort();
  return { report: normalise({ ...report, gaps: undefined }), gaps, nodes, edges };
}

/** A note's gaps, in an order that does not depend on how the index got there. */
function gapsOf(index: LayerIndex, path: string): string[] {
  return index
    .noteGaps(path)
    .map((g) => JSON.stringify(normalise({ ...g, cycle: g.cycle ? [...g.cycle].sort() : undefined })))
    .sort();
}

describe("LayerIndex", () => {
  it("one note at a time gives the same analysis as building in one go, whatever the order of changes", () => {
    const count = 8;
    const settings = defaultSettings();
    settings.facets = FACETS;
    const ctx = recordContext(settings);
    const paths = Array.from({ length: count }, (_, i) => `n${i}.md`);
    fc.assert(
      fc.property(
        fc.array(noteArb(count), { minLength: count, maxLength: count }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: count - 1 }), fc.option(noteArb(count), { nil: null })), { maxLength: 25 }),
        fc.boolean(),
        (initial, changes, startBuilt) => {
          // Which notes exist decides how links resolve: rebuild every record against the current set.
          const state = new Map<number, ParsedNote>(initial.map((n, i) => [i, toParsed(i, n)]));
          const recordsNow = (): NoteRecord[] => {
            const present = [...state.keys()].map((i) => paths[i]);
            const resolve = simpleResolver(present);
            return [...state.values()].map((p) => buildRecord(p, ctx, resolve));
          };
          // The plugin builds in one go at start-up and then changes one note at a time; either start must do.
          let live: LayerIndex;
          if (startBuilt) {
            live = LayerIndex.build(settings, recordsNow());
          } else {
            live = new LayerIndex(settings);
            for (const r of recordsNow()) live.upsert(r);
          }
          for (const [i, change] of changes) {
            const before = new Set(state.keys());
            if (change === null) state.delete(i);
            else state.set(i, toParsed(i, change));
            const membershipChanged = before.size !== state.size || !before.has(i);
            const fresh = recordsNow();
            if (change === null) live.remove(paths[i]);
            // A note that came or went changes how others' links resolve: the plugin re-resolves those referrers.
            for (const r of fresh) if (r.path === paths[i] || membershipChanged) live.upsert(r);
            // A note's gaps straight after an edit (no full derivation in between) are those of a fresh build.
            const now = LayerIndex.build(settings, fresh);
            for (const path of paths) expect(gapsOf(live, path)).toEqual(gapsOf(now, path));
          }
          const batch = LayerIndex.build(settings, recordsNow());
          expect(comparable(live.report(), live.graph())).toEqual(comparable(batch.report(), batch.graph()));
          expect(live.size).toBe(state.size);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("built in steps, gives the index a build in one go gives, a bounded share of the notes a step", () => {
    const settings = defaultSettings();
    // 4,500 notes (more than two steps' worth), each linking to others, to attachments and to missing notes.
    const specs = fc.sample(noteArb(4500), { numRuns: 4500, seed: 7 });
    const notes = specs.map((n, i) => toParsed(i, i % 9 === 0 ? { ...n, links: [...n.links, `pic ${i % 5}.png`] } : n));
    const list = buildRecordsFor(notes, settings);
    const whole = LayerIndex.build(settings, list);
    const steps = LayerIndex.buildInSteps(settings, list);
    let count = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) count++;
    // Filing, then linking, counting and summing 2,000 notes a step (3 steps each), and finishing the links.
    expect(count).toBe(3 + 1 + 3 + 3);
    const stepped = step.value;
    expect(comparable(stepped.report(), stepped.graph())).toEqual(comparable(whole.report(), whole.graph()));
    expect(stepped.referrersOf("n1.md").sort()).toEqual(whole.referrersOf("n1.md").sort());
    // It goes on as any index does.
    const changed = buildRecordsFor([toParsed(3, { ...specs[3], layer: "paradoxes" })], settings)[0];
    stepped.upsert(changed);
    whole.upsert(changed);
    expect(stepped.report()).toEqual(whole.report());
  });

  it("keeps the later record when a batch holds a path twice", () => {
    const settings = defaultSettings();
    const notes = [
      parsed("a.md", { frontmatter: { layer: "facts", pages: 2 } }),
      parsed("b.md", { frontmatter: { layer: "logic" }, links: ["a", "nowhere"] }),
      parsed("a.md", { links: ["b"] }),
    ];
    const [first, b, later] = records(notes, settings);
    const twice = LayerIndex.build(settings, [first, b, later]);
    const once = LayerIndex.build(settings, [later, b]);
    expect(twice.size).toBe(2);
    expect(twice.get("a.md")).toBe(later);
    expect(twice.report()).toEqual(once.report());
    expect(twice.graph()).toEqual(once.graph());
  });

  it("keeps the running estimate equal to the full report's", () => {
    const settings = defaultSettings();
    const notes = [
      parsed("a.md", { frontmatter: { layer: "concepts", pages: 3, module: "reasoning" } }),
      parsed("b.md", { frontmatter: { layer: "facts", words: 100, "source-type": "forum" } }),
    ];
    const index = new LayerIndex(settings);
    for (const r of records(notes, settings)) index.upsert(r);
    index.remove("b.md");
    const quick = index.estimate();
    const full = index.report();
    expect(quick.layers.map((l) => l.effectiveTokens)).toEqual(full.layers.map((l) => l.effectiveTokens));
    expect(full.layers[2].effectiveTokens).toBe(0);
    expect(full.modules).toEqual([expect.objectContaining({ id: "reasoning", notes: 1, effectiveTokens: 3000 })]);
  });

  it("bumps the revision on every change and caches the report per revision", () => {
    const settings = defaultSettings();
    const index = analyze(records([parsed("a.md", { frontmatter: { layer: "facts" } })], settings), settings);
    const r0 = index.revision;
    const report = index.report();
    expect(index.report()).toBe(report);
    index.upsert(records([parsed("b.md", { frontmatter: { layer: "logic" } })], settings)[0]);
    expect(index.revision).toBe(r0 + 1);
    expect(index.report()).not.toBe(report);
    expect(index.layerOf("b.md")).toBe("logic");
    expect(index.layerOf("missing.md")).toBeNull();
  });

  it("names the notes to re-resolve when a missing target appears or a note goes", () => {
    const settings = defaultSettings();
    const index = analyze(
      records(
        [
          parsed("a.md", { frontmatter: { layer: "facts" }, links: ["Later", "b"] }),
          parsed("Folder/c.md", { links: ["sub/Later note"] }),
          parsed("b.md"),
        ],
        settings,
      ),
      settings,
    );
    expect(index.unresolvedReferrersFor("Later.md")).toEqual(["a.md"]);
    expect(index.unresolvedReferrersFor("x/sub/Later note.md")).toEqual(["Folder/c.md"]);
    expect(index.unresolvedReferrersFor("Other.md")).toEqual([]);
    expect(index.referrersOf("b.md")).toEqual(["a.md"]);
  });

  it("counts a missing target's referrers right through edits, however each writes it (with or without .md)", () => {
    const settings = defaultSettings();
    const note = (path: string, links: string[]) => records([parsed(path, { frontmatter: { layer: "facts" }, links })], settings)[0];
    const missing = (index: LayerIndex) => index.report().gaps.filter((g) => g.rule === "unresolved-link").map((g) => [g.target, g.referrers]);
    const ghosts = (index: LayerIndex) => index.graph().nodes.filter((n) => n.kind === "ghost").map((n) => n.id);
    const index = new LayerIndex(settings);
    index.upsert(note("a.md", ["Gone"]));
    index.upsert(note("b.md", ["gone.md", "Gone"]));
    expect(missing(index)).toEqual([["Gone", 2]]);
    expect(ghosts(index)).toEqual(["Gone"]);
    index.upsert(note("a.md", []));
    expect(missing(index)).toEqual([["gone.md", 1]]);
    expect(ghosts(index)).toEqual(["gone.md"]);
    expect(index.noteGaps("b.md").filter((g) => g.rule === "unresolved-link")).toEqual([expect.objectContaining({ target: "gone.md", referrers: 1 })]);
    index.upsert(note("a.md", ["GONE.md"]));
    expect(missing(index)).toEqual([["GONE.md", 2]]);
    index.remove("a.md");
    index.upsert(note("b.md", ["Gone"]));
    expect(missing(index)).toEqual([["Gone", 1]]);
    index.upsert(note("b.md", []));
    expect(missing(index)).toEqual([]);
    expect(ghosts(index)).toEqual([]);
    expect(index.unresolvedReferrersFor("Gone.md")).toEqual([]);
  });

  it("counts a note once per missing target when it links to 20,000 of them, each twice, in a build and an edit", () => {
    const settings = defaultSettings();
    const links: string[] = [];
    for (let i = 0; i < 10_000; i++) links.push(`Missing ${i}`, `missing ${i}.md`);
    const note = records([parsed("a.md", { frontmatter: { layer: "facts" }, links })], settings)[0];
    const check = (index: LayerIndex) => {
      const gaps = index.report().gaps.filter((g) => g.rule === "unresolved-link");
      expect(gaps).toHaveLength(10_000);
      expect(gaps.every((g) => g.referrers === 1)).toBe(true);
      expect(index.graph().nodes.filter((n) => n.kind === "ghost")).toHaveLength(10_000);
    };
    check(LayerIndex.build(settings, [note]));
    const index = new LayerIndex(settings);
    index.upsert(note);
    index.upsert(note);
    check(index);
    index.upsert(records([parsed("a.md", { frontmatter: { layer: "facts" }, links: links.slice(0, 2) })], settings)[0]);
    expect(index.report().gaps.filter((g) => g.rule === "unresolved-link").map((g) => [g.target, g.referrers])).toEqual([["Missing 0", 1]]);
  });

  it("writes every layer and facet id into the report's facets, `__proto__` and `toString` included", () => {
    const settings = defaultSettings();
    settings.layers = ["__proto__", "toString", "x"].map((id) => ({ id, name: id, aliases: [], share: 1 }));
    settings.facets = ["__proto__", "x"];
    // Made by hand: the report's keys, whatever reading such settings gives.
    const note = (path: string, layer: string, facets: string[], links: string[]): NoteRecord => ({
      ...records([parsed(path)])[0],
      layer,
      facets,
      links: links.map((l) => ({ target: l, resolved: `${l}.md` })),
    });
    const index = LayerIndex.build(settings, [
      note("c.md", "__proto__", [], []),
      note("d.md", "__proto__", [], []),
      note("e.md", "toString", [], []),
      note("f.md", "x", ["__proto__"], ["c", "e"]),
    ]);
    const json = JSON.parse(JSON.stringify(index.report())) as Report;
    expect(Object.keys(json.facets)).toEqual(["__proto__", "toString", "x"]);
    const row = (id: string) => Object.getOwnPropertyDescriptor(json.facets, id)?.value as Record<string, number>;
    expect(Object.keys(row("__proto__"))).toEqual(["__proto__", "x"]);
    expect(Object.getOwnPropertyDescriptor(row("__proto__"), "__proto__")?.value).toBe(0.5);
    expect(row("toString")).toEqual({ ["__proto__"]: 1, x: 0 });
    expect(Object.getOwnPropertyDescriptor(row("x"), "__proto__")?.value).toBe(0);
    expect(json.layers.map((l) => [l.id, l.notes.concept])).toEqual([
      ["__proto__", 2],
      ["toString", 1],
      ["x", 1],
    ]);
  });

  it("builds the graph: layered notes in their layer, ghosts for missing targets, requires edges typed", () => {
    const settings = defaultSettings();
    const graph = analyze(
      records(
        [
          parsed("a.md", { frontmatter: { layer: "facts", requires: ["[[b]]"] }, links: ["b", "b#x", "Nowhere", "untagged"] }),
          parsed("b.md", { frontmatter: { layer: "concepts" }, links: ["a"] }),
          parsed("untagged.md", { links: ["a"] }),
        ],
        settings,
      ),
      settings,
    ).graph();
    expect(graph.layers.map((l) => l.id)).toEqual(settings.layers.map((l) => l.id));
    expect(graph.nodes.map((n) => [n.id, n.kind, n.layer])).toEqual([
      ["b.md", "concept", 0],
      ["a.md", "concept", 2],
      ["Nowhere", "ghost", 2],
    ]);
    const edges = edgeList(graph.edges).map((e) => `${graph.nodes[e.source].id}>${graph.nodes[e.target].id}:${e.type}`).sort();
    expect(edges).toEqual(["a.md>Nowhere:link", "a.md>b.md:requires", "b.md>a.md:link"]);
    expect(graph.nodes[2].gaps.map((g) => g.rule)).toEqual(["unresolved-link"]);
    expect(graph.nodes[2].severity).toBe("warning");
  });
});
