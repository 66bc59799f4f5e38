// @vitest-environment happy-dom
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type * as Obsidian from "obsidian";
import KnowledgeLayersPlugin from "../../src/main";
import { VIEW_TYPE_LAYER_GRAPH } from "../../src/plugin/graphView";
import { LayerPicker } from "../../src/plugin/layerPicker";
import { App, Notice, setLanguage } from "../__mocks__/obsidian";
import type { Command, PluginManifest } from "../__mocks__/obsidian";
import { fileAt, settle } from "../helpers/plugin";

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, "../../manifest.json"), "utf8")) as PluginManifest;

/** The plugin as the mock's Plugin, with its test hooks. */
type LoadedPlugin = KnowledgeLayersPlugin & {
  commands: Command[];
  ribbonIcons: { icon: string; title: string; el: HTMLElement; callback: (evt: MouseEvent) => unknown }[];
  statusBarItems: HTMLElement[];
  settingTabs: unknown[];
  command(id: string): Command | undefined;
  whenLoaded(): Promise<void>;
};

const files = {
  "Concepts/Force.md": "---\nlayer: concepts\n---\n[[Impulse]]",
  "Concepts/Impulse.md": "---\nlayer: concepts\ntokens: 1e9\n---\ntext",
  "Facts/Peak.md": "---\nlayer: facts\n---\n[[Force]]",
  "Loose.md": "no layer",
  "image.png": "",
};

async function start(data: unknown = null): Promise<{ app: App; plugin: LoadedPlugin }> {
  const app = App.withFiles(files);
  if (data !== null) app.pluginData.set(manifest.id, data);
  document.body.appendChild(app.workspace.containerEl);
  const plugin = new KnowledgeLayersPlugin(app as unknown as Obsidian.App, manifest) as LoadedPlugin;
  plugin.load();
  await plugin.whenLoaded();
  return { app, plugin };
}

async function ready(app: App, plugin: LoadedPlugin): Promise<void> {
  await app.workspace.setLayoutReady();
  await plugin.api.whenReady();
}

beforeEach(() => {
  Notice.log.length = 0;
  setLanguage("en");
});

describe("the plugin", () => {
  it("registers three commands without the plugin id in their ids, in sentence case, with no default hotkeys", async () => {
    const { plugin } = await start();
    expect(plugin.commands.map((c) => [c.id, c.name])).toEqual([
      ["knowledge-layers:set-layer", "Set curriculum layer"],
      ["knowledge-layers:estimate-coverage", "Estimate coverage"],
      ["knowledge-layers:open-layer-graph", "Open layer graph"],
    ]);
    expect(plugin.commands.every((c) => c.hotkeys === undefined)).toBe(true);
  });

  it("names its commands in Russian when Obsidian is in Russian", async () => {
    setLanguage("ru");
    const { plugin } = await start();
    expect(plugin.commands.map((c) => c.name)).toEqual(["Задать слой учебного плана", "Оценить покрытие", "Открыть граф слоёв"]);
  });

  it("does not build the index in onload; it builds after the layout is ready", async () => {
    const { app, plugin } = await start();
    expect(plugin.api.isReady()).toBe(false);
    expect(app.vault.reads).toBe(0);
    expect(plugin.api.analysis()).toBeNull();
    await ready(app, plugin);
    expect(plugin.api.isReady()).toBe(true);
    expect(app.vault.reads).toBe(4);
  });

  it("offers Set curriculum layer only while a Markdown note is active", async () => {
    const { app, plugin } = await start();
    await ready(app, plugin);
    const check = (checking: boolean) => plugin.command("set-layer")?.checkCallback?.(checking);
    expect(check(true)).toBe(false);
    await app.workspace.getLeaf(false).openFile(fileAt(app, "image.png"));
    expect(check(true)).toBe(false);
    await app.workspace.getLeaf(false).openFile(fileAt(app, "Loose.md"));
    expect(check(true)).toBe(true);
    const open = vi.spyOn(LayerPicker.prototype, "open");
    check(false);
    expect(open).toHaveBeenCalledTimes(1);
    open.mockRestore();
  });

  it("shows the active note's layer and its coverage in the status bar; a click opens the picker", async () => {
    const { app, plugin } = await start();
    const bar = plugin.statusBarItems[0];
    await app.workspace.getLeaf(false).openFile(fileAt(app, "Concepts/Impulse.md"));
    expect(bar.textContent).toBe("Layers: indexing…");
    await ready(app, plugin);
    expect(bar.textContent).toBe("Concepts · 6%");
    await app.workspace.getLeaf(false).openFile(fileAt(app, "Loose.md"));
    expect(bar.textContent).toBe("No layer");
    await app.vault.modify(fileAt(app, "Loose.md"), "---\nlayer: facts\n---\n");
    await settle(300);
    expect(bar.textContent).toBe("Facts · <0.1%");
    const open = vi.spyOn(LayerPicker.prototype, "open");
    bar.click();
    expect(open).toHaveBeenCalledTimes(1);
    open.mockRestore();
    await app.workspace.getLeaf(false).openFile(fileAt(app, "image.png"));
    expect(bar.textContent).toBe("");
    expect(bar.classList.contains("kl-hidden")).toBe(true);
  });

  it("opens the layer graph from the ribbon icon and the command", async () => {
    const { app, plugin } = await start();
    await ready(app, plugin);
    expect(plugin.ribbonIcons.map((r) => [r.icon, r.title])).toEqual([["layers", "Open layer graph"]]);
    plugin.ribbonIcons[0].el.click();
    await settle();
    expect(app.workspace.getLeavesOfType(VIEW_TYPE_LAYER_GRAPH)).toHaveLength(1);
    plugin.command("open-layer-graph")?.callback?.();
    await settle();
    expect(app.workspace.getLeavesOfType(VIEW_TYPE_LAYER_GRAPH)).toHaveLength(1);
  });

  it("tells the user which saved settings are invalid or unknown, uses the defaults for those, and leaves data.json as it was", async () => {
    const data = { pageTokens: -5, layers: "six", tagPrefix: "слой", olderSetting: true };
    const { app, plugin } = await start(structuredClone(data));
    expect(Notice.log).toEqual([
      "Knowledge layers: these settings in data.json are not valid, so their defaults are used until you change them in the settings: layers, pageTokens",
      "Knowledge layers: data.json holds settings this version does not use; they are kept in the file: olderSetting",
    ]);
    await ready(app, plugin);
    expect(app.pluginData.get(manifest.id)).toEqual(data);
    expect(plugin.api.analysis()?.layers).toHaveLength(6);
  });

  it("reloads its settings when data.json changes on disk, and the index follows", async () => {
    const { app, plugin } = await start();
    await ready(app, plugin);
    expect(plugin.api.layerOf("Facts/Peak.md")).toBe("facts");
    app.pluginData.set(manifest.id, { exclude: ["Facts"], tagPrefix: "слой" });
    await plugin.onExternalSettingsChange();
    await settle();
    expect(plugin.api.layerOf("Facts/Peak.md")).toBeNull();
    expect(plugin.api.analysis()?.layers[2].notes).toEqual({ concept: 0, source: 0, check: 0 });
  });

  it("unloads cleanly: every event handler and the view type are gone", async () => {
    const app = App.withFiles(files);
    const before = [app.metadataCache.listenerCount("changed"), app.vault.listenerCount("rename"), app.workspace.listenerCount("file-open")];
    const plugin = new KnowledgeLayersPlugin(app as unknown as Obsidian.App, manifest) as LoadedPlugin;
    plugin.load();
    await plugin.whenLoaded();
    await ready(app, plugin);
    plugin.unload();
    expect([app.metadataCache.listenerCount("changed"), app.vault.listenerCount("rename"), app.workspace.listenerCount("file-open")]).toEqual(before);
    expect(app.workspace.viewCreators.has(VIEW_TYPE_LAYER_GRAPH)).toBe(false);
  });
});

describe("plugin.api", () => {
  it("answers layerOf, note and analysis with copies, and tells subscribers about changes", async () => {
    const { app, plugin } = await start();
    await ready(app, plugin);
    const api = plugin.api;
    expect(api.apiVersion).toBe(1);
    expect(api.layerOf("Facts/Peak.md")).toBe("facts");
    expect(api.layerOf("Loose.md")).toBeNull();
    expect(api.layerOf("nowhere.md")).toBeNull();
    expect(api.note("Facts/Peak.md")?.links).toEqual([{ target: "Force", resolved: "Concepts/Force.md" }]);

    const report = api.analysis();
    expect(report?.version).toBe(1);
    expect(report?.layers.map((l) => l.id)).toEqual(["concepts", "structures", "facts", "logic", "strategies", "paradoxes"]);
    expect(report?.untagged).toBe(1);
    report!.layers.length = 0;
    expect(api.analysis()?.layers).toHaveLength(6);

    const heard: number[] = [];
    const ref = api.on("changed", (revision) => heard.push(revision));
    const before = api.revision();
    await app.vault.modify(fileAt(app, "Loose.md"), "---\nlayer: logic\n---\n");
    await settle(300);
    expect(heard).toEqual([api.revision()]);
    expect(api.revision()).toBeGreaterThan(before);
    expect(api.layerOf("Loose.md")).toBe("logic");
    api.offref(ref);
    await app.vault.modify(fileAt(app, "Loose.md"), "---\nlayer: facts\n---\n");
    await settle(300);
    expect(heard).toHaveLength(1);
    expect(Object.isFrozen(api)).toBe(true);
  });
});
