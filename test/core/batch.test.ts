import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyze, buildRecords } from "../../src/core/analysis";
import { keepRecords, numbersOf, RecordBatch } from "../../src/core/batch";
import { defaultSettings } from "../../src/core/defaults";
import { graphJson } from "../../src/core/edges";
import type { LayerIndex } from "../../src/core/index";
import { buildRecord, recordContext } from "../../src/core/records";
import type { NoteRecord, ParsedNote } from "../../src/core/types";
import { createResolver } from "../../src/reader/resolve";
import { parsed, simpleResolver } from "../helpers/notes";

const settings = defaultSettings();
const LAYERS = ["concepts", "structures", "facts", "logic", null] as const;
const FOLDERS = ["", "a/", "b/", "a/deep/"];
const ATTACHMENTS = ["pic.png", "a/paper.pdf"];

/**
 * A small random vault whose links take every way a link resolves: to notes by name or by path, to attachments, to
 * the note itself (`#heading` and its own name), to nothing; with prerequisites, names shared across folders, and
 * now and then the plugin's own report note.
 */
const vaultArb = fc.integer({ min: 1, max: 14 }).chain((count) =>
  fc.array(
    fc.record({
      folder: fc.constantFrom(...FOLDERS),
      name: fc.integer({ min: 0, max: count - 1 }),
      layer: fc.constantFrom(...LAYERS),
      kind: fc.constantFrom("concept", "source", "check"),
      facets: fc.subarray(["causality", "detail"]),
      report: fc.integer({ min: 0, max: 9 }).map((k) => k === 0),
      links: fc.array(
        fc.oneof(
          fc.integer({ min: 0, max: count - 1 }).map((i) => `n${i}`),
          fc.tuple(fc.constantFrom(...FOLDERS), fc.integer({ min: 0, max: count - 1 })).map(([f, i]) => `${f}n${i}`),
          fc.constantFrom("pic.png", "paper.pdf", "#heading", "", "missing", "Missing", "../n0"),
        ),
        { maxLength: 6 },
      ),
      requires: fc.array(fc.integer({ min: 0, max: count - 1 }).map((i) => `[[n${i}]]`), { maxLength: 2 }),
    }),
    { minLength: 1, maxLength: count },
  ),
);

type Spec = typeof vaultArb extends fc.Arbitrary<infer T> ? T : never;

function notesOf(spec: Spec): ParsedNote[] {
  const seen = new Set<string>();
  const notes: ParsedNote[] = [];
  for (const n of spec) {
    const path = `${n.folder}n${n.name}.md`;
    if (seen.has(path)) continue;
    seen.add(path);
    const frontmatter: Record<string, unknown> = { kind: n.kind, facets: n.facets, requires: n.requires };
    if (n.layer) frontmatter.layer = n.layer;
    if (n.report) frontmatter["knowledge-layers-report"] = true;
    notes.push(parsed(path, { frontmatter, links: n.links }));
  }
  return notes;
}

/** Everything an index answers, as text: the report, the graph, and per path its gaps, record and referrers. */
function answers(index: LayerIndex, paths: readonly string[]): string {
  return JSON.stringify({
    report: index.report(),
    graph: graphJson(index.graph()),
    notes: paths.map((p) => [p, index.has(p), index.get(p)?.layer, index.noteGaps(p), index.referrersOf(p).sort()]),
  });
}

describe("RecordBatch: records with their path numbers", () => {
  it("gives the index what the same records give without numbers, before and after changes", () => {
    fc.assert(
      fc.property(vaultArb, fc.boolean(), (spec, allNumbered) => {
        const notes = notesOf(spec);
        const files = [...notes.map((n) => n.path), ...ATTACHMENTS];
        // Without `allNumbered`, the resolver does not know the first note: it has no number, and neither have links to it.
        const resolve = createResolver(allNumbered ? files : files.slice(1));
        const numbered = buildRecords(notes, settings, resolve);
        expect(numbersOf(numbered)).not.toBeNull();
        const plain = [...numbered];
        expect(numbersOf(plain)).toBeNull();

        const a = analyze(numbered, settings);
        const b = analyze(plain, settings);
        const paths = [...files, "missing", "n0.md"];
        expect(answers(a, paths)).toBe(answers(b, paths));

        // Changes after the build ask the index for paths by name, which a numbered build filed only by number.
        const ctx = recordContext(settings);
        const changed = { ...notes[notes.length - 1], links: [{ link: "n0", source: "body" as const }, { link: "pic.png", source: "body" as const }] };
        for (const index of [a, b]) {
          index.upsert(buildRecord(changed, ctx, resolve));
          index.remove(notes[0].path);
          index.upsert(buildRecord(parsed("new.md", { frontmatter: { layer: "facts" }, links: ["n1", "new"] }), ctx, resolve));
        }
        expect(answers(a, [...paths, "new.md"])).toBe(answers(b, [...paths, "new.md"]));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps each record's numbers with it when the batch is sorted by path", () => {
    const notes = [
      parsed("z.md", { frontmatter: { layer: "concepts" }, links: ["a", "m", "pic.png"] }),
      parsed("a.md", { frontmatter: { layer: "structures" }, links: ["z", "nowhere"] }),
      parsed("m.md", { frontmatter: { layer: "facts", requires: ["[[a]]", "[[z]]"] }, links: ["#h", "a"] }),
    ];
    const resolve = createResolver(["z.md", "a.md", "m.md", "pic.png"]);
    const batch = new RecordBatch(settings, resolve);
    for (const note of notes) batch.add(note);
    const sorted = batch.finish((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    expect(sorted.map((r) => r.path)).toEqual(["a.md", "m.md", "z.md"]);

    const numbers = numbersOf(sorted)!;
    // Per record: its own number, then one number per link and prerequisite, in order.
    const byRecord = sorted.map((r, i) => ({
      self: resolve.paths[numbers.self[i]],
      links: [...numbers.links.subarray(numbers.start[i], numbers.start[i + 1])].map((n) => (n < 0 ? null : resolve.paths[n])),
    }));
    expect(byRecord).toEqual([
      { self: "a.md", links: ["z.md", null] },
      { self: "m.md", links: ["m.md", "a.md", "a.md", "z.md"] },
      { self: "z.md", links: ["a.md", "m.md", "pic.png"] },
    ]);
    expect(byRecord.map((r) => r.links)).toEqual(sorted.map((r) => [...r.links, ...r.requires].map((l) => l.resolved)));
    expect(JSON.stringify(analyze(sorted, settings).report())).toBe(JSON.stringify(analyze([...sorted], settings).report()));
  });

  it("is read by number: the index takes a link's note from its number, not its path", () => {
    const notes = [
      parsed("a.md", { frontmatter: { layer: "concepts" } }),
      parsed("b.md", { frontmatter: { layer: "concepts" } }),
      parsed("c.md", { frontmatter: { layer: "facts" }, links: ["a"] }),
    ];
    const resolve = createResolver(["a.md", "b.md", "c.md"]);
    const records = buildRecords(notes, settings, resolve);
    expect(analyze(records, settings).referrersOf("a.md")).toEqual(["c.md"]);
    // Tampered with, c's one link now carries b's number: an index that used the numbers follows it.
    const numbers = numbersOf(records)!;
    numbers.links[numbers.start[2]] = resolve.numberOfPath("b.md");
    const index = analyze(records, settings);
    expect(index.referrersOf("a.md")).toEqual([]);
    expect(index.referrersOf("b.md")).toEqual(["c.md"]);
  });

  it("reads a record by path when its numbers do not pair up with its links", () => {
    const notes = [
      parsed("a.md", { frontmatter: { layer: "concepts" }, links: ["c"] }),
      parsed("b.md", { frontmatter: { layer: "concepts" }, links: ["a", "c"] }),
      parsed("c.md", { frontmatter: { layer: "facts" }, links: ["a"] }),
    ];
    const records = buildRecords(notes, settings, createResolver(["a.md", "b.md", "c.md"]));
    const plain = JSON.stringify(analyze([...records], settings).report());
    // b's range loses its last number to c's, which gains one: neither pairs up any more.
    const numbers = numbersOf(records)!;
    numbers.start[2]--;
    numbers.links[numbers.start[2]] = 0;
    const index = analyze(records, settings);
    expect(JSON.stringify(index.report())).toBe(plain);
    expect(index.referrersOf("c.md").sort()).toEqual(["a.md", "b.md"]);
  });

  it("keeps the numbers of the records a domain keeps", () => {
    const notes = [
      parsed("run/a.md", { frontmatter: { layer: "concepts", domain: "running" }, links: ["b", "c", "swim/d"] }),
      parsed("swim/d.md", { frontmatter: { layer: "concepts", domain: "swimming" }, links: ["a"] }),
      parsed("run/b.md", { frontmatter: { layer: "facts", domain: "running/sprint", requires: ["[[a]]"] }, links: ["a", "nowhere"] }),
      parsed("run/c.md", { frontmatter: { layer: "logic", domain: "running" }, links: ["#h", "b"] }),
    ];
    const resolve = createResolver(notes.map((n) => n.path));
    const records = buildRecords(notes, settings, resolve);
    const kept = keepRecords(records, (r) => r.domain !== "swimming");
    expect(kept.map((r) => r.path)).toEqual(["run/a.md", "run/b.md", "run/c.md"]);
    const numbers = numbersOf(kept)!;
    expect(kept.map((r, i) => resolve.paths[numbers.self[i]])).toEqual(kept.map((r) => r.path));
    expect(kept.map((_, i) => [...numbers.links.subarray(numbers.start[i], numbers.start[i + 1])].map((n) => (n < 0 ? null : resolve.paths[n])))).toEqual(
      kept.map((r) => [...r.links, ...r.requires].map((l) => l.resolved)),
    );
    const a = analyze(records, settings, { domain: "running" });
    const b = analyze([...records], settings, { domain: "running" });
    expect(a.size).toBe(3);
    expect(answers(a, resolve.paths)).toBe(answers(b, resolve.paths));
  });

  it("keeps the later record of a path the batch holds twice, numbered or not", () => {
    const first = parsed("x.md", { frontmatter: { layer: "concepts" }, links: ["a"] });
    const later = parsed("x.md", { frontmatter: { layer: "facts" } });
    const a = parsed("a.md", { frontmatter: { layer: "concepts" } });
    for (const files of [["a.md", "x.md"], ["a.md"]]) {
      const index = analyze(buildRecords([first, a, later], settings, createResolver(files)), settings);
      expect(index.size).toBe(2);
      expect(index.layerOf("x.md")).toBe("facts");
      expect(index.referrersOf("a.md")).toEqual([]);
      expect(index.report().layers.find((l) => l.id === "concepts")!.notes.concept).toBe(1);
    }
  });

  it("goes without numbers when the resolver does not number its paths, or the batch was changed after", () => {
    const notes = [parsed("a.md", { frontmatter: { layer: "concepts" }, links: ["b"] }), parsed("b.md", { frontmatter: { layer: "facts" }, links: ["a"] })];
    expect(numbersOf(buildRecords(notes, settings, simpleResolver(["a.md", "b.md"])))).toBeNull();

    const records = buildRecords(notes, settings, createResolver(["a.md", "b.md"]));
    expect(numbersOf(records)).not.toBeNull();
    const before = JSON.stringify(analyze(records, settings).report());
    // One more record after the batch was finished: its numbers no longer fit, so the index looks paths up.
    const extra: NoteRecord = buildRecord(parsed("c.md", { frontmatter: { layer: "logic" }, links: ["a"] }), recordContext(settings), createResolver(["a.md", "b.md", "c.md"]));
    records.push(extra);
    expect(numbersOf(records)).toBeNull();
    const after = analyze(records, settings);
    expect(after.referrersOf("a.md").sort()).toEqual(["b.md", "c.md"]);
    expect(JSON.stringify(after.report())).not.toBe(before);
  });

  it("is what the CLI reads a vault into", async () => {
    const { readVaultRecords } = await import("../../src/node/vault");
    const { records } = await readVaultRecords("examples/sports-science", settings);
    expect(records.length).toBeGreaterThan(50);
    expect(numbersOf(records)).not.toBeNull();
    const paths = records.map((r) => r.path);
    expect(answers(analyze(records, settings), paths)).toBe(answers(analyze([...records], settings), paths));
  });
});
