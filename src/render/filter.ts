/**
 * Which nodes the layer graph shows (filters by domain, module and kind) and which it highlights (search).
 * Pure: no DOM, so the pane, the export and the tests share it.
 */
import type { Graph, NodeKind } from "../core/types";

export const NODE_KINDS: readonly NodeKind[] = ["concept", "source", "check", "ghost"];

/**
 * What the graph shows. The plugin keeps it in the pane's view state (`getFilter` / `onFilterChange`).
 *
 * - `domain`: a domain as in spec §2 scoping: `sports` keeps `sports` and `sports/…`; null shows every domain.
 * - `module`: exact module; null shows every module.
 * - `kinds`: the kinds shown (ghost = missing link target).
 * - `search`: highlights notes whose title or path contains it (case-insensitive); it hides nothing.
 */
export interface GraphFilter {
  domain: string | null;
  module: string | null;
  kinds: NodeKind[];
  search: string;
}

export function defaultFilter(): GraphFilter {
  return { domain: null, module: null, kinds: [...NODE_KINDS], search: "" };
}

/**
 * `base` with the valid fields of `partial` applied (anything of the wrong type is ignored, so a filter restored from a
 * saved view state can never break the pane). Kinds are deduplicated and kept in the canonical order.
 */
export function mergeFilter(base: GraphFilter, partial: Partial<GraphFilter> | null | undefined): GraphFilter {
  const out: GraphFilter = { ...base, kinds: [...base.kinds] };
  if (!partial || typeof partial !== "object") return out;
  if (partial.domain === null || (typeof partial.domain === "string" && partial.domain !== "")) out.domain = partial.domain;
  else if (partial.domain === "") out.domain = null;
  if (partial.module === null || (typeof partial.module === "string" && partial.module !== "")) out.module = partial.module;
  else if (partial.module === "") out.module = null;
  if (Array.isArray(partial.kinds)) {
    const wanted = new Set<unknown>(partial.kinds);
    out.kinds = NODE_KINDS.filter((k) => wanted.has(k));
  }
  if (typeof partial.search === "string") out.search = partial.search;
  return out;
}

export function sameFilter(a: GraphFilter, b: GraphFilter): boolean {
  return (
    a.domain === b.domain &&
    a.module === b.module &&
    a.search === b.search &&
    a.kinds.length === b.kinds.length &&
    a.kinds.every((k, i) => b.kinds[i] === k)
  );
}

/** True when `domain` is `scope` or nested under it (`scope/…`). */
export function inDomain(domain: string | null, scope: string): boolean {
  return domain !== null && (domain === scope || domain.startsWith(scope + "/"));
}

/**
 * One flag per node: 1 when the filter shows it. A ghost (missing link target) has no domain or module of its own: under a
 * domain or module filter it shows when a shown note links to it.
 */
export function visibleNodes(graph: Graph, filter: GraphFilter): Uint8Array {
  const n = graph.nodes.length;
  const visible = new Uint8Array(n);
  const kinds = new Set<NodeKind>(filter.kinds);
  const scoped = filter.domain !== null || filter.module !== null;
  for (let i = 0; i < n; i++) {
    const node = graph.nodes[i];
    if (!kinds.has(node.kind)) continue;
    if (node.kind === "ghost") {
      if (!scoped) visible[i] = 1;
      continue;
    }
    if (filter.domain !== null && !inDomain(node.domain, filter.domain)) continue;
    if (filter.module !== null && node.module !== filter.module) continue;
    visible[i] = 1;
  }
  if (scoped && kinds.has("ghost")) {
    const { source, target } = graph.edges;
    for (let e = 0; e < graph.edges.length; e++) {
      const s = graph.nodes[source[e]];
      const t = graph.nodes[target[e]];
      if (!s || !t) continue;
      if (t.kind === "ghost" && s.kind !== "ghost" && visible[source[e]]) visible[target[e]] = 1;
      if (s.kind === "ghost" && t.kind !== "ghost" && visible[target[e]]) visible[source[e]] = 1;
    }
  }
  return visible;
}

/** The lower-cased text the search looks in, per node: title and path. */
export function searchHaystacks(graph: Graph): string[] {
  return graph.nodes.map((node) => `${node.title}\n${node.id}`.toLowerCase());
}

/** Indices of the shown nodes whose title or path contains `query` (case-insensitive), in node order. Empty query: none. */
export function searchMatches(haystacks: readonly string[], visible: Uint8Array, query: string): number[] {
  const needle = query.trim().toLowerCase();
  if (needle === "") return [];
  const out: number[] = [];
  for (let i = 0; i < haystacks.length; i++) if (visible[i] && haystacks[i].includes(needle)) out.push(i);
  return out;
}

/** The choices of the domain and module filters: every domain with its parents (`a/b` offers `a` too), every module. */
export function filterChoices(graph: Graph): { domains: string[]; modules: string[] } {
  const domains = new Set<string>();
  const modules = new Set<string>();
  for (const node of graph.nodes) {
    if (node.kind === "ghost") continue;
    if (typeof node.domain === "string" && node.domain !== "") {
      const parts = node.domain.split("/");
      for (let k = 1; k <= parts.length; k++) domains.add(parts.slice(0, k).join("/"));
    }
    if (typeof node.module === "string" && node.module !== "") modules.add(node.module);
  }
  const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return { domains: [...domains].sort(byText), modules: [...modules].sort(byText) };
}
