/**
 * The drawing model of the layer graph: a cleaned graph, its layout and the per-node arrays the canvas and the SVG
 * export draw from (radius, style bucket, adjacency). Pure: no DOM; built once per graph, never per frame.
 */
import type { Graph, GraphEdge, GraphEdges, GraphJson, GraphLayer, GraphNode, NodeKind, Severity } from "../core/types";
import { layoutGraph } from "../layout/layout";
import type { Layout, LayoutOptions } from "../layout/types";
import { searchHaystacks } from "./filter";
import type { GapStatus } from "./labels";

/** Layout spacing the renderer asks for (world units; the view zooms). */
export const NODE_SPACING = 24;
export const ROW_HEIGHT = 28;
export const BAND_PADDING = 24;
/** Node radius range in world units: sized by effective tokens, never touching a neighbour. */
export const MIN_RADIUS = 3;
export const MAX_RADIUS = 9;
export const GHOST_RADIUS = 3.5;

/** Draw styles: 3 kinds × 4 gap statuses, then ghosts. Nodes of one style are drawn as one path. */
export const KIND_INDEX: Record<NodeKind, number> = { concept: 0, source: 1, check: 2, ghost: 3 };
export const STATUS_INDEX: Record<GapStatus, number> = { none: 0, info: 1, warning: 2, error: 3 };
export const STYLE_COUNT = 13;
export const GHOST_STYLE = 12;

export function styleOf(kind: NodeKind, status: GapStatus): number {
  return kind === "ghost" ? GHOST_STYLE : KIND_INDEX[kind] * 4 + STATUS_INDEX[status];
}

export function statusOf(severity: Severity | null): GapStatus {
  return severity === "error" || severity === "warning" || severity === "info" ? severity : "none";
}

const KIND_SET = new Set<string>(["concept", "source", "check", "ghost"]);
const SEVERITY_RANK = new Map<unknown, number>([
  ["info", 1],
  ["warning", 2],
  ["error", 3],
]);

function finite(value: unknown, fallback = 0): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

function text(value: unknown, fallback = ""): string {
  if (typeof value === "string") return value;
  return typeof value === "number" || typeof value === "boolean" ? String(value) : fallback;
}

function textOrNull(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/**
 * A copy of `graph` that the drawing can trust whatever it came from (the index, or JSON embedded in an exported page):
 * strings are strings, numbers are finite, every node's layer is in range, every edge joins two existing nodes.
 */
export function cleanGraph(graph: Graph | GraphJson | null | undefined): Graph {
  const rawLayers: unknown[] = Array.isArray(graph?.layers) ? graph.layers : [];
  const layers: GraphLayer[] = rawLayers.map((raw, index) => {
    const l = (raw ?? {}) as Partial<GraphLayer>;
    return {
      id: text(l.id, String(index)),
      name: text(l.name, text(l.id, String(index))),
      index,
      coverage: Math.max(0, Math.min(1, finite(l.coverage))),
      remainingPages: Math.max(0, finite(l.remainingPages)),
      remainingTokens: Math.max(0, finite(l.remainingTokens)),
    };
  });
  const layerCount = Math.max(1, layers.length);
  const rawNodes: unknown[] = Array.isArray(graph?.nodes) ? graph.nodes : [];
  const nodes: GraphNode[] = rawNodes.map((raw, i) => {
    // The index's own graph is well-formed: keep its objects (10,000 nodes, no copies).
    if (wellFormedNode(raw, layerCount)) return raw;
    const node = (raw ?? {}) as Partial<GraphNode>;
    const kind: NodeKind = typeof node.kind === "string" && KIND_SET.has(node.kind) ? node.kind : "concept";
    const gaps = (Array.isArray(node.gaps) ? (node.gaps as unknown[]) : []).map((g) => {
      const gap = (g ?? {}) as Record<string, unknown>;
      const severity = (SEVERITY_RANK.has(gap.severity) ? gap.severity : "info") as Severity;
      return { rule: text(gap.rule) as GraphNode["gaps"][number]["rule"], severity, message: text(gap.message, text(gap.rule)) };
    });
    let severity: Severity | null = null;
    if (SEVERITY_RANK.has(node.severity)) severity = node.severity as Severity;
    for (const gap of gaps) if (!severity || SEVERITY_RANK.get(gap.severity)! > SEVERITY_RANK.get(severity)!) severity = gap.severity;
    const id = text(node.id, `#${i}`);
    return {
      id,
      title: text(node.title, id),
      kind,
      layer: Math.min(layerCount - 1, Math.max(0, Math.floor(finite(node.layer)))),
      tokens: finite(node.tokens),
      quality: finite(node.quality),
      effectiveTokens: Math.max(0, finite(node.effectiveTokens)),
      domain: textOrNull(node.domain),
      module: textOrNull(node.module),
      facets: Array.isArray(node.facets) ? (node.facets as unknown[]).map((f) => text(f)) : [],
      gaps,
      severity,
    };
  });
  return { layers, nodes, edges: cleanEdges(graph?.edges, nodes.length) };
}

/** The edges that join two of `n` nodes (and not a node to itself), from the index's arrays or from JSON. */
function cleanEdges(raw: unknown, n: number): GraphEdges {
  const typed = raw as Partial<GraphEdges> | null | undefined;
  if (typed && isArrayOf(typed.source, "Int32Array") && isArrayOf(typed.target, "Int32Array") && isArrayOf(typed.requires, "Uint8Array")) {
    const { source, target, requires } = typed as GraphEdges;
    const m = Math.min(finite(typed.length), source.length, target.length, requires.length);
    const joins = (e: number) => source[e] >= 0 && target[e] >= 0 && source[e] < n && target[e] < n && source[e] !== target[e];
    let valid = 0;
    for (let e = 0; e < m; e++) if (joins(e)) valid++;
    // The index's own edges are well-formed: keep its arrays (no copies).
    if (valid === m && m === typed.length) return typed as GraphEdges;
    const out = emptyEdges(valid);
    let at = 0;
    for (let e = 0; e < m; e++) {
      if (!joins(e)) continue;
      out.source[at] = source[e];
      out.target[at] = target[e];
      out.requires[at++] = requires[e] === 1 ? 1 : 0;
    }
    return out;
  }
  const list: unknown[] = Array.isArray(raw) ? raw : [];
  const out = emptyEdges(list.length);
  let at = 0;
  for (const item of list) {
    const e = (item ?? {}) as Partial<GraphEdge>;
    const s = finite(e.source, -1);
    const t = finite(e.target, -1);
    if (!Number.isInteger(s) || !Number.isInteger(t) || s < 0 || t < 0 || s >= n || t >= n || s === t) continue;
    out.source[at] = s;
    out.target[at] = t;
    out.requires[at++] = e.type === "requires" ? 1 : 0;
  }
  return at === list.length ? out : { length: at, source: out.source.slice(0, at), target: out.target.slice(0, at), requires: out.requires.slice(0, at) };
}

/** A typed array of the named kind, from this window or another (an Obsidian pop-out has its own constructors). */
function isArrayOf(value: unknown, kind: "Int32Array" | "Uint8Array"): boolean {
  return ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === `[object ${kind}]`;
}

function emptyEdges(length: number): { length: number; source: Int32Array; target: Int32Array; requires: Uint8Array } {
  return { length, source: new Int32Array(length), target: new Int32Array(length), requires: new Uint8Array(length) };
}

function finiteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function textOrNullOk(value: unknown): boolean {
  return value === null || (typeof value === "string" && value !== "");
}

/** True when `raw` is a node `cleanGraph` would keep exactly as it is. */
function wellFormedNode(raw: unknown, layerCount: number): raw is GraphNode {
  if (raw === null || typeof raw !== "object") return false;
  const node = raw as Partial<GraphNode>;
  if (typeof node.id !== "string" || typeof node.title !== "string" || typeof node.kind !== "string" || !KIND_SET.has(node.kind)) {
    return false;
  }
  if (!Number.isInteger(node.layer) || node.layer! < 0 || node.layer! >= layerCount) return false;
  if (!finiteNumber(node.tokens) || !finiteNumber(node.quality) || !finiteNumber(node.effectiveTokens) || node.effectiveTokens < 0) {
    return false;
  }
  if (!textOrNullOk(node.domain) || !textOrNullOk(node.module)) return false;
  if (!Array.isArray(node.facets) || !node.facets.every((f) => typeof f === "string")) return false;
  if (!Array.isArray(node.gaps)) return false;
  let worst = 0;
  for (const gap of node.gaps as unknown[]) {
    if (gap === null || typeof gap !== "object") return false;
    const g = gap as Record<string, unknown>;
    const rank = SEVERITY_RANK.get(g.severity);
    if (typeof g.rule !== "string" || typeof g.message !== "string" || rank === undefined) return false;
    worst = Math.max(worst, rank);
  }
  const severity = node.severity === null ? 0 : (SEVERITY_RANK.get(node.severity) ?? -1);
  return severity === worst;
}

/** The widest node spacing asked of the layout (small graphs spread out so their titles fit). */
export const MAX_SPACING = 150;

/**
 * Layout width and node spacing that give the drawing about the aspect ratio of the view (`aspect` = width / height),
 * so "fit" fills a wide pane and a narrow side pane alike instead of drawing one tall strip. A graph small enough for
 * every layer to fit one row is spread out (up to `MAX_SPACING`) to fill that width.
 */
export function layoutSizeFor(layerSizes: readonly number[], aspect: number): { width: number; nodeSpacing: number } {
  const a = Number.isFinite(aspect) && aspect > 0 ? Math.min(8, Math.max(0.2, aspect)) : 1.6;
  const largest = Math.max(1, ...layerSizes);
  const heightAt = (w: number): number => {
    const perRow = Math.max(1, Math.floor(w / NODE_SPACING));
    let h = 0;
    for (const size of layerSizes) h += 2 * BAND_PADDING + Math.max(1, Math.ceil(size / perRow)) * ROW_HEIGHT;
    return Math.max(h, 2 * BAND_PADDING + ROW_HEIGHT);
  };
  let lo = NODE_SPACING * 6;
  let hi = Math.max(lo, (largest + 1) * NODE_SPACING);
  if (hi <= a * heightAt(hi)) {
    // Every layer fits one row: spread the nodes out to the view's proportions.
    const spacing = Math.max(NODE_SPACING, Math.min(MAX_SPACING, (a * heightAt(hi)) / (largest + 1)));
    return { width: Math.ceil(spacing * (largest + 1)), nodeSpacing: spacing };
  }
  for (let step = 0; step < 40; step++) {
    const mid = (lo + hi) / 2;
    if (mid < a * heightAt(mid)) lo = mid;
    else hi = mid;
  }
  return { width: Math.ceil(hi), nodeSpacing: NODE_SPACING };
}

export interface DrawModel {
  graph: Graph;
  layout: Layout;
  /** A hash of what the layout depends on (nodes' ids and layers, edges, size), to reuse it when only figures changed. */
  layoutKey: number;
  /** Node centres and radii (world units). */
  x: Float64Array;
  y: Float64Array;
  r: Float32Array;
  /** Draw style per node (see `styleOf`). */
  style: Uint8Array;
  /** Nodes grouped by style: `order[styleStart[s] .. styleStart[s + 1])`. */
  order: Int32Array;
  styleStart: Int32Array;
  /** Edge endpoints and whether the edge is a `requires` edge. */
  source: Int32Array;
  target: Int32Array;
  requires: Uint8Array;
  /** Adjacency (both directions): neighbours of i are `adjNode[adjStart[i] .. adjStart[i + 1])`, via `adjEdge`. */
  adjStart: Int32Array;
  adjNode: Int32Array;
  adjEdge: Int32Array;
  /** A stable pseudo-random rank in [0, 1) per edge: which edges a thinned, zoomed-out frame keeps. */
  edgeRank: Float32Array;
  /** Lower-cased title and path, for the search. */
  haystacks: string[];
  maxRadius: number;
  /** Horizontal distance between neighbouring nodes of a row (world units). */
  spacing: number;
  /**
   * Where a node's title goes: 0 below, 1 above, alternating along each row, so each title has two columns of room.
   */
  titleAbove: Uint8Array;
}

/**
 * Radius by effective tokens: square root, scaled to the 95th percentile so one huge book does not shrink the rest.
 * `scale` enlarges every node (a small graph spread out wide has room for bigger ones).
 */
export function radii(nodes: readonly GraphNode[], scale = 1): Float32Array {
  const r = new Float32Array(nodes.length);
  const values = nodes.filter((n) => n.kind !== "ghost").map((n) => n.effectiveTokens).sort((a, b) => a - b);
  const top = values.length ? values[Math.min(values.length - 1, Math.floor(values.length * 0.95))] : 0;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node.kind === "ghost") r[i] = GHOST_RADIUS * scale;
    else r[i] = scale * (MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * (top > 0 ? Math.sqrt(Math.min(1, node.effectiveTokens / top)) : 0));
  }
  return r;
}

/** Builds the model: lays the graph out once (`layoutGraph`) for a view of the given aspect ratio. */
export function buildModel(input: Graph | GraphJson | null | undefined, aspect: number, options: LayoutOptions = {}, previous?: DrawModel | null): DrawModel {
  const graph = cleanGraph(input);
  const layerCount = Math.max(1, graph.layers.length);
  const sizes = new Array<number>(layerCount).fill(0);
  for (const node of graph.nodes) sizes[node.layer]++;
  const size = layoutSizeFor(sizes, aspect);
  const layoutOptions: LayoutOptions = { ...size, rowHeight: ROW_HEIGHT, bandPadding: BAND_PADDING, ...options };
  // Editing a note's text changes its figures and gaps, not the graph's shape: keep the positions then.
  const key = structureKey(graph, layerCount, layoutOptions);
  const reuse =
    previous && previous.layoutKey === key && previous.graph.nodes.length === graph.nodes.length && previous.graph.edges.length === graph.edges.length;
  const layout = reuse ? previous.layout : layoutGraph({ layerCount, nodes: graph.nodes, edges: graph.edges }, layoutOptions);
  const model = modelFromLayout(graph, layout, layoutOptions.nodeSpacing);
  model.layoutKey = key;
  return model;
}

/** FNV-1a over everything the layout reads: the layer count, the options, each node's id and layer, each edge. */
export function structureKey(graph: Graph, layerCount: number, options: LayoutOptions): number {
  let h = 0x811c9dc5;
  const mix = (n: number) => {
    h ^= n & 0xffff;
    h = Math.imul(h, 0x01000193);
    h ^= n >>> 16;
    h = Math.imul(h, 0x01000193);
  };
  mix(layerCount);
  for (const value of [options.width, options.nodeSpacing, options.rowHeight, options.bandPadding, options.sweeps]) mix(Math.round((value ?? -1) * 100));
  for (const node of graph.nodes) {
    mix(node.layer);
    const id = node.id;
    for (let i = 0; i < id.length; i++) mix(id.charCodeAt(i));
    mix(0x10000);
  }
  const { source, target } = graph.edges;
  for (let e = 0; e < graph.edges.length; e++) {
    mix(source[e]);
    mix(target[e]);
  }
  return h >>> 0;
}

/** The model of an already cleaned graph and its layout. */
export function modelFromLayout(graph: Graph, layout: Layout, spacing = NODE_SPACING): DrawModel {
  const n = graph.nodes.length;
  const style = new Uint8Array(n);
  const counts = new Int32Array(STYLE_COUNT + 1);
  for (let i = 0; i < n; i++) {
    const node = graph.nodes[i];
    style[i] = styleOf(node.kind, statusOf(node.severity));
    counts[style[i] + 1]++;
  }
  const styleStart = new Int32Array(STYLE_COUNT + 1);
  for (let s = 0; s < STYLE_COUNT; s++) styleStart[s + 1] = styleStart[s] + counts[s + 1];
  const fillAt = styleStart.slice();
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fillAt[style[i]]++] = i;

  const { length: m, source, target, requires } = graph.edges;
  const edgeRank = new Float32Array(m);
  const degree = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    edgeRank[e] = rankOf(source[e], target[e]);
    degree[source[e] + 1]++;
    degree[target[e] + 1]++;
  }
  const adjStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) adjStart[i + 1] = adjStart[i] + degree[i + 1];
  const cursor = adjStart.slice();
  const adjNode = new Int32Array(2 * m);
  const adjEdge = new Int32Array(2 * m);
  for (let e = 0; e < m; e++) {
    const s = source[e];
    const t = target[e];
    adjNode[cursor[s]] = t;
    adjEdge[cursor[s]++] = e;
    adjNode[cursor[t]] = s;
    adjEdge[cursor[t]++] = e;
  }
  const r = radii(graph.nodes, spacing > NODE_SPACING ? Math.min(1.5, spacing / NODE_SPACING) : 1);
  let maxRadius = GHOST_RADIUS;
  for (let i = 0; i < n; i++) maxRadius = Math.max(maxRadius, r[i]);
  return {
    graph,
    layout,
    layoutKey: 0,
    x: layout.x,
    y: layout.y,
    r,
    style,
    order,
    styleStart,
    source,
    target,
    requires,
    adjStart,
    adjNode,
    adjEdge,
    edgeRank,
    haystacks: searchHaystacks(graph),
    maxRadius,
    spacing: Number.isFinite(spacing) && spacing > 0 ? spacing : NODE_SPACING,
    titleAbove: alternateRows(layout.x, layout.y, n),
  };
}

/** A hash of the edge's endpoints in [0, 1): the same edge keeps its rank when the graph is rebuilt. */
function rankOf(source: number, target: number): number {
  let h = Math.imul(source ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(target + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** 0/1 alternating along each row of the layout (nodes with the same y, ordered by x). */
function alternateRows(x: Float64Array, y: Float64Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  const order = Array.from({ length: Math.min(n, x.length, y.length) }, (_, i) => i);
  order.sort((a, b) => y[a] - y[b] || x[a] - x[b] || a - b);
  let rowY = NaN;
  let k = 0;
  for (const i of order) {
    if (!(Math.abs(y[i] - rowY) <= 0.5)) {
      rowY = y[i];
      k = 0;
    }
    out[i] = k++ & 1;
  }
  return out;
}
