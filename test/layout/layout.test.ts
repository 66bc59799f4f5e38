import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { edgeArrays, layoutGraph } from "../../src/layout/layout";
import { countCrossings } from "../../src/layout/crossings";
import type { Layout, LayoutInput } from "../../src/layout/types";
import { syntheticLayeredGraph } from "../../bench/layout-graphs";

/** The band a node must land in: its layer floored and clamped (NaN → 0), as the layout promises. */
function expectedLayer(raw: number, layerCount: number): number {
  return Number.isFinite(raw) ? Math.min(layerCount - 1, Math.max(0, Math.floor(raw))) : 0;
}

/** Every node strictly inside its band and inside [0, width]; bands stacked bottom (layer 0) to top, touching. */
function expectWellFormed(input: LayoutInput, layout: Layout): void {
  const { x, y, bands, width, height } = layout;
  expect(x.length).toBe(input.nodes.length);
  expect(y.length).toBe(input.nodes.length);
  for (let l = 0; l < bands.length; l++) {
    expect(bands[l].layer).toBe(l);
    expect(bands[l].y0).toBeLessThan(bands[l].y1);
    if (l > 0) expect(bands[l].y1).toBeCloseTo(bands[l - 1].y0, 9);
  }
  if (bands.length > 0) {
    expect(bands[0].y1).toBeCloseTo(height, 9);
    expect(bands[bands.length - 1].y0).toBeCloseTo(0, 9);
  }
  input.nodes.forEach((node, i) => {
    const band = bands[expectedLayer(node.layer, bands.length)];
    expect(y[i]).toBeGreaterThan(band.y0);
    expect(y[i]).toBeLessThan(band.y1);
    expect(x[i]).toBeGreaterThanOrEqual(0);
    expect(x[i]).toBeLessThanOrEqual(width);
  });
}

/** Rows as lists of x, keyed by y. */
function rows(layout: Layout): Map<number, number[]> {
  const byY = new Map<number, number[]>();
  layout.y.forEach((rowY, i) => {
    const row = byY.get(rowY) ?? [];
    row.push(layout.x[i]);
    byY.set(rowY, row);
  });
  return byY;
}

function crossings(input: LayoutInput, layout: Layout): number {
  return countCrossings(input, layout.x, layout.y);
}

describe("layoutGraph: bands", () => {
  it("stacks bands from layer 0 at the bottom to the last layer at the top", () => {
    const input: LayoutInput = {
      layerCount: 3,
      nodes: [{ layer: 0 }, { layer: 1 }, { layer: 2 }],
      edges: edgeArrays([{ source: 0, target: 1 }, { source: 1, target: 2 }]),
    };
    const layout = layoutGraph(input);
    expectWellFormed(input, layout);
    // y grows downwards: the foundations' node is lowest on screen.
    expect(layout.y[0]).toBeGreaterThan(layout.y[1]);
    expect(layout.y[1]).toBeGreaterThan(layout.y[2]);
    expect(layout.bands.map((b) => b.rows)).toEqual([1, 1, 1]);
  });

  it("lays out 0 nodes: no positions, the declared bands, each empty", () => {
    const none = layoutGraph({ layerCount: 0, nodes: [], edges: edgeArrays([]) });
    expect(none.x.length).toBe(0);
    expect(none.bands).toEqual([]);
    expect(none.height).toBe(0);
    const input: LayoutInput = { layerCount: 3, nodes: [], edges: edgeArrays([]) };
    const empty = layoutGraph(input);
    expectWellFormed(input, empty);
    expect(empty.bands.map((b) => b.rows)).toEqual([0, 0, 0]);
  });

  it("keeps an empty layer as a band of its own, between its neighbours", () => {
    const input: LayoutInput = {
      layerCount: 3,
      nodes: [{ layer: 0 }, { layer: 2 }, { layer: 2 }],
      edges: edgeArrays([{ source: 0, target: 1 }, { source: 0, target: 2 }]),
    };
    const layout = layoutGraph(input);
    expectWellFormed(input, layout);
    expect(layout.bands[1].rows).toBe(0);
    expect(layout.bands[1].y1 - layout.bands[1].y0).toBeGreaterThan(0);
  });

  it("wraps a wide layer into rows that fit the width", () => {
    // 200 nodes, width 480, spacing 24: 20 per row, 10 rows.
    const nodes = [...Array.from({ length: 200 }, () => ({ layer: 1 })), { layer: 0 }, { layer: 2 }];
    const edges = Array.from({ length: 200 }, (_, i) => ({ source: i, target: i % 2 ? 200 : 201 }));
    const input: LayoutInput = { layerCount: 3, nodes, edges: edgeArrays(edges) };
    const layout = layoutGraph(input, { width: 480, nodeSpacing: 24 });
    expectWellFormed(input, layout);
    expect(layout.bands[1].rows).toBe(10);
    const layerRows = [...rows(layout).entries()].filter(([rowY]) => rowY > layout.bands[1].y0 && rowY < layout.bands[1].y1);
    expect(layerRows).toHaveLength(10);
    for (const [, xs] of layerRows) expect(xs).toHaveLength(20);
  });

  it("puts nodes linked downwards in the lower rows of a wrapped band, nodes linked upwards in the upper rows", () => {
    // Layer 1 has 4 nodes in 2 rows of 2: nodes 0, 1 link to layer 0, nodes 2, 3 to layer 2.
    const input: LayoutInput = {
      layerCount: 3,
      nodes: [{ layer: 1 }, { layer: 1 }, { layer: 1 }, { layer: 1 }, { layer: 0 }, { layer: 2 }],
      edges: edgeArrays([
        { source: 2, target: 5 },
        { source: 0, target: 4 },
        { source: 3, target: 5 },
        { source: 1, target: 4 },
      ]),
    };
    const layout = layoutGraph(input, { width: 48, nodeSpacing: 24 });
    expectWellFormed(input, layout);
    expect(layout.bands[1].rows).toBe(2);
    expect(layout.y[0]).toBe(layout.y[1]);
    expect(layout.y[2]).toBe(layout.y[3]);
    expect(layout.y[0]).toBeGreaterThan(layout.y[2]);
  });

  it("with sweeps 0 keeps the input order, wrapped row by row", () => {
    const input: LayoutInput = { layerCount: 1, nodes: Array.from({ length: 5 }, () => ({ layer: 0 })), edges: edgeArrays([]) };
    const layout = layoutGraph(input, { width: 72, nodeSpacing: 24, sweeps: 0 });
    // 3 per row: nodes 0, 1, 2 in the lower row, left to right; 3, 4 centred in the row above.
    expect([...layout.x]).toEqual([12, 36, 60, 24, 48]);
    expect(layout.y[0]).toBe(layout.y[2]);
    expect(layout.y[3]).toBeLessThan(layout.y[0]);
  });
});

describe("layoutGraph: hostile and awkward input", () => {
  it("clamps layers out of range, fractional or NaN, and ignores broken edges, never throwing", () => {
    const input: LayoutInput = {
      layerCount: 3,
      nodes: [{ layer: NaN }, { layer: -5 }, { layer: 99 }, { layer: 1.5 }, { layer: Infinity }, { layer: 2 }],
      edges: edgeArrays([
        { source: 0, target: 0 },
        { source: 0, target: 77 },
        { source: 1.5, target: 2 },
        { source: -1, target: 2 },
        { source: NaN, target: 1 },
        { source: 1, target: 2 },
        { source: 3, target: 5 },
      ]),
    };
    const layout = layoutGraph(input);
    expectWellFormed(input, layout);
    expect(layout.bands).toHaveLength(3);
  });

  it("handles cycles, self-loops, repeated edges and edges inside a layer", () => {
    const input: LayoutInput = {
      layerCount: 3,
      nodes: [{ layer: 0 }, { layer: 1 }, { layer: 2 }, { layer: 1 }, { layer: 1 }, { layer: 0 }],
      edges: edgeArrays([
        { source: 0, target: 1 },
        { source: 1, target: 2 },
        { source: 2, target: 0 },
        { source: 3, target: 3 },
        { source: 3, target: 4 },
        { source: 4, target: 3 },
        { source: 1, target: 4 },
        { source: 0, target: 1 },
        { source: 5, target: 2 },
      ]),
    };
    const layout = layoutGraph(input, { width: 48 });
    expectWellFormed(input, layout);
  });

  it("lays out hubs: nodes linked to hundreds of others, next to each other", () => {
    // 10 hubs in layer 1, each linked to 200 of 1,000 leaves spread over three layers.
    const nodes = Array.from({ length: 1010 }, (_, i) => ({ layer: i < 10 ? 1 : i % 3 }));
    const edges = [];
    for (let h = 0; h < 10; h++) for (let k = 0; k < 200; k++) edges.push({ source: h, target: 10 + ((h * 131 + k * 7) % 1000) });
    const input: LayoutInput = { layerCount: 3, nodes, edges: edgeArrays(edges) };
    const layout = layoutGraph(input, { width: 800 });
    expectWellFormed(input, layout);
    expect(crossings(input, layout)).toBeLessThan(crossings(input, layoutGraph(input, { width: 800, sweeps: 0 })));
  });

  it("derives the layers from the nodes when the layer count is missing, and caps absurd counts", () => {
    const nodes = [{ layer: 2 }, { layer: 0 }];
    const derived = layoutGraph({ layerCount: NaN, nodes, edges: edgeArrays([]) });
    expect(derived.bands).toHaveLength(3);
    expect(derived.y[0]).toBeLessThan(derived.y[1]);
    const absurd = layoutGraph({ layerCount: 1e12, nodes, edges: edgeArrays([{ source: 0, target: 1 }]) });
    expect(absurd.bands.length).toBeLessThanOrEqual(4096);
    expectWellFormed({ layerCount: absurd.bands.length, nodes, edges: edgeArrays([]) }, absurd);
  });

  it("falls back to the defaults for non-finite or non-positive options", () => {
    const input = syntheticLayeredGraph(80, 5);
    const bad = layoutGraph(input, { width: NaN, nodeSpacing: -3, rowHeight: 0, bandPadding: Infinity, sweeps: NaN });
    const defaults = layoutGraph(input);
    expect(bad.width).toBe(1600);
    expect([...bad.x]).toEqual([...defaults.x]);
    expect([...bad.y]).toEqual([...defaults.y]);
  });

  it("fits a width narrower than one spacing: one node per row, centred", () => {
    const input: LayoutInput = { layerCount: 1, nodes: [{ layer: 0 }, { layer: 0 }], edges: edgeArrays([{ source: 0, target: 1 }]) };
    const layout = layoutGraph(input, { width: 10, nodeSpacing: 24 });
    expectWellFormed(input, layout);
    expect(layout.bands[0].rows).toBe(2);
    expect([...layout.x]).toEqual([5, 5]);
  });
});

describe("layoutGraph: determinism", () => {
  it("gives identical arrays for the same input twice", () => {
    const input = syntheticLayeredGraph(1500, 11);
    const a = layoutGraph(input);
    const b = layoutGraph(input);
    expect(Buffer.from(a.x.buffer).equals(Buffer.from(b.x.buffer))).toBe(true);
    expect(Buffer.from(a.y.buffer).equals(Buffer.from(b.y.buffer))).toBe(true);
    expect(a.bands).toEqual(b.bands);
  });

  it("does not depend on the order or the direction of the edges", () => {
    const input = syntheticLayeredGraph(1200, 12);
    // Reverse the list and flip every third edge.
    const list = Array.from({ length: input.edges.length }, (_, e) => ({ source: input.edges.source[e], target: input.edges.target[e] }));
    const edges = edgeArrays(list.reverse().map((e, i) => (i % 3 ? e : { source: e.target, target: e.source })));
    // Also at a width and spacing whose positions are not round numbers (sums in another order would round apart).
    for (const options of [{}, { width: 1013.7, nodeSpacing: 23.3, rowHeight: 27.1 }]) {
      const a = layoutGraph(input, options);
      const b = layoutGraph({ ...input, edges }, options);
      expect([...b.x]).toEqual([...a.x]);
      expect([...b.y]).toEqual([...a.y]);
    }
  });
});

describe("layoutGraph: crossings", () => {
  it.each([
    [150, 1],
    [600, 2],
    [2500, 3],
  ])("has fewer crossings than the input order on a structured random graph (%i nodes, seed %i)", (size, seed) => {
    const input = syntheticLayeredGraph(size, seed);
    const ours = crossings(input, layoutGraph(input));
    const inputOrder = crossings(input, layoutGraph(input, { sweeps: 0 }));
    // Well below: at most 60% of the input order's (it is about a third on these graphs).
    expect(ours).toBeLessThan(0.6 * inputOrder);
  });

  it("draws a graph that has a crossing-free layered drawing without crossings", () => {
    // Three layers of 6, each node linked to the same slot above, given in a scrambled order.
    const perm = [3, 0, 5, 1, 4, 2];
    const nodes = Array.from({ length: 18 }, (_, i) => ({ layer: Math.floor(i / 6) }));
    const edges = [];
    for (let l = 0; l < 2; l++) {
      for (let k = 0; k < 6; k++) edges.push({ source: l * 6 + perm[k], target: (l + 1) * 6 + k });
    }
    const input: LayoutInput = { layerCount: 3, nodes, edges: edgeArrays(edges) };
    expect(crossings(input, layoutGraph(input, { sweeps: 0 }))).toBeGreaterThan(0);
    expect(crossings(input, layoutGraph(input))).toBe(0);
  });
});

describe("layoutGraph: properties (fast-check)", () => {
  const arbitraryInput = fc
    .record({
      layerCount: fc.integer({ min: 1, max: 6 }),
      layers: fc.array(fc.oneof(fc.integer({ min: -2, max: 8 }), fc.constant(NaN), fc.double({ min: -1, max: 7, noNaN: true })), {
        minLength: 0,
        maxLength: 70,
      }),
      pairs: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 150 }),
    })
    .map(({ layerCount, layers, pairs }): LayoutInput => ({
      layerCount,
      nodes: layers.map((layer) => ({ layer })),
      edges: edgeArrays(layers.length ? pairs.map(([s, t]) => ({ source: s % layers.length, target: t % layers.length })) : []),
    }));
  const arbitraryOptions = fc.record({
    width: fc.integer({ min: 20, max: 2000 }),
    nodeSpacing: fc.integer({ min: 4, max: 60 }),
    rowHeight: fc.integer({ min: 4, max: 40 }),
    bandPadding: fc.integer({ min: 1, max: 30 }),
    sweeps: fc.integer({ min: 0, max: 6 }),
  });

  it("puts every node inside the width and its band, no two nodes of a row closer than nodeSpacing", () => {
    fc.assert(
      fc.property(arbitraryInput, arbitraryOptions, (input, options) => {
        const layout = layoutGraph(input, options);
        expectWellFormed(input, layout);
        for (const xs of rows(layout).values()) {
          xs.sort((a, b) => a - b);
          for (let k = 1; k < xs.length; k++) expect(xs[k] - xs[k - 1]).toBeGreaterThanOrEqual(options.nodeSpacing - 1e-9);
        }
        // Every band's row count is what it takes to fit its nodes, and the rows are inside the band.
        const capacity = Math.max(1, Math.floor(options.width / options.nodeSpacing));
        layout.bands.forEach((band, l) => {
          const count = input.nodes.filter((node) => expectedLayer(node.layer, layout.bands.length) === l).length;
          expect(band.rows).toBe(Math.ceil(count / capacity));
        });
      }),
      { numRuns: 200 },
    );
  });

  it("is deterministic on any input", () => {
    fc.assert(
      fc.property(arbitraryInput, arbitraryOptions, (input, options) => {
        const a = layoutGraph(input, options);
        const b = layoutGraph(input, options);
        expect([...a.x]).toEqual([...b.x]);
        expect([...a.y]).toEqual([...b.y]);
      }),
      { numRuns: 100 },
    );
  });
});
