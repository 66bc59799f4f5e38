import { Notice, TFile } from "obsidian";
import type { App, Plugin, WorkspaceLeaf } from "obsidian";
import { formatPercent } from "../core/format";
import type { Settings } from "../core/types";
import { VIEW_TYPE_LAYER_GRAPH } from "./graphView";
import type { Texts } from "./i18n";
import { LayerPicker } from "./layerPicker";
import type { LiveIndex } from "./liveIndex";
import { writeReportNote } from "./reportNote";

/** What the commands need. */
export interface CommandServices {
  app: App;
  live: LiveIndex;
  settings: () => Settings;
  texts: Texts;
}

/** Registers the commands (ids without the plugin id, sentence-case names, no default hotkeys). */
export function registerCommands(plugin: Plugin, services: CommandServices): void {
  const { app, texts } = services;
  plugin.addCommand({
    id: "set-layer",
    name: texts.t("commandSetLayer"),
    icon: "layers",
    checkCallback: (checking) => {
      const file = activeMarkdownFile(app);
      if (!file) return false;
      if (!checking) openLayerPicker(services, file);
      return true;
    },
  });
  plugin.addCommand({
    id: "estimate-coverage",
    name: texts.t("commandEstimate"),
    icon: "gauge",
    callback: () => void estimateCoverage(services),
  });
  plugin.addCommand({
    id: "open-layer-graph",
    name: texts.t("commandOpenGraph"),
    icon: "layers",
    callback: () => void openLayerGraph(app),
  });
}

export function activeMarkdownFile(app: App): TFile | null {
  const file = app.workspace.getActiveFile();
  return file instanceof TFile && file.extension === "md" ? file : null;
}

export function openLayerPicker(services: CommandServices, file: TFile): LayerPicker {
  const { app, live, settings, texts } = services;
  const current = live.state === "warm" ? live.layerIndex.layerOf(file.path) : null;
  const picker = new LayerPicker(app, file, settings(), texts, current);
  picker.open();
  return picker;
}

/** Runs of "Estimate coverage" in flight: pressed again meanwhile, the command joins the run instead of racing it. */
const estimating = new WeakMap<CommandServices, Promise<TFile | null>>();

/**
 * "Estimate coverage": waits for the index, writes the report note, opens it, and says what it found. Run again
 * while a run is still going (waiting for the index, say), it answers with that run: two runs would both find no
 * report yet and both create one, and the second would fail.
 */
export function estimateCoverage(services: CommandServices, now: () => Date = () => new Date()): Promise<TFile | null> {
  const running = estimating.get(services);
  if (running) return running;
  const run = writeEstimate(services, now).finally(() => estimating.delete(services));
  estimating.set(services, run);
  return run;
}

async function writeEstimate(services: CommandServices, now: () => Date): Promise<TFile | null> {
  const { app, live, texts } = services;
  const { t } = texts;
  if (live.state !== "warm") {
    new Notice(t("estimateWaiting"));
    await live.whenReady();
  }
  const settings = services.settings();
  const report = live.layerIndex.report();
  try {
    const written = await writeReportNote(app, report, settings, { language: texts.lang, updated: now().toISOString() });
    await app.workspace.getLeaf(false).openFile(written.file);
    if (written.displaced) new Notice(t("estimateBeside", { path: written.displaced, written: written.file.path }));
    const level = settings.levels.find((l) => l.id === report.levelReached);
    const bottleneck = report.layers.find((l) => l.id === report.bottleneck);
    const layer = bottleneck ? settings.layers.find((l) => l.id === bottleneck.id) : undefined;
    new Notice(
      t("estimateDone", {
        level: level ? texts.levelName(level) : t("noLevel"),
        layer: layer ? texts.layerName(layer) : t("noLayer"),
        coverage: formatPercent(bottleneck?.coverage ?? 0),
      }),
    );
    return written.file;
  } catch (error) {
    new Notice(t("estimateFailed", { error: error instanceof Error ? error.message : String(error) }));
    return null;
  }
}

/** Reveals the layer graph pane, opening it in a new tab when there is none. */
export async function openLayerGraph(app: App): Promise<WorkspaceLeaf> {
  const existing = app.workspace.getLeavesOfType(VIEW_TYPE_LAYER_GRAPH)[0];
  const leaf = existing ?? app.workspace.getLeaf("tab");
  if (!existing) await leaf.setViewState({ type: VIEW_TYPE_LAYER_GRAPH, active: true });
  await app.workspace.revealLeaf(leaf);
  return leaf;
}
