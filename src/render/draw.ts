/**
 * Canvas drawing of the layer graph: pure functions of (context, model, view). Everything is drawn in screen space
 * (CSS pixels × devicePixelRatio), one path or one colour per style, never one draw call per node with a state change.
 *
 * Level of detail, so one frame of 10,000 nodes / 30,000 edges stays within the 16 ms budget:
 * - nodes smaller than ~3.5 px are drawn as pixel-aligned squares (`fillRect`), bigger ones as their shape;
 * - edges are clipped to the view; when the lines in view are longer than a pixel budget in total (zoomed out on a
 *   large graph, or zoomed in among long edges), a stable pseudo-random subset is drawn, `requires` edges and edges
 *   of notes on screen first, a little stronger to keep the density (see `drawEdges`).
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
 * Small nodes as pixels: an RGBA buffer written by JavaScript and composited with one `drawImage` (only the rectangle
 * the stamps touched). Thousands of anti-aliased arcs or `fillRect` calls cost a software canvas many milliseconds;
 * stamping precomputed anti-aliased masks (see `maskFor`) costs a fraction of one. The buffer has the canvas's
 * resolution, or CSS-pixel resolution scaled up (`scale` 1 on a high-DPI screen) when there are so many tiny nodes
 * that copying four times the pixels would cost more than it shows.
 */
export class DotLayer {
  private image: ImageData | null = null;
  private pixels = new Uint32Array(0);
  private w = 0;
  private h = 0;
  private dpr = 1;
  /** The rectangle stamped since the last clear (device pixels; empty when x0 > x1). */
  private x0 = Infinity;
  private y0 = Infinity;
  private x1 = -Infinity;
  private y1 = -Infinity;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly ctx: CanvasRenderingContext2D,
  ) {}

  /** Starts a frame of the given size (CSS pixels), with `scale` buffer pixels per CSS pixel. */
  begin(width: number, height: number, scale: number): void {
    const w = Math.max(1, Math.ceil(width * scale));
    const h = Math.max(1, Math.ceil(height * scale));
    this.dpr = scale;
    if (w !== this.w || h !== this.h || !this.image) {
      this.w = w;
      this.h = h;
      this.canvas.width = w;
      this.canvas.height = h;
      this.image = this.ctx.createImageData(w, h);
      this.pixels = new Uint32Array(this.image.data.buffer);
    } else if (this.x0 <= this.x1) {
      for (let y = this.y0; y <= this.y1; y++) this.pixels.fill(0, y * w + this.x0, y * w + this.x1 + 1);
    }
    this.x0 = Infinity;
    this.y0 = Infinity;
    this.x1 = -Infinity;
    this.y1 = -Infinity;
  }

  /**
   * Stamps a shape (see `maskFor`) of radius `r` CSS pixels centred on (sx, sy) in `colour` (packed by `packColour`);
   * a pixel keeps the more opaque stamp.
   */
  stamp(sx: number, sy: number, shape: number, r: number, colour: number): void {
    const mask = maskFor(shape, r * this.dpr);
    const { half, dx, dy, cover } = mask;
    const cx = Math.floor(sx * this.dpr);
    const cy = Math.floor(sy * this.dpr);
    const w = this.w;
    const h = this.h;
    if (cx + half < 0 || cy + half < 0 || cx - half >= w || cy - half >= h) return;
    // Whole stamp inside: no bounds checks per pixel.
    const inside = cx - half >= 0 && cy - half >= 0 && cx + half < w && cy + half < h;
    const px = this.pixels;
    const opacity = alphaOf(colour);
    const rgb = withAlpha(colour, 0);
    for (let n = 0; n < cover.length; n++) {
      const x = cx + dx[n];
      const y = cy + dy[n];
      if (!inside && (x < 0 || y < 0 || x >= w || y >= h)) continue;
      const o = y * w + x;
      const a = opacity === 255 ? cover[n] : (cover[n] * opacity + 127) / 255;
      if (alphaOf(px[o]) >= a) continue;
      px[o] = (rgb | withAlpha(0, a)) >>> 0;
    }
    const x0 = Math.max(0, cx - half);
    const y0 = Math.max(0, cy - half);
    const x1 = Math.min(w - 1, cx + half);
    const y1 = Math.min(h - 1, cy + half);
    if (x0 < this.x0) this.x0 = x0;
    if (y0 < this.y0) this.y0 = y0;
    if (x1 > this.x1) this.x1 = x1;
    if (y1 > this.y1) this.y1 = y1;
  }

  /** Composites what was stamped onto `target` (whose device pixel ratio is `dpr`). */
  end(target: CanvasRenderingContext2D, dpr: number): void {
    if (!this.image || this.x0 > this.x1) return;
    const w = this.x1 - this.x0 + 1;
    const h = this.y1 - this.y0 + 1;
    this.ctx.putImageData(this.image, 0, 0, this.x0, this.y0, w, h);
    const f = dpr / this.dpr;
    target.setTransform(1, 0, 0, 1, 0, 0);
    target.globalAlpha = 1;
    const smoothing = target.imageSmoothingEnabled;
    target.imageSmoothingEnabled = false;
    target.drawImage(this.canvas, this.x0, this.y0, w, h, this.x0 * f, this.y0 * f, w * f, h * f);
    target.imageSmoothingEnabled = smoothing;
  }
}

/** An anti-aliased shape: its covered pixels as offsets from the centre pixel and coverage bytes (0–255). */
export interface StampMask {
  /** Every offset is within ±half. */
  half: number;
  dx: Int8Array;
  dy: Int8Array;
  cover: Uint8Array;
}

const MASKS = new Map<number, StampMask>();

/**
 * The mask of a shape (0 circle, 1 square, 2 diamond, 3 ring) of radius `r` pixels (in quarter pixels), sampled
 * 4 × 4 per pixel; only covered pixels are listed. Built once and kept.
 */
export function maskFor(shape: number, r: number): StampMask {
  const q = Math.max(0.5, Math.min(40, Math.round(r * 4) / 4));
  const key = shape * 1000 + q * 4;
  const cached = MASKS.get(key);
  if (cached) return cached;
  const reach = shape === 1 ? q * 0.88 : shape === 2 ? q * 1.2 : shape === 3 ? q + 0.6 : q;
  const half = Math.ceil(reach + 0.5);
  const S = 4;
  const dx: number[] = [];
  const dy: number[] = [];
  const cover: number[] = [];
  for (let j = -half; j <= half; j++) {
    for (let i = -half; i <= half; i++) {
      let hits = 0;
      for (let b = 0; b < S; b++) {
        for (let a = 0; a < S; a++) {
          const x = i + (a + 0.5) / S - 0.5;
          const y = j + (b + 0.5) / S - 0.5;
          let hit: boolean;
          if (shape === 1) hit = Math.max(Math.abs(x), Math.abs(y)) <= q * 0.88;
          else if (shape === 2) hit = Math.abs(x) + Math.abs(y) <= q * 1.2;
          else if (shape === 3) hit = Math.abs(Math.hypot(x, y) - q) <= 0.6;
          else hit = x * x + y * y <= q * q;
          if (hit) hits++;
        }
      }
      if (hits === 0) continue;
      dx.push(i);
      dy.push(j);
      cover.push(Math.round((255 * hits) / (S * S)));
    }
  }
  const mask = { half, dx: Int8Array.from(dx), dy: Int8Array.from(dy), cover: Uint8Array.from(cover) };
  MASKS.set(key, mask);
  return mask;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Packs RGBA bytes as one pixel of a `Uint32Array` view of `ImageData`. */
export function packColour(r: number, g: number, b: number, a: number): number {
  return LITTLE_ENDIAN ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
}

function alphaOf(pixel: number): number {
  return LITTLE_ENDIAN ? pixel >>> 24 : pixel & 0xff;
}

/** The pixel with its alpha byte set to `a` (0–255). */
function withAlpha(pixel: number, a: number): number {
  return LITTLE_ENDIAN ? ((pixel & 0x00ffffff) | (a << 24)) >>> 0 : ((pixel & 0xffffff00) | a) >>> 0;
}

export type PackedPalette = Record<Role, number>;

function unpack(colour: number): [number, number, number] {
  return LITTLE_ENDIAN
    ? [colour & 0xff, (colour >>> 8) & 0xff, (colour >>> 16) & 0xff]
    : [(colour >>> 24) & 0xff, (colour >>> 16) & 0xff, (colour >>> 8) & 0xff];
}

/** `fg` at `alpha` over `bg` (packed pixels), as a CSS colour. */
export function mix(fg: number, bg: number, alpha: number): string {
  const f = unpack(fg);
  const b = unpack(bg);
  const c = f.map((v, i) => Math.round(v * alpha + b[i] * (1 - alpha)));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

const STATUS_OF_STYLE: GapStatus[] = Array.from({ length: 12 }, (_, s) => GAP_STATUSES[s % 4]);
const SHAPE_OF_STYLE: number[] = Array.from({ length: 13 }, (_, s) => (s === GHOST_STYLE ? 3 : s >> 2));
const TAU = 2 * Math.PI;
/** Below this screen radius a node drawn without the dot layer is a square. */
const DOT_RADIUS = 1.75;
/** Nodes smaller than this (CSS pixels) are stamped into the dot layer; bigger ones are vector shapes. */
const STAMP_RADIUS = 8;

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
  /** At most about this many CSS pixels of line in one frame (0: no limit); see `drawEdges`. */
  budget: number;
  /**
   * The colours as packed pixels: the lines are then drawn opaque in the colour they would have at `alpha` over the
   * background (half the cost of blending each pixel; crossings no longer darken).
   */
  over: { edge: number; requires: number; bg: number } | null;
}

/** Reusable per-frame buffers for `drawEdges` (sized by `ensure`). */
export class EdgeScratch {
  ids = new Int32Array(0);
  /** Clipped segment per candidate: ax, ay, bx, by (CSS pixels). */
  seg = new Float32Array(0);
  /** 1 when the segment has an end inside the view (a note on screen), 0 when it only passes through. */
  anchored = new Uint8Array(0);

  ensure(edges: number): void {
    if (this.ids.length >= edges) return;
    this.ids = new Int32Array(edges);
    this.seg = new Float32Array(4 * edges);
    this.anchored = new Uint8Array(edges);
  }
}

/**
 * Strokes the edges between shown nodes that cross the view: all of them, or those listed in `only`.
 *
 * A software canvas pays for every pixel of every line, so the budget is in pixels of line, not in edges: when the
 * segments in view (clipped to it) are longer than `style.budget` in total, a stable pseudo-random subset is drawn
 * (by `DrawModel.edgeRank`, so nothing flickers while panning): first every `requires` edge and every edge with a note
 * on screen, then edges that only pass through. Returns how many edges were drawn and how many were in view.
 */
export function drawEdges(
  ctx: CanvasRenderingContext2D,
  m: DrawModel,
  v: View,
  visible: Uint8Array,
  style: EdgeStyle,
  scratch: EdgeScratch,
  only: readonly number[] | null = null,
): { drawn: number; inView: number } {
  const { x, y, source, target, requires, edgeRank } = m;
  const { k, tx, ty } = v;
  const count = only ? only.length : source.length;
  scratch.ensure(source.length);
  const { ids, seg, anchored } = scratch;
  // The canvas with a small margin; segments are clipped to it (Liang–Barsky).
  const cx0 = -4;
  const cy0 = -4;
  const cx1 = v.width + 4;
  const cy1 = v.height + 4;
  let inView = 0;
  let lengthAnchored = 0;
  let lengthPassing = 0;
  for (let n = 0; n < count; n++) {
    const e = only ? only[n] : n;
    const s = source[e];
    const d = target[e];
    if (!visible[s] || !visible[d]) continue;
    let ax = tx + x[s] * k;
    let bx = tx + x[d] * k;
    if ((ax < cx0 && bx < cx0) || (ax > cx1 && bx > cx1)) continue;
    let ay = ty + y[s] * k;
    let by = ty + y[d] * k;
    if ((ay < cy0 && by < cy0) || (ay > cy1 && by > cy1)) continue;
    const aIn = ax >= cx0 && ax <= cx1 && ay >= cy0 && ay <= cy1;
    const bIn = bx >= cx0 && bx <= cx1 && by >= cy0 && by <= cy1;
    if (!aIn || !bIn) {
      const dx = bx - ax;
      const dy = by - ay;
      let t0 = 0;
      let t1 = 1;
      const ps = [-dx, dx, -dy, dy];
      const qs = [ax - cx0, cx1 - ax, ay - cy0, cy1 - ay];
      let inside = true;
      for (let side = 0; side < 4 && inside; side++) {
        const p = ps[side];
        const q = qs[side];
        if (p === 0) {
          if (q < 0) inside = false;
        } else {
          const r = q / p;
          if (p < 0) {
            if (r > t1) inside = false;
            else if (r > t0) t0 = r;
          } else if (r < t0) inside = false;
          else if (r < t1) t1 = r;
        }
      }
      if (!inside) continue;
      bx = ax + t1 * dx;
      by = ay + t1 * dy;
      ax += t0 * dx;
      ay += t0 * dy;
    }
    const o = 4 * inView;
    seg[o] = ax;
    seg[o + 1] = ay;
    seg[o + 2] = bx;
    seg[o + 3] = by;
    const length = Math.abs(bx - ax) + Math.abs(by - ay);
    const strong = aIn || bIn || requires[e] === 1;
    anchored[inView] = strong ? 1 : 0;
    if (strong) lengthAnchored += length;
    else lengthPassing += length;
    ids[inView++] = e;
  }
  const total = lengthAnchored + lengthPassing;
  let keepAnchored = 1;
  let keepPassing = 1;
  if (style.budget > 0 && total > style.budget) {
    if (lengthAnchored >= style.budget) {
      keepAnchored = style.budget / lengthAnchored;
      keepPassing = 0;
    } else {
      keepPassing = (style.budget - lengthAnchored) / lengthPassing;
    }
  }
  const requiresPath = new Path2D();
  let drawn = 0;
  let requiresDrawn = 0;
  let lengthDrawn = 0;
  screen(ctx, v);
  ctx.beginPath();
  for (let n = 0; n < inView; n++) {
    const e = ids[n];
    const required = requires[e] === 1;
    // A `requires` edge ranks first among the anchored ones.
    const rank = required ? 0 : edgeRank[e];
    if (rank >= (anchored[n] ? keepAnchored : keepPassing)) continue;
    const o = 4 * n;
    if (required) {
      requiresPath.moveTo(seg[o], seg[o + 1]);
      requiresPath.lineTo(seg[o + 2], seg[o + 3]);
      requiresDrawn++;
    } else {
      ctx.moveTo(seg[o], seg[o + 1]);
      ctx.lineTo(seg[o + 2], seg[o + 3]);
      drawn++;
    }
    lengthDrawn += Math.abs(seg[o + 2] - seg[o]) + Math.abs(seg[o + 3] - seg[o + 1]);
  }
  // Hairlines (width ≤ 1) are far cheaper for a software canvas than wider strokes. A thinned frame draws its lines a
  // little stronger, so the density still reads.
  const kept = total > 0 ? Math.max(0.05, lengthDrawn / total) : 1;
  const linkAlpha = Math.min(0.6, style.alpha / Math.sqrt(kept));
  const requiresAlpha = Math.min(0.8, style.alpha * 1.6);
  const over = style.over;
  ctx.lineWidth = style.width;
  if (drawn) {
    ctx.globalAlpha = over ? 1 : linkAlpha;
    ctx.strokeStyle = over ? mix(over.edge, over.bg, linkAlpha) : style.colour;
    ctx.stroke();
  }
  if (requiresDrawn) {
    ctx.globalAlpha = over ? 1 : requiresAlpha;
    ctx.strokeStyle = over ? mix(over.requires, over.bg, requiresAlpha) : style.requiresColour;
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
  // Many thousand tiny nodes on a high-DPI screen: stamp at CSS resolution (see DotLayer).
  dots?.begin(v.width, v.height, dpr > 1 && order.length > 4000 ? 1 : dpr);
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
      if (dots && sr < STAMP_RADIUS) {
        dots.stamp(sx, sy, shape, Math.max(sr, 1), packed);
        continue;
      }
      if (sr < DOT_RADIUS) {
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
  dots?.end(ctx, dpr);
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
 * Titles by the nodes, below and above in turn along each row (`DrawModel.titleAbove`), so `maxWidth` may be two
 * columns. With `nodes` null: every shown node in view (when zoomed in enough to read them), skipping those marked in
 * `skip`. Otherwise the listed nodes, each on a plate of the background colour so it reads over edges.
 * Returns how many were drawn.
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
  const titles = m.graph.nodes;
  const placed: { text: string; x: number; y: number }[] = [];
  const place = (i: number): void => {
    const wx = m.x[i];
    const wy = m.y[i];
    if (wx < v.x0 || wx > v.x1 || wy < v.y0 || wy > v.y1) return;
    const text = fitText(titles[i].title, maxWidth, TITLE_SIZE);
    if (text === "") return;
    const gap = Math.max(m.r[i] * v.k, DOT_RADIUS) + 2;
    const sy = v.ty + wy * v.k;
    placed.push({ text, x: v.tx + wx * v.k, y: m.titleAbove[i] ? sy - gap - TITLE_SIZE - 1 : sy + gap });
  };
  if (nodes) {
    for (const i of nodes) {
      if (placed.length >= limit) break;
      if (visible[i]) place(i);
    }
    ctx.beginPath();
    for (const t of placed) {
      const w = ctx.measureText(t.text).width + 6;
      ctx.rect(t.x - w / 2, t.y - 1, w, TITLE_SIZE + 3);
    }
    ctx.globalAlpha = 0.85;
    ctx.fillStyle = p.bg;
    ctx.fill();
    ctx.globalAlpha = 1;
  } else {
    for (let i = 0; i < titles.length && placed.length < limit; i++) {
      if (visible[i] && !(skip && skip[i])) place(i);
    }
  }
  ctx.fillStyle = p.text;
  for (const t of placed) ctx.fillText(t.text, t.x, t.y);
  return placed.length;
}

/**
 * The band labels in a gutter on the left: layer name, coverage bar, coverage and remaining pages. Text is the
 * slowest thing a software canvas draws, so each label is drawn once into a small bitmap and then only copied,
 * until `revision` (graph, theme) or the label's size changes.
 */
export class BandLabels {
  private readonly sprites = new Map<string, HTMLCanvasElement>();
  private revision = -1;

  constructor(private readonly makeCanvas: () => HTMLCanvasElement) {}

  draw(
    ctx: CanvasRenderingContext2D,
    m: DrawModel,
    v: View,
    p: Palette,
    fontFamily: string,
    labels: RendererLabels,
    fmt: LabelFormat,
    gutter: number,
    revision: number,
  ): void {
    if (revision !== this.revision || this.sprites.size > 256) {
      this.sprites.clear();
      this.revision = revision;
    }
    screen(ctx, v);
    const h = v.height;
    ctx.fillStyle = p["bg-alt"];
    ctx.fillRect(0, 0, gutter, h);
    ctx.fillStyle = p.border;
    ctx.fillRect(gutter - 1, 0, 1, h);
    for (const band of m.layout.bands) {
      const layer = m.graph.layers[band.layer];
      if (!layer) continue;
      const top = Math.max(0, v.ty + band.y0 * v.k);
      const bottom = Math.min(h, v.ty + band.y1 * v.k);
      const room = bottom - top;
      if (room < 14) continue;
      const block = room >= 62 ? 56 : room >= 32 ? 24 : 14;
      const y = Math.round(Math.min(Math.max(top + 6, (top + bottom - block) / 2), bottom - block));
      const key = `${band.layer}|${block}|${gutter}|${v.dpr}`;
      let sprite = this.sprites.get(key);
      if (!sprite) {
        sprite = this.makeCanvas();
        sprite.width = Math.ceil(gutter * v.dpr);
        sprite.height = Math.ceil((block + 2) * v.dpr);
        const sctx = sprite.getContext("2d");
        if (!sctx) continue;
        sctx.setTransform(v.dpr, 0, 0, v.dpr, 0, 0);
        drawBandLabel(sctx, layer, block, p, fontFamily, labels, fmt, gutter);
        this.sprites.set(key, sprite);
      }
      ctx.drawImage(sprite, 0, y, sprite.width / v.dpr, sprite.height / v.dpr);
    }
  }
}

/** One band label at (0, 0), `block` pixels high: 14 name only, 24 with the bar, 56 with the figures. */
function drawBandLabel(
  ctx: CanvasRenderingContext2D,
  layer: DrawModel["graph"]["layers"][number],
  block: number,
  p: Palette,
  fontFamily: string,
  labels: RendererLabels,
  fmt: LabelFormat,
  gutter: number,
): void {
  const inner = gutter - 16;
  ctx.textAlign = "left";
  ctx.textBaseline = "top";
  ctx.font = `600 12px ${fontFamily}`;
  ctx.fillStyle = p.text;
  ctx.fillText(fitText(layer.name, inner, 12, ctx), 8, 0);
  if (block >= 24) {
    const coverage = Math.max(0, Math.min(1, layer.coverage));
    ctx.fillStyle = p.border;
    ctx.fillRect(8, 17, inner, 5);
    ctx.fillStyle = coverage >= 1 ? p.none : p.accent;
    ctx.fillRect(8, 17, Math.round(inner * coverage), 5);
  }
  if (block >= 56) {
    ctx.font = `11px ${fontFamily}`;
    ctx.fillStyle = p.muted;
    // The long wording when it fits, else the figures alone: a narrow gutter still shows the numbers.
    const pct = fmt.pct(layer.coverage);
    const covered = fill(labels.covered, { pct });
    ctx.fillText(fitText(ctx.measureText(covered).width <= inner ? covered : pct, inner, 11, ctx), 8, 27);
    const pages = layer.remainingPages;
    let left = labels.layerDone;
    if (pages > 0) {
      left = fmt.count(labels.pagesLeft, pages, fmt.short(pages));
      if (ctx.measureText(left).width > inner) left = fmt.count(labels.pagesLeftShort, pages, fmt.short(pages));
      if (ctx.measureText(left).width > inner) left = fmt.short(pages);
    }
    ctx.fillText(fitText(left, inner, 11, ctx), 8, 41);
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
