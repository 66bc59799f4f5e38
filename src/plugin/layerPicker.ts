import { FuzzySuggestModal, Notice } from "obsidian";
import type { App, FuzzyMatch, TFile } from "obsidian";
import type { LayerDef, Settings } from "../core/types";
import type { Texts } from "./i18n";

/**
 * "Set curriculum layer": a fuzzy picker of the layers, by name in the user's language, that also matches
 * each layer's id, English name and aliases. Choosing one writes the layer's id into the note's layer property
 * with `FileManager.processFrontMatter` — the only way the plugin ever changes a note.
 */
export class LayerPicker extends FuzzySuggestModal<LayerDef> {
  constructor(
    app: App,
    private readonly file: TFile,
    private readonly settings: Settings,
    private readonly texts: Texts,
    /** The note's current layer id, marked in the list. */
    private readonly current: string | null,
  ) {
    super(app);
    this.setPlaceholder(texts.t("pickerPlaceholder", { note: file.basename }));
    this.emptyStateText = texts.t("pickerEmpty");
  }

  getItems(): LayerDef[] {
    return this.settings.layers;
  }

  /** What the fuzzy search matches: the shown name first, then every other spelling of the layer. */
  getItemText(layer: LayerDef): string {
    const shown = this.texts.layerName(layer);
    const spellings = [shown, layer.name, layer.id, ...layer.aliases].filter((s, i, all) => all.indexOf(s) === i);
    return spellings.join(" · ");
  }

  override renderSuggestion(match: FuzzyMatch<LayerDef>, el: HTMLElement): void {
    const layer = match.item;
    el.addClass("kl-picker-item");
    const title = el.createDiv({ cls: "kl-picker-name", text: this.texts.layerName(layer) });
    if (layer.id === this.current) title.createSpan({ cls: "kl-picker-current", text: ` (${this.texts.t("pickerCurrent")})` });
    const others = [layer.id, ...layer.aliases].filter((s) => s !== this.texts.layerName(layer));
    if (others.length) el.createEl("small", { cls: "kl-picker-aliases", text: others.join(", ") });
  }

  onChooseItem(layer: LayerDef): void {
    void setLayer(this.app, this.file, this.settings.properties.layer, layer.id).then(
      () => new Notice(this.texts.t("setLayerDone", { note: this.file.basename, layer: this.texts.layerName(layer) })),
      (error: unknown) =>
        new Notice(this.texts.t("setLayerFailed", { note: this.file.basename, error: error instanceof Error ? error.message : String(error) })),
    );
  }
}

/** Writes `property: id` into the note's frontmatter and changes nothing else. */
export function setLayer(app: App, file: TFile, property: string, id: string): Promise<void> {
  return app.fileManager.processFrontMatter(file, (frontmatter: Record<string, unknown>) => setLayerIn(frontmatter, property, id));
}

/** The frontmatter callback: sets the layer property (a list value becomes the single id). */
export function setLayerIn(frontmatter: Record<string, unknown>, property: string, id: string): void {
  // defineProperty: a property named like `__proto__` stays an ordinary key.
  Object.defineProperty(frontmatter, property, { value: id, writable: true, enumerable: true, configurable: true });
}
