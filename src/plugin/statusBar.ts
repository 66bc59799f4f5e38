import { Component, TFile } from "obsidian";
import type { App } from "obsidian";
import { formatPercent } from "../core/format";
import type { Settings } from "../core/types";
import type { Texts } from "./i18n";
import type { LiveIndex } from "./liveIndex";

/**
 * The status bar item (spec §7): the active note's layer and that layer's coverage, e.g. "Facts · 12%".
 * Clicking it opens the layer picker. Updated when the active note changes and when the index changes; the
 * coverage comes from the index's running sums (O(layers)), never from a full analysis.
 */
export class LayerStatusBar extends Component {
  constructor(
    private readonly app: App,
    private readonly el: HTMLElement,
    private readonly live: LiveIndex,
    private readonly settings: () => Settings,
    private readonly texts: Texts,
    private readonly openPicker: (file: TFile) => void,
  ) {
    super();
  }

  override onload(): void {
    this.el.addClass("kl-status", "mod-clickable");
    this.el.setAttr("aria-label", this.texts.t("statusTooltip"));
    this.el.setAttr("data-tooltip-position", "top");
    this.registerDomEvent(this.el, "click", () => {
      const file = this.activeNote();
      if (file) this.openPicker(file);
    });
    this.registerEvent(this.app.workspace.on("file-open", () => this.update()));
    this.registerEvent(this.app.workspace.on("active-leaf-change", () => this.update()));
    this.registerEvent(this.live.on("changed", () => this.update()));
    this.update();
  }

  /** What the item shows now ("" when no Markdown note is active). */
  text(): string {
    const file = this.activeNote();
    if (!file) return "";
    const { t } = this.texts;
    if (this.live.state !== "warm") return t("statusIndexing");
    if (!this.live.counts(file.path)) return t("statusNotCounted");
    const index = this.live.layerIndex;
    const id = index.layerOf(file.path);
    if (id === null) return t("statusNoLayer");
    const layer = this.settings().layers.find((l) => l.id === id);
    const estimate = index.estimate().layers.find((l) => l.id === id);
    if (!layer || !estimate) return t("statusNoLayer");
    return t("statusLayer", { layer: this.texts.layerName(layer), coverage: formatPercent(estimate.coverage) });
  }

  update(): void {
    const text = this.text();
    this.el.setText(text);
    this.el.toggleClass("kl-hidden", text === "");
  }

  private activeNote(): TFile | null {
    const file = this.app.workspace.getActiveFile();
    return file instanceof TFile && file.extension === "md" ? file : null;
  }
}
