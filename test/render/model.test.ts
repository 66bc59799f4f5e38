import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { edgeList, edgesOf } from "../../src/core/edges";
import type { Graph, GraphEdges } from "../../src/core/types";
import { buildModel, cleanGraph, GHOST_STYLE, layoutSizeFor, MAX_SPACING, NODE_SPACING, radii, styleOf } from "../../src/render/model";
import { node, smallGraph, syntheticGraph } from "../browser/graphs";

describe("drawing model", () => {
  it("cleans whatever it is given into a graph the drawing can trust", () => {
    const dirty = {
      layers: [{ id: "a", name: 5, coverage: 7, remainingPages: NaN }, null],
      nodes: [
        { id: "x", title: null, kind: "poem", layer: 12, tokens: "9", effectiveTokens: -4, gaps: [{ severity: "fatal" }], domain: "" },
        { id: 2, layer: -3, kind: "ghost", gaps: [{ severity: "error", message: "m" }] },
        "nonsense",
      ],
      edges: [{ source: 0, target: 1, type: "requires" }, { source: 0, target: 0 }, { source: 1, target: 3 }, { source: 0.5, target: 1 }, {}],
    } as unknown as Graph;
    const g = cleanGraph(dirty);
    expect(g.layers.map((l) => [l.id, l.name, l.coverage, l.remainingPages])).toEqual([["a", "5", 1, 0], ["1", "1", 0, 0]]);
    expect(g.nodes[0]).toMatchObject({ id: "x", title: "x", kind: "concept", layer: 1, tokens: 0, effectiveTokens: 0, domain: null, severity: "info" });
    expect(g.nodes[1]).toMatchObject({ id: "2", kind: "ghost", layer: 0, severity: "error" });
    expect(g.nodes[2]).toMatchObject({ id: "#2", title: "#2", kind: "concept" });
    expect(edgeList(g.edges)).toEqual([{ source: 0, target: 1, type: "requires" }]);
    expect(cleanGraph(null)).toEqual({ layers: [], nodes: [], edges: edgesOf([]) });
    // Edge arrays with edges to nowhere, from or to themselves: only the good ones are kept, in order.
    const arrays = cleanGraph({ ...g, edges: edgesOf([{ source: 1, target: 0, type: "requires" }, { source: 0, target: 9 }, { source: 1, target: 1 }, { source: -1, target: 0 }, { source: 0, target: 1 }]) });
    expect(edgeList(arrays.edges)).toEqual([{ source: 1, target: 0, type: "requires" }, { source: 0, target: 1, type: "link" }]);
    // Arrays made in another window (their own constructors) are arrays all the same.
    const foreign = runInNewContext("({ length: 1, source: new Int32Array([0]), target: new Int32Array([1]), requires: new Uint8Array([1]) })") as GraphEdges;
    expect(foreign.source instanceof Int32Array).toBe(false);
    expect(edgeList(cleanGraph({ ...g, edges: foreign }).edges)).toEqual([{ source: 0, target: 1, type: "requires" }]);
  });

  it("keeps the layout when only figures and gaps changed, and lays out again when the shape did", () => {
    const first = buildModel(smallGraph(), 1.5);
    const figures = smallGraph();
    figures.nodes[0].effectiveTokens = 123_456;
    figures.nodes[1].severity = "error";
    const again = buildModel(figures, 1.5, {}, first);
    expect(again.layout).toBe(first.layout);
    expect(again.layoutKey).toBe(first.layoutKey);
    expect(again.style[1]).not.toBe(first.style[1]);

    const linked = smallGraph();
    linked.edges = [...linked.edges, { source: 0, target: linked.nodes.length - 1, type: "link" }];
    expect(buildModel(linked, 1.5, {}, first).layout).not.toBe(first.layout);
    const renamed = smallGraph();
    renamed.nodes[0].id = "Renamed.md";
    expect(buildModel(renamed, 1.5, {}, first).layout).not.toBe(first.layout);
    expect(buildModel(smallGraph(), 0.6, {}, first).layout).not.toBe(first.layout);
  });

  it("groups nodes by style (kind × worst gap) and builds a two-way adjacency", () => {
    const m = buildModel(smallGraph(), 1.5);
    const nodes = m.graph.nodes;
    for (let s = 0; s < 13; s++) {
      for (let q = m.styleStart[s]; q < m.styleStart[s + 1]; q++) {
        const n = nodes[m.order[q]];
        expect(m.style[m.order[q]]).toBe(s);
        if (n.kind === "ghost") expect(s).toBe(GHOST_STYLE);
      }
    }
    expect(m.style[0]).toBe(styleOf("concept", "none"));
    expect(m.style[6]).toBe(styleOf("concept", "error"));
    const lever = 3;
    const around = Array.from(m.adjNode.slice(m.adjStart[lever], m.adjStart[lever + 1]), (j) => nodes[j].title).sort();
    expect(around).toEqual(["Force", "Lever quiz", "Mass", "Missing target", "Why levers"]);
    expect(Array.from(m.requires).filter(Boolean)).toHaveLength(1);
    for (const rank of m.edgeRank) expect(rank >= 0 && rank < 1).toBe(true);
  });

  it("sizes nodes by effective tokens, the top 5% capped, ghosts small", () => {
    const r = radii([node("a", 0, "concept", { effectiveTokens: 0 }), node("b", 0, "concept", { effectiveTokens: 100 }), node("c", 0, "concept", { effectiveTokens: 400 }), node("g", 0, "ghost")]);
    expect(r[0]).toBeLessThan(r[1]);
    expect(r[1]).toBeLessThan(r[2]);
    expect(r[2]).toBe(9);
    expect(r[3]).toBe(3.5);
  });

  it("lays a graph out for the view's proportions: wide panes wide, narrow panes narrow", () => {
    const g = syntheticGraph(3000, 0, 3);
    const wide = buildModel(g, 2.5).layout;
    const narrow = buildModel(g, 0.5).layout;
    expect(wide.width / wide.height).toBeGreaterThan(1.5);
    expect(narrow.width / narrow.height).toBeLessThan(1);
    expect(layoutSizeFor([3, 2, 1], 1.6).nodeSpacing).toBeGreaterThan(NODE_SPACING);
    expect(layoutSizeFor([3, 2, 1], 1.6).nodeSpacing).toBeLessThanOrEqual(MAX_SPACING);
    expect(layoutSizeFor([3000, 2000], 1.6).nodeSpacing).toBe(NODE_SPACING);
    expect(Number.isFinite(layoutSizeFor([], NaN).width)).toBe(true);
  });

  it("puts every node inside its layer's band", () => {
    const m = buildModel(syntheticGraph(2000, 5000, 7), 1.6);
    m.graph.nodes.forEach((n, i) => {
      const band = m.layout.bands[n.layer];
      expect(m.y[i]).toBeGreaterThan(band.y0);
      expect(m.y[i]).toBeLessThan(band.y1);
    });
  });
});

describe("cleanGraph and prototype names", () => {
  it("treats severities named like Object's properties as unknown", () => {
    const g = cleanGraph({
      layers: [],
      nodes: [{ id: "a", title: "a", kind: "concept", layer: 0, gaps: [{ rule: "x", severity: "constructor", message: "m" }], severity: "__proto__" }],
      edges: [],
    } as unknown as Graph);
    expect(g.nodes[0].severity).toBe("info");
    expect(g.nodes[0].gaps[0].severity).toBe("info");
  });

  it("keeps the objects of a well-formed graph instead of copying them", () => {
    const input = smallGraph();
    const g = cleanGraph(input);
    expect(g.nodes[0]).toBe(input.nodes[0]);
    expect(g.layers).toEqual(input.layers);
    expect(edgeList(g.edges)).toEqual(input.edges);
    // The index's edge arrays are kept as they are.
    expect(cleanGraph(g).edges).toBe(g.edges);
  });
});
