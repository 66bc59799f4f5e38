/**
 * The layered layout (spec §7, §8): layers as horizontal bands, foundations (layer 0) at the bottom, meta at the top.
 * Pure and deterministic: no DOM, no d3, no randomness, no dependence on the order of the edges.
 *
 * 1. Bands. Each layer is wrapped into rows of at most `floor(width / nodeSpacing)` nodes; its band holds its rows
 *    plus padding above and below. Bands are stacked bottom (layer 0) to top.
 * 2. Grid. A band of N nodes in R rows is a grid of K = ceil(N / R) columns. Nodes are sorted by a horizontal key
 *    and dealt into columns in that order, two columns at a time (column-major), so a node's column follows its key
 *    whatever row it lands in. Inside each pair of columns the nodes are dealt into rows by a vertical key: nodes whose
 *    neighbours lie below take the lower rows, nodes whose neighbours lie above the upper rows, so segments stay short
 *    and do not cut through the band; each row of the pair is then sorted back by the horizontal key. Full rows sit on
 *    the grid's columns (compact, centred); the top row, when shorter, is compacted and centred on its own.
 * 3. Starting order. Besides the input order, a few smooth one-dimensional embeddings of the whole graph (lazy
 *    neighbour averaging, standardised per layer) are tried as starting orders; each start gets one sweep and the one
 *    with the shortest total horizontal edge length (a cheap stand-in for crossings) is kept.
 * 4. Sweeps. Bands are re-placed bottom-to-top then top-to-bottom, `sweeps` times. A node's horizontal key is the
 *    weighted mean x of its neighbours in every layer (the side just placed counts fully, the other side half; an
 *    edge skipping k layers counts 1/k; an edge inside the layer a quarter), its vertical key the mean y of its
 *    neighbours. The placement with the shortest total horizontal edge length seen is kept.
 * 5. Trades. A few passes of local refinement: two nodes next to each other in a row, or one above the other in a
 *    column, trade places when that removes crossings between their own edges (see `refineBySwaps`); the work is
 *    bounded per pair (hubs are left where the sweeps put them) and in all (in proportion to the edges).
 *
 * Ghost nodes (missing link targets) are ordinary nodes of the input: a ghost linked from one note takes that note's
 * x as its key and lands beside it. Edges inside a layer pull their ends together horizontally (weakly, so the layers
 * above and below decide) and, in a wrapped band, vertically too (the vertical key counts them), so they stay short.
 *
 * Ties are broken by the current position, then by node index; neighbour lists are sorted, so the same graph (with
 * its edges in any order, in either direction) gives the same positions.
 *
 * Hostile input never throws: a node's `layer` is floored and clamped into range (NaN → 0); edges with an endpoint out
 * of range or not an integer, and self-loops, are ignored; non-finite or non-positive options take their defaults.
 */
import { segmentsCross } from "./crossings";
import type { Band, Layout, LayoutInput, LayoutOptions } from "./types";

const DEFAULTS = { width: 1600, nodeSpacing: 24, rowHeight: 28, bandPadding: 24, sweeps: 4 };
/** More layers than this is hostile input; the rest are folded into the top one. */
const MAX_LAYERS = 4096;
const MAX_SWEEPS = 64;
/** Weights of a neighbour's x in a node's horizontal key. */
const WEIGHT_OTHER_SIDE = 0.5;
const WEIGHT_SAME_LAYER = 0.25;
/** Iteration counts of the smooth starting embeddings tried besides the input order. */
const START_ITERATIONS = [12, 40, 120];
/** Passes of the local refinement (neighbouring nodes trading places). */
const SWAP_PASSES = 8;
/** Trades skip pairs whose degrees multiply past this (hubs), and stop after this much work per edge in all. */
const MAX_TRADE_WORK = 4096;
const TRADE_WORK_PER_EDGE = 400;
/** Columns dealt rows together (by the vertical key) before each row is sorted back by the horizontal key. */
const WINDOW = 2;

function positive(value: number | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;
}

interface Graph {
  n: number;
  layerCount: number;
  layer: Int32Array;
  /** Undirected adjacency in CSR form (`adj[start[v]] … adj[start[v + 1] - 1]`), each list sorted ascending. */
  start: Int32Array;
  adj: Int32Array;
  /** Nodes of each layer, in input order. */
  members: Int32Array[];
}

function readLayerCount(input: LayoutInput): number {
  const n = input.nodes.length;
  const declared = input.layerCount;
  if (typeof declared === "number" && Number.isFinite(declared) && declared >= 1) {
    return Math.min(MAX_LAYERS, Math.floor(declared));
  }
  if (n === 0) return 0;
  // No usable layer count: as many layers as the nodes name.
  let top = 0;
  for (const node of input.nodes) {
    const l = node?.layer;
    if (typeof l === "number" && Number.isFinite(l)) top = Math.max(top, Math.floor(l));
  }
  return Math.min(MAX_LAYERS, top + 1);
}

function readGraph(input: LayoutInput): Graph {
  const n = input.nodes.length;
  const layerCount = readLayerCount(input);
  const layer = new Int32Array(n);
  const sizes = new Int32Array(layerCount);
  for (let i = 0; i < n; i++) {
    const raw = input.nodes[i]?.layer;
    const l = typeof raw === "number" && Number.isFinite(raw) ? Math.min(layerCount - 1, Math.max(0, Math.floor(raw))) : 0;
    layer[i] = l;
    sizes[l]++;
  }
  const members = Array.from({ length: layerCount }, (_, l) => new Int32Array(sizes[l]));
  const fill = new Int32Array(layerCount);
  for (let i = 0; i < n; i++) members[layer[i]][fill[layer[i]]++] = i;

  const edges = input.edges;
  const m = Math.min(edges.length, edges.source.length, edges.target.length);
  const edgeU = new Int32Array(m);
  const edgeV = new Int32Array(m);
  let valid = 0;
  for (let e = 0; e < m; e++) {
    const s = edges.source[e];
    const t = edges.target[e];
    if (!Number.isInteger(s) || !Number.isInteger(t) || s < 0 || t < 0 || s >= n || t >= n || s === t) continue;
    // The direction of an edge does not matter to the layout.
    edgeU[valid] = Math.min(s, t);
    edgeV[valid] = Math.max(s, t);
    valid++;
  }
  const start = new Int32Array(n + 1);
  for (let e = 0; e < valid; e++) {
    start[edgeU[e] + 1]++;
    start[edgeV[e] + 1]++;
  }
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const adj = new Int32Array(start[n]);
  const cursor = start.slice(0, n);
  for (let e = 0; e < valid; e++) {
    adj[cursor[edgeU[e]]++] = edgeV[e];
    adj[cursor[edgeV[e]]++] = edgeU[e];
  }
  // Sorted neighbour lists make every later sum independent of the order of the edges.
  for (let i = 0; i < n; i++) adj.subarray(start[i], start[i + 1]).sort();
  return { n, layerCount, layer, start, adj, members };
}

/** Layout edges from a list of edge objects (the values as they are: the layout checks them). */
export function edgeArrays(list: readonly { source: number; target: number }[]): LayoutInput["edges"] {
  return { length: list.length, source: list.map((e) => e.source), target: list.map((e) => e.target) };
}

/** Places every node of `input` inside its layer's band; see `Layout` for the coordinate system. */
export function layoutGraph(input: LayoutInput, options: LayoutOptions = {}): Layout {
  const width = positive(options.width, DEFAULTS.width);
  const spacing = positive(options.nodeSpacing, DEFAULTS.nodeSpacing);
  const rowHeight = positive(options.rowHeight, DEFAULTS.rowHeight);
  const padding = positive(options.bandPadding, DEFAULTS.bandPadding);
  const rawSweeps = options.sweeps;
  const sweeps =
    typeof rawSweeps === "number" && Number.isFinite(rawSweeps)
      ? Math.max(0, Math.min(MAX_SWEEPS, Math.floor(rawSweeps)))
      : DEFAULTS.sweeps;

  const { n, layerCount, layer, start, adj, members } = readGraph(input);
  const capacity = Math.max(1, Math.min(n, Math.floor(width / spacing)));

  // Bands, stacked bottom (layer 0) to top; an empty layer keeps a band one row high.
  const bands: Band[] = new Array<Band>(layerCount);
  let height = 0;
  for (let l = 0; l < layerCount; l++) height += 2 * padding + Math.max(1, Math.ceil(members[l].length / capacity)) * rowHeight;
  let bottom = height;
  for (let l = 0; l < layerCount; l++) {
    const rows = Math.ceil(members[l].length / capacity);
    const y0 = bottom - 2 * padding - Math.max(1, rows) * rowHeight;
    bands[l] = { layer: l, y0, y1: bottom, rows };
    bottom = y0;
  }
  /** Centre of row `r` (0 = the lowest) of layer `l`. */
  const rowY = (l: number, r: number): number => bands[l].y1 - padding - (r + 0.5) * rowHeight;

  const x = new Float64Array(n);
  const y = new Float64Array(n);

  // The input order: row-major wrapping, each row centred. This is the whole layout when `sweeps` is 0.
  for (let l = 0; l < layerCount; l++) {
    const list = members[l];
    for (let from = 0, r = 0; from < list.length; from += capacity, r++) {
      const to = Math.min(list.length, from + capacity);
      const left = (width - (to - from - 1) * spacing) / 2;
      for (let k = from; k < to; k++) {
        x[list[k]] = left + (k - from) * spacing;
        y[list[k]] = rowY(l, r);
      }
    }
  }
  if (sweeps === 0 || adj.length === 0) return { x, y, bands, width, height };

  const keyX = new Float64Array(n);
  const keyY = new Float64Array(n);
  const byKeyX = (a: number, b: number): number => keyX[a] - keyX[b] || x[a] - x[b] || a - b;
  const byKeyY = (a: number, b: number): number => keyY[b] - keyY[a] || keyX[a] - keyX[b] || a - b;

  /** Vertical keys: the mean y of each node's neighbours (the band's middle for a node without any). */
  const computeKeyY = (l: number): void => {
    const list = members[l];
    const middle = (bands[l].y0 + bands[l].y1) / 2;
    for (let k = 0; k < list.length; k++) {
      const v = list[k];
      const d = start[v + 1] - start[v];
      let sum = 0;
      for (let p = start[v]; p < start[v + 1]; p++) sum += y[adj[p]];
      keyY[v] = d > 0 ? sum / d : middle;
    }
  };

  /** Horizontal keys from the neighbours' current x; `direction` +1 when sweeping up, -1 down. */
  const computeKeyX = (l: number, direction: number): void => {
    const list = members[l];
    for (let k = 0; k < list.length; k++) {
      const v = list[k];
      let sx = 0;
      let sw = 0;
      for (let p = start[v]; p < start[v + 1]; p++) {
        const u = adj[p];
        const lu = layer[u];
        let w: number;
        if (lu === l) w = WEIGHT_SAME_LAYER;
        else {
          const placed = direction > 0 ? lu < l : lu > l;
          w = (placed ? 1 : WEIGHT_OTHER_SIDE) / Math.abs(lu - l);
        }
        sx += w * x[u];
        sw += w;
      }
      keyX[v] = sw > 0 ? sx / sw : x[v];
    }
  };

  const scratch = new Int32Array(n);
  const topList = new Int32Array(n);
  /** Re-places layer `l` from `keyX` and `keyY` (step 2 in the file comment); leaves `members[l]` in `keyX` order. */
  const placeBand = (l: number): void => {
    const list = members[l];
    const count = list.length;
    if (count === 0) return;
    list.sort(byKeyX);
    const rows = bands[l].rows;
    const columns = Math.ceil(count / rows);
    const topCount = count - (rows - 1) * columns; // nodes in the top row: 1 … columns
    const left = (width - (columns - 1) * spacing) / 2;
    // Column c has a cell in the top row when it is one of `topCount` columns spread evenly.
    const full = (c: number): boolean => Math.floor(((c + 1) * topCount) / columns) - Math.floor((c * topCount) / columns) === 1;
    let topTaken = 0;
    let taken = 0;
    for (let c0 = 0; c0 < columns; c0 += WINDOW) {
      const c1 = Math.min(columns, c0 + WINDOW);
      let fullColumns = 0;
      for (let c = c0; c < c1; c++) if (full(c)) fullColumns++;
      const size = (c1 - c0) * (rows - 1) + fullColumns;
      const window = scratch.subarray(taken, taken + size);
      window.set(list.subarray(taken, taken + size));
      taken += size;
      window.sort(byKeyY);
      for (let r = 0, p = 0; r < rows; r++) {
        const top = r === rows - 1;
        const cells = window.subarray(p, p + (top ? fullColumns : c1 - c0));
        p += cells.length;
        cells.sort(byKeyX);
        if (top && topCount < columns) {
          for (let k = 0; k < cells.length; k++) topList[topTaken++] = cells[k];
          continue;
        }
        for (let k = 0; k < cells.length; k++) {
          x[cells[k]] = left + (c0 + k) * spacing;
          y[cells[k]] = rowY(l, r);
        }
      }
    }
    if (topCount < columns) {
      const topLeft = (width - (topCount - 1) * spacing) / 2;
      for (let t = 0; t < topCount; t++) {
        x[topList[t]] = topLeft + t * spacing;
        y[topList[t]] = rowY(l, rows - 1);
      }
    }
  };

  const sweep = (): void => {
    for (let l = 0; l < layerCount; l++) {
      computeKeyX(l, 1);
      computeKeyY(l);
      placeBand(l);
    }
    for (let l = layerCount - 1; l >= 0; l--) {
      computeKeyX(l, -1);
      computeKeyY(l);
      placeBand(l);
    }
  };

  /** Total horizontal edge length: the stand-in for crossings used to compare placements. */
  const spread = (): number => {
    // Summed along the sorted neighbour lists (each edge from its smaller end), not in the order the edges came in.
    let total = 0;
    for (let v = 0; v < n; v++) {
      for (let p = start[v]; p < start[v + 1]; p++) if (adj[p] > v) total += Math.abs(x[adj[p]] - x[v]);
    }
    return total;
  };

  const best = { x: new Float64Array(n), y: new Float64Array(n), order: members.map((list) => list.slice()), score: Infinity };
  const saved = { x: x.slice(), y: y.slice(), order: members.map((list) => list.slice()) };
  const keepIfBest = (score: number): void => {
    if (!(score < best.score)) return;
    best.score = score;
    best.x.set(x);
    best.y.set(y);
    for (let l = 0; l < layerCount; l++) best.order[l].set(members[l]);
  };
  const restore = (from: { x: Float64Array; y: Float64Array; order: Int32Array[] }): void => {
    x.set(from.x);
    y.set(from.y);
    for (let l = 0; l < layerCount; l++) members[l].set(from.order[l]);
  };

  // Starting orders: the input order, then smooth embeddings; each gets one sweep, the best one goes on.
  const embeddings = smoothEmbeddings(n, layerCount, start, adj, members, START_ITERATIONS);
  sweep();
  keepIfBest(spread());
  for (const embedding of embeddings) {
    restore(saved);
    keyX.set(embedding);
    for (let l = 0; l < layerCount; l++) {
      computeKeyY(l);
      placeBand(l);
    }
    sweep();
    keepIfBest(spread());
  }
  restore(best);
  for (let s = 1; s < sweeps; s++) {
    sweep();
    keepIfBest(spread());
  }
  restore(best);
  refineBySwaps(start, adj, members, x, y, SWAP_PASSES);
  return { x, y, bands, width, height };
}

/**
 * Local refinement (step 5 in the file comment): two nodes next to each other in a row, or one above the other in a
 * column, trade places when that removes crossings between their own edges (to a first approximation the only
 * crossings such a trade changes). A pass looks only at pairs where something moved in the previous pass: a node, or
 * one of its neighbours.
 */
function refineBySwaps(
  start: Int32Array,
  adj: Int32Array,
  members: Int32Array[],
  x: Float64Array,
  y: Float64Array,
  passes: number,
): void {
  const n = x.length;
  let maxDegree = 0;
  for (let v = 0; v < n; v++) maxDegree = Math.max(maxDegree, start[v + 1] - start[v]);
  // v's neighbours, gathered once per pair tried.
  const nearId = new Int32Array(maxDegree);
  const nearX = new Float64Array(maxDegree);
  const nearY = new Float64Array(maxDegree);
  const nearSide = new Float64Array(maxDegree);
  /**
   * Crossings between u's edges and v's edges as they are, minus the same once u and v trade places. Two nodes in
   * one row (`inRow`) or one column: an edge leaving up (left) and one leaving down (right) cannot cross, either way.
   */
  const tradeGain = (u: number, v: number, inRow: boolean): number => {
    const ux = x[u];
    const uy = y[u];
    const vx = x[v];
    const vy = y[v];
    let m = 0;
    for (let q = start[v]; q < start[v + 1]; q++) {
      const b = adj[q];
      if (b === u) continue;
      nearId[m] = b;
      nearX[m] = x[b];
      nearY[m] = y[b];
      nearSide[m] = inRow ? Math.sign(y[b] - vy) : Math.sign(x[b] - vx);
      m++;
    }
    let gain = 0;
    for (let p = start[u]; p < start[u + 1]; p++) {
      const a = adj[p];
      if (a === v) continue;
      const ax = x[a];
      const ay = y[a];
      const side = inRow ? Math.sign(ay - uy) : Math.sign(ax - ux);
      for (let k = 0; k < m; k++) {
        if (nearId[k] === a || side * nearSide[k] < 0) continue;
        if (segmentsCross(ux, uy, ax, ay, vx, vy, nearX[k], nearY[k])) gain++;
        if (segmentsCross(vx, vy, ax, ay, ux, uy, nearX[k], nearY[k])) gain--;
      }
    }
    return gain;
  };
  // Work (neighbour pairs compared) is bounded per trade and in all, so hubs and odd shapes cannot run away.
  let work = 0;
  const workBudget = TRADE_WORK_PER_EDGE * (adj.length / 2);
  let active = new Uint8Array(n).fill(1);
  let next = new Uint8Array(n);
  const touch = (v: number): void => {
    next[v] = 1;
    for (let p = start[v]; p < start[v + 1]; p++) next[adj[p]] = 1;
  };
  // Each band's nodes sorted by row then x, and by column then y, with every node's slot in both lists. A trade
  // between neighbours of one list swaps two adjacent slots there and the same two nodes' slots in the other list,
  // so both stay sorted without sorting again.
  const byRow = members.map((list) => list.slice().sort((a, b) => y[a] - y[b] || x[a] - x[b] || a - b));
  const byColumn = members.map((list) => list.slice().sort((a, b) => x[a] - x[b] || y[a] - y[b] || a - b));
  const slotInRow = new Int32Array(n);
  const slotInColumn = new Int32Array(n);
  for (let l = 0; l < members.length; l++) {
    byRow[l].forEach((v, k) => (slotInRow[v] = k));
    byColumn[l].forEach((v, k) => (slotInColumn[v] = k));
  }
  const swapSlots = (list: Int32Array, slot: Int32Array, u: number, v: number): void => {
    const su = slot[u];
    const sv = slot[v];
    list[su] = v;
    list[sv] = u;
    slot[u] = sv;
    slot[v] = su;
  };
  /**
   * Tries neighbours in `list` (sorted by `across`, then `along`) sharing `across`; trades exchange `along`. Returns
   * the number of trades, or -1 once the work budget is spent.
   */
  const tryPairs = (
    list: Int32Array,
    slot: Int32Array,
    otherList: Int32Array,
    otherSlot: Int32Array,
    across: Float64Array,
    along: Float64Array,
    backwards: boolean,
  ): number => {
    let swaps = 0;
    const last = list.length - 2;
    for (let step = 0; step <= last; step++) {
      const k = backwards ? last - step : step;
      const u = list[k];
      const v = list[k + 1];
      if (across[u] !== across[v] || (!active[u] && !active[v])) continue;
      const cost = (start[u + 1] - start[u]) * (start[v + 1] - start[v]);
      if (cost > MAX_TRADE_WORK) continue;
      work += cost;
      if (work > workBudget) return -1;
      if (tradeGain(u, v, along === x) <= 0) continue;
      const t = along[u];
      along[u] = along[v];
      along[v] = t;
      swapSlots(list, slot, u, v);
      swapSlots(otherList, otherSlot, u, v);
      touch(u);
      touch(v);
      swaps++;
    }
    return swaps;
  };
  for (let pass = 0; pass < passes; pass++) {
    let swaps = 0;
    for (let l = 0; l < members.length; l++) {
      if (members[l].length < 2) continue;
      // Alternate directions, so a node can travel several places either way in one pass.
      const inRows = tryPairs(byRow[l], slotInRow, byColumn[l], slotInColumn, y, x, pass % 2 === 1);
      const inColumns = inRows < 0 ? -1 : tryPairs(byColumn[l], slotInColumn, byRow[l], slotInRow, x, y, pass % 2 === 1);
      if (inColumns < 0) return;
      swaps += inRows + inColumns;
    }
    if (swaps === 0) break;
    const done = active;
    active = next;
    next = done.fill(0);
  }
}

/**
 * One-dimensional embeddings of the graph for starting orders: from the input order (per layer, spread over [-1, 1]),
 * repeated lazy averaging with the neighbours, standardised per layer after each round (so no layer collapses). The
 * embedding after each count in `checkpoints` (ascending) is returned.
 */
function smoothEmbeddings(
  n: number,
  layerCount: number,
  start: Int32Array,
  adj: Int32Array,
  members: Int32Array[],
  checkpoints: readonly number[],
): Float64Array[] {
  let z = new Float64Array(n);
  let next = new Float64Array(n);
  for (let l = 0; l < layerCount; l++) {
    const list = members[l];
    for (let k = 0; k < list.length; k++) z[list[k]] = list.length > 1 ? (2 * k) / (list.length - 1) - 1 : 0;
  }
  const out: Float64Array[] = [];
  let done = 0;
  for (const target of checkpoints) {
    for (; done < target; done++) {
      for (let v = 0; v < n; v++) {
        const d = start[v + 1] - start[v];
        if (d === 0) {
          next[v] = z[v];
          continue;
        }
        let sum = 0;
        for (let p = start[v]; p < start[v + 1]; p++) sum += z[adj[p]];
        next[v] = 0.5 * z[v] + (0.5 * sum) / d;
      }
      for (let l = 0; l < layerCount; l++) {
        const list = members[l];
        if (list.length === 0) continue;
        let mean = 0;
        for (let k = 0; k < list.length; k++) mean += next[list[k]];
        mean /= list.length;
        let squares = 0;
        for (let k = 0; k < list.length; k++) squares += (next[list[k]] - mean) ** 2;
        const deviation = Math.sqrt(squares / list.length) || 1;
        for (let k = 0; k < list.length; k++) next[list[k]] = (next[list[k]] - mean) / deviation;
      }
      const swap = z;
      z = next;
      next = swap;
    }
    out.push(z.slice());
  }
  return out;
}
