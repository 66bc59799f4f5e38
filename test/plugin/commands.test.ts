// @vitest-environment happy-dom
import { load } from "js-yaml";
import { beforeEach, describe, expect, it } from "vitest";
import { defaultSettings } from "../../src/core/defaults";
import type { Settings } from "../../src/core/types";
import { estimateCoverage, openLayerGraph } from "../../src/plugin/commands";
import type { CommandServices } from "../../src/plugin/commands";
import { VIEW_TYPE_LAYER_GRAPH } from "../../src/plugin/graphView";
import { Texts } from "../../src/plugin/i18n";
import { LayerPicker, setLayer, setLayerIn } from "../../src/plugin/layerPicker";
import { carriesReportMarker, reportPathOf, writeReportNote } from "../../src/plugin/reportNote";
import type { FuzzyMatch } from "../__mocks__/obsidian";
import { App, ItemView, Notice } from "../__mocks__/obsidian";
import { asApp, asFile, fileAt, liveIndex } from "../helpers/plugin";

const frontmatterOf = (text: string) => load(/^---\n([\s\S]*?)---\n/.exec(text)?.[1] ?? "") as Record<string, unknown>;
const bodyOf = (text: string) => text.replace(/^---\n[\s\S]*?---\n/, "");

async function services(app: App, settings: Settings = defaultSettings(), lang: "en" | "ru" = "en"): Promise<CommandServices> {
  const live = await liveIndex(app, settings);
  return { app: asApp(app), live, settings: () => settings, texts: new Texts(lang) };
}

beforeEach(() => {
  Notice.log.length = 0;
});

describe("Set curriculum layer", () => {
  const text = "---\ntitle: Impulse\nlayer: [facts, logic]\ntags:\n  - physics\nquality: 0.8\nwhen: 2024-05-01\n---\n# Impulse\n\nBody with [[links]] and trailing spaces   \n\n";

  it("the frontmatter callback changes the layer and nothing else", async () => {
    const app = App.withFiles({ "Impulse.md": text });
    await setLayer(asApp(app), asFile(fileAt(app, "Impulse.md")), "layer", "concepts");
    const after = app.vault.contentOf("Impulse.md") ?? "";
    const { layer, ...rest } = frontmatterOf(after);
    const { layer: oldLayer, ...oldRest } = frontmatterOf(text);
    expect(oldLayer).toEqual(["facts", "logic"]);
    expect(layer).toBe("concepts");
    expect(rest).toEqual(oldRest);
    expect(bodyOf(after)).toBe(bodyOf(text));
  });

  it("adds the property to a note without frontmatter, and a property named __proto__ stays an ordinary key", async () => {
    const app = App.withFiles({ "Bare.md": "Just text.\n" });
    await setLayer(asApp(app), asFile(fileAt(app, "Bare.md")), "слой", "facts");
    expect(app.vault.contentOf("Bare.md")).toBe("---\nслой: facts\n---\nJust text.\n");
    const fm: Record<string, unknown> = {};
    setLayerIn(fm, "__proto__", "facts");
    expect(Object.keys(fm)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(fm)).toBe(Object.prototype);
  });

  it("the picker lists the layers by name in the user's language and matches ids, names and aliases", () => {
    const app = App.withFiles({ "Impulse.md": text });
    const file = asFile(fileAt(app, "Impulse.md"));
    const settings = defaultSettings();
    const ru = new LayerPicker(asApp(app), file, settings, new Texts("ru"), "facts");
    const ids = (matches: FuzzyMatch<{ id: string }>[]) => matches.map((m) => m.item.id);
    expect(ids(ru.getSuggestions(""))).toEqual(settings.layers.map((l) => l.id));
    expect(ids(ru.getSuggestions("парадокс"))[0]).toBe("paradoxes");
    expect(ids(ru.getSuggestions("Понятия"))[0]).toBe("concepts");
    expect(ids(ru.getSuggestions("causality"))[0]).toBe("logic");
    const el = document.createElement("div");
    ru.renderSuggestion(ru.getSuggestions("факт")[0], el);
    expect(el.querySelector(".kl-picker-name")?.textContent).toBe("Факты (сейчас)");
    expect(el.querySelector(".kl-picker-aliases")?.textContent).toBe("facts, fact, факт");
  });

  it("choosing a layer writes it and says so; a note whose YAML cannot be rewritten gets a notice, not a crash", async () => {
    const app = App.withFiles({ "Impulse.md": text, "Broken.md": "---\n[unclosed\n---\nbody\n" });
    const texts = new Texts("en");
    const settings = defaultSettings();
    new LayerPicker(asApp(app), asFile(fileAt(app, "Impulse.md")), settings, texts, null).onChooseItem(settings.layers[3]);
    new LayerPicker(asApp(app), asFile(fileAt(app, "Broken.md")), settings, texts, null).onChooseItem(settings.layers[3]);
    await new Promise((r) => setTimeout(r, 10));
    expect(frontmatterOf(app.vault.contentOf("Impulse.md") ?? "").layer).toBe("logic");
    expect(app.vault.contentOf("Broken.md")).toBe("---\n[unclosed\n---\nbody\n");
    expect(Notice.log).toHaveLength(2);
    expect(Notice.log).toEqual(expect.arrayContaining(["Impulse: layer set to Logic & causality.", expect.stringMatching(/^Could not set the layer of Broken: /)]));
  });
});

describe("Estimate coverage", () => {
  const vault = () =>
    App.withFiles({
      "Concepts/Force.md": "---\nlayer: concepts\ntokens: 2e9\n---\n[[Impulse]]",
      "Concepts/Impulse.md": "---\nlayer: concepts\n---\nImpulse.",
      "Facts/Peak.md": "---\nlayer: facts\n---\n[[Force]]",
    });
  const at = () => new Date("2025-01-02T03:04:05.000Z");

  it("writes the report note at the configured path, opens it, and names the level reached and the bottleneck", async () => {
    const app = vault();
    const s = await services(app);
    const file = await estimateCoverage(s, at);
    expect(file?.path).toBe("Knowledge layers report.md");
    const text = app.vault.contentOf("Knowledge layers report.md") ?? "";
    expect(carriesReportMarker(text)).toBe(true);
    expect(text).toContain("updated: 2025-01-02T03:04:05.000Z");
    expect(text).toContain("# Knowledge layers report");
    expect(app.workspace.getActiveFile()?.path).toBe("Knowledge layers report.md");
    expect(Notice.log).toEqual(["Level reached: none yet. Bottleneck: Structures (0% covered)."]);
    // The report itself is never counted.
    await new Promise((r) => setTimeout(r, 10));
    expect(s.live.layerIndex.has("Knowledge layers report.md")).toBe(false);
  });

  it("overwrites its own report, but writes beside a note that is not one (and in Russian for a Russian UI)", async () => {
    const app = vault();
    const settings = { ...defaultSettings(), reportPath: "Reports/Coverage" };
    await app.vault.create("Reports/Coverage.md", "My own note about coverage.\n");
    const s = await services(app, settings, "ru");
    const first = await estimateCoverage(s, at);
    expect(first?.path).toBe("Reports/Coverage 2.md");
    expect(app.vault.contentOf("Reports/Coverage.md")).toBe("My own note about coverage.\n");
    expect(app.vault.contentOf("Reports/Coverage 2.md")).toContain("# Отчёт о слоях знаний");
    expect(Notice.log[0]).toBe("Reports/Coverage.md — не отчёт этого плагина, поэтому отчёт записан в Reports/Coverage 2.md.");
    const second = await estimateCoverage(s, at);
    expect(second?.path).toBe("Reports/Coverage 2.md");
    expect(app.vault.getFiles().map((f) => f.path).filter((p) => p.startsWith("Reports/"))).toHaveLength(2);
  });

  it("creates the report's folder, and waits for the index when it is still being built", async () => {
    const app = vault();
    const settings = { ...defaultSettings(), reportPath: "Deep/er/Report.md" };
    const live = await liveIndex(app, settings, { ready: false });
    const s: CommandServices = { app: asApp(app), live, settings: () => settings, texts: new Texts("en") };
    const pending = estimateCoverage(s, at);
    expect(Notice.log[0]).toMatch(/^Still reading the vault/);
    await app.workspace.setLayoutReady();
    expect((await pending)?.path).toBe("Deep/er/Report.md");
  });

  it("pressed again while it runs, joins that run: one report, no error", async () => {
    const app = vault();
    const live = await liveIndex(app, defaultSettings(), { ready: false });
    const s: CommandServices = { app: asApp(app), live, settings: () => defaultSettings(), texts: new Texts("en") };
    const runs = [estimateCoverage(s, at), estimateCoverage(s, at)];
    await app.workspace.setLayoutReady();
    const [a, b] = await Promise.all(runs);
    expect(a?.path).toBe("Knowledge layers report.md");
    expect(b).toBe(a);
    expect(Notice.log.filter((n) => n.startsWith("Could not write"))).toEqual([]);
    // Once it is done, the command runs afresh.
    expect((await estimateCoverage(s, at))?.path).toBe("Knowledge layers report.md");
    expect(app.vault.getFiles().filter((f) => f.path.startsWith("Knowledge layers report"))).toHaveLength(1);
  });

  it("reports a failure to write as a notice", async () => {
    const app = vault();
    const settings = { ...defaultSettings(), reportPath: "Concepts/Force.md/Report.md" };
    const s = await services(app, settings);
    expect(await estimateCoverage(s, at)).toBeNull();
    expect(Notice.log.at(-1)).toMatch(/^Could not write the report: /);
  });

  it("writeReportNote gives up rather than loop forever, and report paths always end in .md", async () => {
    expect(reportPathOf("a/b")).toBe("a/b.md");
    expect(reportPathOf("  ")).toBe("Knowledge layers report.md");
    const app = vault();
    const s = await services(app);
    await app.vault.create("R.md", "not a report");
    for (let n = 2; n <= 1000; n++) app.vault.createSilently(`R ${n}.md`, "not a report");
    await expect(writeReportNote(asApp(app), s.live.layerIndex.report(), { ...defaultSettings(), reportPath: "R.md" }, { language: "en", updated: "x" })).rejects.toThrow(/no free name/);
  });
});

describe("Open layer graph", () => {
  it("opens the pane in a new tab once, and reveals it afterwards", async () => {
    const app = App.withFiles({});
    class Stub extends ItemView {
      getViewType() {
        return VIEW_TYPE_LAYER_GRAPH;
      }
      getDisplayText() {
        return "Layer graph";
      }
    }
    app.workspace.viewCreators.set(VIEW_TYPE_LAYER_GRAPH, (leaf) => new Stub(leaf));
    const first = await openLayerGraph(asApp(app));
    const second = await openLayerGraph(asApp(app));
    expect(second).toBe(first);
    expect(app.workspace.getLeavesOfType(VIEW_TYPE_LAYER_GRAPH)).toHaveLength(1);
    expect(app.workspace.activeLeaf).toBe(first);
  });
});

