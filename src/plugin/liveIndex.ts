import { Component, debounce, Events, getAllTags, TFile } from "obsidian";
import type { App, CachedMetadata, Debouncer, EventRef, TAbstractFile } from "obsidian";
import { LayerIndex } from "../core/index";
import { buildRecord, isReportNote, recordContext, titleOf } from "../core/records";
import type { RecordContext } from "../core/records";
import type { LinkResolver, NoteRecord, ParsedNote, Settings } from "../core/types";
import { parsedNoteFromCache } from "./adapter";

/**
 * The live index (spec §7): the vault's note records, kept up to date from Obsidian's metadata cache.
 *
 *   Cold ──(layout ready)──► Initializing ──(every note read, index built)──► Warm
 *
 * - Nothing happens in `onload` but event registration: the first build starts after the layout is ready and
 *   reads the notes in batches, yielding to the UI between them, so start-up is never blocked.
 * - Events that arrive while initializing update the parsed notes directly; a per-path generation counter
 *   makes sure a slower batch read never overwrites a newer event.
 * - Warm: one `changed` note → one record rebuilt and upserted (O(its links)); `deleted` and `rename` (with the
 *   old path) likewise. Creating, deleting or renaming any file re-resolves the links of the notes that pointed,
 *   or may now point, at it (`referrersOf`, `unresolvedReferrersFor`).
 * - The parsed note of every counted path is kept, so a settings change rebuilds the records without reading
 *   a single file (only notes that an exclusion change brings back in are read).
 * - Left out: excluded folders, the config folder, and the plugin's own report notes.
 * - Subscribers hear `changed` through a debounce; the analysis itself is computed lazily by the index, at
 *   most once per revision, when someone asks for it.
 */

export type IndexState = "cold" | "initializing" | "warm";

export interface LiveIndexOptions {
  /** Notes read at once during the first build. */
  batchSize?: number;
  /** Delay of the debounced `changed` notification, in milliseconds. */
  notifyDelay?: number;
  /** Long work yields to the UI after this many milliseconds (default 25). */
  sliceMs?: number;
  /** How many notes a step of the index build takes at most (default: `LayerIndex.buildInSteps`'s). */
  buildStep?: number;
}

export class LiveIndex extends Component {
  private _state: IndexState = "cold";
  private settings: Settings;
  private ctx: RecordContext;
  private index: LayerIndex;
  /** Parsed notes of every counted path. */
  private readonly notes = new Map<string, ParsedNote>();
  /** Bumped by every event about a path, so that a read started earlier cannot overwrite it. */
  private readonly generation = new Map<string, number>();
  /** Paths of the plugin's own report notes (read once, never counted). */
  private readonly reports = new Set<string>();
  private readonly events = new Events();
  private readonly notify: Debouncer<[], void>;
  private readonly batchSize: number;
  private readonly sliceMs: number;
  private readonly buildStep: number | undefined;
  private readyResolve: (() => void) | null = null;
  private readonly readyPromise: Promise<void>;
  private unloaded = false;
  /** Increments when a rebuild starts; a rebuild that is overtaken by a newer one stops. */
  private buildRun = 0;
  private readonly resolve: LinkResolver;
  /** Added to the index's own revision, so that a rebuilt index never shows an older revision. */
  private revisionBase = 0;
  /** Bumped whenever a file is created, deleted or renamed (link resolution may change). */
  private structureChanges = 0;
  /** Settings changes are applied one after the other. */
  private settingsQueue: Promise<void> = Promise.resolve();

  constructor(
    private readonly app: App,
    settings: Settings,
    options: LiveIndexOptions = {},
  ) {
    super();
    this.settings = settings;
    this.ctx = recordContext(settings);
    this.index = new LayerIndex(settings);
    this.batchSize = Math.max(1, options.batchSize ?? 250);
    this.sliceMs = Math.max(0, options.sliceMs ?? 25);
    this.buildStep = options.buildStep;
    this.notify = debounce(() => this.events.trigger("changed", this.revision), options.notifyDelay ?? 250, false);
    this.readyPromise = new Promise((resolve) => (this.readyResolve = resolve));
    this.resolve = (linkpath, sourcePath) => {
      if (linkpath === "") return sourcePath;
      return this.app.metadataCache.getFirstLinkpathDest(linkpath, sourcePath)?.path ?? null;
    };
  }

  get state(): IndexState {
    return this._state;
  }

  /** Resolves when the first build is done (at once when it already is). */
  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  /** The current index (rebuilt on a settings change: read it again after `changed`). */
  get layerIndex(): LayerIndex {
    return this.index;
  }

  /**
   * Bumped on every change of the index, including a rebuild, so a view can redraw only when it moved.
   * (Each rebuilt `LayerIndex` starts its own counter; this one never goes back.)
   */
  get revision(): number {
    return this.revisionBase + this.index.revision;
  }

  /** Subscribes to `changed` (debounced; the argument is the revision). Register the ref with `registerEvent`. */
  on(name: "changed", callback: (revision: number) => unknown): EventRef {
    return this.events.on(name, callback as (...data: unknown[]) => unknown);
  }

  offref(ref: EventRef): void {
    this.events.offref(ref);
  }

  /** The parsed note of a counted path (what the adapter made of it). */
  parsedNote(path: string): ParsedNote | undefined {
    return this.notes.get(path);
  }

  /** Whether the path is counted (known, not excluded, not a report note). */
  counts(path: string): boolean {
    return this.notes.has(path);
  }

  override onload(): void {
    const { metadataCache, vault, workspace } = this.app;
    this.registerEvent(metadataCache.on("changed", (file, data, cache) => this.onChanged(file, data, cache)));
    this.registerEvent(metadataCache.on("deleted", (file) => this.onDeleted(file.path)));
    this.registerEvent(vault.on("rename", (file, oldPath) => this.onRenamed(file, oldPath)));
    this.registerEvent(vault.on("create", (file) => this.onCreated(file)));
    this.registerEvent(vault.on("delete", (file) => this.onFileDeleted(file)));
    workspace.onLayoutReady(() => {
      if (!this.unloaded) void this.initialize();
    });
  }

  override onunload(): void {
    this.unloaded = true;
    this.notify.cancel();
  }

  /** New settings: records are rebuilt from the kept parsed notes; only notes newly let in are read. */
  setSettings(settings: Settings): Promise<void> {
    this.settingsQueue = this.settingsQueue.then(() => this.applySettings(settings));
    return this.settingsQueue;
  }

  private async applySettings(settings: Settings): Promise<void> {
    const excludeChanged = settings.exclude.join("\n") !== this.settings.exclude.join("\n");
    this.settings = settings;
    this.ctx = recordContext(settings);
    // Before the first build is done, it picks the new settings up itself.
    if (this._state !== "warm" || this.unloaded) return;
    if (excludeChanged) await this.readMissing(++this.buildRun);
    if (!this.unloaded) await this.rebuild();
  }

  // ───────────────────────────── first build ─────────────────────────────

  private async initialize(): Promise<void> {
    if (this._state !== "cold") return;
    this._state = "initializing";
    // Events and settings may change while the notes are read: read again until nothing counted is missing
    // (a note that still is, after a few passes, arrives with its own `changed` event).
    for (let pass = 0; pass < 3 && (pass === 0 || this.missing().length > 0); pass++) {
      await this.readMissing(++this.buildRun);
      if (this.unloaded) return;
    }
    // Settings that change during the index build are built in, but a narrower exclusion lets in notes no pass
    // has read: read those, and build again.
    for (let round = 0; ; round++) {
      await this.rebuild(false);
      if (this.unloaded) return;
      if (round === 2 || this.missing().length === 0) break;
      await this.readMissing(++this.buildRun);
      if (this.unloaded) return;
    }
    this._state = "warm";
    this.readyResolve?.();
    this.readyResolve = null;
    this.notifyNow();
  }

  /** Counted Markdown files that have a cache but no parsed note yet. */
  private missing(): TFile[] {
    const cache = this.app.metadataCache;
    return this.app.vault.getMarkdownFiles().filter((f) => !this.notes.has(f.path) && !this.excluded(f.path) && cache.getFileCache(f) !== null && !this.reports.has(f.path));
  }

  /** Reads every missing note in batches, yielding to the UI between batches; stops when a newer run started. */
  private async readMissing(run: number): Promise<void> {
    const files = this.missing();
    const slice = new TimeSlice(this.sliceMs);
    for (let i = 0; i < files.length; i += this.batchSize) {
      if (this.unloaded || run !== this.buildRun) return;
      const batch = files.slice(i, i + this.batchSize);
      await Promise.all(batch.map((file) => this.readInto(file)));
      if (slice.due()) await slice.yield();
    }
  }

  private async readInto(file: TFile): Promise<void> {
    const cache = this.app.metadataCache.getFileCache(file);
    // Not indexed by the app yet: its `changed` event will bring it.
    if (!cache) return;
    const startedAt = this.generation.get(file.path) ?? 0;
    let text: string | null = null;
    let readError: string | undefined;
    try {
      text = await this.app.vault.cachedRead(file);
    } catch (error) {
      readError = error instanceof Error ? error.message : String(error);
    }
    if ((this.generation.get(file.path) ?? 0) !== startedAt || this.unloaded) return;
    if (this.app.vault.getFileByPath(file.path) !== file || this.excluded(file.path)) return;
    const parsed = this.adapt(file.path, this.app.metadataCache.getFileCache(file) ?? cache, text, readError);
    if (isReportNote(parsed)) this.reports.add(file.path);
    else this.notes.set(file.path, parsed);
  }

  /**
   * Builds a fresh index from the kept parsed notes. The records are built a slice of time at a time, yielding
   * to the UI between slices; a note that changed meanwhile is built again from its newest parsed note, and if any
   * file was created, deleted or renamed meanwhile (links may resolve differently), every record is.
   */
  /** A record per kept note: the one in `built` when it is of the note's current generation, else built now. */
  private keptRecords(built: ReadonlyMap<string, { generation: number; record: NoteRecord }> | null): NoteRecord[] {
    const records: NoteRecord[] = [];
    for (const [path, note] of this.notes) {
      if (this.excluded(path)) continue;
      const b = built?.get(path);
      records.push(b && b.generation === (this.generation.get(path) ?? 0) ? b.record : this.record(note));
    }
    return records;
  }

  private async rebuild(notify = true): Promise<void> {
    for (const path of [...this.notes.keys()]) if (this.excluded(path)) this.notes.delete(path);
    const ctx = this.ctx;
    const structure = this.structureChanges;
    const built = new Map<string, { generation: number; record: NoteRecord }>();
    const slice = new TimeSlice(this.sliceMs);
    for (const [path, note] of this.notes) {
      built.set(path, { generation: this.generation.get(path) ?? 0, record: buildRecord(note, ctx, this.resolve) });
      if (slice.due()) {
        await slice.yield();
        if (this.unloaded) return;
      }
    }
    const fresh = ctx === this.ctx && structure === this.structureChanges;
    const records = this.keptRecords(fresh ? built : null);
    // The index itself is built in steps too (at 50,000 notes it is a third of a second of work). Whatever changes
    // meanwhile is put into it before it replaces the current one.
    const settings = this.settings;
    const recordsCtx = this.ctx;
    const recordsStructure = this.structureChanges;
    const generations = new Map(this.generation);
    const steps = LayerIndex.buildInSteps(settings, records, {}, this.buildStep);
    let index: LayerIndex;
    for (;;) {
      const step = steps.next();
      if (step.done) {
        index = step.value;
        break;
      }
      if (slice.due()) {
        await slice.yield();
        if (this.unloaded) return;
      }
    }
    if (settings !== this.settings || recordsCtx !== this.ctx || recordsStructure !== this.structureChanges) {
      // New settings, or a file created, deleted or renamed (links may resolve differently): every record again,
      // at once, as a build without steps would have had it.
      index = LayerIndex.build(this.settings, this.keptRecords(null));
    } else {
      for (const [path, generation] of this.generation) {
        if (generations.get(path) === generation) continue;
        const note = this.notes.get(path);
        if (note && !this.excluded(path)) index.upsert(this.record(note));
        else if (index.has(path)) index.remove(path);
      }
    }
    this.revisionBase = this.revision + 1;
    this.index = index;
    if (notify) this.notifyNow();
  }

  // ───────────────────────────── events ─────────────────────────────

  private onChanged(file: TFile, data: string, cache: CachedMetadata): void {
    if (file.extension !== "md") return;
    this.bump(file.path);
    if (this.excluded(file.path)) return;
    const parsed = this.adapt(file.path, cache, data);
    const counted = !isReportNote(parsed);
    if (counted) {
      this.notes.set(file.path, parsed);
      this.reports.delete(file.path);
    } else {
      this.notes.delete(file.path);
      this.reports.add(file.path);
    }
    if (this._state !== "warm") return;
    if (counted) this.index.upsert(this.record(parsed));
    else this.index.remove(file.path);
    this.notify();
  }

  private onDeleted(path: string): void {
    this.bump(path);
    this.structureChanges++;
    this.reports.delete(path);
    const had = this.notes.delete(path);
    if (this._state !== "warm") return;
    const referrers = this.index.referrersOf(path);
    if (had) this.index.remove(path);
    this.reresolve(referrers);
    this.notify();
  }

  private onFileDeleted(file: TAbstractFile): void {
    this.structureChanges++;
    // Markdown notes are handled by the metadata cache's `deleted`; attachments can be link targets too.
    if (!(file instanceof TFile) || file.extension === "md" || this._state !== "warm") return;
    const referrers = this.index.referrersOf(file.path);
    if (referrers.length) {
      this.reresolve(referrers);
      this.notify();
    }
  }

  private onCreated(file: TAbstractFile): void {
    this.structureChanges++;
    if (!(file instanceof TFile) || this._state !== "warm") return;
    // Notes whose missing targets the new file may satisfy, and notes that link by name to a file the new
    // one may now win the tie against (same folder as the linking note).
    const paths = new Set(this.index.unresolvedReferrersFor(file.path));
    for (const other of this.sameName(file.path)) for (const r of this.index.referrersOf(other)) paths.add(r);
    if (paths.size) {
      this.reresolve([...paths]);
      this.notify();
    }
  }

  private onRenamed(file: TAbstractFile, oldPath: string): void {
    this.structureChanges++;
    if (!(file instanceof TFile)) return;
    this.bump(oldPath);
    this.bump(file.path);
    const wasReport = this.reports.delete(oldPath);
    if (wasReport && !this.excluded(file.path)) this.reports.add(file.path);
    const note = this.notes.get(oldPath);
    this.notes.delete(oldPath);
    const moved = note && !this.excluded(file.path) ? { ...note, path: file.path } : null;
    if (moved) this.notes.set(file.path, moved);
    else if (file.extension === "md" && !wasReport && !this.excluded(file.path)) {
      // Not parsed yet (renamed out of an excluded folder, or during the first build): read it now.
      void this.readInto(file).then(() => {
        const parsed = this.notes.get(file.path);
        if (parsed && this._state === "warm") {
          this.index.upsert(this.record(parsed));
          this.notify();
        }
      });
    }
    if (this._state !== "warm") return;
    const paths = new Set([...this.index.referrersOf(oldPath), ...this.index.unresolvedReferrersFor(file.path)]);
    for (const other of this.sameName(file.path)) for (const r of this.index.referrersOf(other)) paths.add(r);
    if (this.index.has(oldPath)) this.index.remove(oldPath);
    if (moved) this.index.upsert(this.record(moved));
    paths.delete(oldPath);
    paths.delete(file.path);
    this.reresolve(paths);
    this.notify();
  }

  // ───────────────────────────── helpers ─────────────────────────────

  private adapt(path: string, cache: CachedMetadata, text: string | null, readError?: string): ParsedNote {
    return parsedNoteFromCache({ path, cache, text, allTags: getAllTags(cache), readError });
  }

  private record(parsed: ParsedNote): NoteRecord {
    return buildRecord(parsed, this.ctx, this.resolve);
  }

  /** Rebuilds the records of these notes (their links may resolve differently now). */
  private reresolve(paths: Iterable<string>): void {
    for (const path of paths) {
      const parsed = this.notes.get(path);
      if (parsed) this.index.upsert(this.record(parsed));
    }
  }

  /** Counted notes with the same file name as `path` (link ties are broken by folder). */
  private sameName(path: string): string[] {
    const name = titleOf(path).toLowerCase();
    const out: string[] = [];
    for (const other of this.notes.keys()) if (other !== path && titleOf(other).toLowerCase() === name) out.push(other);
    return out;
  }

  private bump(path: string): void {
    this.generation.set(path, (this.generation.get(path) ?? 0) + 1);
  }

  /** Excluded folders, the config folder, and anything inside them (paths compared as written, as the CLI does). */
  excluded(path: string): boolean {
    const inside = (folder: string) => folder !== "" && (path === folder || path.startsWith(folder + "/"));
    return inside(this.app.vault.configDir) || this.settings.exclude.some(inside);
  }

  private notifyNow(): void {
    this.notify.cancel();
    this.events.trigger("changed", this.revision);
  }
}

/** Long work cut into slices of time, with the UI running in between. */
class TimeSlice {
  private start = performance.now();

  constructor(private readonly ms: number) {}

  /** Whether the slice is used up. */
  due(): boolean {
    return performance.now() - this.start >= this.ms;
  }

  /** Lets the UI run, then starts a new slice. */
  async yield(): Promise<void> {
    await new Promise<void>((resolve) => window.setTimeout(resolve, 0));
    this.start = performance.now();
  }
}
