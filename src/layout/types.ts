/**
 * The layered layout's contract: pure data in, positions out. No DOM, no d3, deterministic.
 *
 * Screen coordinates: x grows to the right, y grows downwards. Layer 0 (foundations) is the bottom band,
 * the last layer (meta) the top band.
 */

/** The minimum the layout needs to know of a graph (a `Graph` from src/core/types.ts fits it). */
export interface LayoutInput {
  /** How many layers (bands) there are; every node's `layer` is in [0, layerCount). */
  layerCount: number;
  nodes: readonly { layer: number }[];
  /** Edge e joins node `source[e]` and node `target[e]` (a `GraphEdges` fits; direction does not matter). */
  edges: { readonly length: number; readonly source: ArrayLike<number>; readonly target: ArrayLike<number> };
}

export interface LayoutOptions {
  /** The width the whole graph should fit (wide layers wrap into several rows). Default 1600. */
  width?: number;
  /** Horizontal distance between neighbouring node centres in a row. Default 24. */
  nodeSpacing?: number;
  /** Vertical distance between rows inside a band. Default 28. */
  rowHeight?: number;
  /** Padding above and below the rows of a band. Default 24. */
  bandPadding?: number;
  /** Crossing-reduction sweeps (down and up). Default 4. */
  sweeps?: number;
}

/** One layer's horizontal band. */
export interface Band {
  layer: number;
  /** Top and bottom edges of the band (y0 < y1). */
  y0: number;
  y1: number;
  /** How many rows the layer was wrapped into (0 for an empty layer). */
  rows: number;
}

export interface Layout {
  /** Node centres, indexed like `LayoutInput.nodes`. */
  x: Float64Array;
  y: Float64Array;
  /** Bands indexed by layer. */
  bands: Band[];
  width: number;
  height: number;
}
