/**
 * The layered layout (spec §7, §8): layers as horizontal bands, foundations at the bottom, meta at the top.
 * Pure and deterministic: no DOM, no d3, no randomness.
 *
 * First version: nodes in input order, wrapped into rows that fit `width`, rows centred.
 */
import type { Band, Layout, LayoutInput, LayoutOptions } from "./types";

const DEFAULTS = { width: 1600, nodeSpacing: 24, rowHeight: 28, bandPadding: 24, sweeps: 4 };

function positive(value: number | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Places every node of `input` inside its layer's band; see `Layout` for the coordinate system. */
export function layoutGraph(input: LayoutInput, options: LayoutOptions = {}): Layout {
  const width = positive(options.width, DEFAULTS.width);
  const spacing = positive(options.nodeSpacing, DEFAULTS.nodeSpacing);
  const rowHeight = positive(options.rowHeight, DEFAULTS.rowHeight);
  const padding = positive(options.bandPadding, DEFAULTS.bandPadding);
  const n = input.nodes.length;
  let layerCount = Number.isFinite(input.layerCount) ? Math.max(0, Math.floor(input.layerCount)) : 0;
  if (layerCount === 0 && n > 0) layerCount = 1;

  const layerOf = new Int32Array(n);
  const perLayer: number[][] = Array.from({ length: layerCount }, () => []);
  for (let i = 0; i < n; i++) {
    const raw = input.nodes[i]?.layer;
    const l = typeof raw === "number" && Number.isFinite(raw) ? Math.min(layerCount - 1, Math.max(0, Math.floor(raw))) : 0;
    layerOf[i] = l;
    perLayer[l].push(i);
  }

  const capacity = Math.max(1, Math.floor(width / spacing));
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const bands: Band[] = new Array<Band>(layerCount);
  let bottom = 0;
  for (let l = 0; l < layerCount; l++) bottom += 2 * padding + Math.max(1, Math.ceil(perLayer[l].length / capacity)) * rowHeight;
  const height = bottom;
  for (let l = 0; l < layerCount; l++) {
    const members = perLayer[l];
    const rows = Math.ceil(members.length / capacity);
    const y1 = bottom;
    const y0 = y1 - 2 * padding - Math.max(1, rows) * rowHeight;
    bands[l] = { layer: l, y0, y1, rows };
    for (let r = 0; r < rows; r++) {
      const start = r * capacity;
      const end = Math.min(members.length, start + capacity);
      const left = (width - (end - start - 1) * spacing) / 2;
      // Row 0 is the lowest row of the band.
      const rowY = y1 - padding - (r + 0.5) * rowHeight;
      for (let k = start; k < end; k++) {
        const v = members[k];
        x[v] = left + (k - start) * spacing;
        y[v] = rowY;
      }
    }
    bottom = y0;
  }
  return { x, y, bands, width, height };
}
