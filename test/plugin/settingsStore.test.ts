import { describe, expect, it } from "vitest";
import { defaultSettings } from "../../src/core/defaults";
import { settingsOrThrow } from "../../src/core/settings";
import { SETTINGS_VERSION, SettingsStore } from "../../src/plugin/settingsStore";

/** A store over an in-memory data.json. */
function storeOver(data: unknown) {
  const file = { data, writes: 0 };
  const store = new SettingsStore(
    () => Promise.resolve(file.data),
    (next) => {
      file.data = next;
      file.writes++;
      return Promise.resolve();
    },
  );
  return { store, file };
}

describe("SettingsStore", () => {
  it("loads nothing as the defaults, without problems", async () => {
    const { store, file } = storeOver(null);
    expect(await store.load()).toEqual({ problems: [], unknownKeys: [] });
    expect(store.settings).toEqual(defaultSettings());
    expect(file.writes).toBe(0);
  });

  it("keeps every valid value of a partly corrupt file, names each invalid key, and never writes on load", async () => {
    const raw = {
      pageTokens: "lots",
      tokensPerWord: 1.5,
      layers: [{ id: "a", name: "A", share: 2 }, { id: "b", share: -1 }],
      sourceTypes: { forum: 0.2, blog: "high" },
      reportPath: "Reports/Coverage",
      pageSize: 375,
    };
    const { store, file } = storeOver(structuredClone(raw));
    const report = await store.load();
    expect(report.problems.map((p) => p.key)).toEqual(["layers[1].share", "pageTokens", "sourceTypes.blog"]);
    expect(report.unknownKeys).toEqual(["pageSize"]);
    expect(store.settings.tokensPerWord).toBe(1.5);
    expect(store.settings.pageTokens).toBe(1000);
    expect(store.settings.layers.map((l) => [l.id, l.share])).toEqual([["a", 2], ["b", 1]]);
    expect(store.settings.sourceTypes.forum).toBe(0.2);
    expect(store.settings.sourceTypes.blog).toBe(0.1);
    expect(store.settings.reportPath).toBe("Reports/Coverage.md");
    expect(file.data).toEqual(raw);
    expect(file.writes).toBe(0);
  });

  it("refuses what the CLI refuses (numeric texts, Infinity, more than 30 facets), keeps the rest, and never writes on load", async () => {
    const raw = JSON.parse(
      `{ "pageTokens": "375", "bookTokens": 1e400, "tokensPerWord": 1.5, "sourceTypes": { "forum": "0.5" }, "facets": ${JSON.stringify(Array.from({ length: 31 }, (_, i) => `f${i}`))} }`,
    ) as Record<string, unknown>;
    const { store, file } = storeOver(raw);
    const report = await store.load();
    expect(report.problems.map((p) => p.key)).toEqual(["pageTokens", "bookTokens", "sourceTypes.forum", "facets"]);
    expect(report.problems[1].message).toMatch(/not a finite number/);
    expect(store.settings).toEqual({ ...defaultSettings(), tokensPerWord: 1.5 });
    expect(file.data).toBe(raw);
    expect(file.writes).toBe(0);
    // The first change writes numbers; the refused keys the user has not changed keep what they wrote.
    const draft = store.draft();
    draft.pageTokens = 375;
    expect(await store.update(draft)).toEqual([]);
    const saved = file.data as Record<string, unknown>;
    expect(saved.pageTokens).toBe(375);
    expect(saved.bookTokens).toBe(Infinity);
    expect(saved.sourceTypes).toEqual({ forum: "0.5" });
    expect(saved.facets).toEqual(raw.facets);
    expect(saved.tokensPerWord).toBe(1.5);
    // Once each is changed in the settings, the file is one the CLI accepts.
    const fixed = store.draft();
    fixed.bookTokens = 90_000;
    fixed.sourceTypes = { ...fixed.sourceTypes, forum: 0.5 };
    fixed.facets = ["causality"];
    expect(await store.update(fixed)).toEqual([]);
    expect(() => settingsOrThrow(file.data)).not.toThrow();
    expect(file.data).toMatchObject({ pageTokens: 375, bookTokens: 90_000, facets: ["causality"] });
  });

  it("keeps a refused value that the user changes back to the default: the change was theirs", async () => {
    const { store, file } = storeOver({ pageTokens: "375" });
    await store.load();
    const draft = store.draft();
    draft.pageTokens = 450;
    await store.update(draft);
    draft.pageTokens = defaultSettings().pageTokens;
    await store.update(draft);
    expect((file.data as Record<string, unknown>).pageTokens).toBe(defaultSettings().pageTokens);
  });

  it("refuses a change to more than 30 facets", async () => {
    const { store, file } = storeOver(null);
    await store.load();
    const draft = store.draft();
    draft.facets = Array.from({ length: 31 }, (_, i) => `f${i}`);
    expect((await store.update(draft)).map((p) => p.key)).toEqual(["facets"]);
    expect(file.writes).toBe(0);
  });

  it("reports a data.json that is not an object, or not JSON, and uses the defaults", async () => {
    const list = storeOver([1, 2]);
    expect((await list.store.load()).problems[0]?.key).toBe("(root)");
    const broken = new SettingsStore(
      () => Promise.resolve().then(() => JSON.parse("{ not json") as unknown),
      () => Promise.resolve(),
    );
    const report = await broken.load();
    expect(report.problems[0]?.key).toBe("(data.json)");
    expect(broken.settings).toEqual(defaultSettings());
  });

  it("copies a data.json that is not JSON aside before the first save replaces it, and saves nothing when it cannot", async () => {
    for (const copyFails of [false, true]) {
      const copies: string[] = [];
      let writes = 0;
      const store = new SettingsStore(
        () => Promise.resolve().then(() => JSON.parse('{ "pageTokens": 375, }') as unknown),
        () => Promise.resolve(void writes++),
        () => (copyFails ? Promise.reject(new Error("ENOSPC: no space left on device")) : Promise.resolve(void copies.push("data.json.bak"))),
      );
      await store.load();
      const draft = store.draft();
      draft.pageTokens = 450;
      const problems = await store.update(draft);
      if (copyFails) {
        expect(problems).toEqual([{ key: "(data.json)", message: expect.stringMatching(/could not be kept \(ENOSPC.*not overwritten/) as unknown }]);
        expect(writes).toBe(0);
        expect(store.settings.pageTokens).toBe(defaultSettings().pageTokens);
      } else {
        expect(problems).toEqual([]);
        expect(copies).toEqual(["data.json.bak"]);
        expect(writes).toBe(1);
        // Once: the next save overwrites the file the plugin wrote itself.
        await store.update(draft);
        expect(copies).toHaveLength(1);
        expect(writes).toBe(2);
      }
    }
  });

  it("saves the full settings with a version, keeps unknown keys, and the CLI reads the file strictly", async () => {
    const { store, file } = storeOver({ pageTokens: 450, fromTheFuture: { x: 1 } });
    await store.load();
    const draft = store.draft();
    draft.target = 5e10;
    expect(await store.update(draft)).toEqual([]);
    const saved = file.data as Record<string, unknown>;
    expect(saved.settingsVersion).toBe(SETTINGS_VERSION);
    expect(saved.fromTheFuture).toEqual({ x: 1 });
    expect(saved.pageTokens).toBe(450);
    expect(saved.target).toBe(5e10);
    // The CLI ignores the keys it does not know and accepts everything the plugin writes.
    expect(settingsOrThrow(saved)).toEqual(store.settings);
  });

  it("refuses an invalid change with its problems and keeps the last valid settings", async () => {
    const { store, file } = storeOver(null);
    await store.load();
    const heard: number[] = [];
    store.onChange((s) => heard.push(s.pageTokens));
    const draft = store.draft();
    draft.layers.push({ ...draft.layers[0], name: "Again" });
    draft.pageTokens = 375;
    const problems = await store.update(draft);
    expect(problems.map((p) => p.key)).toEqual(["layers[6].id"]);
    expect(store.settings.pageTokens).toBe(1000);
    expect(file.writes).toBe(0);
    draft.layers.pop();
    expect(await store.update(draft)).toEqual([]);
    expect(heard).toEqual([375]);
  });

  it("never hands out or mutates the defaults", async () => {
    const { store } = storeOver(null);
    await store.load();
    store.draft().layers[0].name = "changed";
    store.settings.facets.push("mutated by a careless caller");
    expect(defaultSettings().facets).not.toContain("mutated by a careless caller");
    expect(defaultSettings().layers[0].name).toBe("Concepts");
  });

  it("reloads after data.json changed on disk and tells the listeners", async () => {
    const { store, file } = storeOver({ pageTokens: 1000 });
    await store.load();
    const heard: number[] = [];
    store.onChange((s) => heard.push(s.pageTokens));
    file.data = { pageTokens: 375 };
    await store.reload();
    expect(heard).toEqual([375]);
  });
});
