import { describe, expect, it } from "vitest";
import { defaultSettings } from "../../src/core/defaults";
import { parseSettings, SettingsError, settingsOrThrow, targetOf } from "../../src/core/settings";

describe("settings (spec §3)", () => {
  it("has the defaults of the spec", () => {
    const s = defaultSettings();
    expect(s.layers.map((l) => [l.id, l.name, l.share])).toEqual([
      ["concepts", "Concepts", 1],
      ["structures", "Structures", 1],
      ["facts", "Facts", 1],
      ["logic", "Logic & causality", 1],
      ["strategies", "Strategies", 1],
      ["paradoxes", "Paradoxes & meta", 1],
    ]);
    expect(s.layers[5].aliases).toEqual(["paradox", "meta", "парадокс"]);
    expect(s.levels.map((l) => [l.id, l.tokens])).toEqual([
      ["facts", 1e9],
      ["bachelor", 1e11],
      ["practitioner", 1e12],
      ["expert", 1e13],
    ]);
    expect(s.target).toBe("bachelor");
    expect([s.pageTokens, s.bookTokens, s.tokensPerWord, s.defaultQuality]).toEqual([1000, 100000, 1.3, 1]);
    expect(s.sourceTypes).toMatchObject({ textbook: 1, paper: 0.9, reference: 0.8, lecture: 0.7, qa: 0.3, forum: 0.1, motivational: 0 });
    expect(s.facets).toEqual(["causality", "edge-case", "counterexample", "detail", "synthesis"]);
  });

  it("hands out fresh copies: changing one never changes the defaults", () => {
    const a = defaultSettings();
    a.layers[0].aliases.push("x");
    a.sourceTypes.forum = 1;
    const b = defaultSettings();
    expect(b.layers[0].aliases).not.toContain("x");
    expect(b.sourceTypes.forum).toBe(0.1);
  });

  it("merges a partial object over the defaults", () => {
    const { settings, problems } = parseSettings({ pageTokens: 375, target: "expert", sourceTypes: { podcast: 0.2, Forum: 0.05 }, exclude: ["Templates/", "./Archive"] });
    expect(problems).toEqual([]);
    expect(settings.pageTokens).toBe(375);
    expect(settings.target).toBe("expert");
    expect(settings.sourceTypes.podcast).toBe(0.2);
    expect(settings.sourceTypes.forum).toBe(0.05);
    expect(settings.sourceTypes.textbook).toBe(1);
    expect(settings.exclude).toEqual(["Templates", "Archive"]);
    expect(settings.layers).toHaveLength(6);
  });

  it("accepts a number of tokens as target", () => {
    expect(targetOf(parseSettings({ target: 5e10 }).settings)).toEqual({ id: null, tokens: 5e10 });
    expect(targetOf(parseSettings({ target: "2e9" }).settings)).toEqual({ id: null, tokens: 2e9 });
    expect(targetOf(defaultSettings())).toEqual({ id: "bachelor", tokens: 1e11 });
  });

  it("names the key of every wrong value and keeps the default for it", () => {
    const { settings, problems } = parseSettings({
      pageTokens: "many",
      bookTokens: -1,
      target: "phd",
      defaultQuality: 2,
      layers: [{ id: "a" }, { id: "A" }],
      facets: ["ok", 5],
      folderLayers: { Notes: "nowhere" },
      sourceTypes: { blog: 3 },
      properties: { layer: "" },
    });
    expect(problems.map((p) => p.key)).toEqual([
      "layers[1].id",
      "target",
      "pageTokens",
      "bookTokens",
      "defaultQuality",
      "sourceTypes.blog",
      "facets[1]",
      "folderLayers.Notes",
      "properties.layer",
    ]);
    expect(settings.pageTokens).toBe(1000);
    expect(settings.layers).toHaveLength(6);
    expect(settings.target).toBe("bachelor");
    expect(settings.facets).toEqual(["ok"]);
    expect(settings.sourceTypes.blog).toBe(0.1);
    expect(settings.properties.layer).toBe("layer");
  });

  it("throws a SettingsError naming the first wrong key in strict mode", () => {
    expect(() => settingsOrThrow({ layers: "six" })).toThrow(SettingsError);
    expect(() => settingsOrThrow({ layers: "six" })).toThrow(/layers/);
    expect(() => settingsOrThrow([1, 2])).toThrow(/\(root\)/);
    expect(settingsOrThrow(undefined)).toEqual(defaultSettings());
  });

  it("validates layers: unique ids, positive shares, aliases as texts", () => {
    const { settings, problems } = parseSettings({
      layers: [
        { id: "basics", name: "Basics", aliases: ["base", 3], share: 2 },
        { id: "advanced", share: "1.5" },
      ],
    });
    expect(problems).toEqual([]);
    expect(settings.layers).toEqual([
      { id: "basics", name: "Basics", aliases: ["base"], share: 2 },
      { id: "advanced", name: "advanced", aliases: [], share: 1.5 },
    ]);
    expect(parseSettings({ layers: [{ id: "a", share: 0 }] }).problems.map((p) => p.key)).toEqual(["layers[0].share"]);
    expect(parseSettings({ layers: [] }).problems.map((p) => p.key)).toEqual(["layers"]);
  });

  it("sorts levels ascending and retargets when the default target's level is gone", () => {
    const { settings } = parseSettings({ levels: [{ id: "hi", tokens: 1e12 }, { id: "lo", tokens: 1e9 }] });
    expect(settings.levels.map((l) => l.id)).toEqual(["lo", "hi"]);
    expect(settings.target).toBe("hi");
  });

  it("treats __proto__ and other prototype names as plain data", () => {
    const input = JSON.parse('{"__proto__": {"pageTokens": 1}, "sourceTypes": {"__proto__": 0.5, "constructor": 0.4}}') as unknown;
    const { settings } = parseSettings(input);
    expect(settings.pageTokens).toBe(1000);
    expect(Object.getPrototypeOf(settings.sourceTypes)).toBe(Object.prototype);
    expect(settings.sourceTypes.constructor).toBe(0.4);
    expect(({} as Record<string, unknown>).pageTokens).toBeUndefined();
  });
});
