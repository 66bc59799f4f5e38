// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import type * as Obsidian from "obsidian";
import { defaultSettings } from "../../src/core/defaults";
import { settingsOrThrow } from "../../src/core/settings";
import { Texts } from "../../src/plugin/i18n";
import { KnowledgeLayersSettingTab, parsePositive, parseUnit, renameLayer } from "../../src/plugin/settingsTab";
import { SettingsStore } from "../../src/plugin/settingsStore";
import { App, Notice, Plugin, Setting } from "../__mocks__/obsidian";

class HostPlugin extends Plugin {}

async function openTab(lang: "en" | "ru" = "en", data: unknown = null) {
  const app = new App();
  const file = { data, writes: 0 };
  const store = new SettingsStore(
    () => Promise.resolve(file.data),
    (next) => {
      file.data = next;
      file.writes++;
      return Promise.resolve();
    },
  );
  await store.load();
  const plugin = new HostPlugin(app, { id: "knowledge-layers", name: "Knowledge Layers", version: "0", minAppVersion: "1.8.7", description: "", author: "" });
  const tab = new KnowledgeLayersSettingTab(app as unknown as Obsidian.App, plugin as unknown as Obsidian.Plugin, store, new Texts(lang));
  document.body.appendChild(tab.containerEl);
  tab.display();
  return { tab, store, file, el: tab.containerEl };
}

/** The setting row whose name is `name` (the n-th when several have it). */
function row(el: HTMLElement, name: string, n = 0): HTMLElement {
  const rows = [...el.querySelectorAll<HTMLElement>(".setting-item")].filter((r) => r.querySelector(".setting-item-name")?.textContent === name);
  if (!rows[n]) throw new Error(`no setting named ${name}`);
  return rows[n];
}

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string, commit = false): void {
  input.value = value;
  input.dispatchEvent(new Event("input"));
  if (commit) input.dispatchEvent(new Event("change"));
}

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event("change"));
}

const errorOf = (r: HTMLElement) => {
  const e = r.querySelector(".kl-setting-error");
  return e && !e.classList.contains("kl-hidden") ? e.textContent : null;
};
const layerRows = (el: HTMLElement) => [...el.querySelectorAll<HTMLElement>(".kl-layer-list .kl-list-row")];
const inputs = (r: HTMLElement) => [...r.querySelectorAll<HTMLInputElement>("input")];

beforeEach(() => {
  Notice.log.length = 0;
});

describe("the settings tab", () => {
  it("draws every section of spec §3 and §7, with one row per layer", async () => {
    const { el } = await openTab();
    const headings = [...el.querySelectorAll(".setting-item-heading .setting-item-name")].map((h) => h.textContent);
    expect(headings).toEqual(["Layers", "Target", "Volume", "Quality", "Facets", "Folder rules", "Tags", "Property names", "Report", "Exclusions"]);
    expect(layerRows(el).map((r) => r.querySelector(".setting-item-name")?.textContent)).toEqual([
      "1. Concepts",
      "2. Structures",
      "3. Facts",
      "4. Logic & causality",
      "5. Strategies",
      "6. Paradoxes & meta",
    ]);
  });

  it("refuses a share that is not a positive number, with a message, and saves a valid one", async () => {
    const { el, tab, store, file } = await openTab();
    const share = inputs(layerRows(el)[2])[3];
    type(share, "lots");
    expect(errorOf(layerRows(el)[2])).toBe("“lots” is not a number.");
    type(share, "0");
    expect(errorOf(layerRows(el)[2])).toBe("Enter a number greater than 0.");
    await tab.commit();
    expect(store.settings.layers[2].share).toBe(1);
    type(share, "2,5e0".replace(",", "."));
    expect(errorOf(layerRows(el)[2])).toBeNull();
    tab.hide();
    await Promise.resolve();
    expect(store.settings.layers[2].share).toBe(2.5);
    expect((file.data as { settingsVersion: number }).settingsVersion).toBe(1);
  });

  it("refuses a layer id another layer has; a new id keeps the old one as an alias and moves the folder rules", async () => {
    const { el, tab, store } = await openTab("en", { folderLayers: { Facts: "facts" } });
    const id = inputs(layerRows(el)[2])[1];
    type(id, "LOGIC", true);
    expect(errorOf(layerRows(el)[2])).toBe("Another layer already has the id LOGIC.");
    expect(tab.editing.layers[2].id).toBe("facts");
    type(id, "measured", true);
    await tab.commit();
    expect(store.settings.layers[2]).toEqual({ id: "measured", name: "Facts", aliases: ["fact", "факт", "facts"], share: 1 });
    expect(store.settings.folderLayers).toEqual({ Facts: "measured" });
    expect(Notice.log).toEqual(["The old id facts is kept as an alias of measured, so notes tagged with it still count."]);
  });

  it("adds, reorders and removes layers, and never removes the last one", async () => {
    const { el, tab, store } = await openTab();
    row(el, "Layers", 1).querySelector("button")?.click();
    expect(layerRows(el)).toHaveLength(7);
    expect(tab.editing.layers[6]).toEqual({ id: "layer-7", name: "New layer", aliases: [], share: 1 });
    // Move "Facts" up, then remove "Concepts".
    layerRows(el)[2].querySelector<HTMLElement>('[data-icon="arrow-up"]')?.click();
    layerRows(el)[0].querySelector<HTMLElement>('[data-icon="trash"]')?.click();
    await tab.commit();
    expect(store.settings.layers.map((l) => l.id)).toEqual(["facts", "structures", "logic", "strategies", "paradoxes", "layer-7"]);
    while (layerRows(el).length > 1) layerRows(el)[0].querySelector<HTMLElement>('[data-icon="trash"]')?.click();
    layerRows(el)[0].querySelector<HTMLElement>('[data-icon="trash"]')?.click();
    expect(errorOf(layerRows(el)[0])).toBe("At least one layer is needed.");
    await tab.commit();
    expect(store.settings.layers.map((l) => l.id)).toEqual(["layer-7"]);
  });

  it("offers the page-size presets and a custom value", async () => {
    const { el, tab, store } = await openTab();
    const preset = row(el, "Page size").querySelector("select")!;
    const tokens = inputs(row(el, "Tokens per page"))[0];
    expect([...preset.options].map((o) => o.value)).toEqual(["dense", "book-en", "standard-ru", "custom"]);
    choose(preset, "standard-ru");
    expect(tokens.value).toBe("450");
    await tab.commit();
    expect(store.settings.pageTokens).toBe(450);
    type(tokens, "1 200");
    expect(preset.value).toBe("custom");
    type(tokens, "375");
    expect(preset.value).toBe("book-en");
    type(tokens, "-1");
    expect(errorOf(row(el, "Tokens per page"))).toBe("Enter a number greater than 0.");
    await tab.commit();
    expect(store.settings.pageTokens).toBe(375);
  });

  it("sets the target to a level or to a number of tokens", async () => {
    const { el, tab, store } = await openTab();
    const level = row(el, "Target level").querySelector("select")!;
    const tokens = inputs(row(el, "Target tokens"))[0];
    expect(tokens.disabled).toBe(true);
    choose(level, "expert");
    await tab.commit();
    expect(store.settings.target).toBe("expert");
    choose(level, "custom");
    expect(tokens.disabled).toBe(false);
    type(tokens, "2.5e10");
    await tab.commit();
    expect(store.settings.target).toBe(2.5e10);
  });

  it("edits quality weights, facets, folder rules, tags, property names, the report path and exclusions", async () => {
    const { el, tab, store } = await openTab();
    type(inputs(row(el, "Default quality"))[0], "1.5");
    expect(errorOf(row(el, "Default quality"))).toBe("Enter a number from 0 to 1.");
    type(inputs(row(el, "Default quality"))[0], "0.9");

    const types = row(el, "Source type weights");
    types.querySelector<HTMLButtonElement>(":scope > .setting-item-control button")?.click();
    const added = [...types.querySelectorAll<HTMLElement>(".kl-list-row")].at(-1)!;
    type(inputs(added)[0], "Podcast");
    type(inputs(added)[1], "0.2");
    const forum = [...types.querySelectorAll<HTMLElement>(".kl-list-row")].find((r) => inputs(r)[0].value === "forum")!;
    type(inputs(forum)[1], "two");
    expect(errorOf(forum)).toBe("“two” is not a number.");

    type(row(el, "Facet list").querySelector("textarea")!, "causality\n#Synthesis\n\ncausality");
    const folders = row(el, "Folder rules", 1);
    folders.querySelector<HTMLButtonElement>(":scope > .setting-item-control button")?.click();
    const rule = folders.querySelector<HTMLElement>(".kl-list-row")!;
    type(inputs(rule)[0], "/Sources/Papers/");
    choose(rule.querySelector("select")!, "facts");

    type(inputs(row(el, "Layer tag prefix"))[0], "#слой/");
    type(inputs(row(el, "Layer", 0))[0], "");
    expect(errorOf(row(el, "Layer", 0))).toBe("This cannot be empty.");
    type(inputs(row(el, "Domain"))[0], "field");
    type(inputs(row(el, "Report note"))[0], "Reports/Coverage");
    type(row(el, "Excluded folders").querySelector("textarea")!, "Templates/\n./Archive\n\nTemplates");

    expect(await tab.commit()).toEqual([]);
    const s = store.settings;
    expect(s.defaultQuality).toBe(0.9);
    expect(s.sourceTypes.podcast).toBe(0.2);
    expect(s.sourceTypes.forum).toBe(0.1);
    expect(s.facets).toEqual(["causality", "synthesis"]);
    expect(s.folderLayers).toEqual({ "Sources/Papers": "facts" });
    expect(s.tagPrefix).toBe("слой");
    expect(s.properties.layer).toBe("layer");
    expect(s.properties.domain).toBe("field");
    expect(s.reportPath).toBe("Reports/Coverage.md");
    expect(s.exclude).toEqual(["Templates", "Archive"]);
  });

  it("saves numbers as numbers, in a file the CLI reads strictly", async () => {
    const { el, tab, file } = await openTab();
    type(inputs(row(el, "Tokens per page"))[0], "1 200");
    type(inputs(row(el, "Default quality"))[0], "0.9");
    type(inputs(layerRows(el)[0])[3], "2");
    const types = row(el, "Source type weights");
    const forum = [...types.querySelectorAll<HTMLElement>(".kl-list-row")].find((r) => inputs(r)[0].value === "forum")!;
    type(inputs(forum)[1], "0.25");
    choose(row(el, "Target level").querySelector("select")!, "custom");
    type(inputs(row(el, "Target tokens"))[0], "2e10");
    expect(await tab.commit()).toEqual([]);
    const saved = file.data as Record<string, unknown>;
    expect(saved).toMatchObject({ pageTokens: 1200, defaultQuality: 0.9, target: 2e10 });
    expect((saved.layers as { share: unknown }[])[0].share).toBe(2);
    expect((saved.sourceTypes as Record<string, unknown>).forum).toBe(0.25);
    expect(settingsOrThrow(saved)).toMatchObject({ pageTokens: 1200, target: 2e10 });
  });

  it("refuses a 31st facet with a notice (the index tracks 30), once, and takes the list again when it is short enough", async () => {
    const { el, tab, store } = await openTab();
    const area = row(el, "Facet list").querySelector("textarea")!;
    const thirty = Array.from({ length: 30 }, (_, i) => `f${i}`);
    type(area, thirty.join("\n"));
    expect(errorOf(row(el, "Facet list"))).toBeNull();
    expect(tab.editing.facets).toHaveLength(30);
    type(area, [...thirty, "f30"].join("\n"));
    type(area, [...thirty, "f30", "f31"].join("\n"));
    const message = "At most 30 facets can be tracked; this list has 32. Remove a facet before adding another.";
    expect(errorOf(row(el, "Facet list"))).toBe(message);
    expect(Notice.log).toEqual(["At most 30 facets can be tracked; this list has 31. Remove a facet before adding another."]);
    expect(tab.editing.facets).toEqual(thirty);
    type(area, [...thirty.slice(1), "f30"].join("\n"));
    expect(errorOf(row(el, "Facet list"))).toBeNull();
    expect(await tab.commit()).toEqual([]);
    expect(store.settings.facets).toEqual([...thirty.slice(1), "f30"]);
  });

  it("shows the default layers by their Russian names in Russian, and does not rename them by merely showing them", async () => {
    const { el, tab, store } = await openTab("ru");
    expect(inputs(layerRows(el)[0])[0].value).toBe("Понятия");
    type(inputs(layerRows(el)[1])[2], "structure, структура, строение");
    await tab.commit();
    expect(store.settings.layers[0].name).toBe("Concepts");
    expect(store.settings.layers[1].aliases).toEqual(["structure", "структура", "строение"]);
    type(inputs(layerRows(el)[0])[0], "Базовые понятия");
    await tab.commit();
    expect(store.settings.layers[0].name).toBe("Базовые понятия");
  });

  it("shows why a save was refused", async () => {
    const { el, tab } = await openTab();
    tab.editing.levels = [];
    const problems = await tab.commit();
    expect(problems.map((p) => p.key)).toEqual(["levels"]);
    expect(el.querySelector(".kl-settings-banner")?.textContent).toMatch(/^Not saved: levels: /);
  });

  it("describes the same rows to Obsidian 1.13's declarative settings, each drawing its own controls", async () => {
    const { tab } = await openTab();
    tab.containerEl.remove();
    const groups = tab.getSettingDefinitions();
    expect(groups.map((g) => g.heading)).toEqual(["Layers", "Target", "Volume", "Quality", "Facets", "Folder rules", "Tags", "Property names", "Report", "Exclusions"]);
    expect(groups.flatMap((g) => g.items).length).toBe(tab.sections().flatMap((s) => s.rows).length);
    const host = document.createElement("div");
    const setting = new Setting(host);
    groups[0].items[0].render(setting as unknown as Obsidian.Setting);
    expect(host.querySelectorAll(".kl-list-row")).toHaveLength(6);
    // Without the tab's banner, a refused save is told in a notice.
    tab.editing.levels = [];
    await tab.commit();
    expect(Notice.log.at(-1)).toMatch(/^Not saved: levels: /);
  });
});

describe("settings helpers", () => {
  it("parse numbers as people type them", () => {
    expect(parsePositive("1 200")).toBe(1200);
    expect(parsePositive("1e3")).toBe(1000);
    expect(parsePositive("0")).toBe("errorNotPositive");
    expect(parsePositive("NaN")).toBe("errorNotNumber");
    expect(parseUnit("0.5")).toBe(0.5);
    expect(parseUnit("1.01")).toBe("errorNotUnit");
  });

  it("renameLayer keeps the old id once, and never mutates the defaults", () => {
    const s = defaultSettings();
    renameLayer(s, s.layers[0], "basics");
    renameLayer(s, s.layers[0], "concepts");
    expect(s.layers[0].aliases).toEqual(["concept", "понятие", "понятия", "basics"]);
    expect(defaultSettings().layers[0].id).toBe("concepts");
  });
});
