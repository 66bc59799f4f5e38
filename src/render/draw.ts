/**
 * Canvas drawing of the layer graph: pure functions of (context, model, view). Everything is drawn in screen space
 * (CSS pixels × devicePixelRatio), one path or one colour per style, never one draw call per node with a state change.
 *
 * Level of detail, so one frame of 10,000 nodes / 30,000 edges stays within the 16 ms budget:
 * - nodes smaller than ~3.5 px are drawn as pixel-aligned squares (`fillRect`), bigger ones as their shape;
 * - edges outside the view are skipped; when more than `budget` edges are in view (zoomed out on a large graph), a stable
 *   pseudo-random subset of that size is drawn (every `requires` edge included), a little stronger to keep the density;
 *   zooming in brings back every edge.
 */
import type { DrawModel } from "./model";
import { GHOST_STYLE } from "./model";
import { fill, GAP_STATUSES } from "./labels";
import type { GapStatus, LabelFormat, RendererLabels } from "./labels";

export type Role = GapStatus | "ghost" | "edge" | "requires" | "accent" | "bg" | "bg-alt" | "border" | "text" | "muted";
export type Palette = Record<Role, string>;

export const ROLES: readonly Role[] = [
  "none", "info", "warning", "error", "ghost", "edge", "requires", "accent", "bg", "bg-alt", "border", "text", "muted",
];

/** Obsidian's default light theme, used when a colour cannot be read. */
export const FALLBACK_PALETTE: Palette = {
  none: "#08b94e",
  info: "#086ddd",
  warning: "#ec7500",
  error: "#e93147",
  ghost: "#ababab",
  edge: "#5c5c5c",
  requires: "#8a5cf5",
  accent: "#8a5cf5",
  bg: "#ffffff",
  "bg-alt": "#f6f6f6",
  border: "#e0e0e0",
  text: "#222222",
  muted: "#5c5c5c",
};

/** The visible part of the world: the zoom transform and the world rectangle in view (with a margin). */
export interface View {
  k: number;
  tx: number;
  ty: number;
  width: number;
  height: number;
  dpr: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export function viewOf(t: { k: number; x: number; y: number }, width: number, height: number, dpr: number, margin: number): View {
  const pad = margin / t.k;
  return {
    k: t.k,
    tx: t.x,
    ty: t.y,
    width,
    height,
    dpr,
    x0: -t.x / t.k - pad,
    x1: (width - t.x) / t.k + pad,
    y0: -t.y / t.k - pad,
    y1: (height - t.y) / t.k + pad,
  };
}

/** Screen-space drawing: CSS pixels, scaled by the device pixel ratio. */
export function screen(ctx: CanvasRenderingContext2D, v: View): void {
  ctx.setTransform(v.dpr, 0, 0, v.dpr, 0, 0);
  ctx.globalAlpha = 1;
}

/**
 * Tiny nodes as pixels: a CSS-pixel-sized RGBA buffer written by JavaScript and composited with one `drawImage`.
 * Ten thousand `fillRect` calls cost a software canvas several milliseconds; this costs a fraction of one.
 */
export class DotLayer {
  private image: ImageData | null = null;
  private pixels = new Uint32Array(0);
  private w = 0;
  private h = 0;
  private dirty = false;
  private used = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly ctx: CanvasRenderingContext2D,
  ) {}

  /** Starts a frame of the given size (CSS pixels). */
  begin(width: number, height: number): void {
    const w = Math.max(1, Math.ceil(width));
    const h = Math.max(1, Math.ceil(height));
    if (w !== this.w || h !== this.h || !this.image) {
      this.w = w;
      this.h = h;
      this.canvas.width = w;
      this.canvas.height = h;
      this.image = this.ctx.createImageData(w, h);
      this.pixels = new Uint32Array(this.image.data.buffer);
      this.dirty = false;
    } else if (this.dirty) {
      this.pixels.fill(0);
      this.dirty = false;
    }
    this.used = false;
  }

  /** A square of `size` CSS pixels centred on (sx, sy), in a colour packed by `packColour`. */
  put(sx: number, sy: number, size: number, colour: number): void {
    const x0 = Math.max(0, Math.round(sx - size / 2));
    const y0 = Math.max(0, Math.round(sy - size / 2));
    const x1 = Math.min(this.w, Math.round(sx - size / 2) + size);
    const y1 = Math.min(this.h, Math.round(sy - size / 2) + size);
    const px = this.pixels;
    const w = this.w;
    for (let y = y0; y < y1; y++) {
      const row = y * w;
      for (let x = x0; x < x1; x++) px[row + x] = colour;
    }
    this.used = true;
    this.dirty = true;
  }

  /** Composites the dots onto `target` (crisp: no smoothing when scaled by the device pixel ratio). */
  end(target: CanvasRenderingContext2D, v: View): void {
    if (!this.used || !this.image) return;
    this.ctx.putImageData(this.image, 0, 0);
    screen(target, v);
    const smoothing = target.imageSmoothingEnabled;
    target.imageSmoothingEnabled = false;
    target.drawImage(this.canvas, 0, 0, this.w, this.h);
    target.imageSmoothingEnabled = smoothing;
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Packs RGBA bytes as one pixel of a `Uint32Array` view of `ImageData`. */
export function packColour(r: number, g: number, b: number, a: number): number {
  return LITTLE_ENDIAN ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
}

export type PackedPalette = Record<Role, number>;

const STATUS_OF_STYLE: GapStatus[] = Array.from({ length: 12 }, (_, s) => GAP_STATUSES[s % 4]);
const SHAPE_OF_STYLE: number[] = Array.from({ length: 13 }, (_, s) => (s === GHOST_STYLE ? 3 : s >> 2));
const TAU = 2 * Math.PI;
/** Below this screen radius a node is a square dot. */
const DOT_RADIUS = 1.75;

export function drawBackground(ctx: CanvasRenderingContext2D, m: DrawModel | null, v: View, p: Palette): void {
  screen(ctx, v);
  ctx.fillStyle = p.bg;
  ctx.fillRect(0, 0, v.width, v.height);
  if (!m) return;
  ctx.fillStyle = p["bg-alt"];
  for (const band of m.layout.bands) {
    if (band.layer % 2 === 0) continue;
    const y0 = v.ty + band.y0 * v.k;
    const y1 = v.ty + band.y1 * v.k;
    if (y1 < 0 || y0 > v.height) continue;
    ctx.fillRect(0, y0, v.width, y1 - y0);
  }
  ctx.beginPath();
  for (const band of m.layout.bands) {
    for (const edge of [band.y0, band.y1]) {
      const y = Math.round(v.ty + edge * v.k) + 0.5;
      if (y < 0 || y > v.height) continue;
      ctx.moveTo(0, y);
      ctx.lineTo(v.width, y);
    }
  }
  ctx.strokeStyle = p.border;
  ctx.lineWidth = 1;
  ctx.stroke();
}

export interface EdgeStyle {
  colour: string;
  requiresColour: string;
  alpha: number;
  width: number;
  /** At most this many edges (0: no limit). */
  budget: number;
}

/**
 * Strokes the edges between shown nodes that cross the view: all of them, or those listed in `only`. `scratch` must
 * hold one slot per edge. Returns how many were drawn and how many were in view.
 */
export function drawEdges(
  ctx: CanvasRenderingContext2D,
  m: DrawModel,
  v: View,
  visible: Uint8Array,
  style: EdgeStyle,
  scratch: Int32Array,
  only: readonly number[] | null = null,
): { drawn: number; inView: number } {
  const { x, y, source, target } = m;
  const { x0, x1, y0, y1 } = v;
  const count = only ? only.length : source.length;
  let inView = 0;
  for (let n = 0; n < count; n++) {
    const e = only ? only[n] : n;
    const s = source[e];
    const d = target[e];
    if (!visible[s] || !visible[d]) continue;
    const ax = x[s];
    const bx = x[d];
    if ((ax < x0 && bx < x0) || (ax > x1 && bx > x1)) continue;
    const ay = y[s];
    const by = y[d];
    if ((ay < y0 && by < y0) || (ay > y1 && by > y1)) continue;
    scratch[inView++] = e;
  }
  // Thinning: `requires` edges first, then links by their stable rank, up to the budget.
  let requiresInView = 0;
  if (style.budget > 0 && inView > style.budget) for (let n = 0; n < inView; n++) requiresInView += m.requires[scratch[n]];
  const linkRoom = style.budget > 0 ? Math.max(0, style.budget - requiresInView) : Infinity;
  const linksInView = inView - requiresInView;
  const fraction = linksInView > linkRoom ? linkRoom / linksInView : 1;
  const requiresFraction = style.budget > 0 && requiresInView > style.budget ? style.budget / requiresInView : 1;
  const { k, tx, ty } = v;
  const rank = m.edgeRank;
  const requiresPath = new Path2D();
  let drawn = 0;
  let requiresDrawn = 0;
  screen(ctx, v);
  ctx.beginPath();
  for (let n = 0; n < inView; n++) {
    const e = scratch[n];
    const required = m.requires[e] === 1;
    if (rank[e] >= (required ? requiresFraction : fraction)) continue;
    const s = source[e];
    const d = target[e];
    if (required) {
      requiresPath.moveTo(tx + x[s] * k, ty + y[s] * k);
      requiresPath.lineTo(tx + x[d] * k, ty + y[d] * k);
      requiresDrawn++;
    } else {
      ctx.moveTo(tx + x[s] * k, ty + y[s] * k);
      ctx.lineTo(tx + x[d] * k, ty + y[d] * k);
      drawn++;
    }
  }
  // Hairlines (width ≤ 1) are far cheaper for a software canvas than wider strokes.
  ctx.lineWidth = style.width;
  ctx.globalAlpha = Math.min(0.6, style.alpha / Math.sqrt(fraction));
  ctx.strokeStyle = style.colour;
  if (drawn) ctx.stroke();
  if (requiresDrawn) {
    ctx.globalAlpha = Math.min(1, style.alpha * 2.5);
    ctx.strokeStyle = style.requiresColour;
    ctx.stroke(requiresPath);
  }
  ctx.globalAlpha = 1;
  return { drawn: drawn + requiresDrawn, inView };
}

export interface NodeStyle {
  /** Tiny nodes go here as pixels (null: `fillRect`). */
  dots: DotLayer | null;
  packed: PackedPalette | null;
  /** Draw every node at least this big (CSS pixels), e.g. to make highlighted ones stand out when zoomed out. */
  minRadius: number;
}

/**
 * Draws the shown nodes in view (those with `only[i]` set, when given): concept ●, source ■, check ◆, ghost dashed ○;
 * tiny ones as square dots. One path (or one fill colour) per style.
 */
export function drawNodes(
  ctx: CanvasRenderingContext2D,
  m: DrawModel,
  v: View,
  visible: Uint8Array,
  p: Palette,
  only: Uint8Array | null = null,
  style: NodeStyle = { dots: null, packed: null, minRadius: 0 },
): number {
  const { x, y, r, order, styleStart } = m;
  const { k, tx, ty, x0, x1, y0, y1, dpr } = v;
  const dots = style.packed ? style.dots : null;
  const minRadius = style.minRadius;
  let drawn = 0;
  dots?.begin(v.width, v.height);
  screen(ctx, v);
  for (let s = 0; s < styleStart.length - 1; s++) {
    const start = styleStart[s];
    const end = styleStart[s + 1];
    if (start === end) continue;
    const shape = SHAPE_OF_STYLE[s];
    const ghost = s === GHOST_STYLE;
    const role: Role = ghost ? "ghost" : STATUS_OF_STYLE[s];
    const colour = p[role];
    const packed = style.packed ? style.packed[role] : 0;
    ctx.fillStyle = colour;
    if (ghost) ctx.globalAlpha = 0.8;
    ctx.beginPath();
    let shapes = 0;
    for (let q = start; q < end; q++) {
      const i = order[q];
      if (!visible[i] || (only !== null && !only[i])) continue;
      const wx = x[i];
      const wy = y[i];
      if (wx < x0 || wx > x1 || wy < y0 || wy > y1) continue;
      drawn++;
      const sx = tx + wx * k;
      const sy = ty + wy * k;
      const sr = Math.max(r[i] * k, minRadius);
      if (sr < DOT_RADIUS) {
        if (dots) {
          dots.put(sx, sy, sr < 1.25 ? 2 : 3, packed);
          continue;
        }
        // A dot covering whole device pixels: sharp, and the cheapest shape a canvas draws.
        const size = Math.max(2, Math.round(2 * sr * dpr)) / dpr;
        ctx.fillRect(Math.round((sx - size / 2) * dpr) / dpr, Math.round((sy - size / 2) * dpr) / dpr, size, size);
        continue;
      }
      shapes++;
      if (shape === 1) {
        const h = sr * 0.88;
        ctx.rect(sx - h, sy - h, 2 * h, 2 * h);
      } else if (shape === 2) {
        const h = sr * 1.2;
        ctx.moveTo(sx, sy - h);
        ctx.lineTo(sx + h, sy);
        ctx.lineTo(sx, sy + h);
        ctx.lineTo(sx - h, sy);
        ctx.closePath();
      } else {
        ctx.moveTo(sx + sr, sy);
        ctx.arc(sx, sy, sr, 0, TAU);
      }
    }
    if (shapes) {
      if (ghost) {
        ctx.strokeStyle = colour;
        ctx.lineWidth = 1.2;
        ctx.setLineDash([2, 2]);
        ctx.stroke();
        ctx.setLineDash([]);
      } else {
        ctx.fill();
      }
    }
    ctx.globalAlpha = 1;
  }
  dots?.end(ctx, v);
  return drawn;
}

/** Rings around the listed nodes (search matches, the hovered note). */
export function drawRings(ctx: CanvasRenderingContext2D, m: DrawModel, v: View, nodes: readonly number[], colour: string, width: number): void {
  screen(ctx, v);
  ctx.beginPath();
  for (const i of nodes) {
    const wx = m.x[i];
    const wy = m.y[i];
    if (wx < v.x0 || wx > v.x1 || wy < v.y0 || wy > v.y1) continue;
    const sx = v.tx + wx * v.k;
    const sy = v.ty + wy * v.k;
    const rr = Math.max(m.r[i] * v.k, DOT_RADIUS) + 3;
    ctx.moveTo(sx + rr, sy);
    ctx.arc(sx, sy, rr, 0, TAU);
  }
  ctx.strokeStyle = colour;
  ctx.lineWidth = width;
  ctx.stroke();
}

/** A translucent veil of the background colour over the whole view: what is drawn after it stands out. */
export function veil(ctx: CanvasRenderingContext2D, v: View, p: Palette, alpha: number): void {
  screen(ctx, v);
  ctx.globalAlpha = alpha;
  ctx.fillStyle = p.bg;
  ctx.fillRect(0, 0, v.width, v.height);
  ctx.globalAlpha = 1;
}

export const TITLE_SIZE = 11;

/**
 * Titles under nodes. `all`: every shown node in view (when zoomed in enough to read them), skipping those marked in
 * `skip`; otherwise only `nodes`, with a halo so they stay legible over edges. Returns how many were drawn.
 */
export function drawTitles(
  ctx: CanvasRenderingContext2D,
  m: DrawModel,
  v: View,
  visible: Uint8Array,
  p: Palette,
  fontFamily: string,
  nodes: readonly number[] | null,
  maxWidth: number,
  limit: number,
  skip: Uint8Array | null = null,
): number {
  screen(ctx, v);
  ctx.font = `${TITLE_SIZE}px ${fontFamily}`;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.lineJoin = "round";
  ctx.fillStyle = p.text;
  ctx.strokeStyle = p.bg;
  ctx.lineWidth = 3;
  const titles = m.graph.nodes;
  let drawn = 0;
  const put = (i: number, halo: boolean): void => {
    const wx = m.x[i];
    const wy = m.y[i];
    if (wx < v.x0 || wx > v.x1 || wy < v.y0 || wy > v.y1) return;
    const text = fitText(titles[i].title, maxWidth, TITLE_SIZE);
    if (text === "") return;
    const sx = v.tx + wx * v.k;
    const sy = v.ty + wy * v.k + Math.max(m.r[i] * v.k, DOT_RADIUS) + 2;
    if (halo) ctx.strokeText(text, sx, sy);
    ctx.fillText(text, sx, sy);
    drawn++;
  };
  if (nodes) {
    for (const i of nodes) {
      if (drawn >= limit) break;
      if (visible[i]) put(i, true);
    }
    return drawn;
  }
  for (let i = 0; i < titles.length && drawn < limit; i++) {
    if (visible[i] && !(skip && skip[i])) put(i, false);
  }
  return drawn;
}

/** The band labels in a gutter on the left: layer name, coverage bar, coverage and remaining pages. */
export function drawGutter(
  ctx: CanvasRenderingContext2D,
  m: DrawModel,
  v: View,
  p: Palette,
  fontFamily: string,
  labels: RendererLabels,
  fmt: LabelFormat,
  gutter: number,
): void {
  screen(ctx, v);
  const h = v.height;
  ctx.globalAlpha = 0.94;
  ctx.fillStyle = p["bg-alt"];
  ctx.fillRect(0, 0, gutter, h);
  ctx.globalAlpha = 1;
  ctx.fillStyle = p.border;
  ctx.fillRect(gutter - 1, 0, 1, h);
  ctx.textAlign = "left";
  ctx.textBaseline = "top";
  const inner = gutter - 16;
  for (const band of m.layout.bands) {
    const layer = m.graph.layers[band.layer];
    if (!layer) continue;
    const top = Math.max(0, v.ty + band.y0 * v.k);
    const bottom = Math.min(h, v.ty + band.y1 * v.k);
    const room = bottom - top;
    if (room < 14) continue;
    const block = room >= 62 ? 56 : room >= 32 ? 24 : 14;
    const y = Math.min(Math.max(top + 6, (top + bottom - block) / 2), bottom - block);
    ctx.font = `600 12px ${fontFamily}`;
    ctx.fillStyle = p.text;
    ctx.fillText(fitText(layer.name, inner, 12, ctx), 8, y);
    if (block >= 24) {
      const coverage = Math.max(0, Math.min(1, layer.coverage));
      ctx.fillStyle = p.border;
      ctx.fillRect(8, y + 17, inner, 5);
      ctx.fillStyle = coverage >= 1 ? p.none : p.accent;
      ctx.fillRect(8, y + 17, Math.round(inner * coverage), 5);
    }
    if (block >= 56) {
      ctx.font = `11px ${fontFamily}`;
      ctx.fillStyle = p.muted;
      ctx.fillText(fitText(fill(labels.covered, { pct: fmt.pct(layer.coverage) }), inner, 11, ctx), 8, y + 27);
      const left =
        layer.remainingPages > 0 ? fmt.count(labels.pagesLeft, layer.remainingPages, fmt.short(layer.remainingPages)) : labels.layerDone;
      ctx.fillText(fitText(left, inner, 11, ctx), 8, y + 41);
    }
  }
}

/**
 * Shortens `text` with an ellipsis to fit `maxWidth` pixels: measured when a context is given, estimated otherwise
 * (titles: thousands per frame). Cuts between code points, never inside a surrogate pair.
 */
export function fitText(text: string, maxWidth: number, size: number, ctx?: CanvasRenderingContext2D): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (maxWidth <= size) return "";
  if (!ctx) {
    const fits = Math.floor(maxWidth / (size * 0.56));
    if (clean.length <= fits) return clean;
    const chars = Array.from(clean);
    if (chars.length <= fits) return clean;
    return fits > 1 ? chars.slice(0, fits - 1).join("") + "…" : "";
  }
  if (ctx.measureText(clean).width <= maxWidth) return clean;
  const chars = Array.from(clean);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(chars.slice(0, mid).join("") + "…").width <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo > 0 ? chars.slice(0, lo).join("") + "…" : "";
}
