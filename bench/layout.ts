import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { forceCenter, forceLink, forceManyBody, forceSimulation, forceY, type SimulationNodeDatum } from "d3";
import { countCrossings } from "../src/layout/crossings";
import { edgeArrays, layoutGraph } from "../src/layout/layout";
import type { LayoutInput } from "../src/layout/types";
import { syntheticLayeredGraph } from "./layout-graphs";
import { timeMedian, type BenchRow, type BenchSuite } from "./types";

/**
 * The layered layout's budgets (spec §8): 10,000 nodes / 30,000 edges in < 1 s, deterministic, fewer crossings than
 * the input order, and no more than 1.2× the crossings of ELK's layered algorithm where ELK finishes.
 *
 * For each size, on one seeded synthetic layered graph (bench/layout-graphs.ts):
 * - ours: `layoutGraph` with its defaults, median time, crossings;
 * - input order: `layoutGraph` with `sweeps: 0` (the same bands and rows, nodes in input order);
 * - d3-force: 300 ticks of links + many-body + a y-force pulling each node to its band's centre;
 * - ELK: elkjs `layered`, one partition per layer (direction UP: layer 0 at the bottom), in a child process with a
 *   time limit; "did not finish" when it does not.
 * Every layout's crossings are counted by `countCrossings` on node centres, in that layout's own coordinates.
 *
 * Run alone: `npx tsx bench/layout.ts [--quick]` prints the rows and a comparison table.
 */

const ROOT = resolve(import.meta.dirname, "..");
const SIZES = [300, 1000, 10_000];
const ELK_LIMIT_MS = 120_000;
const ELK_LIMIT_QUICK_MS = 30_000;
const ELK_HEAP_MB = 6144;
const D3_TICKS = 300;

interface Positions {
  x: Float64Array;
  y: Float64Array;
  ms: number;
  note?: string;
}

/** One size's figures: what the rows and the table are made of. */
export interface LayoutComparison {
  nodes: number;
  edges: number;
  oursMs: number;
  ours: number;
  inputOrder: number;
  /** Nodes placed differently by a second run (0 when deterministic). */
  nondeterministic: number;
  d3Ms: number;
  d3: number;
  /** How far d3-force's drawing is from a banded one. */
  d3Note?: string;
  elkMs: number | null;
  elk: number | null;
  /** Why ELK has no figure. */
  elkNote?: string;
  /** The crossings again, counting only the edges between layers. */
  betweenLayers: { edges: number; ours: number; inputOrder: number; d3: number; elk: number | null };
}

/** The input's edges as objects, as d3-force and ELK take them. */
function edgePairs(input: LayoutInput): { source: number; target: number }[] {
  return Array.from({ length: input.edges.length }, (_, e) => ({ source: input.edges.source[e], target: input.edges.target[e] }));
}

/** d3-force as a graph plugin would run it, plus a y-force to each node's band centre (our bands' geometry). */
function d3Force(input: LayoutInput): Positions {
  const reference = layoutGraph(input, { sweeps: 0 });
  const bandCentre = reference.bands.map((b) => (b.y0 + b.y1) / 2);
  const nodes: SimulationNodeDatum[] = input.nodes.map(() => ({}));
  const links = edgePairs(input);
  const start = performance.now();
  const simulation = forceSimulation(nodes)
    .force("link", forceLink(links))
    .force("charge", forceManyBody())
    .force("band", forceY<SimulationNodeDatum>((_, i) => bandCentre[input.nodes[i].layer] ?? 0).strength(0.3))
    .force("centre", forceCenter(reference.width / 2, reference.height / 2))
    .stop();
  simulation.tick(D3_TICKS);
  const ms = performance.now() - start;
  const x = Float64Array.from(nodes, (n) => n.x ?? NaN);
  const y = Float64Array.from(nodes, (n) => n.y ?? NaN);
  let outside = 0;
  input.nodes.forEach((node, i) => {
    const band = reference.bands[node.layer];
    if (!(y[i] > band.y0 && y[i] < band.y1)) outside++;
  });
  const span = Math.max(...x) - Math.min(...x);
  const note = `spans ${Math.round(span)} px across (ours: ${reference.width}); ${Math.round((100 * outside) / input.nodes.length)}% of nodes outside their band`;
  return { x, y, ms, note };
}

/** The ELK graph: 10×10 nodes, one partition per layer. */
function elkGraph(input: LayoutInput): unknown {
  return {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "UP",
      "elk.partitioning.activate": "true",
      // Partitions apply across the whole graph only when components are not laid out apart (and ELK throws a
      // NullPointerException on components that miss a partition).
      "elk.separateConnectedComponents": "false",
    },
    children: input.nodes.map((node, i) => ({
      id: `n${i}`,
      width: 10,
      height: 10,
      layoutOptions: { "elk.partitioning.partition": String(node.layer) },
    })),
    // Edges oriented acyclically (up between layers, by index inside one), so ELK's cycle breaker has nothing to do:
    // with partitions, its default (greedy) one throws a NullPointerException on some of these graphs.
    edges: edgePairs(input).map((e, i) => {
      const from = input.nodes[e.source].layer;
      const to = input.nodes[e.target].layer;
      const up = from < to || (from === to && e.source < e.target);
      return { id: `e${i}`, sources: [`n${up ? e.source : e.target}`], targets: [`n${up ? e.target : e.source}`] };
    }),
  };
}

/** The child: reads the ELK graph on stdin, writes `{ ms, x, y }` (node centres, by index) on stdout. */
const ELK_CHILD = `
  const ELK = require("elkjs/lib/elk.bundled.js");
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => { text += chunk; });
  process.stdin.on("end", async () => {
    const graph = JSON.parse(text);
    const start = performance.now();
    const result = await new ELK().layout(graph);
    const ms = performance.now() - start;
    const x = new Array(graph.children.length), y = new Array(graph.children.length);
    for (const c of result.children) { const i = Number(c.id.slice(1)); x[i] = c.x + c.width / 2; y[i] = c.y + c.height / 2; }
    process.stdout.write(JSON.stringify({ ms, x, y }));
  });`;

/** ELK's layered layout in a child process; null with a reason when it does not finish within `limitMs`. */
function elkLayered(input: LayoutInput, limitMs: number): Promise<Positions | { failed: string }> {
  return new Promise((done) => {
    // A larger heap than Node's default, so that on big graphs the time limit, not memory, ends ELK's run.
    const args = [`--max-old-space-size=${ELK_HEAP_MB}`, "-e", ELK_CHILD];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    const started = performance.now();
    let out = "";
    let err = "";
    let settled = false;
    const finish = (value: Positions | { failed: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done(value);
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish({ failed: `did not finish in ${Math.round(limitMs / 1000)} s` });
    }, limitMs);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
    child.on("error", (error) => finish({ failed: `could not start: ${error.message}` }));
    child.on("close", (code, signal) => {
      if (code !== 0) {
        const after = `after ${Math.round((performance.now() - started) / 1000)} s`;
        if (/heap out of memory/i.test(err)) {
          finish({ failed: `ran out of memory (${ELK_HEAP_MB} MB heap) ${after}` });
          return;
        }
        // ELK's errors come with its whole minified source: keep the line that names the error.
        const reason = err.split("\n").find((line) => /^\w*(Error|Exception)\b/.test(line.trim()))?.trim().slice(0, 120);
        finish({ failed: `failed ${after} (${signal ?? `exit ${code}`}${reason ? `: ${reason}` : ""})` });
        return;
      }
      try {
        const parsed = JSON.parse(out) as { ms: number; x: number[]; y: number[] };
        finish({ ms: parsed.ms, x: Float64Array.from(parsed.x), y: Float64Array.from(parsed.y) });
      } catch {
        finish({ failed: "wrote no positions" });
      }
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(JSON.stringify(elkGraph(input)));
  });
}

function differing(a: Float64Array, b: Float64Array): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) count++;
  return count;
}

/** Every figure for one size. */
export async function compareLayouts(nodes: number, elkLimitMs: number, runs: number): Promise<LayoutComparison> {
  const input = syntheticLayeredGraph(nodes, nodes);
  const oursMs = await timeMedian(runs, () => layoutGraph(input));
  const first = layoutGraph(input);
  const second = layoutGraph(input);
  const inputOrder = layoutGraph(input, { sweeps: 0 });
  const d3 = d3Force(input);
  const elk = await elkLayered(input, elkLimitMs);
  const finished = "ms" in elk;
  // The same count on the edges between layers only: in a one-row band an edge inside the layer runs along the row,
  // a collinear overlap that never counts, which only ours and the input order produce.
  const between: LayoutInput = {
    ...input,
    edges: edgeArrays(edgePairs(input).filter((e) => input.nodes[e.source].layer !== input.nodes[e.target].layer)),
  };
  return {
    nodes,
    edges: input.edges.length,
    oursMs,
    ours: countCrossings(input, first.x, first.y),
    inputOrder: countCrossings(input, inputOrder.x, inputOrder.y),
    nondeterministic: Math.max(differing(first.x, second.x), differing(first.y, second.y)),
    d3Ms: d3.ms,
    d3: countCrossings(input, d3.x, d3.y),
    d3Note: d3.note,
    elkMs: finished ? elk.ms : null,
    elk: finished ? countCrossings(input, elk.x, elk.y) : null,
    elkNote: finished ? undefined : elk.failed,
    betweenLayers: {
      edges: between.edges.length,
      ours: countCrossings(between, first.x, first.y),
      inputOrder: countCrossings(between, inputOrder.x, inputOrder.y),
      d3: countCrossings(between, d3.x, d3.y),
      elk: finished ? countCrossings(between, elk.x, elk.y) : null,
    },
  };
}

function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function rowsOf(c: LayoutComparison, runs: number): BenchRow[] {
  const label = `${c.nodes.toLocaleString("en")} nodes / ${c.edges.toLocaleString("en")} edges`;
  const between = (count: number | null): string =>
    `${count === null ? "—" : count.toLocaleString("en")} between layers only (${c.betweenLayers.edges.toLocaleString("en")} edges)`;
  const elkNote = c.elkNote ? `ELK ${c.elkNote}` : undefined;
  return [
    { name: `layout, ours, ${label}`, value: round(c.oursMs, 1), unit: "ms", budget: c.nodes === 10_000 ? 1000 : null, note: `median of ${runs}` },
    { name: `layout, nodes placed differently by a second run, ${label}`, value: c.nondeterministic, unit: "nodes", budget: 0 },
    { name: `crossings, ours, ${label}`, value: c.ours, unit: "crossings", budget: null, note: between(c.betweenLayers.ours) },
    { name: `crossings, input order, ${label}`, value: c.inputOrder, unit: "crossings", budget: null, note: between(c.betweenLayers.inputOrder) },
    { name: `crossings, ours ÷ input order, ${label}`, value: round(c.ours / Math.max(1, c.inputOrder), 3), unit: "×", budget: 1, note: "must stay below 1" },
    { name: `layout, d3-force ${D3_TICKS} ticks, ${label}`, value: round(c.d3Ms), unit: "ms", budget: null },
    { name: `crossings, d3-force, ${label}`, value: c.d3, unit: "crossings", budget: null, note: `${between(c.betweenLayers.d3)}; ${c.d3Note}` },
    { name: `layout, ELK layered, ${label}`, value: c.elkMs === null ? null : round(c.elkMs), unit: "ms", budget: null, note: elkNote },
    { name: `crossings, ELK layered, ${label}`, value: c.elk, unit: "crossings", budget: null, note: elkNote ?? between(c.betweenLayers.elk) },
    {
      name: `crossings, ours ÷ ELK, ${label}`,
      value: c.elk === null ? null : round(c.ours / Math.max(1, c.elk), 3),
      unit: "×",
      budget: 1.2,
      note: elkNote,
    },
  ];
}

async function runSuite(quick: boolean, onSize?: (c: LayoutComparison) => void): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const nodes of quick ? SIZES.slice(0, 1) : SIZES) {
    const runs = quick ? 3 : 7;
    const comparison = await compareLayouts(nodes, quick ? ELK_LIMIT_QUICK_MS : ELK_LIMIT_MS, runs);
    onSize?.(comparison);
    rows.push(...rowsOf(comparison, runs));
  }
  return rows;
}

export const layoutBench: BenchSuite = ({ quick }) => runSuite(quick);

function table(list: readonly LayoutComparison[]): string {
  const head = ["nodes / edges", "ours ms", "ours", "input order", "d3-force ms", "d3-force", "ELK ms", "ELK", "ours ÷ ELK"];
  const body = list.map((c) => [
    `${c.nodes.toLocaleString("en")} / ${c.edges.toLocaleString("en")}`,
    c.oursMs.toFixed(1),
    c.ours.toLocaleString("en"),
    c.inputOrder.toLocaleString("en"),
    Math.round(c.d3Ms).toLocaleString("en"),
    c.d3.toLocaleString("en"),
    c.elkMs === null ? "—" : Math.round(c.elkMs).toLocaleString("en"),
    c.elk === null ? (c.elkNote ?? "—") : c.elk.toLocaleString("en"),
    c.elk === null ? "—" : (c.ours / Math.max(1, c.elk)).toFixed(3),
  ]);
  const widths = head.map((h, k) => Math.max(h.length, ...body.map((r) => r[k].length)));
  const line = (cells: string[]): string => `| ${cells.map((cell, k) => cell.padStart(widths[k])).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const quick = process.argv.includes("--quick");
  const comparisons: LayoutComparison[] = [];
  const rows = await runSuite(quick, (c) => {
    comparisons.push(c);
    process.stderr.write(`${c.nodes} nodes done\n`);
  });
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    const value = r.value === null ? "—" : `${r.value} ${r.unit}`;
    const budget = r.budget === null ? "" : `budget ≤ ${r.budget} ${r.unit}  ${r.value === null ? "n/a" : r.value <= r.budget ? "ok" : "OVER"}`;
    process.stdout.write(`${r.name.padEnd(width)}  ${value.padStart(18)}  ${budget}${r.note ? `  (${r.note})` : ""}\n`);
  }
  process.stdout.write(`\nCrossings (straight segments between node centres, countCrossings):\n${table(comparisons)}\n`);
  const betweenOnly = comparisons.map((c) => ({ ...c, ...c.betweenLayers }));
  process.stdout.write(`\nThe same, counting only the edges between layers:\n${table(betweenOnly)}\n`);
  for (const c of comparisons) if (c.d3Note) process.stdout.write(`d3-force, ${c.nodes.toLocaleString("en")} nodes: ${c.d3Note}\n`);
}
