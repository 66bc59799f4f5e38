/** Graphs for the renderer's tests and the frame benchmark: a small hand-made one and a synthetic layered one. */
import { prng } from "../../bench/prng";
import type { GraphEdge, GraphJson, GraphLayer, GraphNode, NodeKind, Severity } from "../../src/core/types";

const LAYER_NAMES = ["Concepts", "Structures", "Facts", "Logic & causality", "Strategies", "Paradoxes & meta"];

function layers(coverage: number[]): GraphLayer[] {
  return LAYER_NAMES.map((name, index) => ({
    id: ["concepts", "structures", "facts", "logic", "strategies", "paradoxes"][index],
    name,
    index,
    coverage: coverage[index] ?? 0,
    remainingPages: Math.round((1 - (coverage[index] ?? 0)) * 16_666_667),
    remainingTokens: Math.round((1 - (coverage[index] ?? 0)) * 16_666_666_667),
  }));
}

export function node(id: string, layer: number, kind: NodeKind, extra: Partial<GraphNode> = {}): GraphNode {
  const gaps = extra.gaps ?? [];
  const rank = { info: 1, warning: 2, error: 3 } as const;
  let severity: Severity | null = null;
  for (const g of gaps) if (!severity || rank[g.severity] > rank[severity]) severity = g.severity;
  return {
    id,
    title: id.replace(/^.*\//, "").replace(/\.md$/, ""),
    kind,
    layer,
    tokens: 1200,
    quality: 1,
    effectiveTokens: 1200,
    domain: null,
    module: null,
    facets: [],
    gaps,
    severity,
    ...extra,
  };
}

/** 13 notes and a ghost over the six default layers, with every kind, gap status, domain and module the tests need. */
export function smallGraph(): GraphJson {
  const nodes: GraphNode[] = [
    node("Biomechanics/Force.md", 0, "concept", { domain: "sports/biomechanics", module: "reasoning", tokens: 3000, effectiveTokens: 3000 }),
    node("Biomechanics/Mass.md", 0, "concept", { domain: "sports/biomechanics" }),
    node("Sources/Textbook.md", 0, "source", {
      domain: "sports/biomechanics",
      tokens: 120_000,
      quality: 1,
      effectiveTokens: 120_000,
      gaps: [{ rule: "orphan", severity: "info", message: "Textbook has no links" }],
    }),
    node("Biomechanics/Lever.md", 1, "concept", {
      domain: "sports/biomechanics",
      module: "calculation",
      gaps: [{ rule: "ungrounded", severity: "warning", message: "Lever is not linked to a lower layer" }],
    }),
    node("Physiology/Muscle.md", 1, "concept", { domain: "sports/physiology", module: "reasoning" }),
    node("Checks/Lever quiz.md", 1, "check", { domain: "sports/biomechanics" }),
    node("Facts/Sprint record.md", 2, "concept", {
      domain: "sports/physiology",
      tokens: 800,
      quality: 0.5,
      effectiveTokens: 400,
      gaps: [
        { rule: "invalid-volume", severity: "warning", message: "tokens is not a number" },
        { rule: "unreadable", severity: "error", message: "Frontmatter does not parse" },
        { rule: "unverified", severity: "info", message: "No check links here" },
      ],
    }),
    node("Facts/Forum thread.md", 2, "source", { domain: "sports/physiology", quality: 0.1, effectiveTokens: 120 }),
    node("Logic/Why levers.md", 3, "concept", { domain: "sports/biomechanics", module: "reasoning" }),
    node("Strategies/Periodisation.md", 4, "concept", { domain: "sports/training", module: "metaphors" }),
    node("Strategies/Taper.md", 4, "concept", { domain: "sports/training" }),
    node("Meta/Paradox of choice.md", 5, "concept", { domain: "psychology" }),
    node("Meta/Check of paradoxes.md", 5, "check", { domain: "psychology" }),
    node("Missing target", 1, "ghost", { tokens: 0, quality: 0, effectiveTokens: 0 }),
  ];
  const ix = (id: string): number => nodes.findIndex((n) => n.id === id);
  const e = (a: string, b: string, type: GraphEdge["type"] = "link"): GraphEdge => ({ source: ix(a), target: ix(b), type });
  const edges: GraphEdge[] = [
    e("Biomechanics/Lever.md", "Biomechanics/Force.md"),
    e("Biomechanics/Lever.md", "Biomechanics/Mass.md", "requires"),
    e("Checks/Lever quiz.md", "Biomechanics/Lever.md"),
    e("Logic/Why levers.md", "Biomechanics/Lever.md"),
    e("Biomechanics/Force.md", "Sources/Textbook.md"),
    e("Facts/Sprint record.md", "Physiology/Muscle.md"),
    e("Facts/Forum thread.md", "Facts/Sprint record.md"),
    e("Strategies/Periodisation.md", "Physiology/Muscle.md"),
    e("Strategies/Taper.md", "Strategies/Periodisation.md"),
    e("Meta/Check of paradoxes.md", "Meta/Paradox of choice.md"),
    e("Biomechanics/Lever.md", "Missing target"),
  ];
  return { layers: layers([0.62, 0.31, 0.12, 0.05, 1, 0]), nodes, edges };
}

const WORDS = [
  "force", "lever", "torque", "sprint", "muscle", "tendon", "impulse", "stride", "balance", "power", "fatigue", "recovery",
  "taper", "load", "angle", "velocity", "grip", "jump", "landing", "posture", "rhythm", "stiffness", "elastic", "energy",
];

/**
 * A layered graph like a real curriculum vault: six layers, wide at the foundations and narrow at the top; concepts,
 * sources, checks and 2% ghosts; most links go to the layer below or stay in the layer, to notes written nearby.
 */
export function syntheticGraph(nodeCount: number, edgeCount: number, seed = 1): GraphJson {
  const rnd = prng(seed);
  const shares = [0.3, 0.25, 0.2, 0.12, 0.08, 0.05];
  const nodes: GraphNode[] = [];
  const byLayer: number[][] = shares.map(() => []);
  const domains = ["sports/biomechanics", "sports/physiology", "sports/training", "psychology"];
  const modules = ["reasoning", "metaphors", "calculation", null];
  for (let i = 0; i < nodeCount; i++) {
    let layer = 0;
    let u = rnd();
    while (layer < shares.length - 1 && u > shares[layer]) u -= shares[layer++];
    const r = rnd();
    const kind: NodeKind = r < 0.02 ? "ghost" : r < 0.72 ? "concept" : r < 0.92 ? "source" : "check";
    const s = rnd();
    const severity: Severity | null = kind === "ghost" ? null : s < 0.25 ? null : s < 0.8 ? "info" : s < 0.96 ? "warning" : "error";
    const title = `${WORDS[Math.floor(rnd() * WORDS.length)]} ${WORDS[Math.floor(rnd() * WORDS.length)]} ${i}`;
    const tokens = kind === "ghost" ? 0 : Math.round(200 + rnd() ** 3 * (kind === "source" ? 200_000 : 5_000));
    const quality = kind === "source" ? [1, 0.9, 0.7, 0.3, 0.1][Math.floor(rnd() * 5)] : 1;
    nodes.push({
      id: kind === "ghost" ? title : `L${layer}/${title}.md`,
      title,
      kind,
      layer,
      tokens,
      quality,
      effectiveTokens: tokens * quality,
      domain: kind === "ghost" ? null : domains[Math.floor(rnd() * domains.length)],
      module: kind === "ghost" ? null : modules[Math.floor(rnd() * modules.length)],
      facets: [],
      gaps: severity ? [{ rule: "unverified", severity, message: `A ${severity} about ${title}` }] : [],
      severity,
    });
    byLayer[layer].push(i);
  }
  const position = new Int32Array(nodeCount);
  for (const members of byLayer) members.forEach((i, k) => (position[i] = k));
  const edges: GraphEdge[] = [];
  for (let e = 0; e < edgeCount && nodeCount > 1; e++) {
    const s = Math.floor(rnd() * nodeCount);
    const from = nodes[s].layer;
    const to = from > 0 && rnd() < 0.6 ? from - 1 : from;
    const pool = byLayer[to];
    const at = Math.floor((position[s] / Math.max(1, byLayer[from].length)) * pool.length);
    const j = Math.min(pool.length - 1, Math.max(0, at + Math.round((rnd() - 0.5) * 60)));
    const t = pool[j];
    if (t === undefined || t === s) continue;
    edges.push({ source: s, target: t, type: rnd() < 0.05 ? "requires" : "link" });
  }
  return { layers: layers([0.74, 0.41, 0.22, 0.09, 0.03, 0]), nodes, edges };
}
