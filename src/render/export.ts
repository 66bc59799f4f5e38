/**
 * The layer graph as a file (spec §6 `graph --out FILE.html|FILE.svg`): pure string builders, no DOM, usable in Node.
 *
 * - `graphHtml`: one self-contained page: the theme's variables (light and dark), the graph as JSON in a
 *   `<script type="application/json">`, and the standalone renderer (src/render/standalone.ts, built as an IIFE).
 *   A Content-Security-Policy allows only that one script (by its hash) and no network at all.
 * - `graphSvg`: a static drawing of a laid-out graph: bands with their labels, edges, one shape per kind.
 *
 * Titles and values are data: escaped for the place they go, never markup.
 */
import { graphJson } from "../core/edges";
import type { Graph, GraphJson, NodeKind } from "../core/types";
import type { LayoutOptions } from "../layout/types";
import type { Layout } from "../layout/types";
import { fill, GAP_STATUSES, LabelFormat, labelsFor, mergeLabels } from "./labels";
import type { RendererLabels } from "./labels";
import { cleanGraph, modelFromLayout, statusOf } from "./model";

// ───────────────────────────── Escaping ─────────────────────────────

/** True when a UTF-16 code unit may need dropping: C0 controls but tab/LF/CR, surrogates, U+FFFE/U+FFFF. */
function suspect(unit: number): boolean {
  return (unit < 0x20 && unit !== 0x9 && unit !== 0xa && unit !== 0xd) || (unit >= 0xd800 && unit <= 0xdfff) || unit >= 0xfffe;
}

/** Drops the characters XML 1.0 cannot hold at all (control characters, lone surrogates, U+FFFE/U+FFFF). */
function xmlChars(text: string): string {
  let clean = true;
  for (let i = 0; i < text.length && clean; i++) clean = !suspect(text.charCodeAt(i));
  if (clean) return text;
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const allowed =
      cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
    if (allowed) out += ch;
  }
  return out;
}

/** Escapes text for XML/HTML text and double- or single-quoted attribute values. */
export function escapeXml(value: unknown): string {
  return xmlChars(String(value))
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * JSON that can sit inside `<script type="application/json">`: `<`, `>`, `&` and the line separators U+2028/U+2029 are
 * written as `\u` escapes, so no value can close the script, open a comment or break a JavaScript reader.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The renderer's code made safe inside `<script>`: a `</script` or `<!--` in a string literal cannot end the element. */
export function scriptText(js: string): string {
  return js.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

// ───────────────────────────── HTML ─────────────────────────────

export interface GraphHtmlOptions {
  /** The page title (default "Knowledge Layers"). */
  title?: string;
  /** The page language; `ru…` picks the Russian labels (default `en`). */
  lang?: string;
  /** The vault's name: clicking a note then offers an `obsidian://open` link to it. */
  vault?: string;
}

/** What the standalone page reads from its `#kl-graph-data` element. */
export interface GraphPagePayload {
  /** The graph with one object per edge: what JSON holds (see `graphJson`). */
  graph: GraphJson;
  lang: string;
  title: string;
  vault: string | null;
}

/** Obsidian's default theme variables (light, and dark under prefers-color-scheme), for the standalone page. */
export const THEME_CSS = `:root {
  color-scheme: light dark;
  --background-primary: #ffffff;
  --background-secondary: #f6f6f6;
  --background-modifier-border: #e0e0e0;
  --background-modifier-hover: rgba(0, 0, 0, 0.075);
  --text-normal: #222222;
  --text-muted: #5c5c5c;
  --text-faint: #ababab;
  --text-error: #e93147;
  --text-warning: #ec7500;
  --text-accent: #8a5cf5;
  --text-on-accent: #ffffff;
  --interactive-accent: #8a5cf5;
  --color-green: #08b94e;
  --color-orange: #ec7500;
  --color-red: #e93147;
  --color-blue: #086ddd;
  --shadow-s: 0 1px 2px rgba(0, 0, 0, 0.03), 0 3px 8px rgba(0, 0, 0, 0.12);
  --radius-s: 4px;
  --radius-m: 8px;
  --font-interface: ui-sans-serif, -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Inter", "Noto Sans", Arial, sans-serif;
  --font-ui-small: 13px;
  --font-ui-smaller: 12px;
  --font-semibold: 600;
}
@media (prefers-color-scheme: dark) {
  :root {
    --background-primary: #1e1e1e;
    --background-secondary: #262626;
    --background-modifier-border: #363636;
    --background-modifier-hover: rgba(255, 255, 255, 0.075);
    --text-normal: #dadada;
    --text-muted: #b3b3b3;
    --text-faint: #7a7a7a;
    --text-error: #fb464c;
    --text-warning: #e9973f;
    --text-accent: #a68af9;
    --interactive-accent: #8b6cef;
    --color-green: #44cf6e;
    --color-orange: #e9973f;
    --color-red: #fb464c;
    --color-blue: #53a1ff;
    --shadow-s: 0 1px 2px rgba(0, 0, 0, 0.2), 0 3px 8px rgba(0, 0, 0, 0.4);
  }
}
html, body { height: 100%; margin: 0; }
body {
  display: flex;
  flex-direction: column;
  background-color: var(--background-primary);
  color: var(--text-normal);
  font-family: var(--font-interface);
  font-size: var(--font-ui-small);
}
.kl-page-title { margin: 0; padding: 8px 12px 4px; font-size: 15px; font-weight: 600; overflow-wrap: anywhere; }
.kl-page-graph { flex: 1 1 auto; min-height: 0; }
input, select, button {
  font: inherit;
  color: var(--text-normal);
  background-color: var(--background-primary);
  border: 1px solid var(--background-modifier-border);
  border-radius: var(--radius-s);
  padding: 3px 6px;
}
button { cursor: pointer; background-color: var(--background-secondary); }
button:hover { background-color: var(--background-modifier-hover); }
a { color: var(--text-accent); }
`;

/** One self-contained HTML page showing `graph` with the interactive renderer (`rendererJs`: the standalone IIFE). */
export function graphHtml(graph: Graph | GraphJson, rendererJs: string, options: GraphHtmlOptions = {}): string {
  const lang = typeof options.lang === "string" && /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(options.lang) ? options.lang : "en";
  const title = typeof options.title === "string" && options.title !== "" ? options.title : "Knowledge Layers";
  const payload: GraphPagePayload = { graph: graphJson(graph), lang, title, vault: typeof options.vault === "string" ? options.vault : null };
  const script = scriptText(rendererJs);
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${sha256Base64(script)}'`,
    "style-src 'unsafe-inline'",
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  return [
    "<!DOCTYPE html>",
    `<html lang="${escapeXml(lang)}">`,
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeXml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="Knowledge Layers">',
    `<title>${escapeXml(title)}</title>`,
    `<style>${THEME_CSS}</style>`,
    "</head>",
    "<body>",
    `<h1 class="kl-page-title">${escapeXml(title)}</h1>`,
    '<div id="kl-graph" class="kl-page-graph"></div>',
    `<script type="application/json" id="kl-graph-data">${scriptJson(payload)}</script>`,
    `<script>${script}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

// ───────────────────────────── SVG ─────────────────────────────

export interface GraphSvgOptions {
  /** A heading above the drawing. */
  title?: string;
  /** Picks the built-in labels (`ru…`: Russian). */
  lang?: string;
  /** Overrides of the labels. */
  labels?: Partial<RendererLabels>;
  /** Draw each note's title under it: true, false, or "auto" (default: when there is room, up to 600 notes). */
  nodeTitles?: boolean | "auto";
}

const GUTTER = 200;
const MARGIN = 16;

/** Layout options that leave room for titles in a static drawing (wider spacing for small graphs). */
export function exportLayoutOptions(graph: Graph | GraphJson): LayoutOptions {
  const n = Array.isArray(graph.nodes) ? graph.nodes.length : 0;
  if (n <= 600) return { width: 1400, nodeSpacing: 110, rowHeight: 56, bandPadding: 20 };
  return { width: Math.max(1600, Math.round(Math.sqrt(n) * 48)) };
}

function n1(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

/** Shortens to `max` code points with an ellipsis. */
function clip(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, " ").trim());
  if (chars.length <= max) return chars.join("");
  return max > 1 ? chars.slice(0, max - 1).join("") + "…" : "";
}

const SVG_STYLE = `
.band-odd { fill: #f6f6f6; } .band-even { fill: #ffffff; } .sep { stroke: #e0e0e0; stroke-width: 1; }
.gutter { fill: #f6f6f6; } .gutter-edge { stroke: #e0e0e0; }
.layer-name { font: 600 13px sans-serif; fill: #222222; } .layer-figures { font: 11px sans-serif; fill: #5c5c5c; }
.bar-bg { fill: #e0e0e0; } .bar { fill: #8a5cf5; } .bar.done { fill: #08b94e; }
.edge { fill: none; stroke: #5c5c5c; stroke-opacity: 0.3; stroke-width: 1; }
.edge.requires { stroke: #8a5cf5; stroke-opacity: 0.8; stroke-width: 1.5; }
.none { fill: #08b94e; } .info { fill: #086ddd; } .warning { fill: #ec7500; } .error { fill: #e93147; }
.ghost { fill: none; stroke: #ababab; stroke-width: 1.2; stroke-dasharray: 2 2; }
.node-title { font: 9px sans-serif; fill: #222222; text-anchor: middle; }
.heading { font: 600 16px sans-serif; fill: #222222; } .legend { font: 11px sans-serif; fill: #5c5c5c; }
.legend-shape { fill: #5c5c5c; } .legend-line { stroke-width: 1.5; }
@media (prefers-color-scheme: dark) {
  .band-odd, .gutter { fill: #262626; } .band-even, .background { fill: #1e1e1e; } .sep, .gutter-edge { stroke: #363636; }
  .layer-name, .node-title, .heading { fill: #dadada; } .layer-figures, .legend, .legend-shape { fill: #b3b3b3; }
  .bar-bg { fill: #363636; } .edge { stroke: #b3b3b3; } .ghost { stroke: #7a7a7a; }
}`;

function shape(kind: NodeKind, x: number, y: number, r: number, cls: string, title: string | null): string {
  const inner = title === null ? "" : `<title>${escapeXml(title)}</title>`;
  const close = (tag: string): string => (inner ? `>${inner}</${tag}>` : "/>");
  if (kind === "source") {
    const q = r * 0.88;
    return `<rect class="${cls}" x="${n1(x - q)}" y="${n1(y - q)}" width="${n1(2 * q)}" height="${n1(2 * q)}"${close("rect")}`;
  }
  if (kind === "check") {
    const q = r * 1.2;
    return `<path class="${cls}" d="M${n1(x)},${n1(y - q)}L${n1(x + q)},${n1(y)}L${n1(x)},${n1(y + q)}L${n1(x - q)},${n1(y)}Z"${close("path")}`;
  }
  return `<circle class="${cls}" cx="${n1(x)}" cy="${n1(y)}" r="${n1(r)}"${close("circle")}`;
}

/**
 * A static SVG drawing of `graph` laid out by `layout` (from `layoutGraph` on the same graph; see `exportLayoutOptions`).
 * Bands from foundations (bottom) to meta (top) with name, coverage bar, coverage and pages left; edges; nodes by kind
 * (concept circle, source square, check diamond, missing note dashed ring), coloured by their worst gap, each with its
 * title as a tooltip; a legend.
 */
export function graphSvg(input: Graph | GraphJson, layout: Layout, options: GraphSvgOptions = {}): string {
  const graph = cleanGraph(input);
  const labels = mergeLabels(options.labels, labelsFor(options.lang));
  const f = new LabelFormat(labels);
  const nodes = graph.nodes;
  const n = nodes.length;
  const spacing = minRowSpacing(layout.x, layout.y, n);
  // Wide spacing leaves room for bigger nodes, as in the pane.
  const model = modelFromLayout(graph, layout, Number.isFinite(spacing) ? spacing : undefined);
  const ok = (i: number): boolean => i < model.x.length && Number.isFinite(model.x[i]) && Number.isFinite(model.y[i]);

  const layoutWidth = Number.isFinite(layout.width) && layout.width > 0 ? layout.width : 1;
  const layoutHeight = Number.isFinite(layout.height) && layout.height > 0 ? layout.height : 1;
  const head = options.title ? 36 : 0;
  const legendHeight = 34;
  const ox = GUTTER + MARGIN;
  const oy = head;
  const width = Math.ceil(ox + layoutWidth + MARGIN);
  const height = Math.ceil(oy + layoutHeight + legendHeight);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
  );
  out.push(`<title>${escapeXml(options.title ?? "Knowledge Layers")}</title>`);
  out.push(`<style>${SVG_STYLE}</style>`);
  out.push(`<rect class="band-even background" x="0" y="0" width="${width}" height="${height}"/>`);
  if (options.title) out.push(`<text class="heading" x="${MARGIN}" y="24">${escapeXml(clip(options.title, 160))}</text>`);

  // Bands and their labels.
  const seps: string[] = [];
  for (const band of layout.bands ?? []) {
    if (!Number.isFinite(band.y0) || !Number.isFinite(band.y1)) continue;
    const y0 = oy + band.y0;
    const y1 = oy + band.y1;
    out.push(`<rect class="${band.layer % 2 ? "band-odd" : "band-even"}" x="0" y="${n1(y0)}" width="${width}" height="${n1(y1 - y0)}"/>`);
    seps.push(`M0,${n1(y0)}H${width}M0,${n1(y1)}H${width}`);
  }
  out.push(`<path class="sep" d="${seps.join("")}"/>`);
  out.push(`<rect class="gutter" x="0" y="${oy}" width="${GUTTER}" height="${n1(layoutHeight)}"/>`);
  out.push(`<path class="gutter-edge" d="M${GUTTER - 0.5},${oy}V${n1(oy + layoutHeight)}"/>`);
  for (const band of layout.bands ?? []) {
    const layer = graph.layers[band.layer];
    if (!layer || !Number.isFinite(band.y0) || !Number.isFinite(band.y1)) continue;
    const room = band.y1 - band.y0;
    const y = oy + band.y0 + Math.max(8, (room - 58) / 2);
    const barWidth = GUTTER - 24;
    const covered = fill(labels.covered, { pct: f.pct(layer.coverage) });
    const left =
      layer.remainingPages > 0 ? f.count(labels.pagesLeft, layer.remainingPages, f.short(layer.remainingPages)) : labels.layerDone;
    out.push(`<g class="band-label" data-layer="${escapeXml(layer.id)}">`);
    out.push(`<text class="layer-name" x="12" y="${n1(y + 12)}">${escapeXml(clip(layer.name, 26))}</text>`);
    if (room >= 40) {
      out.push(`<rect class="bar-bg" x="12" y="${n1(y + 19)}" width="${barWidth}" height="6" rx="2"/>`);
      out.push(
        `<rect class="bar${layer.coverage >= 1 ? " done" : ""}" x="12" y="${n1(y + 19)}" width="${n1(barWidth * layer.coverage)}" height="6" rx="2"/>`,
      );
    }
    if (room >= 60) {
      out.push(`<text class="layer-figures" x="12" y="${n1(y + 39)}">${escapeXml(clip(covered, 34))}</text>`);
      out.push(`<text class="layer-figures" x="12" y="${n1(y + 53)}">${escapeXml(clip(left, 34))}</text>`);
    }
    out.push("</g>");
  }

  // Edges: one path per type.
  const links: string[] = [];
  const requires: string[] = [];
  for (let e = 0; e < model.source.length; e++) {
    const s = model.source[e];
    const t = model.target[e];
    if (!ok(s) || !ok(t)) continue;
    (model.requires[e] ? requires : links).push(
      `M${n1(ox + model.x[s])},${n1(oy + model.y[s])}L${n1(ox + model.x[t])},${n1(oy + model.y[t])}`,
    );
  }
  if (links.length) out.push(`<path class="edge" d="${links.join("")}"/>`);
  if (requires.length) out.push(`<path class="edge requires" d="${requires.join("")}"/>`);

  // Nodes, with their titles as tooltips.
  const showTitles = options.nodeTitles === true || ((options.nodeTitles ?? "auto") === "auto" && n <= 600 && spacing >= 40);
  const titleChars = Math.max(4, Math.floor((Number.isFinite(spacing) ? spacing : 120) / 5.2));
  out.push('<g class="nodes">');
  for (let i = 0; i < n; i++) {
    if (!ok(i)) continue;
    const node = nodes[i];
    const x = ox + model.x[i];
    const y = oy + model.y[i];
    const cls = node.kind === "ghost" ? "ghost" : `${node.kind} ${statusOf(node.severity)}`;
    const layerName = graph.layers[node.layer]?.name ?? "";
    const tip = `${node.title} — ${layerName} · ${labels.kind[node.kind]}`;
    out.push(shape(node.kind, x, y, model.r[i], cls, tip));
    if (showTitles) {
      out.push(`<text class="node-title" x="${n1(x)}" y="${n1(y + model.r[i] + 11)}">${escapeXml(clip(node.title, titleChars))}</text>`);
    }
  }
  out.push("</g>");

  // Legend.
  const ly = oy + layoutHeight + 20;
  let lx = MARGIN;
  out.push('<g class="legend-items">');
  const item = (svgShape: string, text: string): void => {
    out.push(svgShape);
    out.push(`<text class="legend" x="${lx + 10}" y="${ly + 4}">${escapeXml(text)}</text>`);
    lx += 22 + Math.min(160, Array.from(text).length * 6.2);
  };
  for (const kind of ["concept", "source", "check", "ghost"] as const) {
    item(shape(kind, lx, ly, 5, kind === "ghost" ? "ghost" : "legend-shape", null), labels.kind[kind]);
  }
  for (const status of GAP_STATUSES) item(shape("concept", lx, ly, 5, status, null), labels.status[status]);
  item(`<path class="edge legend-line" d="M${lx - 6},${ly}H${lx + 6}"/>`, labels.linkEdge);
  item(`<path class="edge requires legend-line" d="M${lx - 6},${ly}H${lx + 6}"/>`, labels.requiresEdge);
  out.push(`<text class="legend" x="${lx}" y="${ly + 4}">${escapeXml(labels.sizeHint)}</text>`);
  out.push("</g>");
  out.push("</svg>");
  return out.join("\n") + "\n";
}

/** The smallest horizontal distance between two nodes of one row (how much room a title has). */
function minRowSpacing(x: Float64Array, y: Float64Array, n: number): number {
  const rows = new Map<number, number[]>();
  for (let i = 0; i < Math.min(n, x.length); i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
    const key = Math.round(y[i]);
    const row = rows.get(key);
    if (row) row.push(x[i]);
    else rows.set(key, [x[i]]);
  }
  let best = Infinity;
  for (const row of rows.values()) {
    row.sort((a, b) => a - b);
    for (let k = 1; k < row.length; k++) best = Math.min(best, row[k] - row[k - 1]);
  }
  return best;
}

// ───────────────────────────── SHA-256 (for the page's Content-Security-Policy) ─────────────────────────────

const K256 = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** SHA-256 of the UTF-8 bytes of `text`, base64-encoded (a CSP source hash). Pure, so it runs in Node and on mobile. */
export function sha256Base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array(((bytes.length + 9 + 63) >> 6) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, s: number): number => (x >>> s) | (x << (32 - s));
  for (let off = 0; off < padded.length; off += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(off + 4 * t);
    for (let t = 16; t < 64; t++) {
      const s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
      const s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let t = 0; t < 64; t++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K256[t] + w[t]) >>> 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }
  const digest = new Uint8Array(32);
  const out = new DataView(digest.buffer);
  for (let i = 0; i < 8; i++) out.setUint32(4 * i, h[i]);
  return base64(digest);
}

function base64(bytes: Uint8Array): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2] : 0;
    const triple = (a << 16) | (b << 8) | c;
    out += alphabet[(triple >> 18) & 63] + alphabet[(triple >> 12) & 63];
    out += i + 1 < bytes.length ? alphabet[(triple >> 6) & 63] : "=";
    out += i + 2 < bytes.length ? alphabet[triple & 63] : "=";
  }
  return out;
}
