import { ItemView, Keymap, TFile } from "obsidian";
import type { ViewStateResult, WorkspaceLeaf } from "obsidian";
import { formatCompact, formatPercent } from "../core/format";
import type { Graph, Settings } from "../core/types";
import { defaultFilter, mergeFilter } from "../render/filter";
import type { GraphFilter } from "../render/filter";
import { labelsFor } from "../render/labels";
import { LayerGraphRenderer } from "../render/renderer";
import type { Texts } from "./i18n";
import type { LiveIndex } from "./liveIndex";

export const VIEW_TYPE_LAYER_GRAPH = "knowledge-layers-graph";

/** What the pane needs from the plugin (the view never keeps a reference to the plugin itself). */
export interface GraphViewServices {
  live: LiveIndex;
  settings: () => Settings;
  texts: Texts;
}

/** The drawing, as the pane uses it (the renderer's class; replaceable in tests). */
export interface GraphDrawing {
  setGraph(graph: ReturnType<LiveIndex["layerIndex"]["graph"]>): void;
  setFilter(filter: Partial<GraphFilter>): void;
  getFilter(): GraphFilter;
  resize(): void;
  destroy(): void;
}

export type DrawingFactory = (container: HTMLElement, options: ConstructorParameters<typeof LayerGraphRenderer>[1]) => GraphDrawing;

const defaultDrawing: DrawingFactory = (container, options) => new LayerGraphRenderer(container, options);

/**
 * The layer graph pane (spec §7), an `ItemView` opened by a command and a ribbon icon.
 *
 * - A compact table on top: per layer, its coverage and the pages still needed (also the fallback when the
 *   drawing cannot run).
 * - Below, the renderer (src/render/renderer.ts) draws the bands, nodes and edges.
 * - Redraws only when the index's revision moved and the pane is visible; a pane that was hidden catches up
 *   when it is shown again (layout and active-leaf changes).
 * - Follows resizes (`onResize`; the renderer also observes its container).
 * - The filters (domain, module, kinds, search) live in the view state, so they survive restarts.
 * - Click opens the note; Ctrl/Cmd-click or middle-click opens it in a new tab.
 */
export class LayerGraphView extends ItemView {
  private filter: GraphFilter = defaultFilter();
  private drawing: GraphDrawing | null = null;
  private tableEl: HTMLElement | null = null;
  private graphEl: HTMLElement | null = null;
  private drawnRevision = -1;

  constructor(
    leaf: WorkspaceLeaf,
    private readonly services: GraphViewServices,
    private readonly makeDrawing: DrawingFactory = defaultDrawing,
  ) {
    super(leaf);
    this.icon = "layers";
    this.navigation = false;
  }

  getViewType(): string {
    return VIEW_TYPE_LAYER_GRAPH;
  }

  getDisplayText(): string {
    return this.services.texts.t("viewTitle");
  }

  override getIcon(): string {
    return "layers";
  }

  protected override async onOpen(): Promise<void> {
    const root = this.contentEl;
    root.empty();
    root.addClass("kl-graph-view");
    this.tableEl = root.createDiv({ cls: "kl-graph-summary" });
    this.graphEl = root.createDiv({ cls: "kl-graph-host" });
    try {
      this.drawing = this.makeDrawing(this.graphEl, {
        onOpen: (id, newTab, event) => void this.openNote(id, newTab, event),
        onFilterChange: (filter) => {
          this.filter = mergeFilter(defaultFilter(), filter);
          this.app.workspace.requestSaveLayout();
        },
        labels: labelsFor(this.services.texts.lang),
        filter: this.filter,
      });
    } catch {
      // No canvas (or anything else the drawing needs): the table alone is still useful.
      this.drawing = null;
      this.graphEl.empty();
      this.graphEl.createDiv({ cls: "kl-graph-note", text: this.services.texts.t("viewNoGraph") });
    }
    this.registerEvent(this.services.live.on("changed", () => this.refresh()));
    this.registerEvent(this.app.workspace.on("layout-change", () => this.refresh()));
    this.registerEvent(this.app.workspace.on("active-leaf-change", () => this.refresh()));
    this.refresh();
  }

  protected override async onClose(): Promise<void> {
    this.drawing?.destroy();
    this.drawing = null;
    this.drawnRevision = -1;
  }

  override onResize(): void {
    this.drawing?.resize();
  }

  override getState(): Record<string, unknown> {
    return { ...super.getState(), filter: { ...this.filter, kinds: [...this.filter.kinds] } };
  }

  override async setState(state: unknown, result: ViewStateResult): Promise<void> {
    if (state !== null && typeof state === "object" && "filter" in state) {
      this.filter = mergeFilter(defaultFilter(), (state as { filter?: Partial<GraphFilter> }).filter);
      this.drawing?.setFilter(this.filter);
    }
    await super.setState(state, result);
  }

  /** The revision last drawn (-1: nothing yet). */
  get drawn(): number {
    return this.drawnRevision;
  }

  /** Draws when the index moved since the last drawing and the pane can be seen. */
  refresh(): void {
    if (!this.tableEl || !this.contentEl.isShown()) return;
    const { live, texts } = this.services;
    if (live.state !== "warm") {
      this.tableEl.empty();
      this.tableEl.createDiv({ cls: "kl-graph-note", text: texts.t("viewIndexing") });
      return;
    }
    if (live.revision === this.drawnRevision) return;
    this.drawnRevision = live.revision;
    this.renderTable();
    this.drawing?.setGraph(this.namedGraph(live.layerIndex.graph()));
  }

  /** The graph with its bands named in the user's language, as the table above it names them (a copy: the index's graph is shared). */
  private namedGraph(graph: Graph): Graph {
    const { texts } = this.services;
    const layers = graph.layers.map((l) => {
      const name = texts.layerName(l);
      return name === l.name ? l : { ...l, name };
    });
    return layers.every((l, i) => l === graph.layers[i]) ? graph : { ...graph, layers };
  }

  private renderTable(): void {
    const el = this.tableEl!;
    const { live, texts, settings } = this.services;
    const { t } = texts;
    const current = settings();
    const estimate = live.layerIndex.estimate();
    const layerName = (id: string | null) => {
      const layer = current.layers.find((l) => l.id === id);
      return layer ? texts.layerName(layer) : t("noLayer");
    };
    const level = current.levels.find((l) => l.id === estimate.levelReached);
    const target = current.levels.find((l) => l.id === estimate.target.id);
    el.empty();
    el.createDiv({
      cls: "kl-graph-caption",
      text: t("viewSummary", {
        target: target ? texts.levelName(target) : formatCompact(estimate.target.tokens),
        level: level ? texts.levelName(level) : t("noLevel"),
        layer: layerName(estimate.bottleneck),
      }),
    });
    const table = el.createEl("table", { cls: "kl-graph-table" });
    const head = table.createEl("thead").createEl("tr");
    head.createEl("th", { text: t("viewLayer") });
    head.createEl("th", { text: t("viewCoverage") });
    head.createEl("th", { text: t("viewRemainingPages") });
    const body = table.createEl("tbody");
    // Meta on top, foundations at the bottom, as the bands are drawn.
    for (const l of [...estimate.layers].reverse()) {
      const row = body.createEl("tr", { cls: l.id === estimate.bottleneck ? "kl-is-bottleneck" : "" });
      row.createEl("td", { text: layerName(l.id) });
      const cell = row.createEl("td", { cls: "kl-graph-coverage" });
      cell.createEl("progress", { attr: { max: 1, value: l.coverage } });
      cell.createSpan({ text: ` ${formatPercent(l.coverage)}` });
      row.createEl("td", { cls: "kl-graph-number", text: formatCompact(l.remainingPages) });
    }
  }

  /** Opens a note as Obsidian's links do: a modifier click opens a tab, with Alt a split, with Alt+Shift a window. */
  private async openNote(path: string, newTab: boolean, event?: MouseEvent): Promise<void> {
    const file = this.app.vault.getAbstractFileByPath(path);
    if (!(file instanceof TFile)) return;
    const pane = event ? Keymap.isModEvent(event) : newTab ? "tab" : false;
    await this.app.workspace.getLeaf(pane).openFile(file);
  }
}
