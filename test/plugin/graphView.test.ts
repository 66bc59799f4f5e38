// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import type * as Obsidian from "obsidian";
import { defaultSettings } from "../../src/core/defaults";
import type { Graph } from "../../src/core/types";
import type { GraphFilter } from "../../src/render/filter";
import { defaultFilter, mergeFilter } from "../../src/render/filter";
import { LayerGraphView, VIEW_TYPE_LAYER_GRAPH } from "../../src/plugin/graphView";
import type { DrawingFactory, GraphDrawing } from "../../src/plugin/graphView";
import { Texts } from "../../src/plugin/i18n";
import type { LiveIndex } from "../../src/plugin/liveIndex";
import { App, WorkspaceLeaf } from "../__mocks__/obsidian";
import { fileAt, liveIndex, settle } from "../helpers/plugin";

/** A drawing that records what the pane asked of it (the real renderer is tested in a browser elsewhere). */
class RecordingDrawing implements GraphDrawing {
  graphs: Graph[] = [];
  filters: Partial<GraphFilter>[] = [];
  resizes = 0;
  destroyed = false;
  filter: GraphFilter;
  constructor(readonly options: Parameters<DrawingFactory>[1]) {
    this.filter = mergeFilter(defaultFilter(), options?.filter);
  }
  setGraph(graph: Graph) {
    this.graphs.push(graph);
  }
  setFilter(f: Partial<GraphFilter>) {
    this.filters.push(f);
    this.filter = mergeFilter(this.filter, f);
  }
  getFilter() {
    return this.filter;
  }
  resize() {
    this.resizes++;
  }
  destroy() {
    this.destroyed = true;
  }
}

const vaultFiles = {
  "Concepts/Force.md": "---\nlayer: concepts\n---\n[[Impulse]]",
  "Concepts/Impulse.md": "---\nlayer: concepts\n---\ntext",
  "Facts/Peak.md": "---\nlayer: facts\n---\n[[Force]]",
};

async function openPane(options: { throwing?: boolean; ready?: boolean; lang?: "en" | "ru" } = {}) {
  const app = App.withFiles(vaultFiles);
  document.body.appendChild(app.workspace.containerEl);
  const live = await liveIndex(app, defaultSettings(), { ready: options.ready });
  const drawings: RecordingDrawing[] = [];
  const factory: DrawingFactory = (_container, opts) => {
    if (options.throwing) throw new Error("no canvas");
    const d = new RecordingDrawing(opts);
    drawings.push(d);
    return d;
  };
  app.workspace.viewCreators.set(
    VIEW_TYPE_LAYER_GRAPH,
    (leaf) => new LayerGraphView(leaf as unknown as Obsidian.WorkspaceLeaf, { live, settings: defaultSettings, texts: new Texts(options.lang ?? "en") }, factory) as unknown as LayerGraphView & WorkspaceLeaf["view"],
  );
  const leaf = app.workspace.getLeaf("tab");
  app.workspace.containerEl.appendChild(leaf.view.containerEl);
  await leaf.setViewState({ type: VIEW_TYPE_LAYER_GRAPH, active: true });
  app.workspace.containerEl.appendChild(leaf.view.containerEl);
  const view = leaf.view as unknown as LayerGraphView;
  view.refresh();
  return { app, live, leaf, view, drawings };
}

describe("the layer graph pane", () => {
  it("names the bands in the user's language, as the table does, without changing the index's graph", async () => {
    const { drawings, live } = await openPane({ lang: "ru" });
    expect(drawings[0].graphs[0].layers.map((l) => l.name)).toEqual(["Понятия", "Структуры", "Факты", "Логика и причинность", "Стратегии", "Парадоксы и мета"]);
    expect(live.layerIndex.graph().layers[0].name).toBe("Concepts");
    const english = await openPane();
    expect(english.drawings[0].graphs[0]).toBe(english.live.layerIndex.graph());
  });

  it("draws the graph and the per-layer table once the index is warm", async () => {
    const { view, drawings, live } = await openPane();
    expect(drawings).toHaveLength(1);
    expect(drawings[0].graphs).toHaveLength(1);
    expect(drawings[0].graphs[0].nodes.map((n) => n.id)).toEqual(["Concepts/Force.md", "Concepts/Impulse.md", "Facts/Peak.md"]);
    expect(view.drawn).toBe(live.revision);
    const rows = [...view.contentEl.querySelectorAll(".kl-graph-table tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent?.trim()));
    expect(rows).toHaveLength(6);
    expect(rows[0][0]).toBe("Paradoxes & meta");
    expect(rows[5]).toEqual(["Concepts", "<0.1%", "16.7M"]);
    expect(view.contentEl.querySelector(".kl-graph-caption")?.textContent).toBe("Target: Bachelor's general understanding. Level reached: none yet. Bottleneck: Structures.");
  });

  it("says it is reading the vault until the index is warm", async () => {
    const { view, drawings, app, live } = await openPane({ ready: false });
    expect(view.contentEl.textContent).toContain("Reading the vault…");
    expect(drawings[0].graphs).toHaveLength(0);
    await app.workspace.setLayoutReady();
    await live.whenReady();
    await settle();
    expect(drawings[0].graphs).toHaveLength(1);
  });

  it("redraws only when the revision moved, and only while visible; a hidden pane catches up when shown", async () => {
    const { view, drawings, app, leaf, live } = await openPane();
    const drawing = drawings[0];
    view.refresh();
    app.workspace.trigger("layout-change");
    expect(drawing.graphs).toHaveLength(1);

    await app.vault.modify(fileAt(app, "Facts/Peak.md"), "---\nlayer: logic\n---\n[[Force]]");
    await settle();
    expect(drawing.graphs).toHaveLength(2);

    leaf.setVisible(false);
    await app.vault.modify(fileAt(app, "Facts/Peak.md"), "---\nlayer: facts\n---\n[[Force]]");
    await settle();
    expect(drawing.graphs).toHaveLength(2);
    expect(view.drawn).toBeLessThan(live.revision);

    leaf.setVisible(true);
    app.workspace.trigger("active-leaf-change", leaf);
    expect(drawing.graphs).toHaveLength(3);
    expect(view.drawn).toBe(live.revision);
  });

  it("keeps its filters in the view state and restores them", async () => {
    const { view, drawings, app } = await openPane();
    const drawing = drawings[0];
    drawing.options?.onFilterChange?.({ domain: "sports", module: null, kinds: ["concept"], search: "force" });
    expect(app.workspace.layoutSaves).toBe(1);
    const state = view.getState();
    expect(state.filter).toEqual({ domain: "sports", module: null, kinds: ["concept"], search: "force" });

    const { view: reopened, drawings: again } = await openPane();
    await reopened.setState({ filter: { domain: "x", kinds: ["source", "bogus"], search: 3 } }, { history: false });
    expect(again[0].filters.at(-1)).toEqual({ domain: "x", module: null, kinds: ["source"], search: "" });
    expect(reopened.getState().filter).toEqual({ domain: "x", module: null, kinds: ["source"], search: "" });
  });

  it("opens a clicked note in the same tab, or a new tab on modifier click; ghosts and unknown paths open nothing", async () => {
    const { drawings, app, leaf } = await openPane();
    const open = (id: string, newTab: boolean) => drawings[0].options?.onOpen?.(id, newTab);
    open("Concepts/Force.md", false);
    await settle();
    expect(app.workspace.getActiveFile()?.path).toBe("Concepts/Force.md");
    const leavesBefore = app.workspace.leaves.length;
    open("Facts/Peak.md", true);
    await settle();
    expect(app.workspace.getActiveFile()?.path).toBe("Facts/Peak.md");
    expect(app.workspace.leaves.length).toBe(leavesBefore + 1);
    open("Missing target", false);
    await settle();
    expect(app.workspace.getActiveFile()?.path).toBe("Facts/Peak.md");
    expect(leaf.view.getViewType()).toBe(VIEW_TYPE_LAYER_GRAPH);
  });

  it("opens a split or a window on Ctrl/Cmd+Alt and Ctrl/Cmd+Alt+Shift clicks, as Obsidian's links do", async () => {
    const { drawings, app } = await openPane();
    const asked: unknown[] = [];
    const getLeaf = app.workspace.getLeaf.bind(app.workspace);
    app.workspace.getLeaf = (pane?: Parameters<typeof getLeaf>[0]) => {
      asked.push(pane);
      return getLeaf(pane);
    };
    const click = (init: Partial<MouseEvent>) => ({ button: 0, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...init }) as MouseEvent;
    const open = (event: MouseEvent) => drawings[0].options?.onOpen?.("Concepts/Force.md", event.ctrlKey || event.metaKey || event.button === 1, event);
    open(click({}));
    open(click({ metaKey: true }));
    open(click({ button: 1 }));
    open(click({ ctrlKey: true, altKey: true }));
    open(click({ ctrlKey: true, altKey: true, shiftKey: true }));
    await settle();
    expect(asked).toEqual([false, "tab", "tab", "split", "window"]);
  });

  it("follows resizes and destroys the drawing on close", async () => {
    const { view, drawings, leaf } = await openPane();
    view.onResize();
    expect(drawings[0].resizes).toBe(1);
    leaf.detach();
    await settle();
    expect(drawings[0].destroyed).toBe(true);
  });

  it("keeps the table when the drawing cannot run", async () => {
    const { view } = await openPane({ throwing: true });
    expect(view.contentEl.textContent).toContain("The graph cannot be drawn here");
    expect(view.contentEl.querySelectorAll(".kl-graph-table tbody tr")).toHaveLength(6);
  });

  it("uses the real renderer by default", async () => {
    const app = App.withFiles(vaultFiles);
    const live: LiveIndex = await liveIndex(app, defaultSettings());
    const leaf = new WorkspaceLeaf(app);
    const view = new LayerGraphView(leaf as unknown as Obsidian.WorkspaceLeaf, { live, settings: defaultSettings, texts: new Texts("ru") });
    expect(view.getViewType()).toBe(VIEW_TYPE_LAYER_GRAPH);
    expect(view.getDisplayText()).toBe("Граф слоёв");
    expect(view.getIcon()).toBe("layers");
  });
});
