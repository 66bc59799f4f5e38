// @vitest-environment happy-dom
import { describe, expect, it, vi } from "vitest";
import { defaultSettings } from "../../src/core/defaults";
import { LayerIndex } from "../../src/core/index";
import type { Settings } from "../../src/core/types";
import { App } from "../__mocks__/obsidian";
import { fileAt, liveIndex, settle } from "../helpers/plugin";

function settings(patch: Partial<Settings> = {}): Settings {
  return { ...defaultSettings(), ...patch };
}

const note = (layer: string | null, body = "", extra = "") => `---\n${layer ? `layer: ${layer}\n` : ""}${extra}---\n${body}\n`;

function vault(): App {
  return App.withFiles({
    "Concepts/Force.md": note("concepts", "Force is mass times acceleration."),
    "Concepts/Impulse.md": note("concepts", "Impulse is [[Force]] over time."),
    "Facts/Peak force.md": note("facts", "Peaks at [[Impulse]] and [[Missing note]]."),
    "Templates/Concept.md": note("concepts", "{{title}}"),
    "Loose.md": "No layer here, just [[Force]].",
  });
}

describe("LiveIndex: start-up", () => {
  it("stays cold and reads nothing until the layout is ready, then builds the index once", async () => {
    const app = vault();
    const live = await liveIndex(app, settings(), { ready: false });
    await settle();
    expect(live.state).toBe("cold");
    expect(app.vault.reads).toBe(0);
    await app.workspace.setLayoutReady();
    await live.whenReady();
    expect(live.state).toBe("warm");
    expect(app.vault.reads).toBe(5);
    expect(live.layerIndex.size).toBe(5);
    expect(live.layerIndex.layerOf("Facts/Peak force.md")).toBe("facts");
  });

  it("reads in batches and yields between them, and events during the build win over older reads", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`n${i}.md`] = note("facts", `note ${i}`);
    const app = App.withFiles(files);
    const live = await liveIndex(app, settings(), { ready: false, batchSize: 3 });
    const ready = app.workspace.setLayoutReady();
    expect(live.state).toBe("initializing");
    // While the first batches are read, a note changes and another is deleted.
    await app.vault.modify(fileAt(app, "n39.md"), note("logic", "changed during start-up"));
    await app.vault.delete(fileAt(app, "n38.md"));
    await ready;
    await live.whenReady();
    expect(live.layerIndex.size).toBe(39);
    expect(live.layerIndex.layerOf("n39.md")).toBe("logic");
    expect(live.layerIndex.has("n38.md")).toBe(false);
  });

  it("ends with the index a fresh build would give, whatever happens to the vault while it is built", async () => {
    // Every note links to the hubs h0…h3 and to notes that do not exist yet.
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`F${i % 3}/n${i}.md`] = note(i % 2 ? "facts" : "logic", `[[h0]] [[h1]] [[h2]] [[h3]] [[n${(i * 7) % 31}]] [[late ${i % 4}]]`);
    for (let h = 0; h < 4; h++) files[`Hubs/h${h}.md`] = note("concepts");
    const total = Object.keys(files).length;
    const app = App.withFiles(files);
    const live = await liveIndex(app, settings(), { ready: false, batchSize: 1, sliceMs: 0 });
    const started = app.workspace.setLayoutReady();
    const tick = () => new Promise((r) => setTimeout(r, 0));
    // While the notes are read: edits, creations that satisfy missing links, deletions, renames.
    let k = 0;
    while (k < 10) {
      const step = k++;
      const file = app.vault.getFileByPath(`F${step % 3}/n${(step * 11) % 30}.md`);
      if (step % 4 === 0 && file) await app.vault.modify(file, note(step % 3 ? "strategies" : "concepts", `[[late ${step % 5}]] [[h1]]`));
      else if (step % 4 === 1 && !app.vault.getFileByPath(`late ${step % 5}.md`)) await app.vault.create(`late ${step % 5}.md`, note("facts"));
      else if (step % 4 === 2 && file && step % 8 === 2) await app.vault.rename(file, `Moved/n${step}.md`);
      else if (step % 4 === 3 && file && step % 12 === 3) await app.vault.delete(file);
      await tick();
    }
    // While the records are built: the hubs every note links to move, go, and come back under another name.
    const during: (() => Promise<unknown>)[] = [
      () => app.vault.rename(fileAt(app, "Hubs/h0.md"), "Elsewhere/h0 moved.md"),
      () => app.vault.delete(fileAt(app, "Hubs/h1.md")),
      () => app.vault.create("Other/h1.md", note("structures")),
      () => app.vault.create("F0/h2.md", note("facts")),
      () => app.vault.modify(fileAt(app, "Hubs/h3.md"), note("paradoxes", "[[n1]]")),
    ];
    // The reading is over when a turn of the event loop reads nothing more.
    for (let before = -1; app.vault.reads !== before; ) {
      before = app.vault.reads;
      await tick();
    }
    expect(app.vault.reads).toBeLessThanOrEqual(total);
    let landed = 0;
    for (const change of during) {
      if (live.state === "warm") break;
      await change();
      landed++;
      await tick();
    }
    await started;
    await live.whenReady();
    await settle();
    expect(k).toBeGreaterThan(5);
    expect(landed).toBe(during.length);
    const fresh = await liveIndex(App.withFiles(Object.fromEntries(app.vault.getFiles().map((f) => [f.path, app.vault.contentOf(f.path) ?? ""]))), settings());
    const byPath = <T extends { path: string }>(a: T, b: T) => (a.path < b.path ? -1 : 1);
    expect(live.layerIndex.records().sort(byPath)).toEqual(fresh.layerIndex.records().sort(byPath));
    expect(live.layerIndex.report()).toEqual(fresh.layerIndex.report());
  });

  it("a note edited after its record was built during the first build ends up with its newest record", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`n${String(i).padStart(2, "0")}.md`] = note("facts", `[[n${i + 1}]]`);
    const app = App.withFiles(files);
    const live = await liveIndex(app, settings(), { ready: false, batchSize: 1, sliceMs: 0 });
    const started = app.workspace.setLayoutReady();
    const tick = () => new Promise((r) => setTimeout(r, 0));
    for (let before = -1; app.vault.reads !== before; ) {
      before = app.vault.reads;
      await tick();
    }
    // Records are being built now, the first read first: n00's is built by the time n00 changes.
    await tick();
    expect(live.state).toBe("initializing");
    await app.vault.modify(fileAt(app, "n00.md"), note("paradoxes"));
    await started;
    await live.whenReady();
    expect(live.layerIndex.layerOf("n00.md")).toBe("paradoxes");
  });

  it("a note edited while the index itself is built, in steps, ends up with its newest record", async () => {
    // 60 notes, built 4 at a time: the index takes 46 steps, each a turn of the event loop (slices of 0 ms).
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`n${String(i).padStart(2, "0")}.md`] = note("facts", `[[n${(i * 7) % 60}]]`);
    const app = App.withFiles(files);
    const live = await liveIndex(app, settings(), { ready: false, batchSize: 20, sliceMs: 0, buildStep: 4 });
    const started = app.workspace.setLayoutReady();
    const tick = () => new Promise((r) => setTimeout(r, 0));
    // An edit every turn, to a different note, until the index is there: the last ones land while it is built.
    const layers = ["concepts", "logic", "paradoxes"];
    const at = (k: number) => `n${String((k * 37) % 60).padStart(2, "0")}.md`;
    let edits = 0;
    while (live.state !== "warm") {
      await app.vault.modify(fileAt(app, at(edits)), note(layers[edits % 3], `[[n${edits % 60}]]`));
      edits++;
      await tick();
    }
    await started;
    await live.whenReady();
    await settle();
    expect(edits).toBeGreaterThan(46);
    const fresh = await liveIndex(App.withFiles(Object.fromEntries(app.vault.getFiles().map((f) => [f.path, app.vault.contentOf(f.path) ?? ""]))), settings());
    expect(live.layerIndex.report()).toEqual(fresh.layerIndex.report());
    expect(live.layerIndex.layerOf(at(edits - 1))).toBe(layers[(edits - 1) % 3]);
  });

  it("a file created while the index itself is built, in steps, resolves the links that were waiting for it", async () => {
    // New attachments (link targets that are not notes): the notes to index stay the same, the links change.
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`n${String(i).padStart(2, "0")}.md`] = note("facts", `[[n${(i * 7) % 60}]] [[late ${i % 30}.png]]`);
    const app = App.withFiles(files);
    const live = await liveIndex(app, settings(), { ready: false, batchSize: 20, sliceMs: 0, buildStep: 4 });
    const started = app.workspace.setLayoutReady();
    const tick = () => new Promise((r) => setTimeout(r, 0));
    // A new file every turn from the 70th on (by then the records are built; the index takes 46 turns more),
    // until the index is there.
    let turns = 0;
    let created = 0;
    while (live.state !== "warm" && turns < 200) {
      if (turns++ >= 70) await app.vault.create(`late ${created++}.png`, "");
      await tick();
    }
    await started;
    await live.whenReady();
    await settle();
    expect(created).toBeGreaterThan(10);
    expect(turns).toBeLessThan(200);
    expect(live.layerIndex.referrersOf(`late ${Math.min(created, 30) - 1}.png`).length).toBeGreaterThan(0);
    const fresh = await liveIndex(App.withFiles(Object.fromEntries(app.vault.getFiles().map((f) => [f.path, app.vault.contentOf(f.path) ?? ""]))), settings());
    expect(live.layerIndex.report()).toEqual(fresh.layerIndex.report());
  });

  it("reads the notes a narrower exclusion lets in while the index itself is built", async () => {
    const files: Record<string, string> = { "Drafts/d.md": note("logic", "draft") };
    for (let i = 0; i < 50; i++) files[`n${i}.md`] = note("facts", `note ${i}`);
    const app = App.withFiles(files);
    const live = await liveIndex(app, settings({ exclude: ["Drafts"] }), { ready: false, sliceMs: 0, buildStep: 5 });
    // The settings change as the index build starts: the reading passes are over by then.
    const buildInSteps = LayerIndex.buildInSteps.bind(LayerIndex);
    let changed = null as Promise<void> | null;
    const spy = vi.spyOn(LayerIndex, "buildInSteps").mockImplementation((...args) => {
      changed ??= live.setSettings(settings({ exclude: [] }));
      return buildInSteps(...args);
    });
    try {
      await app.workspace.setLayoutReady();
      await live.whenReady();
      await changed;
      await settle();
    } finally {
      spy.mockRestore();
    }
    expect(changed).not.toBeNull();
    expect(live.layerIndex.layerOf("Drafts/d.md")).toBe("logic");
    expect(live.layerIndex.size).toBe(51);
  });

  it("leaves out excluded folders, the config folder and the plugin's own report notes", async () => {
    const app = vault();
    app.vault.createSilently(".obsidian/snippets/x.md", note("facts"));
    app.vault.createSilently("Report.md", "---\nknowledge-layers-report: true\n---\n# Report [[Force]]\n");
    app.metadataCache.indexAll();
    const live = await liveIndex(app, settings({ exclude: ["Templates"] }));
    expect(live.layerIndex.records().map((r) => r.path)).toEqual(["Concepts/Force.md", "Concepts/Impulse.md", "Facts/Peak force.md", "Loose.md"]);
    // A note that takes the marker leaves the index; one that loses it comes back.
    await app.vault.modify(fileAt(app, "Loose.md"), "---\nknowledge-layers-report: true\n---\n");
    expect(live.layerIndex.has("Loose.md")).toBe(false);
    await app.vault.modify(fileAt(app, "Report.md"), note("facts"));
    expect(live.layerIndex.layerOf("Report.md")).toBe("facts");
  });

  it("turns a file that cannot be read into an unreadable gap and counts the rest", async () => {
    const app = vault();
    app.vault.failingReads.add("Concepts/Force.md");
    const live = await liveIndex(app, settings());
    expect(live.layerIndex.noteGaps("Concepts/Force.md").map((g) => g.rule)).toContain("unreadable");
    expect(live.layerIndex.size).toBe(5);
  });
});

describe("LiveIndex: warm updates", () => {
  it("updates one note per change and notifies once per burst, after the debounce", async () => {
    const app = vault();
    const live = await liveIndex(app, settings(), { notifyDelay: 10 });
    const heard: number[] = [];
    live.on("changed", (revision) => heard.push(revision));
    const before = live.revision;
    await app.vault.modify(fileAt(app, "Loose.md"), note("strategies", "Now a strategy on [[Force]]."));
    await app.vault.modify(fileAt(app, "Concepts/Force.md"), note("concepts", "Force, rewritten: [[Impulse]]."));
    expect(live.layerIndex.layerOf("Loose.md")).toBe("strategies");
    expect(live.revision).toBeGreaterThan(before);
    expect(heard).toEqual([]);
    await settle(40);
    expect(heard).toEqual([live.revision]);
  });

  it("on delete, removes the note and its referrers see a missing target", async () => {
    const app = vault();
    const live = await liveIndex(app, settings());
    await app.vault.delete(fileAt(app, "Concepts/Impulse.md"));
    expect(live.layerIndex.has("Concepts/Impulse.md")).toBe(false);
    const peak = live.layerIndex.get("Facts/Peak force.md");
    expect(peak?.links.find((l) => l.target === "Impulse")?.resolved).toBeNull();
    const missing = live.layerIndex.report().gaps.filter((g) => g.rule === "unresolved-link").map((g) => g.target);
    expect(missing).toContain("Impulse");
  });

  it("on create, resolves the links that were waiting for the new note (and attachments too)", async () => {
    const app = vault();
    await app.vault.create("Concepts/Ideas.md", note("concepts", "![[diagram.png]]"));
    const live = await liveIndex(app, settings());
    expect(live.layerIndex.get("Concepts/Ideas.md")?.links[0]?.resolved).toBeNull();
    await app.vault.create("Facts/Missing note.md", note("facts"));
    expect(live.layerIndex.get("Facts/Peak force.md")?.links.find((l) => l.target === "Missing note")?.resolved).toBe("Facts/Missing note.md");
    await app.vault.create("Attachments/diagram.png", "");
    expect(live.layerIndex.get("Concepts/Ideas.md")?.links[0]?.resolved).toBe("Attachments/diagram.png");
    await app.vault.delete(fileAt(app, "Attachments/diagram.png"));
    expect(live.layerIndex.get("Concepts/Ideas.md")?.links[0]?.resolved).toBeNull();
  });

  it("on create and rename, resolves links written as relative or vault-absolute paths that were waiting", async () => {
    const app = App.withFiles({ "A/a.md": note("facts", "[x](../B/b.md), [[./d]], [[/B/e]] and [y](../C/c.md)"), "Z/old.md": note("concepts") });
    const live = await liveIndex(app, settings());
    const resolved = () => live.layerIndex.get("A/a.md")?.links.map((l) => l.resolved);
    expect(resolved()).toEqual([null, null, null, null]);
    await app.vault.create("B/b.md", note("concepts"));
    await app.vault.create("A/d.md", note("concepts"));
    await app.vault.create("B/e.md", note("concepts"));
    await app.vault.rename(fileAt(app, "Z/old.md"), "C/c.md");
    await settle();
    expect(resolved()).toEqual(["B/b.md", "A/d.md", "B/e.md", "C/c.md"]);
    expect(live.layerIndex.report().gaps.filter((g) => g.rule === "unresolved-link")).toEqual([]);
    // As a fresh index has them.
    const fresh = await liveIndex(app, settings());
    expect(fresh.layerIndex.get("A/a.md")?.links.map((l) => l.resolved)).toEqual(resolved());
  });

  it("on rename, moves the note with its old path and re-resolves the notes that linked to it", async () => {
    const app = vault();
    const live = await liveIndex(app, settings({ folderLayers: { Archive: "paradoxes" } }));
    await app.vault.rename(fileAt(app, "Concepts/Force.md"), "Archive/Force.md");
    expect(live.layerIndex.has("Concepts/Force.md")).toBe(false);
    expect(live.layerIndex.get("Archive/Force.md")?.layer).toBe("concepts");
    expect(live.layerIndex.get("Concepts/Impulse.md")?.links[0]?.resolved).toBe("Archive/Force.md");
    expect(live.layerIndex.get("Loose.md")?.links[0]?.resolved).toBe("Archive/Force.md");
    // Renamed into an excluded folder: it leaves; and back out: it returns.
    await live.setSettings(settings({ exclude: ["Templates", "Hidden"] }));
    await app.vault.rename(fileAt(app, "Archive/Force.md"), "Hidden/Force.md");
    expect(live.layerIndex.has("Hidden/Force.md")).toBe(false);
    await app.vault.rename(fileAt(app, "Hidden/Force.md"), "Force.md");
    await settle();
    expect(live.layerIndex.layerOf("Force.md")).toBe("concepts");
  });

  it("a new note in the linking note's folder wins the name tie (Obsidian's resolution)", async () => {
    const app = App.withFiles({ "A/Source.md": "[[Target]]", "B/Target.md": "" });
    const live = await liveIndex(app, settings());
    expect(live.layerIndex.get("A/Source.md")?.links[0]?.resolved).toBe("B/Target.md");
    await app.vault.create("A/Target.md", "");
    expect(live.layerIndex.get("A/Source.md")?.links[0]?.resolved).toBe("A/Target.md");
  });
});

describe("LiveIndex: settings", () => {
  it("rebuilds the records from the kept parsed notes without reading a file", async () => {
    const app = vault();
    const live = await liveIndex(app, settings({ exclude: ["Templates"] }));
    const reads = app.vault.reads;
    const before = live.revision;
    await live.setSettings(settings({ exclude: ["Templates"], folderLayers: { "": "facts" }, tagPrefix: "слой", pageTokens: 450 }));
    expect(app.vault.reads).toBe(reads);
    expect(live.revision).toBeGreaterThan(before);
    expect(live.layerIndex.settings.pageTokens).toBe(450);
  });

  it("reads only the notes an exclusion change lets in, and drops the ones it shuts out", async () => {
    const app = vault();
    const live = await liveIndex(app, settings({ exclude: ["Templates"] }));
    const reads = app.vault.reads;
    await live.setSettings(settings({ exclude: ["Facts"] }));
    expect(app.vault.reads).toBe(reads + 1);
    expect(live.layerIndex.has("Templates/Concept.md")).toBe(true);
    expect(live.layerIndex.has("Facts/Peak force.md")).toBe(false);
  });

  it("never lets the revision go back, across rebuilds", async () => {
    const app = vault();
    const live = await liveIndex(app, settings());
    const seen = [live.revision];
    await app.vault.modify(fileAt(app, "Loose.md"), note("facts"));
    seen.push(live.revision);
    await live.setSettings(settings({ pageTokens: 375 }));
    seen.push(live.revision);
    await app.vault.modify(fileAt(app, "Loose.md"), note("logic"));
    seen.push(live.revision);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe("LiveIndex: lifecycle", () => {
  it("owns its event registrations: unloading removes every handler and stops the notifications", async () => {
    const app = vault();
    const counts = () => [
      app.metadataCache.listenerCount("changed"),
      app.metadataCache.listenerCount("deleted"),
      app.vault.listenerCount("rename"),
      app.vault.listenerCount("create"),
      app.vault.listenerCount("delete"),
    ];
    const before = counts();
    const live = await liveIndex(app, settings());
    expect(counts()).toEqual(before.map((n) => n + 1));
    let heard = 0;
    live.on("changed", () => heard++);
    await app.vault.modify(fileAt(app, "Loose.md"), note("facts"));
    live.unload();
    await settle();
    expect(counts()).toEqual(before);
    expect(heard).toBe(0);
  });

  it("an index unloaded before the layout is ready never builds", async () => {
    const app = vault();
    const live = await liveIndex(app, settings(), { ready: false });
    live.unload();
    await app.workspace.setLayoutReady();
    await settle();
    expect(live.state).toBe("cold");
    expect(app.vault.reads).toBe(0);
  });
});
