import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { countCrossings, countCrossingsNaive, segmentsCross } from "../../src/layout/crossings";
import { edgeArrays } from "../../src/layout/layout";
import type { LayoutInput } from "../../src/layout/types";

/** A graph whose nodes are all in layer 0 (layers do not matter to the count). */
function graph(nodeCount: number, edges: [number, number][]): LayoutInput {
  return {
    layerCount: 1,
    nodes: Array.from({ length: nodeCount }, () => ({ layer: 0 })),
    edges: edgeArrays(edges.map(([source, target]) => ({ source, target }))),
  };
}

describe("segmentsCross", () => {
  it("counts a proper X crossing", () => {
    expect(segmentsCross(0, 0, 10, 10, 0, 10, 10, 0)).toBe(true);
  });

  it("does not count segments that only touch or are apart", () => {
    // A shared endpoint.
    expect(segmentsCross(0, 0, 10, 10, 10, 10, 20, 0)).toBe(false);
    // T: an endpoint on the other segment's interior.
    expect(segmentsCross(0, 0, 10, 0, 5, 0, 5, 10)).toBe(false);
    // Collinear overlap.
    expect(segmentsCross(0, 0, 10, 0, 5, 0, 15, 0)).toBe(false);
    // Parallel, and disjoint.
    expect(segmentsCross(0, 0, 10, 0, 0, 1, 10, 1)).toBe(false);
    expect(segmentsCross(0, 0, 1, 1, 5, 0, 6, -3)).toBe(false);
  });
});

describe("countCrossings", () => {
  // Two layers drawn as rows: top row y = 0, bottom row y = 10.
  const x = [0, 10, 20, 0, 10, 20];
  const y = [0, 0, 0, 10, 10, 10];

  it("counts the crossings of a two-row drawing", () => {
    // 0–5 crosses 1–4 and 2–3; 1–4 crosses 2–3: three pairs.
    expect(countCrossings(graph(6, [[0, 5], [1, 4], [2, 3]]), x, y)).toBe(3);
    // Straight down: none.
    expect(countCrossings(graph(6, [[0, 3], [1, 4], [2, 5]]), x, y)).toBe(0);
  });

  it("does not count pairs sharing a node, nor self-loops, nor edges out of range", () => {
    // 0–4 and 0–5 share node 0; 2–2 is a self-loop; 1–9 and 1.5–3 point nowhere.
    const edges = [[0, 4], [0, 5], [2, 2], [1, 9], [1.5, 3], [-1, 3]] as [number, number][];
    expect(countCrossings(graph(6, edges), x, y)).toBe(0);
  });

  it("ignores edges at non-finite positions", () => {
    const broken = [0, 10, NaN, 0, 10, 20];
    expect(countCrossings(graph(6, [[0, 5], [2, 3]]), broken, y)).toBe(0);
    expect(countCrossings(graph(6, [[0, 5], [2, 3]]), x, y)).toBe(1);
  });

  it("counts each copy of a repeated edge, and no crossing between the copies (they overlap)", () => {
    expect(countCrossings(graph(6, [[0, 5], [0, 5], [2, 3]]), x, y)).toBe(2);
  });

  it("does not count collinear overlaps along a row", () => {
    // A fourth node on the top row at x = 30: 0–2 and 1–6 overlap along [10, 20] without crossing.
    const rowX = [...x, 30, 20];
    const rowY = [...y, 0, -10];
    expect(countCrossings(graph(8, [[0, 2], [1, 6]]), rowX, rowY)).toBe(0);
    // A segment from (10, 10) to (20, -10) cuts the row at x = 15, through both: two crossings.
    expect(countCrossings(graph(8, [[0, 2], [1, 6], [4, 7]]), rowX, rowY)).toBe(2);
  });

  it("agrees with the naive count on random drawings, scattered and on a grid (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 0, maxLength: 220 }),
        fc.array(fc.tuple(fc.double({ min: -500, max: 500, noNaN: true }), fc.double({ min: -500, max: 500, noNaN: true })), {
          minLength: 40,
          maxLength: 40,
        }),
        (n, onGrid, pairs, points) => {
          // On a grid, many points share rows and columns: collinear edges, touching and crossings on cell borders.
          const px = points.slice(0, n).map(([a]) => (onGrid ? Math.round(a / 100) * 24 : a));
          const py = points.slice(0, n).map(([, b]) => (onGrid ? Math.round(b / 125) * 28 : b));
          const input = graph(n, pairs.map(([s, t]) => [s % n, t % n]));
          expect(countCrossings(input, px, py)).toBe(countCrossingsNaive(input, px, py));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("agrees with the naive count on a larger layered drawing", () => {
    // 600 nodes in 6 rows of 100, 1,500 edges between neighbouring rows, picked by a fixed LCG.
    let seed = 12345;
    const next = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const px = Array.from({ length: 600 }, (_, i) => (i % 100) * 24);
    const py = Array.from({ length: 600 }, (_, i) => Math.floor(i / 100) * 300);
    const edges: [number, number][] = [];
    for (let e = 0; e < 1500; e++) {
      const s = Math.floor(next() * 500);
      const t = Math.min(599, Math.max(0, s + 100 + Math.round((next() - 0.5) * 30)));
      edges.push([s, t]);
    }
    const input = graph(600, edges);
    const fast = countCrossings(input, px, py);
    expect(fast).toBeGreaterThan(0);
    expect(fast).toBe(countCrossingsNaive(input, px, py));
  });

  it("copes with coordinates far apart, and too far apart for a grid", () => {
    // 70 short parallel edges, and one long edge between nodes at ±far that cuts through all of them.
    const n = 142;
    const py = Array.from({ length: n }, (_, i) => (i % 2 ? 0 : 10));
    const edges: [number, number][] = Array.from({ length: 70 }, (_, k) => [2 + 2 * k, 3 + 2 * k]);
    edges.push([0, 1]);
    const input = graph(n, edges);
    const at = (far: number): number[] => Array.from({ length: n }, (_, i) => (i === 0 ? -far : i === 1 ? far : i));
    expect(countCrossings(input, at(1e150), py)).toBe(70);
    // At ±1e308 the span overflows: the naive count is used (and orientations overflow too, so it finds none).
    expect(countCrossings(input, at(1e308), py)).toBe(countCrossingsNaive(input, at(1e308), py));
  });

  it("is 0 for fewer than two edges and for an empty graph", () => {
    expect(countCrossings(graph(0, []), [], [])).toBe(0);
    expect(countCrossings(graph(2, [[0, 1]]), [0, 1], [0, 1])).toBe(0);
  });
});
