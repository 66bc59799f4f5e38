// @vitest-environment happy-dom
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type * as Obsidian from "obsidian";
import { defaultSettings } from "../../src/core/defaults";
import { settingsOrThrow } from "../../src/core/settings";
import KnowledgeLayersPlugin from "../../src/main";
import type { KnowledgeLayersSettingTab } from "../../src/plugin/settingsTab";
import { App, Notice, RawData, setLanguage } from "../__mocks__/obsidian";
import type { PluginManifest } from "../__mocks__/obsidian";

// The plugin starting on a data.json the strict reading (the CLI's) refuses: it must start, say which keys,
// count with the defaults for those, and leave the file as the user wrote it until they change a setting.

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, "../../manifest.json"), "utf8")) as PluginManifest;

type LoadedPlugin = KnowledgeLayersPlugin & { settingTabs: unknown[]; whenLoaded(): Promise<void> };

async function start(data: unknown): Promise<{ app: App; plugin: LoadedPlugin }> {
  const app = App.withFiles({ "Concepts/Force.md": "---\nlayer: concepts\n---\ntext" });
  app.pluginData.set(manifest.id, data);
  document.body.appendChild(app.workspace.containerEl);
  const plugin = new KnowledgeLayersPlugin(app as unknown as Obsidian.App, manifest) as LoadedPlugin;
  plugin.load();
  await plugin.whenLoaded();
  return { app, plugin };
}

beforeEach(() => {
  Notice.log.length = 0;
  setLanguage("en");
});

describe("loading a data.json with wrong types", () => {
  it("names every refused key in one notice, uses the defaults for them, and does not touch data.json until a change", async () => {
    const text = `{
      "pageTokens": "375",
      "bookTokens": 1e400,
      "sourceTypes": { "forum": "0.5", "podcast": 0.2 },
      "layers": [{ "id": "a", "aliases": [1, 2] }, { "id": "b" }],
      "levels": [{ "id": "lo", "tokens": 5, "name": 7 }, { "id": "hi", "tokens": 50 }],
      "facets": ${JSON.stringify(Array.from({ length: 31 }, (_, i) => `f${i}`))},
      "tokensPerWord": 1.5
    }`;
    const data = JSON.parse(text) as unknown;
    const { app, plugin } = await start(data);
    expect(Notice.log).toEqual([
      "Knowledge layers: these settings in data.json are not valid, so their defaults are used until you change them in the settings: " +
        "layers[0].aliases[0], layers[0].aliases[1], levels[0].name, pageTokens, bookTokens, sourceTypes.forum, facets",
    ]);
    // The same object, unchanged: nothing was written.
    expect(app.pluginData.get(manifest.id)).toBe(data);
    expect(JSON.parse(text)).toEqual(data);

    // A change saves numbers as numbers; the refused values the user did not change stay as they wrote them.
    const tab = plugin.settingTabs[0] as KnowledgeLayersSettingTab;
    tab.editing.pageTokens = 450;
    expect(await tab.commit()).toEqual([]);
    const saved = app.pluginData.get(manifest.id) as Record<string, unknown>;
    expect(saved.pageTokens).toBe(450);
    expect(saved.tokensPerWord).toBe(1.5);
    expect(saved.bookTokens).toBe(Infinity);
    expect(saved.facets).toEqual((data as Record<string, unknown>).facets);
    expect(saved.sourceTypes).toEqual({ forum: "0.5", podcast: 0.2 });
    expect(saved.layers).toEqual((data as Record<string, unknown>).layers);
    expect(saved.levels).toEqual((data as Record<string, unknown>).levels);
    // Changed in the settings, each is written as a value the CLI reads.
    tab.editing.bookTokens = 90_000;
    tab.editing.facets = ["causality"];
    tab.editing.sourceTypes = { ...tab.editing.sourceTypes, forum: 0.5 };
    tab.editing.layers = defaultSettings().layers;
    tab.editing.levels = defaultSettings().levels;
    tab.editing.target = "bachelor";
    expect(await tab.commit()).toEqual([]);
    expect(() => settingsOrThrow(app.pluginData.get(manifest.id))).not.toThrow();
  });
});

describe("loading a data.json that is not JSON", () => {
  const PATH = ".obsidian/plugins/knowledge-layers/data.json";
  const TEXT = '{ "pageTokens": 375, "folderLayers": { "Concepts": "concepts" }, }';

  it("keeps a copy of it as data.json.bak (or the next free name) before the first save", async () => {
    const { app, plugin } = await startWithText(TEXT, (files) => files.set(`${PATH}.bak`, "an older copy"));
    expect(Notice.log[0]).toMatch(/\(data\.json\)/);
    const tab = plugin.settingTabs[0] as KnowledgeLayersSettingTab;
    tab.editing.pageTokens = 450;
    expect(await tab.commit()).toEqual([]);
    expect(app.vault.adapter.files.get(`${PATH}.bak2`)).toBe(TEXT);
    expect(app.vault.adapter.files.get(`${PATH}.bak`)).toBe("an older copy");
    expect((app.pluginData.get(manifest.id) as Record<string, unknown>).pageTokens).toBe(450);
  });

  it("does not overwrite it when the copy fails", async () => {
    const { app, plugin } = await startWithText(TEXT, () => undefined);
    app.vault.adapter.failCopies = true;
    const tab = plugin.settingTabs[0] as KnowledgeLayersSettingTab;
    tab.editing.pageTokens = 450;
    expect((await tab.commit()).map((p) => p.key)).toEqual(["(data.json)"]);
    expect(app.pluginData.get(manifest.id)).toEqual(new RawData(TEXT));
  });
});

async function startWithText(text: string, prepare: (files: Map<string, string>) => void): Promise<{ app: App; plugin: LoadedPlugin }> {
  const app = App.withFiles({ "Concepts/Force.md": "---\nlayer: concepts\n---\ntext" });
  app.pluginData.set(manifest.id, new RawData(text));
  app.vault.adapter.files.set(".obsidian/plugins/knowledge-layers/data.json", text);
  prepare(app.vault.adapter.files);
  document.body.appendChild(app.workspace.containerEl);
  const plugin = new KnowledgeLayersPlugin(app as unknown as Obsidian.App, manifest) as LoadedPlugin;
  plugin.load();
  await plugin.whenLoaded();
  return { app, plugin };
}
