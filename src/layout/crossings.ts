/**
 * Edge crossings of a straight-line drawing: the one measure every layout is compared by (ours, the input order,
 * d3-force, ELK), always on node centres and in the layout's own coordinates.
 *
 * What counts: every edge is the straight segment between its two node centres. A pair of segments counts once when
 * they properly cross, that is, meet in exactly one point that is interior to both (each segment has one endpoint
 * strictly on either side of the other's line). A repeated edge is a segment per copy, each counted on its own.
 * What does not count:
 * - pairs sharing an endpoint node (they meet at that node);
 * - touching: an endpoint lying on the other segment (a segment passing exactly through a node centre);
 * - collinear overlaps (two segments along the same line, e.g. two edges along one row of a band, or two copies of
 *   one edge): they overlap rather than cross, and have no single crossing point. An edge between two nodes of one
 *   row runs along the row over the nodes between them; drawn straight it hides rather than crosses;
 * - self-loops and edges with an endpoint out of range or at a non-finite position (they have no segment).
 * The tests are plain floating-point orientation signs, the same for every layout compared.
 *
 * Speed: a uniform grid over the drawing's bounding box. Each segment is entered in every cell it passes through
 * (conservatively, with a small margin); each pair of segments is tested in the cells they share and counted only in
 * the cell that holds their crossing point, so it is counted once. Roughly O(E + pairs sharing a cell).
 */
import type { LayoutInput } from "./types";

/** Orientation of c relative to the directed line a→b: > 0 left, < 0 right, 0 collinear. */
function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** True when segments ab and cd properly cross (one point, interior to both). */
export function segmentsCross(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): boolean {
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  if (!((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0))) return false;
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  return (o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0);
}

interface Segments {
  count: number;
  /** Endpoint node indices (to skip pairs that share a node). */
  u: Int32Array;
  v: Int32Array;
  ax: Float64Array;
  ay: Float64Array;
  bx: Float64Array;
  by: Float64Array;
}

function collectSegments(input: LayoutInput, x: ArrayLike<number>, y: ArrayLike<number>): Segments {
  const n = Math.min(input.nodes.length, x.length, y.length);
  const edges = input.edges;
  const m = Math.min(edges.length, edges.source.length, edges.target.length);
  const u = new Int32Array(m);
  const v = new Int32Array(m);
  const ax = new Float64Array(m);
  const ay = new Float64Array(m);
  const bx = new Float64Array(m);
  const by = new Float64Array(m);
  let count = 0;
  for (let e = 0; e < m; e++) {
    const s = edges.source[e];
    const t = edges.target[e];
    if (!Number.isInteger(s) || !Number.isInteger(t) || s < 0 || t < 0 || s >= n || t >= n || s === t) continue;
    const x0 = x[s], y0 = y[s], x1 = x[t], y1 = y[t];
    if (!Number.isFinite(x0) || !Number.isFinite(y0) || !Number.isFinite(x1) || !Number.isFinite(y1)) continue;
    if (x0 === x1 && y0 === y1) continue;
    u[count] = s;
    v[count] = t;
    ax[count] = x0;
    ay[count] = y0;
    bx[count] = x1;
    by[count] = y1;
    count++;
  }
  return { count, u, v, ax, ay, bx, by };
}

function sharesNode(seg: Segments, i: number, j: number): boolean {
  const a = seg.u[i], b = seg.v[i], c = seg.u[j], d = seg.v[j];
  return a === c || a === d || b === c || b === d;
}

function crossAt(seg: Segments, i: number, j: number): boolean {
  return segmentsCross(seg.ax[i], seg.ay[i], seg.bx[i], seg.by[i], seg.ax[j], seg.ay[j], seg.bx[j], seg.by[j]);
}

/** The reference count: every pair tested, O(E²). For tests and tiny graphs. */
export function countCrossingsNaive(input: LayoutInput, x: ArrayLike<number>, y: ArrayLike<number>): number {
  const seg = collectSegments(input, x, y);
  let crossings = 0;
  for (let i = 0; i < seg.count; i++) {
    for (let j = i + 1; j < seg.count; j++) {
      if (!sharesNode(seg, i, j) && crossAt(seg, i, j)) crossings++;
    }
  }
  return crossings;
}

/** Below this many segments the naive count is as fast as the grid. */
const NAIVE_LIMIT = 64;

/**
 * The number of pairs of edges whose straight segments between node centres properly cross (see the file comment
 * for exactly what counts). Positions are indexed like `input.nodes`.
 */
export function countCrossings(input: LayoutInput, x: ArrayLike<number>, y: ArrayLike<number>): number {
  const seg = collectSegments(input, x, y);
  const m = seg.count;
  if (m < 2) return 0;
  if (m <= NAIVE_LIMIT) return countCrossingsNaive(input, x, y);

  // Bounding box and grid dimensions: about two cells per segment, shaped like the box.
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < m; i++) {
    minX = Math.min(minX, seg.ax[i], seg.bx[i]);
    maxX = Math.max(maxX, seg.ax[i], seg.bx[i]);
    minY = Math.min(minY, seg.ay[i], seg.by[i]);
    maxY = Math.max(maxY, seg.ay[i], seg.by[i]);
  }
  const spanX = Math.max(maxX - minX, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  // Coordinates so far apart that their difference overflows: no grid can be laid over them.
  if (!Number.isFinite(spanX) || !Number.isFinite(spanY)) return countCrossingsNaive(input, x, y);
  const targetCells = Math.min(4_000_000, 2 * m);
  const aspect = spanX / spanY;
  const nx = Math.max(1, Math.min(4096, Math.round(Math.sqrt(targetCells * aspect))));
  const ny = Math.max(1, Math.min(4096, Math.round(targetCells / nx)));
  const cellW = spanX / nx;
  const cellH = spanY / ny;
  // A margin (in cells) that absorbs rounding, so both segments of a crossing are entered in the cell of its point.
  const eps = 1e-7;

  const cellX = (px: number): number => Math.min(nx - 1, Math.max(0, Math.floor((px - minX) / cellW)));
  const cellY = (py: number): number => Math.min(ny - 1, Math.max(0, Math.floor((py - minY) / cellH)));

  // Visit the cells each segment passes through: per column of cells, the segment's y-range within the column.
  const visit = (i: number, emit: (cell: number) => void): void => {
    const x0 = seg.ax[i], y0 = seg.ay[i], x1 = seg.bx[i], y1 = seg.by[i];
    const c0 = Math.max(0, Math.floor((Math.min(x0, x1) - minX) / cellW - eps));
    const c1 = Math.min(nx - 1, Math.floor((Math.max(x0, x1) - minX) / cellW + eps));
    const dxs = x1 - x0;
    for (let c = c0; c <= c1; c++) {
      let ya: number, yb: number;
      if (dxs === 0 || c0 === c1) {
        ya = y0;
        yb = y1;
      } else {
        const left = Math.max(Math.min(x0, x1), minX + c * cellW);
        const right = Math.min(Math.max(x0, x1), minX + (c + 1) * cellW);
        ya = y0 + ((left - x0) / dxs) * (y1 - y0);
        yb = y0 + ((right - x0) / dxs) * (y1 - y0);
      }
      const r0 = Math.max(0, Math.floor((Math.min(ya, yb) - minY) / cellH - eps));
      const r1 = Math.min(ny - 1, Math.floor((Math.max(ya, yb) - minY) / cellH + eps));
      for (let r = r0; r <= r1; r++) emit(r * nx + c);
    }
  };

  // Two passes: count entries per cell, then fill (a compressed cell → segments table).
  const cells = nx * ny;
  const start = new Int32Array(cells + 1);
  for (let i = 0; i < m; i++) visit(i, (cell) => { start[cell + 1]++; });
  for (let c = 0; c < cells; c++) start[c + 1] += start[c];
  const fill = start.slice(0, cells);
  const entries = new Int32Array(start[cells]);
  for (let i = 0; i < m; i++) visit(i, (cell) => { entries[fill[cell]++] = i; });

  let crossings = 0;
  for (let cell = 0; cell < cells; cell++) {
    const from = start[cell], to = start[cell + 1];
    if (to - from < 2) continue;
    const col = cell % nx;
    const row = (cell - col) / nx;
    for (let p = from; p < to; p++) {
      const i = entries[p];
      const ax = seg.ax[i], ay = seg.ay[i], bx = seg.bx[i], by = seg.by[i];
      for (let q = p + 1; q < to; q++) {
        const j = entries[q];
        if (sharesNode(seg, i, j)) continue;
        const cx = seg.ax[j], cy = seg.ay[j], dx = seg.bx[j], dy = seg.by[j];
        if (!segmentsCross(ax, ay, bx, by, cx, cy, dx, dy)) continue;
        // The crossing point, to count the pair in exactly one of the cells the two share.
        const den = (bx - ax) * (dy - cy) - (by - ay) * (dx - cx);
        const t = ((cx - ax) * (dy - cy) - (cy - ay) * (dx - cx)) / den;
        const px = ax + t * (bx - ax);
        const py = ay + t * (by - ay);
        if (cellX(px) === col && cellY(py) === row) crossings++;
      }
    }
  }
  return crossings;
}
