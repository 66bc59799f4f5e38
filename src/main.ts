import { getLanguage, normalizePath, Notice, Plugin } from "obsidian";
import { createApi } from "./plugin/api";
import type { KnowledgeLayersApi } from "./plugin/api";
import { openLayerGraph, openLayerPicker, registerCommands } from "./plugin/commands";
import { LayerGraphView, VIEW_TYPE_LAYER_GRAPH } from "./plugin/graphView";
import { languageOf, Texts } from "./plugin/i18n";
import { LiveIndex } from "./plugin/liveIndex";
import { KnowledgeLayersSettingTab } from "./plugin/settingsTab";
import type { LoadReport } from "./plugin/settingsStore";
import { copyAside, SettingsStore } from "./plugin/settingsStore";
import { LayerStatusBar } from "./plugin/statusBar";

/** Knowledge Layers: lifecycle and wiring only; everything else lives in src/plugin/. */
export default class KnowledgeLayersPlugin extends Plugin {
  /** For other plugins and scripts: see src/plugin/api.ts and the README. */
  api!: KnowledgeLayersApi;
  private store!: SettingsStore;
  private texts!: Texts;

  override async onload(): Promise<void> {
    this.texts = new Texts(languageOf(getLanguage()));
    const dataPath = normalizePath(`${this.manifest.dir ?? this.app.vault.configDir + "/plugins/" + this.manifest.id}/data.json`);
    this.store = new SettingsStore(
      () => this.loadData(),
      (data) => this.saveData(data),
      () => copyAside(this.app.vault.adapter, dataPath),
    );
    this.reportLoad(await this.store.load());
    const settings = () => this.store.settings;

    // The index registers its events now and builds itself once the layout is ready.
    const live = this.addChild(new LiveIndex(this.app, this.store.settings));
    this.register(this.store.onChange((next) => void live.setSettings(next)));
    this.api = createApi(live);

    const services = { app: this.app, live, settings, texts: this.texts };
    this.registerView(VIEW_TYPE_LAYER_GRAPH, (leaf) => new LayerGraphView(leaf, services));
    registerCommands(this, services);
    this.addRibbonIcon("layers", this.texts.t("commandOpenGraph"), () => void openLayerGraph(this.app));
    this.addChild(new LayerStatusBar(this.app, this.addStatusBarItem(), live, settings, this.texts, (file) => openLayerPicker(services, file)));
    this.addSettingTab(new KnowledgeLayersSettingTab(this.app, this, this.store, this.texts));
  }

  /** data.json changed on disk (e.g. synced from another device). */
  override async onExternalSettingsChange(): Promise<void> {
    this.reportLoad(await this.store.reload());
  }

  private reportLoad(report: LoadReport): void {
    const { t } = this.texts;
    if (report.problems.length) new Notice(t("loadProblems", { keys: [...new Set(report.problems.map((p) => p.key))].join(", ") }), 0);
    if (report.unknownKeys.length) new Notice(t("loadUnknown", { keys: report.unknownKeys.join(", ") }), 10_000);
  }
}
