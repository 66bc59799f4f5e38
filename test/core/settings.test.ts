import { describe, expect, it } from "vitest";
import { defaultSettings } from "../../src/core/defaults";
import { MAX_FACETS, parseSettings, parseTarget, SettingsError, settingsOrThrow, targetOf } from "../../src/core/settings";

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
    // Each wrong value is named; the rest of the layer is kept (the plugin's lenient reading).
    expect(problems.map((p) => p.key)).toEqual(["layers[0].aliases[1]", "layers[1].share"]);
    expect(settings.layers).toEqual([
      { id: "basics", name: "Basics", aliases: ["base"], share: 2 },
      { id: "advanced", name: "advanced", aliases: [], share: 1 },
    ]);
    expect(parseSettings({ layers: [{ id: "a", share: 0 }] }).problems.map((p) => p.key)).toEqual(["layers[0].share"]);
    expect(parseSettings({ layers: [] }).problems.map((p) => p.key)).toEqual(["layers"]);
  });

  it("sorts levels ascending and retargets when the default target's level is gone", () => {
    const { settings } = parseSettings({ levels: [{ id: "hi", tokens: 1e12 }, { id: "lo", tokens: 1e9 }] });
    expect(settings.levels.map((l) => l.id)).toEqual(["lo", "hi"]);
    expect(settings.target).toBe("hi");
  });

  it("names the key path of every wrong type, numeric texts included (settings hold JSON numbers)", () => {
    const wrong: [unknown, string, RegExp][] = [
      [{ levels: [{ id: "a", tokens: 5, name: 7 }] }, "levels[0].name", /expected a non-empty text, got 7/],
      [{ levels: [{ id: "a", tokens: "1e9" }] }, "levels[0].tokens", /got the text "1e9" \(write numbers without quotes\)/],
      [{ levels: ["a"] }, "levels[0]", /expected an object/],
      [{ levels: [{ id: "a", tokens: 1 }, { id: "A", tokens: 2 }] }, "levels[1].id", /unique/],
      [{ layers: [{ id: "a", aliases: [1, 2] }] }, "layers[0].aliases[0]", /expected a non-empty text, got 1/],
      [{ layers: [{ id: "a", aliases: ["ok", ""] }] }, "layers[0].aliases[1]", /expected a non-empty text/],
      [{ layers: [{ id: "a", share: "2" }] }, "layers[0].share", /got the text "2"/],
      [{ pageTokens: "1000" }, "pageTokens", /expected a positive number, got the text "1000" \(write numbers without quotes\)/],
      [{ bookTokens: "1 000" }, "bookTokens", /got the text "1 000"/],
      [{ tokensPerWord: true }, "tokensPerWord", /got true/],
      [{ defaultQuality: "1" }, "defaultQuality", /expected a number from 0 to 1, got the text "1"/],
      [{ sourceTypes: { forum: "0.5" } }, "sourceTypes.forum", /expected a number from 0 to 1, got the text "0\.5"/],
    ];
    for (const [input, key, message] of wrong) {
      const { problems } = parseSettings(input);
      expect(problems[0]?.key, key).toBe(key);
      expect(problems[0].message, key).toMatch(message);
      expect(() => settingsOrThrow(input)).toThrow(new RegExp(`^settings: ${key.replace(/[.[\]]/g, "\\$&")}: `));
    }
    expect(parseSettings({ layers: [{ id: "a", aliases: [1, "ok", 2] }] }).problems.map((p) => p.key)).toEqual(["layers[0].aliases[0]", "layers[0].aliases[2]"]);
    // A text that is not a number gets no hint about quotes.
    expect(parseSettings({ pageTokens: "lots" }).problems[0].message).toBe('expected a positive number, got "lots"');
    expect(parseSettings({ folderLayers: { Notes: "5" } }).problems[0].message).toBe('expected a layer id, got "5"');
  });

  it("says a number too large for JSON (1e400 reads as Infinity) is not finite, not null", () => {
    const input = JSON.parse('{ "pageTokens": 1e400, "sourceTypes": { "forum": -1e400 }, "target": 1e400 }') as unknown;
    const { settings, problems } = parseSettings(input);
    expect(problems.map((p) => [p.key, p.message])).toEqual([
      ["target", expect.stringMatching(/got Infinity, which is not a finite number$/)],
      ["pageTokens", "expected a positive number, got Infinity, which is not a finite number"],
      ["sourceTypes.forum", "expected a number from 0 to 1, got -Infinity, which is not a finite number"],
    ]);
    expect(settings.pageTokens).toBe(1000);
  });

  it(`refuses more than ${MAX_FACETS} facets (the index tracks ${MAX_FACETS}) and keeps the defaults`, () => {
    const facets = (n: number) => Array.from({ length: n }, (_, i) => `facet-${i}`);
    expect(MAX_FACETS).toBe(30);
    expect(parseSettings({ facets: facets(30) }).problems).toEqual([]);
    // Duplicates (in any case) count once.
    expect(parseSettings({ facets: [...facets(30), "FACET-0"] }).problems).toEqual([]);
    const { settings, problems } = parseSettings({ facets: facets(31) });
    expect(problems).toEqual([{ key: "facets", message: "at most 30 facets are tracked, got 31; remove 1" }]);
    expect(settings.facets).toEqual(defaultSettings().facets);
    expect(() => settingsOrThrow({ facets: facets(40) })).toThrow(/^settings: facets: at most 30 facets/);
  });

  it("reads a target text as --target does: a level's id or name in any case, or a decimal number", () => {
    const levels = defaultSettings().levels;
    expect(parseTarget("BACHELOR", levels)).toBe("bachelor");
    expect(parseTarget(" Expert ", levels)).toBe("expert");
    expect(parseTarget("expert-level thinking", levels)).toBe("expert");
    expect(parseTarget("1e11", levels)).toBe(1e11);
    expect(parseTarget("1_000", levels)).toBe(1000);
    expect(parseTarget("-5", levels)).toBe(-5);
    for (const bad of ["0x10", "0b11", "Infinity", "NaN", "", "phd", "1e11 tokens"]) expect(parseTarget(bad, levels), bad).toBeNull();
    expect(parseSettings({ target: "PRACTITIONER" }).settings.target).toBe("practitioner");
    expect(parseSettings({ target: "0x10" }).problems.map((p) => p.key)).toEqual(["target"]);
    expect(parseSettings({ target: "-5" }).problems.map((p) => p.key)).toEqual(["target"]);
  });

  it("treats __proto__ and other prototype names as plain data", () => {
    const input = JSON.parse('{"__proto__": {"pageTokens": 1}, "sourceTypes": {"__proto__": 0.5, "constructor": 0.4}}') as unknown;
    const { settings } = parseSettings(input);
    expect(settings.pageTokens).toBe(1000);
    expect(Object.getPrototypeOf(settings.sourceTypes)).toBe(Object.prototype);
    expect(settings.sourceTypes.constructor).toBe(0.4);
    expect(({} as Record<string, unknown>).pageTokens).toBeUndefined();
  });

  it("refuses shares that add up to more than the largest number", () => {
    const { settings, problems } = parseSettings({ layers: [{ id: "a", share: 1e308 }, { id: "b", share: 1e308 }] });
    expect(problems.map((p) => p.key)).toEqual(["layers"]);
    expect(settings.layers).toEqual(defaultSettings().layers);
    expect(() => settingsOrThrow({ layers: [{ id: "a", share: 1e308 }, { id: "b", share: 1e308 }] })).toThrow(/layers: the shares add up/);
  });

  it("keeps a source type or a folder named __proto__ as its own key (an assignment would drop it)", () => {
    const input = JSON.parse('{"sourceTypes": {"__proto__": 0.5}, "folderLayers": {"__proto__": "facts"}}') as unknown;
    const { settings, problems } = parseSettings(input);
    expect(problems).toEqual([]);
    expect(Object.entries(settings.sourceTypes)).toContainEqual(["__proto__", 0.5]);
    expect(Object.entries(settings.folderLayers)).toEqual([["__proto__", "facts"]]);
    expect(Object.getPrototypeOf(settings.sourceTypes)).toBe(Object.prototype);
    // And through JSON, as data.json is written and read again.
    expect(Object.entries(parseSettings(JSON.parse(JSON.stringify(settings))).settings.folderLayers)).toEqual([["__proto__", "facts"]]);
  });
});
