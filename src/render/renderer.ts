/**
 * The layer graph (spec §7): one renderer for the Obsidian pane and the standalone HTML export. DOM and d3 only.
 *
 *   graph ──► model (cleaned graph, layoutGraph once, style buckets, adjacency) ──► canvas frame (per zoom/hover)
 *
 * - Layers are horizontal bands, foundations at the bottom; a gutter on the left labels each band with the layer's name,
 *   a coverage bar and the pages still to go.
 * - Notes are drawn on a canvas in batches (one path per kind × gap status): concept ●, source ■, check ◆, and a missing
 *   link target (ghost) as a faint dashed ring; size by effective tokens; colour by the worst gap.
 * - d3-zoom zooms and pans; a d3 quadtree finds the node under the pointer; hover shows the note's figures as text and
 *   highlights its neighbours; click opens (Ctrl/Cmd/middle click: new tab); ghosts do not open.
 * - The toolbar filters by domain, module and kind and searches titles (Enter jumps to the next match).
 * - Colours are the theme's CSS variables, read through the `kl-graph-color-*` classes of styles.css.
 *
 * Use (the plugin pane):
 *   const renderer = new LayerGraphRenderer(contentEl, { onOpen, onFilterChange: saveViewState, labels, filter });
 *   renderer.setGraph(graph);        // when the index changed and the pane is visible
 *   renderer.resize();               // optional: a ResizeObserver already follows the container's size
 *   renderer.refreshTheme();         // optional: theme changes are followed too (body class, prefers-color-scheme)
 *   renderer.destroy();              // onClose
 */
import { creator, quadtree, select, zoom, zoomIdentity } from "d3";
import type { D3ZoomEvent, Quadtree, ZoomBehavior, ZoomTransform } from "d3";
import type { Graph, GraphJson } from "../core/types";
import { append, buildLegend, fillTooltip, placeTooltip, Toolbar } from "./controls";
import { defaultFilter, filterChoices, mergeFilter, sameFilter, searchMatches, visibleNodes } from "./filter";
import type { GraphFilter } from "./filter";
import {
  BandLabels,
  DotLayer,
  EdgeScratch,
  drawBackground,
  drawEdges,
  drawNodes,
  drawRings,
  drawTitles,
  FALLBACK_PALETTE,
  packColour,
  ROLES,
  veil,
  viewOf,
} from "./draw";
import type { NodeStyle, PackedPalette, Palette, Role, View } from "./draw";
import { LabelFormat, mergeLabels } from "./labels";
import type { RendererLabels } from "./labels";
import { buildModel } from "./model";
import type { DrawModel } from "./model";

export type { GraphFilter } from "./filter";
export type { RendererLabels } from "./labels";

export interface RendererOptions {
  /**
   * A note was clicked: open it. `newTab` for Ctrl/Cmd click and middle click; `event` lets a host read more (Obsidian's
   * `Keymap.isModEvent` gives tab, split or window). Never called for ghost nodes.
   */
  onOpen?(id: string, newTab: boolean, event?: MouseEvent): void;
  /** The user changed a filter or the search in the toolbar (not called for `setFilter`). Persist it in the view state. */
  onFilterChange?(filter: GraphFilter): void;
  /** Visible strings; English by default (`RENDERER_LABELS_RU` for Russian). */
  labels?: Partial<RendererLabels>;
  /** The initial filter (e.g. restored from the view state). */
  filter?: Partial<GraphFilter>;
}

/** What the last frame drew (for tests and the benchmark). */
export interface FrameStats {
  nodes: number;
  visible: number;
  matches: number;
  nodesDrawn: number;
  edgesDrawn: number;
  /** Edges in view; more than `edgesDrawn` when a zoomed-out frame thinned them. */
  edgesInView: number;
  labelsDrawn: number;
}

/** Most titles drawn in one frame when zoomed in. */
const LABEL_LIMIT = 700;
/** Titles of every node appear once neighbouring nodes are this many CSS pixels apart. */
const TITLES_AT = 56;
/** Titles drawn for highlighted notes (hover neighbourhood, search matches) at any zoom. */
const HIGHLIGHT_TITLES = 60;
/**
 * About the most CSS pixels of edge line stroked in one frame (see `drawEdges`): the whole graph in view, and zoomed in
 * far enough for titles (where the edges that only pass through the view are the first to go).
 */
const EDGE_PIXELS = 200_000;
const EDGE_PIXELS_WITH_TITLES = 120_000;
const FIT_PADDING = 12;
const MAX_FIT_SCALE = 2;

export class LayerGraphRenderer {
  private readonly options: RendererOptions;
  private readonly labels: RendererLabels;
  private readonly fmt: LabelFormat;
  private readonly win: Window;
  private readonly root: HTMLDivElement;
  private readonly stage: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private readonly tooltip: HTMLDivElement;
  private readonly toolbar: Toolbar;
  private readonly emptyEl: HTMLDivElement;
  private readonly legend: HTMLDetailsElement;
  private readonly probes = new Map<Role, HTMLElement>();
  private readonly zoomBehavior: ZoomBehavior<HTMLCanvasElement, unknown>;
  private readonly resizeObserver: ResizeObserver | null = null;
  private readonly themeObserver: MutationObserver | null = null;
  private readonly darkQuery: MediaQueryList | null = null;
  private readonly onSchemeChange = (): void => this.refreshTheme();

  private colors: Palette = { ...FALLBACK_PALETTE };
  private fontFamily = "sans-serif";
  private model: DrawModel | null = null;
  private indexOf = new Map<string, number>();
  private filter: GraphFilter;
  private visible: Uint8Array = new Uint8Array(0);
  private visibleNotes = 0;
  private totalNotes = 0;
  private matched: Uint8Array = new Uint8Array(0);
  private matchList: number[] = [];
  private matchCursor = -1;
  private mark: Uint8Array = new Uint8Array(0);
  private tree: Quadtree<number> | null = null;
  private hovered = -1;
  private transform: ZoomTransform = zoomIdentity;
  private width = 0;
  private height = 0;
  private dpr = 1;
  private userMoved = false;
  private frameRequest = 0;
  private destroyed = false;
  private stats: FrameStats = { nodes: 0, visible: 0, matches: 0, nodesDrawn: 0, edgesDrawn: 0, edgesInView: 0, labelsDrawn: 0 };
  /** The frame without the hover highlight, and what it was drawn for. */
  private readonly base: HTMLCanvasElement | null;
  private readonly baseCtx: CanvasRenderingContext2D | null;
  /** What the main canvas shows (`showsBase`: the base alone, no hover on it) and what the offscreen copy holds. */
  private drawnKey = "";
  private showsBase = false;
  private savedKey = "";
  /** Bumped whenever the graph, the filter or the theme changes (invalidates the base). */
  private revision = 0;
  private readonly scratch = new EdgeScratch();
  private readonly dots: DotLayer | null;
  private readonly bandLabels: BandLabels;
  /** The palette as packed pixels, for the dot layer. */
  private packed: PackedPalette | null = null;

  constructor(container: HTMLElement, options: RendererOptions = {}) {
    this.options = options;
    this.labels = mergeLabels(options.labels);
    this.fmt = new LabelFormat(this.labels);
    this.filter = mergeFilter(defaultFilter(), options.filter);
    this.win = container.ownerDocument.defaultView ?? window;
    const L = this.labels;

    this.root = append(container, "div", "kl-graph");

    this.toolbar = new Toolbar(this.root, L, {
      change: (partial) => this.userFilter(partial),
      searchKey: (event) => this.onSearchKey(event),
      fit: () => this.fit(),
    });

    // Stage: canvas, tooltip, legend, empty message, colour probes.
    this.stage = append(this.root, "div", "kl-graph-stage");
    this.canvas = append(this.stage, "canvas", "kl-graph-canvas");
    this.ctx = this.canvas.getContext("2d", { alpha: false });
    this.base = this.ctx ? creator("canvas").call(this.root) : null;
    this.baseCtx = this.base ? this.base.getContext("2d", { alpha: false }) : null;
    const dotCanvas = this.ctx ? creator("canvas").call(this.root) : null;
    const dotCtx = dotCanvas ? dotCanvas.getContext("2d") : null;
    this.dots = dotCanvas && dotCtx ? new DotLayer(dotCanvas, dotCtx) : null;
    this.bandLabels = new BandLabels(() => creator("canvas").call(this.root));
    this.tooltip = append(this.stage, "div", "kl-graph-tooltip is-hidden");
    select(this.tooltip).attr("role", "tooltip");
    this.emptyEl = append(this.stage, "div", "kl-graph-empty is-hidden");
    select(this.emptyEl).text(L.empty);
    this.legend = buildLegend(this.stage, L);
    const probes = append(this.stage, "div", "kl-graph-probes");
    for (const role of ROLES) this.probes.set(role, append(probes, "span", `kl-graph-color-${role}`));

    this.zoomBehavior = zoom<HTMLCanvasElement, unknown>()
      .filter((event: MouseEvent) => {
        if (event.type === "dblclick" && this.hitTest(...this.pointer(event)) >= 0) return false;
        return (!event.ctrlKey || event.type === "wheel") && !event.button;
      })
      .on("zoom", (event: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        this.transform = event.transform;
        if (event.sourceEvent) {
          this.userMoved = true;
          this.setHover(-1);
        }
        this.scheduleDraw();
      });
    select(this.canvas)
      .call(this.zoomBehavior)
      .on("pointermove", (event: PointerEvent) => this.onPointerMove(event))
      .on("pointerleave", () => this.setHover(-1))
      .on("click", (event: MouseEvent) => this.onClick(event, false))
      .on("auxclick", (event: MouseEvent) => {
        if (event.button === 1) this.onClick(event, true);
      })
      .on("mousedown.middle", (event: MouseEvent) => {
        // No autoscroll on middle click: it opens in a new tab.
        if (event.button === 1) event.preventDefault();
      });

    if (typeof ResizeObserver !== "undefined") {
      this.resizeObserver = new ResizeObserver(() => this.resize());
      this.resizeObserver.observe(this.stage);
    }
    const body = container.ownerDocument.body;
    if (typeof MutationObserver !== "undefined" && body) {
      // Obsidian switches light/dark and themes through classes on <body>.
      this.themeObserver = new MutationObserver(() => this.refreshTheme());
      this.themeObserver.observe(body, { attributes: true, attributeFilter: ["class"] });
    }
    if (typeof this.win.matchMedia === "function") {
      this.darkQuery = this.win.matchMedia("(prefers-color-scheme: dark)");
      this.darkQuery.addEventListener("change", this.onSchemeChange);
    }
    this.syncControls();
    this.readTheme();
    this.measure();
    if (this.width >= 520) this.legend.open = true;
  }

  // ───────────────────────────── Public API ─────────────────────────────

  /** Shows a new graph: lays it out once (for the view's aspect ratio) and redraws. Keeps the view if the user moved it. */
  setGraph(graph: Graph | GraphJson): void {
    if (this.destroyed) return;
    this.measure();
    const aspect = this.width > 0 && this.height > 0 ? (this.width - this.gutterWidth()) / this.height : 1.6;
    this.model = buildModel(graph, aspect, {}, this.model);
    const nodes = this.model.graph.nodes;
    this.indexOf = new Map(nodes.map((node, i) => [node.id, i]));
    this.totalNotes = nodes.reduce((sum, node) => sum + (node.kind === "ghost" ? 0 : 1), 0);
    this.mark = new Uint8Array(nodes.length);
    this.hovered = -1;
    this.matchCursor = -1;
    this.setHover(-1);
    this.syncControls();
    this.applyFilter();
    select(this.emptyEl).classed("is-hidden", nodes.length > 0);
    if (!this.userMoved) this.fitView();
    this.drawFrame();
  }

  /** Changes the filter (fields left out stay); updates the toolbar. Does not call `onFilterChange`. */
  setFilter(filter: Partial<GraphFilter>): void {
    const next = mergeFilter(this.filter, filter);
    if (sameFilter(next, this.filter)) return;
    this.filter = next;
    this.syncControls();
    this.applyFilter();
    this.scheduleDraw();
  }

  /** A copy of the current filter. */
  getFilter(): GraphFilter {
    return { ...this.filter, kinds: [...this.filter.kinds] };
  }

  /** Re-reads the container's size, the device pixel ratio and the theme's colours, and redraws. */
  resize(): void {
    if (this.destroyed) return;
    this.readTheme();
    this.measure();
    if (!this.userMoved) this.fitView();
    this.drawFrame();
  }

  /** Re-reads the theme's colours (after a theme or CSS change) and redraws if they changed. */
  refreshTheme(): void {
    if (this.destroyed) return;
    if (this.readTheme()) this.scheduleDraw();
  }

  /** Zooms and pans so the shown notes and every band fit in view. */
  fit(): void {
    this.userMoved = false;
    this.fitView();
    this.drawFrame();
  }

  /** Centres the view on a note, zooms in enough to read it, and shows its tooltip. False when it is not shown. */
  focus(id: string): boolean {
    const i = this.indexOf.get(id);
    if (!this.model || i === undefined || !this.visible[i]) return false;
    const k = Math.max(this.transform.k, 2.5);
    const cx = this.gutterWidth() + (this.width - this.gutterWidth()) / 2;
    const t = zoomIdentity.translate(cx - this.model.x[i] * k, this.height / 2 - this.model.y[i] * k).scale(k);
    this.applyTransform(t);
    this.userMoved = true;
    const [sx, sy] = this.screenOf(i);
    this.setHover(i, sx, sy);
    this.drawFrame();
    return true;
  }

  /**
   * Draws one full frame now, from scratch (the benchmark's unit of work). Normal redraws are batched per animation
   * frame and reuse the base of the last frame while only the hover changes.
   */
  drawFrame(): void {
    if (this.frameRequest) {
      this.win.cancelAnimationFrame(this.frameRequest);
      this.frameRequest = 0;
    }
    this.drawnKey = "";
    this.savedKey = "";
    this.draw();
  }

  /** Where a shown note is drawn: centre and radius in CSS pixels relative to the canvas; null when hidden or unknown. */
  getNodePosition(id: string): { x: number; y: number; r: number } | null {
    const i = this.indexOf.get(id);
    if (!this.model || i === undefined || !this.visible[i]) return null;
    const [x, y] = this.screenOf(i);
    return { x, y, r: this.model.r[i] * this.transform.k };
  }

  /** Where a layer's band is drawn: top and bottom in CSS pixels relative to the canvas. */
  getBandExtent(layer: number): { y0: number; y1: number } | null {
    const band = this.model?.layout.bands[layer];
    if (!band) return null;
    const t = this.transform;
    return { y0: t.y + band.y0 * t.k, y1: t.y + band.y1 * t.k };
  }

  /** The figures of the last frame. */
  getFrameStats(): FrameStats {
    return { ...this.stats };
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.frameRequest) this.win.cancelAnimationFrame(this.frameRequest);
    this.resizeObserver?.disconnect();
    this.themeObserver?.disconnect();
    this.darkQuery?.removeEventListener("change", this.onSchemeChange);
    select(this.canvas).on(".zoom", null).on("pointermove pointerleave click auxclick mousedown.middle", null);
    this.root.remove();
    this.model = null;
    this.tree = null;
  }

  // ───────────────────────────── Filters and toolbar ─────────────────────────────

  private userFilter(partial: Partial<GraphFilter>): void {
    const next = mergeFilter(this.filter, partial);
    if (sameFilter(next, this.filter)) return;
    const searchOnly = sameFilter({ ...next, search: this.filter.search }, this.filter);
    this.filter = next;
    this.applyFilter(searchOnly);
    this.scheduleDraw();
    this.options.onFilterChange?.(this.getFilter());
  }

  private onSearchKey(event: KeyboardEvent): void {
    if (event.key === "Enter") {
      event.preventDefault();
      if (!this.model || this.matchList.length === 0) return;
      const step = event.shiftKey ? -1 : 1;
      this.matchCursor = (this.matchCursor + step + this.matchList.length) % this.matchList.length;
      this.focus(this.model.graph.nodes[this.matchList[this.matchCursor]].id);
    } else if (event.key === "Escape" && this.toolbar.search.value !== "") {
      event.preventDefault();
      this.toolbar.search.value = "";
      this.userFilter({ search: "" });
    }
  }

  /** Puts the filter and the graph's choices into the toolbar's controls. */
  private syncControls(): void {
    this.toolbar.show(this.filter, this.model ? filterChoices(this.model.graph) : { domains: [], modules: [] });
  }

  /** Recomputes which nodes are shown and matched, and the quadtree of shown nodes. */
  private applyFilter(searchOnly = false): void {
    const m = this.model;
    if (!m) {
      this.updateStatus();
      return;
    }
    const nodes = m.graph.nodes;
    this.revision++;
    if (!searchOnly || this.visible.length !== nodes.length) {
      this.visible = visibleNodes(m.graph, this.filter);
      let notes = 0;
      for (let i = 0; i < nodes.length; i++) if (this.visible[i] && nodes[i].kind !== "ghost") notes++;
      this.visibleNotes = notes;
      const shown: number[] = [];
      for (let i = 0; i < nodes.length; i++) if (this.visible[i]) shown.push(i);
      this.tree = quadtree<number>()
        .x((i) => m.x[i])
        .y((i) => m.y[i])
        .addAll(shown);
      if (this.hovered >= 0 && !this.visible[this.hovered]) this.setHover(-1);
    }
    this.matchList = searchMatches(m.haystacks, this.visible, this.filter.search);
    this.matched = new Uint8Array(nodes.length);
    for (const i of this.matchList) this.matched[i] = 1;
    this.matchCursor = -1;
    this.updateStatus();
  }

  private updateStatus(): void {
    const f = this.fmt;
    let text = f.count(this.labels.shown, this.totalNotes, f.int(this.totalNotes), { shown: f.int(this.visibleNotes) });
    if (this.filter.search.trim() !== "") text += " · " + f.count(this.labels.matches, this.matchList.length, f.int(this.matchList.length));
    this.toolbar.setStatus(text);
  }

  // ───────────────────────────── Size, theme, view ─────────────────────────────

  private measure(): void {
    const w = this.stage.clientWidth;
    const h = this.stage.clientHeight;
    const dpr = Math.max(1, Math.min(3, this.win.devicePixelRatio || 1));
    if (w === this.width && h === this.height && dpr === this.dpr) return;
    this.width = w;
    this.height = h;
    this.dpr = dpr;
    this.canvas.width = Math.max(1, Math.round(w * dpr));
    this.canvas.height = Math.max(1, Math.round(h * dpr));
  }

  /** Reads the colour roles and the font; true when something changed. */
  private readTheme(): boolean {
    const next: Palette = { ...FALLBACK_PALETTE };
    for (const role of ROLES) {
      const probe = this.probes.get(role);
      const value = probe ? this.win.getComputedStyle(probe).color : "";
      if (value && value !== "canvastext") next[role] = value;
    }
    const font = this.win.getComputedStyle(this.root).fontFamily || "sans-serif";
    const changed = font !== this.fontFamily || ROLES.some((role) => next[role] !== this.colors[role]);
    this.colors = next;
    this.fontFamily = font;
    if (changed || !this.packed) {
      this.revision++;
      this.packed = this.packPalette(next);
    }
    return changed;
  }

  /** Each colour as an RGBA pixel, whatever CSS syntax the theme wrote it in (painted once on a 1×1 canvas). */
  private packPalette(p: Palette): PackedPalette | null {
    const probe = creator("canvas").call(this.root);
    probe.width = 1;
    probe.height = 1;
    const ctx = probe.getContext("2d", { willReadFrequently: true });
    if (!ctx) return null;
    const out = {} as PackedPalette;
    for (const role of ROLES) {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = "#000";
      ctx.fillStyle = p[role];
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
      out[role] = packColour(r, g, b, role === "ghost" ? Math.round(a * 0.8) : a);
    }
    return out;
  }

  /** Width of the band-label gutter on the left, in CSS pixels. */
  private gutterWidth(): number {
    return Math.round(Math.max(76, Math.min(170, this.width * 0.2)));
  }

  private fitView(): void {
    const m = this.model;
    if (!m || this.width <= 0 || this.height <= 0) return;
    let xMin = Infinity;
    let xMax = -Infinity;
    for (let i = 0; i < m.x.length; i++) {
      if (!this.visible[i]) continue;
      xMin = Math.min(xMin, m.x[i] - m.r[i]);
      xMax = Math.max(xMax, m.x[i] + m.r[i]);
    }
    if (!(xMax > xMin)) {
      xMin = 0;
      xMax = Math.max(1, m.layout.width);
    }
    const left = this.gutterWidth() + FIT_PADDING;
    const availW = Math.max(1, this.width - left - FIT_PADDING);
    const availH = Math.max(1, this.height - 2 * FIT_PADDING);
    const k = Math.min(MAX_FIT_SCALE, availW / (xMax - xMin), availH / Math.max(1, m.layout.height));
    this.zoomBehavior.scaleExtent([Math.min(k, 1) / 4, Math.max(16, k * 4)]);
    const tx = left + (availW - (xMax - xMin) * k) / 2 - xMin * k;
    const ty = FIT_PADDING + (availH - m.layout.height * k) / 2;
    this.applyTransform(zoomIdentity.translate(tx, ty).scale(k));
  }

  private applyTransform(t: ZoomTransform): void {
    // Sets d3-zoom's state too, so the next wheel or drag continues from here.
    this.zoomBehavior.transform(select(this.canvas), t);
    this.transform = t;
  }

  private scheduleDraw(): void {
    if (this.frameRequest || this.destroyed) return;
    this.frameRequest = this.win.requestAnimationFrame(() => {
      this.frameRequest = 0;
      this.draw();
    });
  }

  // ───────────────────────────── Pointer ─────────────────────────────

  private pointer(event: MouseEvent): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  }

  private screenOf(i: number): [number, number] {
    const m = this.model;
    if (!m) return [0, 0];
    const t = this.transform;
    return [t.x + m.x[i] * t.k, t.y + m.y[i] * t.k];
  }

  /** The shown node under a canvas point (CSS pixels), or -1. */
  private hitTest(sx: number, sy: number): number {
    const m = this.model;
    if (!m || !this.tree || sx < this.gutterWidth()) return -1;
    const t = this.transform;
    const [wx, wy] = t.invert([sx, sy]);
    const slack = 3;
    const reach = (Math.max(m.maxRadius * t.k, 4) + slack) / t.k;
    const i = this.tree.find(wx, wy, reach);
    if (i === undefined) return -1;
    const d = Math.hypot(m.x[i] - wx, m.y[i] - wy) * t.k;
    return d <= Math.max(m.r[i] * t.k, 4) + slack ? i : -1;
  }

  private onPointerMove(event: PointerEvent): void {
    if (event.pointerType === "touch" || event.buttons) return;
    const [sx, sy] = this.pointer(event);
    this.setHover(this.hitTest(sx, sy), sx, sy);
  }

  private onClick(event: MouseEvent, middle: boolean): void {
    const m = this.model;
    if (!m) return;
    const [sx, sy] = this.pointer(event);
    const i = this.hitTest(sx, sy);
    const touch = "pointerType" in event && (event as PointerEvent).pointerType === "touch";
    if (i < 0) {
      if (touch) this.setHover(-1);
      return;
    }
    // On touch there is no hover: the first tap shows the tooltip, the second opens.
    if (touch && this.hovered !== i) {
      this.setHover(i, sx, sy);
      return;
    }
    const node = m.graph.nodes[i];
    if (node.kind === "ghost") return;
    this.options.onOpen?.(node.id, middle || event.ctrlKey || event.metaKey, event);
  }

  private setHover(i: number, sx = 0, sy = 0): void {
    const changed = i !== this.hovered;
    this.hovered = i;
    select(this.canvas).classed("is-over-node", i >= 0);
    if (i < 0) {
      if (changed) {
        select(this.tooltip).classed("is-hidden", true);
        this.scheduleDraw();
      }
      return;
    }
    if (changed && this.model) {
      const node = this.model.graph.nodes[i];
      const layer = this.model.graph.layers[node.layer];
      fillTooltip(this.tooltip, node, layer ? layer.name : String(node.layer), this.labels, this.fmt);
      this.scheduleDraw();
    }
    placeTooltip(this.tooltip, sx, sy, this.width, this.height);
  }

  // ───────────────────────────── Drawing ─────────────────────────────

  /**
   * One frame. The base (bands, edges, nodes, search highlight, titles, band labels) is drawn for a view, a filter, a
   * graph and a theme; while they stay the same, hovering copies the base (kept in an offscreen canvas, saved lazily on
   * the first hover) and draws the neighbourhood on top.
   */
  private draw(): void {
    const ctx = this.ctx;
    if (!ctx || this.width <= 0 || this.height <= 0 || this.destroyed) return;
    const m = this.model;
    const t = this.transform;
    const v = viewOf(t, this.width, this.height, this.dpr, (m?.maxRadius ?? 0) * t.k + 4);
    const key = `${this.revision}|${t.k}|${t.x}|${t.y}|${this.width}|${this.height}|${this.dpr}`;
    const hover = m !== null && this.hovered >= 0 && this.visible[this.hovered] === 1;
    if (key === this.savedKey && this.base) {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.globalAlpha = 1;
      ctx.drawImage(this.base, 0, 0);
    } else if (key !== this.drawnKey || !this.showsBase) {
      this.drawBase(ctx, m, v);
      this.drawnKey = key;
    }
    this.showsBase = true;
    if (!hover || !m) return;
    if (key !== this.savedKey && this.base && this.baseCtx) {
      if (this.base.width !== this.canvas.width || this.base.height !== this.canvas.height) {
        this.base.width = this.canvas.width;
        this.base.height = this.canvas.height;
      }
      this.baseCtx.setTransform(1, 0, 0, 1, 0, 0);
      this.baseCtx.drawImage(this.canvas, 0, 0);
      this.savedKey = key;
    }
    this.drawHover(ctx, m, v);
    this.showsBase = false;
  }

  private drawBase(ctx: CanvasRenderingContext2D, m: DrawModel | null, v: View): void {
    const p = this.colors;
    drawBackground(ctx, m, v, p);
    const stats: FrameStats = {
      nodes: m ? m.graph.nodes.length : 0,
      visible: this.visibleNotes,
      matches: this.matchList.length,
      nodesDrawn: 0,
      edgesDrawn: 0,
      edgesInView: 0,
      labelsDrawn: 0,
    };
    this.stats = stats;
    if (!m) return;
    const spacing = m.spacing * v.k;
    const edges = drawEdges(
      ctx,
      m,
      v,
      this.visible,
      {
        colour: p.edge,
        requiresColour: p.requires,
        alpha: spacing < 10 ? 0.18 : 0.32,
        // One device pixel: a hairline, which a software canvas strokes many times faster than a wider line.
        width: 1 / v.dpr,
        budget: (spacing >= TITLES_AT ? EDGE_PIXELS_WITH_TITLES : EDGE_PIXELS) / v.dpr,
        over: this.packed ? { edge: this.packed.edge, requires: this.packed.requires, bg: this.packed.bg } : null,
      },
      this.scratch,
    );
    stats.edgesDrawn = edges.drawn;
    stats.edgesInView = edges.inView;
    stats.nodesDrawn = drawNodes(ctx, m, v, this.visible, p, null, this.nodeStyle(0));
    const searching = this.filter.search.trim() !== "";
    if (searching) {
      veil(ctx, v, p, 0.75);
      if (this.matchList.length) {
        drawNodes(ctx, m, v, this.visible, p, this.matched, this.nodeStyle(2.5));
        drawRings(ctx, m, v, this.matchList, p.accent, 2);
      }
    }
    const readable = spacing >= TITLES_AT;
    if (readable) {
      stats.labelsDrawn += drawTitles(ctx, m, v, this.visible, p, this.fontFamily, null, 2 * spacing - 8, LABEL_LIMIT, searching ? this.matched : null);
    }
    if (searching && this.matchList.length <= HIGHLIGHT_TITLES) {
      stats.labelsDrawn += drawTitles(ctx, m, v, this.visible, p, this.fontFamily, this.matchList, highlightWidth(spacing), HIGHLIGHT_TITLES);
    }
    this.bandLabels.draw(ctx, m, v, p, this.fontFamily, this.labels, this.fmt, this.gutterWidth(), this.revision);
  }

  private nodeStyle(minRadius: number): NodeStyle {
    return { dots: this.dots, packed: this.packed, minRadius };
  }

  /** The hovered note's neighbourhood over a veil: its edges, its neighbours, a ring, and their titles. */
  private drawHover(ctx: CanvasRenderingContext2D, m: DrawModel, v: View): void {
    const h = this.hovered;
    if (h < 0 || !this.visible[h]) return;
    const p = this.colors;
    const mark = this.mark;
    const around: number[] = [h];
    const edges: number[] = [];
    mark[h] = 1;
    for (let a = m.adjStart[h]; a < m.adjStart[h + 1]; a++) {
      const j = m.adjNode[a];
      if (!this.visible[j]) continue;
      edges.push(m.adjEdge[a]);
      if (!mark[j]) {
        mark[j] = 1;
        around.push(j);
      }
    }
    // Right of the band labels only: they stay as they are.
    ctx.save();
    ctx.setTransform(v.dpr, 0, 0, v.dpr, 0, 0);
    ctx.beginPath();
    const gutter = this.gutterWidth();
    ctx.rect(gutter, 0, v.width - gutter, v.height);
    ctx.clip();
    veil(ctx, v, p, 0.7);
    drawEdges(ctx, m, v, this.visible, { colour: p.accent, requiresColour: p.accent, alpha: 1, width: Math.max(1, 1.5 / v.dpr), budget: 0, over: null }, this.scratch, edges);
    drawNodes(ctx, m, v, this.visible, p, mark, this.nodeStyle(2.5));
    drawRings(ctx, m, v, [h], p.text, 2);
    for (const j of around) mark[j] = 0;
    const spacing = m.spacing * v.k;
    drawTitles(ctx, m, v, this.visible, p, this.fontFamily, around, highlightWidth(spacing), HIGHLIGHT_TITLES);
    ctx.restore();
  }
}

/** Room for a highlighted note's title: two columns when every title shows (they must not overlap), else more. */
function highlightWidth(spacing: number): number {
  return spacing >= TITLES_AT ? 2 * spacing - 8 : 180;
}
