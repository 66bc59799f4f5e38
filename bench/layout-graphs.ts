/**
 * Synthetic layered graphs for the layout benchmark and the layout tests: seeded, deterministic, shaped like a
 * curriculum vault (six layers, about three edges per node, mostly between neighbouring layers).
 */
import { edgeArrays } from "../src/layout/layout";
import type { LayoutInput } from "../src/layout/types";
import { prng } from "./prng";


export interface SyntheticOptions {
  /** How many layers. Default 6 (the default curriculum). */
  layers?: number;
  /** Edges per node. Default 3. */
  edgesPerNode?: number;
  /** Share of edges that skip one or more layers. Default 0.15. */
  longShare?: number;
  /** Share of edges inside a layer. Default 0.1. */
  intraShare?: number;
  /** Share of nodes that are ghost-like leaves (one edge, from a node of the same layer). Default 0.03. */
  ghostShare?: number;
  /** Share of edges whose far end is picked near the near end's topic (the rest uniformly). Default 0.8. */
  locality?: number;
}

/**
 * A layered graph of `nodeCount` nodes. Every node has a hidden topic in [0, 1); most edges join nodes of nearby
 * topics (as notes of one module link each other), so a good order exists. Nodes come in a shuffled order (as a vault
 * lists its files regardless of structure), edges in random directions (so there are cycles).
 */
export function syntheticLayeredGraph(nodeCount: number, seed: number, options: SyntheticOptions = {}): LayoutInput {
  const random = prng(seed);
  const layerCount = options.layers ?? 6;
  const edgesPerNode = options.edgesPerNode ?? 3;
  const longShare = options.longShare ?? 0.15;
  const intraShare = options.intraShare ?? 0.1;
  const ghostShare = options.ghostShare ?? 0.03;
  const locality = options.locality ?? 0.8;

  const ghosts = Math.floor(nodeCount * ghostShare);
  const notes = nodeCount - ghosts;
  // Layer sizes vary by ±30% around the mean.
  const weights = Array.from({ length: layerCount }, () => 0.7 + 0.6 * random());
  const total = weights.reduce((a, b) => a + b, 0);
  const layerOfNote: number[] = [];
  for (let l = 0; l < layerCount; l++) {
    const size = l === layerCount - 1 ? notes - layerOfNote.length : Math.round((notes * weights[l]) / total);
    for (let k = 0; k < size && layerOfNote.length < notes; k++) layerOfNote.push(l);
  }
  while (layerOfNote.length < notes) layerOfNote.push(layerCount - 1);

  // Nodes of each layer sorted by topic, to pick a near-topic partner by binary search.
  const topic = Array.from({ length: notes }, () => random());
  const byLayer: number[][] = Array.from({ length: layerCount }, () => []);
  for (let i = 0; i < notes; i++) byLayer[layerOfNote[i]].push(i);
  for (const list of byLayer) list.sort((a, b) => topic[a] - topic[b] || a - b);

  const gaussian = (): number => {
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const pick = (layer: number, near: number): number => {
    const list = byLayer[layer];
    if (random() >= locality) return list[Math.floor(random() * list.length)];
    const want = near + 0.04 * gaussian();
    let lo = 0, hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (topic[list[mid]] < want) lo = mid + 1;
      else hi = mid;
    }
    return list[lo];
  };

  const edges: { source: number; target: number }[] = [];
  const notesEdges = Math.round(notes * edgesPerNode) - ghosts;
  const nonEmpty = byLayer.map((list) => list.length > 0);
  for (let e = 0; e < notesEdges; e++) {
    const s = Math.floor(random() * notes);
    const ls = layerOfNote[s];
    const r = random();
    let lt = ls;
    if (r >= intraShare) {
      const span = r < intraShare + longShare ? 2 + Math.floor(random() * 3) : 1;
      // Up or down; past the top or the bottom, the other way (so the edge stays between layers), else the farthest.
      lt = random() < 0.5 ? ls + span : ls - span;
      if (lt < 0 || lt >= layerCount) lt = lt < 0 ? ls + span : ls - span;
      lt = Math.max(0, Math.min(layerCount - 1, lt));
    }
    if (!nonEmpty[lt]) lt = ls;
    const t = pick(lt, topic[s]);
    if (t === s) continue;
    edges.push(random() < 0.5 ? { source: s, target: t } : { source: t, target: s });
  }

  // Ghost-like leaves: a missing link target in its referrer's layer.
  const layers = [...layerOfNote];
  for (let g = 0; g < ghosts; g++) {
    const referrer = Math.floor(random() * notes);
    layers.push(layerOfNote[referrer]);
    edges.push({ source: referrer, target: notes + g });
  }

  // Shuffle the node order (Fisher–Yates) and renumber the edges.
  const order = Array.from({ length: nodeCount }, (_, i) => i);
  for (let i = nodeCount - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const position = new Int32Array(nodeCount);
  for (let k = 0; k < nodeCount; k++) position[order[k]] = k;
  return {
    layerCount,
    nodes: order.map((i) => ({ layer: layers[i] })),
    edges: edgeArrays(edges.map((e) => ({ source: position[e.source], target: position[e.target] }))),
  };
}
