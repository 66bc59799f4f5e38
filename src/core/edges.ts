import type { EdgeType, Graph, GraphEdge, GraphEdges, GraphJson } from "./types";

/** Graph edges (see `GraphEdges`): building them from and writing them as one object per edge. */

/** Edges from a list of edge objects, in order. */
export function edgesOf(list: readonly { source: number; target: number; type?: EdgeType }[]): GraphEdges {
  const source = new Int32Array(list.length);
  const target = new Int32Array(list.length);
  const requires = new Uint8Array(list.length);
  for (let e = 0; e < list.length; e++) {
    source[e] = list[e].source;
    target[e] = list[e].target;
    requires[e] = list[e].type === "requires" ? 1 : 0;
  }
  return { length: list.length, source, target, requires };
}

/** Edge `e` as an object. */
function edgeAt(edges: GraphEdges, e: number): GraphEdge {
  return { source: edges.source[e], target: edges.target[e], type: edgeType(edges, e) };
}

function edgeType(edges: GraphEdges, e: number): EdgeType {
  return edges.requires[e] === 1 ? "requires" : "link";
}

/** Every edge as an object, in order. */
export function edgeList(edges: GraphEdges): GraphEdge[] {
  const list = new Array<GraphEdge>(edges.length);
  for (let e = 0; e < edges.length; e++) list[e] = edgeAt(edges, e);
  return list;
}

/** The graph as JSON holds it: the same layers and nodes, one object per edge (a graph already so is returned as it is). */
export function graphJson(graph: Graph | GraphJson): GraphJson {
  return Array.isArray(graph.edges) ? (graph as GraphJson) : { layers: graph.layers, nodes: graph.nodes, edges: edgeList(graph.edges) };
}
