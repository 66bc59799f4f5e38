import { debounce, Notice, PluginSettingTab, Setting } from "obsidian";
import type { App, Debouncer, Plugin, TextAreaComponent, TextComponent } from "obsidian";
import { PAGE_PRESETS } from "../core/defaults";
import { formatCompact } from "../core/format";
import { MAX_FACETS, normaliseFolder } from "../core/settings";
import type { SettingsProblem } from "../core/settings";
import type { LayerDef, PropertyNames, Settings } from "../core/types";
import { toNumber } from "../core/values";
import type { MessageKey, Texts } from "./i18n";
import type { SettingsStore } from "./settingsStore";

/**
 * The settings tab (spec §3, §7): layers (add, remove, reorder, rename, aliases, share), the target, the page
 * size (presets 1000 / 375 / 450 tokens or a custom value), quality weights, facets, folder rules, tag prefixes,
 * property names, the report path and exclusions.
 *
 * - Every input is checked as it is typed, with a message beside it; only valid values enter the draft.
 * - The draft is saved (validated again by the same parser the CLI uses) shortly after the last edit, and
 *   at once when the tab closes; a refused save shows why at the top of the tab.
 * - The tab is described once (`sections`): `display()` draws it on Obsidian before 1.13, and
 *   `getSettingDefinitions()` hands the same rows to Obsidian 1.13+ (searchable settings), each row drawing its
 *   own controls in `render`.
 */

/** A row of the tab: its name and description, and what draws its controls. */
export interface SettingRow {
  name: string;
  desc?: string;
  /** Extra words the settings search should match (Obsidian 1.13+). */
  aliases?: string[];
  render(setting: Setting): void;
}

export interface SettingSection {
  heading: string;
  rows: SettingRow[];
}

/** Obsidian 1.13's declarative definitions (only the shape this tab uses; 1.8.7's typings do not have it). */
interface DeclarativeGroup {
  type: "group";
  heading: string;
  items: { name: string; desc?: string; aliases?: string[]; render(setting: Setting): void }[];
}

/** How long after the last keystroke a change is saved. */
const SAVE_DELAY = 400;

export class KnowledgeLayersSettingTab extends PluginSettingTab {
  private draft: Settings;
  private readonly save: Debouncer<[], void>;
  private bannerEl: HTMLElement | null = null;
  /** Re-draws the lists that depend on the layers (the layer list itself, the folder rules). */
  private readonly refreshers: (() => void)[] = [];

  constructor(
    app: App,
    plugin: Plugin,
    private readonly store: SettingsStore,
    private readonly texts: Texts,
  ) {
    super(app, plugin);
    this.draft = store.draft();
    this.save = debounce(() => void this.commit(), SAVE_DELAY, true);
  }

  display(): void {
    const { containerEl } = this;
    containerEl.empty();
    containerEl.addClass("kl-settings");
    this.startDrawing();
    this.bannerEl = containerEl.createDiv({ cls: "kl-settings-banner kl-hidden" });
    for (const section of this.sections()) {
      new Setting(containerEl).setName(section.heading).setHeading();
      for (const row of section.rows) {
        const setting = new Setting(containerEl).setName(row.name);
        if (row.desc) setting.setDesc(row.desc);
        row.render(setting);
      }
    }
  }

  /** Obsidian 1.13+: the same rows, declared (the app draws the names, each row draws its controls). */
  getSettingDefinitions(): DeclarativeGroup[] {
    this.startDrawing();
    this.bannerEl = null;
    return this.sections().map((section) => ({
      type: "group",
      heading: section.heading,
      items: section.rows.map((row) => ({ name: row.name, desc: row.desc, aliases: row.aliases, render: (setting: Setting) => row.render(setting) })),
    }));
  }

  override hide(): void {
    this.save.run();
    super.hide();
  }

  /** Saves the draft now; returns the problems that stopped it (empty when saved). */
  async commit(): Promise<SettingsProblem[]> {
    this.save.cancel();
    const problems = await this.store.update(this.draft);
    this.showBanner(problems.map((p) => this.texts.t("errorNotSaved", { key: p.key, message: p.message })));
    return problems;
  }

  /** The draft being edited (tests read it). */
  get editing(): Settings {
    return this.draft;
  }

  private startDrawing(): void {
    this.save.run();
    this.draft = this.store.draft();
    this.refreshers.length = 0;
  }

  private changed(): void {
    this.save();
  }

  private showBanner(messages: string[]): void {
    if (!this.bannerEl?.isConnected) {
      // Drawn by Obsidian 1.13's declarative settings: there is no banner, so say it in a notice.
      for (const m of messages) new Notice(m);
      return;
    }
    this.bannerEl.empty();
    for (const m of messages) this.bannerEl.createDiv({ text: m });
    this.bannerEl.toggleClass("kl-hidden", messages.length === 0);
  }

  // ───────────────────────────── the rows ─────────────────────────────

  sections(): SettingSection[] {
    const { t } = this.texts;
    return [
      { heading: t("headingLayers"), rows: [this.layersRow()] },
      { heading: t("headingTarget"), rows: this.targetRows() },
      { heading: t("headingVolume"), rows: this.volumeRows() },
      { heading: t("headingQuality"), rows: [this.defaultQualityRow(), this.sourceTypesRow()] },
      { heading: t("headingFacets"), rows: [this.facetsRow()] },
      { heading: t("headingFolders"), rows: [this.foldersRow()] },
      { heading: t("headingTags"), rows: this.tagRows() },
      { heading: t("headingProperties"), rows: this.propertyRows() },
      { heading: t("headingReport"), rows: [this.reportRow()] },
      { heading: t("headingExclusions"), rows: [this.excludeRow()] },
    ];
  }

  private layersRow(): SettingRow {
    const { t } = this.texts;
    return {
      name: t("headingLayers"),
      desc: t("layersDesc"),
      aliases: ["layer", "share", "alias", "слой"],
      render: (setting) => {
        setting.settingEl.addClass("kl-setting-block");
        setting.addButton((b) =>
          b.setButtonText(t("layerAdd")).onClick(() => {
            this.draft.layers.push(this.newLayer());
            this.changed();
            this.refreshAll();
          }),
        );
        const list = setting.settingEl.createDiv({ cls: "kl-list kl-layer-list" });
        const draw = () => {
          list.empty();
          this.draft.layers.forEach((layer, i) => this.layerEditor(list, layer, i));
        };
        this.refreshers.push(draw);
        draw();
      },
    };
  }

  private layerEditor(list: HTMLElement, layer: LayerDef, i: number): void {
    const { t } = this.texts;
    const layers = this.draft.layers;
    const row = new Setting(list).setClass("kl-list-row").setName(t("layerTitle", { index: i + 1, name: this.texts.layerName(layer) }));
    const error = errorSlot(row);
    const retitle = () => row.setName(t("layerTitle", { index: i + 1, name: this.texts.layerName(layer) }));

    row.addText((text) => {
      label(text, t("layerName"));
      text.setValue(this.texts.layerName(layer)).onChange((value) => {
        const name = value.trim();
        if (!name) return error(t("errorEmpty"));
        error(null);
        // The Russian name of a default layer shown in the field is the same layer name, not a rename.
        if (name !== this.texts.layerName(layer)) layer.name = name;
        retitle();
        this.changed();
      });
    });
    row.addText((text) => {
      label(text, t("layerId"));
      text.setValue(layer.id);
      const check = (value: string): string | null => {
        const id = value.trim();
        if (!id) return t("errorEmpty");
        if (layers.some((l, j) => j !== i && l.id.toLowerCase() === id.toLowerCase())) return t("errorDuplicateId", { id });
        return null;
      };
      text.onChange((value) => error(check(value)));
      // The id is applied when the field is left (not on every keystroke): renaming keeps the old id as an alias.
      text.inputEl.addEventListener("change", () => {
        const id = text.getValue().trim();
        const problem = check(id);
        if (problem !== null || id === layer.id) return;
        const old = layer.id;
        renameLayer(this.draft, layer, id);
        error(null);
        new Notice(t("layerIdKept", { old, id }));
        this.changed();
        this.refreshAll();
      });
    });
    row.addText((text) => {
      label(text, t("layerAliases"));
      text.setValue(layer.aliases.join(", ")).onChange((value) => {
        layer.aliases = splitList(value);
        this.changed();
      });
    });
    row.addText((text) => {
      label(text, t("layerShare"));
      text.inputEl.addClass("kl-number");
      text.setValue(String(layer.share)).onChange((value) => {
        const n = parsePositive(value);
        if (typeof n === "string") return error(t(n, { value }));
        error(null);
        layer.share = n;
        this.changed();
      });
    });
    row.addExtraButton((b) =>
      b
        .setIcon("arrow-up")
        .setTooltip(t("layerMoveUp"))
        .setDisabled(i === 0)
        .onClick(() => this.moveLayer(i, -1)),
    );
    row.addExtraButton((b) =>
      b
        .setIcon("arrow-down")
        .setTooltip(t("layerMoveDown"))
        .setDisabled(i === layers.length - 1)
        .onClick(() => this.moveLayer(i, +1)),
    );
    removeButton(row, t("layerRemove"), () => {
      if (layers.length === 1) return error(t("errorLastLayer"));
      const [removed] = layers.splice(i, 1);
      for (const [folder, id] of Object.entries(this.draft.folderLayers)) if (id === removed.id) delete this.draft.folderLayers[folder];
      this.changed();
      this.refreshAll();
    });
  }

  private moveLayer(i: number, by: -1 | 1): void {
    const layers = this.draft.layers;
    const j = i + by;
    if (j < 0 || j >= layers.length) return;
    [layers[i], layers[j]] = [layers[j], layers[i]];
    this.changed();
    this.refreshAll();
  }

  private newLayer(): LayerDef {
    const base = "layer";
    let n = this.draft.layers.length + 1;
    while (this.draft.layers.some((l) => l.id === `${base}-${n}`)) n++;
    return { id: `${base}-${n}`, name: this.texts.t("layerNewName"), aliases: [], share: 1 };
  }

  private targetRows(): SettingRow[] {
    const { t } = this.texts;
    let tokensText: TextComponent | null = null;
    const custom = "custom";
    return [
      {
        name: t("target"),
        desc: t("targetDesc"),
        render: (setting) => {
          setting.addDropdown((dd) => {
            for (const level of this.draft.levels) dd.addOption(level.id, t("levelOption", { name: this.texts.levelName(level), tokens: formatCompact(level.tokens) }));
            dd.addOption(custom, t("targetCustom"));
            dd.setValue(typeof this.draft.target === "number" ? custom : this.draft.target);
            dd.onChange((value) => {
              if (value === custom) {
                const current = typeof this.draft.target === "number" ? this.draft.target : this.targetTokens();
                this.draft.target = current;
                tokensText?.setValue(String(current));
              } else this.draft.target = value;
              tokensText?.setDisabled(value !== custom);
              this.changed();
            });
          });
        },
      },
      {
        name: t("targetTokens"),
        desc: t("targetTokensDesc"),
        render: (setting) => {
          const error = errorSlot(setting);
          setting.addText((text) => {
            tokensText = text;
            text.inputEl.addClass("kl-number");
            text.setValue(String(this.targetTokens())).setDisabled(typeof this.draft.target !== "number");
            text.onChange((value) => {
              const n = parsePositive(value);
              if (typeof n === "string") return error(t(n, { value }));
              error(null);
              this.draft.target = n;
              this.changed();
            });
          });
        },
      },
    ];
  }

  private targetTokens(): number {
    const target = this.draft.target;
    if (typeof target === "number") return target;
    return this.draft.levels.find((l) => l.id === target)?.tokens ?? 1e11;
  }

  private volumeRows(): SettingRow[] {
    const { t } = this.texts;
    const custom = "custom";
    const presetNames: Record<(typeof PAGE_PRESETS)[number]["id"], MessageKey> = {
      dense: "presetDense",
      "book-en": "presetBookEn",
      "standard-ru": "presetStandardRu",
    };
    const presetOf = (tokens: number) => PAGE_PRESETS.find((p) => p.tokens === tokens)?.id ?? custom;
    let pageText: TextComponent | null = null;
    let presetValue: ((value: string) => void) | null = null;
    return [
      {
        name: t("pageSize"),
        desc: t("pageSizeDesc"),
        aliases: ["page", "страница"],
        render: (setting) => {
          setting.addDropdown((dd) => {
            for (const p of PAGE_PRESETS) dd.addOption(p.id, t(presetNames[p.id]));
            dd.addOption(custom, t("presetCustom"));
            dd.setValue(presetOf(this.draft.pageTokens));
            presetValue = (value) => {
              dd.setValue(value);
            };
            dd.onChange((value) => {
              const preset = PAGE_PRESETS.find((p) => p.id === value);
              if (!preset) return;
              this.draft.pageTokens = preset.tokens;
              pageText?.setValue(String(preset.tokens));
              this.changed();
            });
          });
        },
      },
      {
        name: t("pageTokens"),
        render: (setting) => {
          const error = errorSlot(setting);
          setting.addText((text) => {
            pageText = text;
            text.inputEl.addClass("kl-number");
            text.setValue(String(this.draft.pageTokens)).onChange((value) => {
              const n = parsePositive(value);
              if (typeof n === "string") return error(t(n, { value }));
              error(null);
              this.draft.pageTokens = n;
              presetValue?.(presetOf(n));
              this.changed();
            });
          });
        },
      },
      this.numberRow("bookTokens", t("bookTokens"), t("bookTokensDesc"), parsePositive),
      this.numberRow("tokensPerWord", t("tokensPerWord"), t("tokensPerWordDesc"), parsePositive),
      this.numberRow("tokensPerWordCyrillic", t("tokensPerWordCyrillic"), t("tokensPerWordCyrillicDesc"), parsePositive),
    ];
  }

  private numberRow(
    key: "bookTokens" | "tokensPerWord" | "tokensPerWordCyrillic" | "defaultQuality",
    name: string,
    desc: string,
    parse: (value: string) => number | MessageKey,
  ): SettingRow {
    const { t } = this.texts;
    return {
      name,
      desc,
      render: (setting) => {
        const error = errorSlot(setting);
        setting.addText((text) => {
          text.inputEl.addClass("kl-number");
          text.setValue(String(this.draft[key])).onChange((value) => {
            const n = parse(value);
            if (typeof n === "string") return error(t(n, { value }));
            error(null);
            this.draft[key] = n;
            this.changed();
          });
        });
      },
    };
  }

  private defaultQualityRow(): SettingRow {
    const { t } = this.texts;
    return this.numberRow("defaultQuality", t("defaultQuality"), t("defaultQualityDesc"), parseUnit);
  }

  private sourceTypesRow(): SettingRow {
    const { t } = this.texts;
    return {
      name: t("sourceTypes"),
      desc: t("sourceTypesDesc"),
      aliases: ["source-type", "weight", "textbook", "paper", "forum"],
      render: (setting) => {
        setting.settingEl.addClass("kl-setting-block");
        // Rows as the user edits them; the settings get every row with a valid, unique name and weight.
        const rows = Object.entries(this.draft.sourceTypes).map(([name, weight]) => ({ name, weight: String(weight) }));
        const list = setting.settingEl.createDiv({ cls: "kl-list" });
        const apply = (): string | null => {
          const out: Record<string, number> = {};
          let problem: string | null = null;
          for (const r of rows) {
            const name = r.name.trim().toLowerCase();
            const w = parseUnit(r.weight);
            if (!name) continue;
            if (typeof w === "string") problem ??= t(w, { value: r.weight });
            else if (Object.prototype.hasOwnProperty.call(out, name)) problem ??= t("errorDuplicateSourceType", { name });
            else out[name] = w;
          }
          this.draft.sourceTypes = out;
          this.changed();
          return problem;
        };
        const draw = () => {
          list.empty();
          rows.forEach((r, i) => {
            const row = new Setting(list).setClass("kl-list-row");
            const error = errorSlot(row);
            row.addText((text) => {
              label(text, t("sourceTypeName"));
              text.setValue(r.name).onChange((value) => {
                r.name = value;
                error(apply());
              });
            });
            row.addText((text) => {
              label(text, t("sourceTypeWeight"));
              text.inputEl.addClass("kl-number");
              text.setValue(r.weight).onChange((value) => {
                r.weight = value;
                error(apply());
              });
            });
            removeButton(row, t("sourceTypeRemove"), () => {
              rows.splice(i, 1);
              apply();
              draw();
            });
          });
        };
        setting.addButton((b) =>
          b.setButtonText(t("sourceTypeAdd")).onClick(() => {
            let n = 1;
            while (rows.some((r) => r.name === `${t("sourceTypeNew")} ${n}`)) n++;
            rows.push({ name: `${t("sourceTypeNew")} ${n}`, weight: String(this.draft.defaultQuality) });
            apply();
            draw();
          }),
        );
        draw();
      },
    };
  }

  private facetsRow(): SettingRow {
    const { t } = this.texts;
    return {
      name: t("facets"),
      desc: t("facetsDesc"),
      aliases: ["causality", "edge-case", "counterexample", "грань"],
      render: (setting) => {
        const error = errorSlot(setting);
        // Refused once, said once: typing on in a refused list does not pile up notices.
        let refused = false;
        setting.addTextArea((area) => {
          area.inputEl.rows = 5;
          area.setValue(this.draft.facets.join("\n")).onChange((value) => {
            const facets = [...new Set(splitLines(value).map((f) => f.replace(/^#/, "").toLowerCase()))];
            if (facets.length > MAX_FACETS) {
              // The index tracks 30 facets; a 31st would be dropped without a word, so it is not taken.
              const message = t("errorTooManyFacets", { max: MAX_FACETS, count: facets.length });
              error(message);
              if (!refused) new Notice(message);
              refused = true;
              return;
            }
            refused = false;
            error(null);
            this.draft.facets = facets;
            this.changed();
          });
        });
      },
    };
  }

  private foldersRow(): SettingRow {
    const { t } = this.texts;
    return {
      name: t("headingFolders"),
      desc: t("foldersDesc"),
      aliases: ["folder", "папка"],
      render: (setting) => {
        setting.settingEl.addClass("kl-setting-block");
        const rows = Object.entries(this.draft.folderLayers).map(([folder, layer]) => ({ folder, layer }));
        const list = setting.settingEl.createDiv({ cls: "kl-list" });
        const apply = (): string | null => {
          const out: Record<string, string> = {};
          let problem: string | null = null;
          const ids = new Set(this.draft.layers.map((l) => l.id));
          for (const r of rows) {
            const folder = normaliseFolder(r.folder);
            if (!folder || !ids.has(r.layer)) continue;
            if (Object.prototype.hasOwnProperty.call(out, folder)) problem ??= t("errorDuplicateFolder", { name: folder });
            else out[folder] = r.layer;
          }
          this.draft.folderLayers = out;
          this.changed();
          return problem;
        };
        const draw = () => {
          list.empty();
          for (const r of rows) if (!this.draft.layers.some((l) => l.id === r.layer)) r.layer = this.draft.layers[0]?.id ?? "";
          rows.forEach((r, i) => {
            const row = new Setting(list).setClass("kl-list-row");
            const error = errorSlot(row);
            row.addText((text) => {
              label(text, t("folderPath"));
              text.setPlaceholder(t("folderPath"));
              text.setValue(r.folder).onChange((value) => {
                r.folder = value;
                error(apply());
              });
            });
            row.addDropdown((dd) => {
              for (const layer of this.draft.layers) dd.addOption(layer.id, this.texts.layerName(layer));
              dd.setValue(r.layer).onChange((value) => {
                r.layer = value;
                error(apply());
              });
            });
            removeButton(row, t("folderRemove"), () => {
              rows.splice(i, 1);
              apply();
              draw();
            });
          });
        };
        this.refreshers.push(() => {
          // Layers changed: ids may have been renamed (the draft's rules follow) or removed.
          rows.splice(0, rows.length, ...Object.entries(this.draft.folderLayers).map(([folder, layer]) => ({ folder, layer })));
          draw();
        });
        setting.addButton((b) =>
          b.setButtonText(t("folderAdd")).onClick(() => {
            rows.push({ folder: "", layer: this.draft.layers[0]?.id ?? "" });
            draw();
          }),
        );
        draw();
      },
    };
  }

  private tagRows(): SettingRow[] {
    const { t } = this.texts;
    return [
      this.textRow("tagPrefix", t("tagPrefix"), t("tagPrefixDesc"), (v) => v.replace(/^#/, "").replace(/\/+$/, "")),
      this.textRow("facetTagPrefix", t("facetTagPrefix"), t("facetTagPrefixDesc"), (v) => v.replace(/^#/, "").replace(/\/+$/, "")),
      this.textRow("checkTag", t("checkTag"), t("checkTagDesc"), (v) => v.replace(/^#/, "").replace(/\/+$/, "")),
    ];
  }

  private reportRow(): SettingRow {
    const { t } = this.texts;
    return this.textRow("reportPath", t("reportPath"), t("reportPathDesc"), (v) => v);
  }

  private textRow(key: "tagPrefix" | "facetTagPrefix" | "checkTag" | "reportPath", name: string, desc: string, clean: (value: string) => string): SettingRow {
    const { t } = this.texts;
    return {
      name,
      desc,
      render: (setting) => {
        const error = errorSlot(setting);
        setting.addText((text) => {
          text.setValue(this.draft[key]).onChange((value) => {
            const v = clean(value.trim());
            if (!v) return error(t("errorEmpty"));
            error(null);
            this.draft[key] = v;
            this.changed();
          });
        });
      },
    };
  }

  private propertyRows(): SettingRow[] {
    const { t } = this.texts;
    const names = Object.keys(this.draft.properties) as (keyof PropertyNames)[];
    return names.map((name, i) => ({
      name: this.texts.propertyLabel(name),
      desc: i === 0 ? t("propertiesDesc") : undefined,
      aliases: ["property", "frontmatter", "свойство"],
      render: (setting: Setting) => {
        const error = errorSlot(setting);
        setting.addText((text) => {
          text.setValue(this.draft.properties[name]).onChange((value) => {
            const v = value.trim();
            if (!v) return error(t("errorEmpty"));
            error(null);
            this.draft.properties[name] = v;
            this.changed();
          });
        });
      },
    }));
  }

  private excludeRow(): SettingRow {
    const { t } = this.texts;
    return {
      name: t("exclude"),
      desc: t("excludeDesc"),
      aliases: ["exclude", "ignore", "исключить"],
      render: (setting) => {
        setting.addTextArea((area: TextAreaComponent) => {
          area.inputEl.rows = 4;
          area.setValue(this.draft.exclude.join("\n")).onChange((value) => {
            this.draft.exclude = [...new Set(splitLines(value).map(normaliseFolder).filter(Boolean))];
            this.changed();
          });
        });
      },
    };
  }

  private refreshAll(): void {
    for (const refresh of this.refreshers) refresh();
  }
}

// ───────────────────────────── helpers ─────────────────────────────

/** Renames a layer's id: the old id becomes an alias (tagged notes keep counting) and folder rules follow. */
export function renameLayer(settings: Settings, layer: LayerDef, id: string): void {
  const old = layer.id;
  layer.id = id;
  layer.aliases = layer.aliases.filter((a) => a.toLowerCase() !== id.toLowerCase());
  if (!layer.aliases.some((a) => a.toLowerCase() === old.toLowerCase()) && old.toLowerCase() !== id.toLowerCase()) layer.aliases.push(old);
  for (const [folder, target] of Object.entries(settings.folderLayers)) if (target === old) settings.folderLayers[folder] = id;
  if (layer.name === old) layer.name = id;
}

/** A number greater than 0, or the key of the message saying why not. */
export function parsePositive(value: string): number | MessageKey {
  const n = toNumber(value);
  if (n === null) return "errorNotNumber";
  return n > 0 ? n : "errorNotPositive";
}

/** A number from 0 to 1, or the key of the message saying why not. */
export function parseUnit(value: string): number | MessageKey {
  const n = toNumber(value);
  if (n === null) return "errorNotNumber";
  return n >= 0 && n <= 1 ? n : "errorNotUnit";
}

function splitList(value: string): string[] {
  return [...new Set(value.split(",").map((s) => s.trim()).filter(Boolean))];
}

function splitLines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function label(text: TextComponent, name: string): void {
  text.setPlaceholder(name);
  text.inputEl.setAttr("aria-label", name);
}

/** A row's remove button (a trash icon). */
function removeButton(setting: Setting, tooltip: string, remove: () => void): void {
  setting.addExtraButton((b) => b.setIcon("trash").setTooltip(tooltip).onClick(remove));
}

/** A message line under a setting's name; `show(null)` clears it. */
function errorSlot(setting: Setting): (message: string | null) => void {
  const el = setting.infoEl.createDiv({ cls: "kl-setting-error kl-hidden" });
  return (message) => {
    el.setText(message ?? "");
    el.toggleClass("kl-hidden", message === null);
    setting.settingEl.toggleClass("kl-has-error", message !== null);
  };
}
