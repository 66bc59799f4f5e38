/**
 * A small, faithful stand-in for the `obsidian` package (which ships types only), for the plugin's tests and
 * benchmarks. vitest aliases `obsidian` to this file. It implements only what the plugin uses, the way the app
 * behaves where the behaviour matters to the plugin:
 *
 * - `Component`: load/unload cascade to children; `register*` callbacks run on unload.
 * - `Vault` is in memory; `MetadataCache` recomputes a file's `CachedMetadata` on create/modify (with a pluggable
 *   parser; the default is test/helpers/obsidianCache.ts) and triggers `changed`, `deleted` and `resolved`.
 * - `getFirstLinkpathDest`: exact path (`.md` added), relative path, then by name case-insensitively; ties: the
 *   source's folder, then the shortest path.
 * - `FileManager.processFrontMatter` really parses and rewrites the YAML (js-yaml), keeping the body byte for byte.
 * - `getAllTags`: frontmatter tags first (a list under `tags`, each with `#`), then the body tags, as the real app.
 * - DOM: Obsidian's element helpers (`createEl`, `createDiv`, `empty`, `setText`, `addClass`, `isShown`, …) are
 *   installed on the DOM prototypes when a DOM exists (happy-dom tests).
 *
 * Test-only hooks are marked `mock:` and are not part of Obsidian's API.
 */
import { dump, load } from "js-yaml";
import { cachedMetadataOf } from "../helpers/obsidianCache";

// ───────────────────────────── Events and components ─────────────────────────────

export interface EventRef {
  readonly e: Events;
  readonly name: string;
  readonly fn: (...data: unknown[]) => unknown;
  readonly ctx?: unknown;
}

export class Events {
  private handlers = new Map<string, EventRef[]>();

  on(name: string, callback: (...data: never[]) => unknown, ctx?: unknown): EventRef {
    const ref: EventRef = { e: this, name, fn: callback as (...data: unknown[]) => unknown, ctx };
    const list = this.handlers.get(name) ?? [];
    list.push(ref);
    this.handlers.set(name, list);
    return ref;
  }

  off(name: string, callback: (...data: never[]) => unknown): void {
    const list = this.handlers.get(name);
    if (list) this.handlers.set(name, list.filter((r) => r.fn !== callback));
  }

  offref(ref: EventRef): void {
    const list = this.handlers.get(ref.name);
    if (list) this.handlers.set(ref.name, list.filter((r) => r !== ref));
  }

  trigger(name: string, ...data: unknown[]): void {
    for (const ref of [...(this.handlers.get(name) ?? [])]) this.tryTrigger(ref, data);
  }

  tryTrigger(evt: EventRef, args: unknown[]): void {
    try {
      evt.fn.apply(evt.ctx, args);
    } catch (error) {
      // The real app logs and carries on: one failing handler never stops the others.
      console.error(error);
    }
  }

  /** mock: how many handlers are registered for `name` (to check that unload removed them). */
  listenerCount(name: string): number {
    return this.handlers.get(name)?.length ?? 0;
  }
}

export class Component {
  private _loaded = false;
  private _children: Component[] = [];
  private _cleanups: (() => unknown)[] = [];

  load(): void {
    if (this._loaded) return;
    this._loaded = true;
    // A plugin's onload may be async; the app does not wait for it, the mock keeps it for tests to await.
    const result: unknown = this.onload();
    if (result instanceof Promise) this._loading = result;
    for (const child of [...this._children]) child.load();
  }

  private _loading: Promise<unknown> = Promise.resolve();

  /** mock: resolves when an async `onload` finished. */
  async whenLoaded(): Promise<void> {
    await this._loading;
  }

  onload(): void {}

  unload(): void {
    if (!this._loaded) return;
    this._loaded = false;
    for (const child of [...this._children].reverse()) child.unload();
    this._children = [];
    const cleanups = this._cleanups;
    this._cleanups = [];
    for (const cleanup of cleanups) cleanup();
    this.onunload();
  }

  onunload(): void {}

  addChild<T extends Component>(component: T): T {
    this._children.push(component);
    if (this._loaded) component.load();
    return component;
  }

  removeChild<T extends Component>(component: T): T {
    const at = this._children.indexOf(component);
    if (at >= 0) {
      this._children.splice(at, 1);
      component.unload();
    }
    return component;
  }

  register(cb: () => unknown): void {
    this._cleanups.push(cb);
  }

  registerEvent(ref: EventRef): void {
    this.register(() => ref.e.offref(ref));
  }

  registerDomEvent(el: EventTarget, type: string, callback: (evt: Event) => unknown, options?: boolean | AddEventListenerOptions): void {
    el.addEventListener(type, callback, options);
    this.register(() => el.removeEventListener(type, callback, options));
  }

  registerInterval(id: number): number {
    this.register(() => clearInterval(id));
    return id;
  }

  /** mock: whether the component is loaded. */
  get loaded(): boolean {
    return this._loaded;
  }
}

// ───────────────────────────── Files ─────────────────────────────

export abstract class TAbstractFile {
  vault!: Vault;
  path = "";
  name = "";
  parent: TFolder | null = null;
}

export interface FileStats {
  ctime: number;
  mtime: number;
  size: number;
}

export class TFile extends TAbstractFile {
  stat: FileStats = { ctime: 0, mtime: 0, size: 0 };
  basename = "";
  extension = "";
}

export class TFolder extends TAbstractFile {
  children: TAbstractFile[] = [];
  isRoot(): boolean {
    return this.path === "/" || this.path === "";
  }
}

export function normalizePath(path: string): string {
  // Already normal (the common case): plain ASCII, single slashes, none at either end.
  if (/^[\x20-\x7e]+$/.test(path) && !/\\|\/\/|^\/|\/$/.test(path)) return path;
  let p = path.replace(/[\\/]+/g, "/").replace(/\u00a0|\u202f/g, " ");
  p = p.replace(/^\/+|\/+$/g, "");
  p = p.normalize("NFC");
  return p === "" ? "/" : p;
}

function setPath(file: TAbstractFile, path: string): void {
  file.path = path;
  file.name = path.slice(path.lastIndexOf("/") + 1);
  if (file instanceof TFile) {
    const dot = file.name.lastIndexOf(".");
    file.basename = dot > 0 ? file.name.slice(0, dot) : file.name;
    file.extension = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : "";
  }
}

/** mock: the vault's file adapter, for the plugin's own files (files by path, as text). */
export class DataAdapterMock {
  files = new Map<string, string>();
  /** mock: makes every copy fail (a full or read-only disk). */
  failCopies = false;

  async exists(path: string): Promise<boolean> {
    await Promise.resolve();
    return this.files.has(path);
  }

  async copy(from: string, to: string): Promise<void> {
    await Promise.resolve();
    const text = this.files.get(from);
    if (this.failCopies) throw new Error("ENOSPC: no space left on device");
    if (text === undefined) throw new Error(`ENOENT: no such file, ${from}`);
    if (this.files.has(to)) throw new Error(`Destination file already exists: ${to}`);
    this.files.set(to, text);
  }
}

/** mock: a plugin's data.json as text, for `loadData` to parse (text that is not JSON makes it throw, as in the app). */
export class RawData {
  constructor(readonly text: string) {}
}

export class Vault extends Events {
  configDir = ".obsidian";
  adapter = new DataAdapterMock();
  private files = new Map<string, { file: TFile; content: string }>();
  private folders = new Map<string, TFolder>();
  /** mock: how many times `cachedRead` ran (the plugin must not re-read files on a settings change). */
  reads = 0;
  /** mock: bumped whenever the set of paths changes. */
  version = 0;
  /** mock: a path whose reads fail (to test unreadable files). */
  failingReads = new Set<string>();

  constructor() {
    super();
    const root = new TFolder();
    root.vault = this;
    root.path = "/";
    root.name = "";
    this.folders.set("/", root);
  }

  getRoot(): TFolder {
    return this.folders.get("/")!;
  }

  getName(): string {
    return "vault";
  }

  getAbstractFileByPath(path: string): TAbstractFile | null {
    const p = normalizePath(path);
    return this.files.get(p)?.file ?? this.folders.get(p) ?? null;
  }

  getFileByPath(path: string): TFile | null {
    return this.files.get(normalizePath(path))?.file ?? null;
  }

  getFolderByPath(path: string): TFolder | null {
    return this.folders.get(normalizePath(path)) ?? null;
  }

  getFiles(): TFile[] {
    return [...this.files.values()].map((f) => f.file);
  }

  getMarkdownFiles(): TFile[] {
    return this.getFiles().filter((f) => f.extension === "md");
  }

  getAllLoadedFiles(): TAbstractFile[] {
    return [...this.folders.values(), ...this.getFiles()];
  }

  async cachedRead(file: TFile): Promise<string> {
    return this.read(file);
  }

  async read(file: TFile): Promise<string> {
    await Promise.resolve();
    this.reads++;
    if (this.failingReads.has(file.path)) throw new Error(`EIO: cannot read ${file.path}`);
    const entry = this.files.get(file.path);
    if (!entry) throw new Error(`ENOENT: ${file.path}`);
    return entry.content;
  }

  async create(path: string, data: string): Promise<TFile> {
    await Promise.resolve();
    const file = this.createSilently(path, data);
    this.trigger("create", file);
    return file;
  }

  async createFolder(path: string): Promise<TFolder> {
    await Promise.resolve();
    const p = normalizePath(path);
    if (this.files.has(p) || this.folders.has(p)) throw new Error("Folder already exists.");
    const folder = this.ensureFolder(p);
    this.trigger("create", folder);
    return folder;
  }

  async modify(file: TFile, data: string): Promise<void> {
    await Promise.resolve();
    const entry = this.files.get(file.path);
    if (!entry) throw new Error(`ENOENT: ${file.path}`);
    entry.content = data;
    file.stat = { ...file.stat, mtime: file.stat.mtime + 1, size: data.length };
    this.trigger("modify", file);
  }

  async process(file: TFile, fn: (data: string) => string): Promise<string> {
    const entry = this.files.get(file.path);
    if (!entry) throw new Error(`ENOENT: ${file.path}`);
    const next = fn(entry.content);
    await this.modify(file, next);
    return next;
  }

  async rename(file: TAbstractFile, newPath: string): Promise<void> {
    await Promise.resolve();
    const p = normalizePath(newPath);
    if (this.getAbstractFileByPath(p)) throw new Error("Destination file already exists!");
    const oldPath = file.path;
    if (file instanceof TFile) {
      const entry = this.files.get(oldPath)!;
      this.files.delete(oldPath);
      this.detachFromParent(file);
      setPath(file, p);
      this.files.set(p, entry);
      this.version++;
      this.attach(file, p);
    }
    this.trigger("rename", file, oldPath);
  }

  async delete(file: TAbstractFile): Promise<void> {
    await Promise.resolve();
    if (file instanceof TFile) {
      this.files.delete(file.path);
      this.detachFromParent(file);
      this.version++;
    }
    this.trigger("delete", file);
  }

  /** mock: adds a file without any event (the vault as it is on start-up). */
  createSilently(path: string, data: string): TFile {
    const p = normalizePath(path);
    if (this.files.has(p)) throw new Error("File already exists.");
    const file = new TFile();
    file.vault = this;
    setPath(file, p);
    file.stat = { ctime: 0, mtime: 0, size: data.length };
    this.files.set(p, { file, content: data });
    this.attach(file, p);
    this.version++;
    return file;
  }

  /** mock: the content of a file, synchronously. */
  contentOf(path: string): string | undefined {
    return this.files.get(normalizePath(path))?.content;
  }

  private attach(file: TAbstractFile, path: string): void {
    const slash = path.lastIndexOf("/");
    const parent = slash < 0 ? this.getRoot() : this.ensureFolder(path.slice(0, slash));
    file.parent = parent;
    parent.children.push(file);
  }

  private detachFromParent(file: TAbstractFile): void {
    if (file.parent) file.parent.children = file.parent.children.filter((c) => c !== file);
    file.parent = null;
  }

  private ensureFolder(path: string): TFolder {
    const existing = this.folders.get(path);
    if (existing) return existing;
    const folder = new TFolder();
    folder.vault = this;
    setPath(folder, path);
    this.folders.set(path, folder);
    this.attach(folder, path);
    return folder;
  }
}

// ───────────────────────────── Metadata ─────────────────────────────

export interface Loc {
  line: number;
  col: number;
  offset: number;
}
export interface Pos {
  start: Loc;
  end: Loc;
}
export interface CacheItem {
  position: Pos;
}
export interface Reference {
  link: string;
  original: string;
  displayText?: string;
}
export interface ReferenceCache extends Reference, CacheItem {}
export type LinkCache = ReferenceCache;
export type EmbedCache = ReferenceCache;
export interface FrontmatterLinkCache extends Reference {
  key: string;
}
export interface TagCache extends CacheItem {
  tag: string;
}
export type FrontMatterCache = Record<string, unknown>;
export interface CachedMetadata {
  links?: LinkCache[];
  embeds?: EmbedCache[];
  tags?: TagCache[];
  frontmatter?: FrontMatterCache;
  frontmatterPosition?: Pos;
  frontmatterLinks?: FrontmatterLinkCache[];
  headings?: unknown[];
  sections?: unknown[];
  listItems?: unknown[];
  blocks?: Record<string, unknown>;
}

export type MetadataParser = (path: string, text: string) => CachedMetadata;

export class MetadataCache extends Events {
  resolvedLinks: Record<string, Record<string, number>> = {};
  unresolvedLinks: Record<string, Record<string, number>> = {};
  private caches = new Map<string, CachedMetadata>();
  /** mock: how the app turns a file's text into its cache (replace to feed recorded caches). */
  parser: MetadataParser = cachedMetadataOf;

  constructor(private readonly vault: Vault) {
    super();
  }

  getFileCache(file: TFile): CachedMetadata | null {
    return this.caches.get(file.path) ?? null;
  }

  getCache(path: string): CachedMetadata | null {
    return this.caches.get(path) ?? null;
  }

  getFirstLinkpathDest(linkpath: string, sourcePath: string): TFile | null {
    const path = this.linkIndex().resolve(linkpath, sourcePath);
    return path === null ? null : this.vault.getFileByPath(path);
  }

  private links: { version: number; index: LinkpathIndex } | null = null;

  private linkIndex(): LinkpathIndex {
    if (this.links?.version !== this.vault.version) {
      this.links = { version: this.vault.version, index: new LinkpathIndex(this.vault.getFiles().map((f) => f.path)) };
    }
    return this.links.index;
  }

  fileToLinktext(file: TFile, _sourcePath: string, omitMdExtension = true): string {
    return omitMdExtension && file.extension === "md" ? file.path.slice(0, -3) : file.path;
  }

  /** mock: computes the caches of every Markdown file at once (the app on start-up), without events. */
  indexAll(): void {
    for (const file of this.vault.getMarkdownFiles()) this.caches.set(file.path, this.parser(file.path, this.vault.contentOf(file.path)!));
    this.resolveAll();
  }

  /** mock: sets a file's cache directly (recorded caches) and fires `changed`. */
  setCache(file: TFile, cache: CachedMetadata, data = ""): void {
    this.caches.set(file.path, cache);
    this.resolveAll();
    this.trigger("changed", file, data, cache);
    this.trigger("resolved");
  }

  /** mock: the vault → cache wiring the app does internally. */
  attach(): void {
    const reparse = (file: TAbstractFile) => {
      if (!(file instanceof TFile) || file.extension !== "md") return;
      const text = this.vault.contentOf(file.path) ?? "";
      const cache = this.parser(file.path, text);
      this.caches.set(file.path, cache);
      this.resolveAll();
      this.trigger("changed", file, text, cache);
      this.trigger("resolved");
    };
    this.vault.on("create", reparse);
    this.vault.on("modify", reparse);
    this.vault.on("delete", (file: TAbstractFile) => {
      if (!(file instanceof TFile)) return;
      const prev = this.caches.get(file.path) ?? null;
      this.caches.delete(file.path);
      this.resolveAll();
      if (file.extension === "md") this.trigger("deleted", file, prev);
      this.trigger("resolved");
    });
    this.vault.on("rename", (file: TAbstractFile, oldPath: string) => {
      const cache = this.caches.get(oldPath);
      if (cache) {
        this.caches.delete(oldPath);
        this.caches.set(file.path, cache);
      }
      this.resolveAll();
      this.trigger("resolved");
    });
  }

  private resolveAll(): void {
    const resolved: Record<string, Record<string, number>> = {};
    const unresolved: Record<string, Record<string, number>> = {};
    const index = this.linkIndex();
    for (const [source, cache] of this.caches) {
      const r: Record<string, number> = {};
      const u: Record<string, number> = {};
      for (const ref of [...(cache.links ?? []), ...(cache.embeds ?? []), ...(cache.frontmatterLinks ?? [])]) {
        const linkpath = getLinkpath(ref.link);
        const dest = index.resolve(linkpath, source);
        if (dest === null) u[linkpath] = (u[linkpath] ?? 0) + 1;
        else r[dest] = (r[dest] ?? 0) + 1;
      }
      resolved[source] = r;
      unresolved[source] = u;
    }
    this.resolvedLinks = resolved;
    this.unresolvedLinks = unresolved;
  }
}

/** Obsidian's link resolution over the vault's paths, with lookup tables built once per set of paths. */
export class LinkpathIndex {
  private readonly byKey = new Map<string, string>();
  private readonly byName = new Map<string, { path: string; key: string }[]>();

  constructor(paths: readonly string[]) {
    for (const p of [...paths].sort((a, b) => a.length - b.length || (a < b ? -1 : 1))) {
      const key = fold(p);
      if (!this.byKey.has(key)) this.byKey.set(key, p);
      const name = key.slice(key.lastIndexOf("/") + 1);
      const list = this.byName.get(name) ?? [];
      list.push({ path: p, key });
      this.byName.set(name, list);
    }
  }

  resolve(linkpath: string, sourcePath: string): string | null {
    const key = fold(linkpath.trim()).replace(/^\/+/, "");
    if (key === "") return this.byKey.has(fold(sourcePath)) ? sourcePath : null;
    const direct = this.exact(key);
    if (direct !== null) return direct;
    const sourceDir = sourcePath.includes("/") ? sourcePath.slice(0, sourcePath.lastIndexOf("/") + 1) : "";
    if (key.includes("/") || key.startsWith(".")) {
      const parts = sourceDir === "" ? [] : fold(sourceDir).slice(0, -1).split("/");
      let inside = true;
      for (const part of key.split("/")) {
        if (part === "" || part === ".") continue;
        if (part === "..") {
          if (!parts.length) inside = false;
          parts.pop();
        } else parts.push(part);
      }
      const rel = inside ? this.exact(parts.join("/")) : null;
      if (rel !== null) return rel;
    }
    if (key.startsWith("./") || key.startsWith("../")) return null;
    for (const suffix of key.endsWith(".md") ? [key] : [key + ".md", key]) {
      const name = suffix.slice(suffix.lastIndexOf("/") + 1);
      const candidates = (this.byName.get(name) ?? []).filter((c) => c.key === suffix || c.key.endsWith("/" + suffix)).map((c) => c.path);
      if (!candidates.length) continue;
      return candidates.find((p) => p.slice(0, p.lastIndexOf("/") + 1) === sourceDir) ?? candidates[0];
    }
    return null;
  }

  private exact(key: string): string | null {
    return (!key.endsWith(".md") ? this.byKey.get(key + ".md") : undefined) ?? this.byKey.get(key) ?? null;
  }
}

function fold(path: string): string {
  return (/^[\x00-\x7f]*$/.test(path) ? path : path.normalize("NFC")).toLowerCase();
}

export function getLinkpath(linktext: string): string {
  const hash = linktext.indexOf("#");
  return hash < 0 ? linktext : linktext.slice(0, hash);
}

export function parseLinktext(linktext: string): { path: string; subpath: string } {
  const hash = linktext.indexOf("#");
  return hash < 0 ? { path: linktext, subpath: "" } : { path: linktext.slice(0, hash), subpath: linktext.slice(hash) };
}

/** Frontmatter tags as the app reads them (Obsidian ≥ 1.9): a list under the first `tags` key, `#` added. */
export function parseFrontMatterTags(frontmatter: Record<string, unknown> | null | undefined): string[] | null {
  if (!frontmatter) return null;
  for (const key of Object.keys(frontmatter)) {
    if (key.toLowerCase() !== "tags") continue;
    const value = frontmatter[key];
    if (value === null || value === undefined) return null;
    if (!Array.isArray(value)) return [];
    const out: string[] = [];
    for (const item of value as unknown[]) {
      const text = typeof item === "string" ? item.trim() : typeof item === "number" ? String(item) : "";
      if (text === "" || text === "#") continue;
      out.push(text.startsWith("#") ? text : `#${text}`);
    }
    return out;
  }
  return null;
}

/** Frontmatter tags first, then the body's tags in order, duplicates kept (as the real app). */
export function getAllTags(cache: CachedMetadata): string[] | null {
  const tags = [...(parseFrontMatterTags(cache.frontmatter) ?? [])];
  for (const t of cache.tags ?? []) tags.push(t.tag);
  return tags;
}

export function getFrontMatterInfo(content: string): { exists: boolean; frontmatter: string; from: number; to: number; contentStart: number } {
  const match = /^---[ \t]*\r?\n([\s\S]*?)\r?\n?^---[ \t]*(\r?\n|$)/m.exec(content);
  if (!match || match.index !== 0) return { exists: false, frontmatter: "", from: 0, to: 0, contentStart: 0 };
  const from = content.indexOf("\n") + 1;
  return { exists: true, frontmatter: match[1] ?? "", from, to: from + (match[1]?.length ?? 0), contentStart: match[0].length };
}

// ───────────────────────────── File manager ─────────────────────────────

export class FileManager {
  constructor(private readonly app: App) {}

  /** Parses the frontmatter, lets `fn` change it, writes it back as YAML; the body is kept byte for byte. */
  async processFrontMatter(file: TFile, fn: (frontmatter: Record<string, unknown>) => void): Promise<void> {
    const text = this.app.vault.contentOf(file.path);
    if (text === undefined) throw new Error(`ENOENT: ${file.path}`);
    const match = /^---\r?\n([\s\S]*?\r?\n)?---[ \t]*(\r?\n|$)/.exec(text);
    let frontmatter: Record<string, unknown> = {};
    let body = text;
    if (match) {
      const parsed = load(match[1] ?? "");
      if (parsed !== null && parsed !== undefined && (typeof parsed !== "object" || Array.isArray(parsed))) {
        throw new Error("YAMLParseError: frontmatter is not a mapping");
      }
      frontmatter = (parsed as Record<string, unknown> | null) ?? {};
      body = text.slice(match[0].length);
    }
    fn(frontmatter);
    const yaml = Object.keys(frontmatter).length ? dump(frontmatter, { lineWidth: -1 }) : "";
    await this.app.vault.modify(file, yaml ? `---\n${yaml}---\n${body}` : body);
  }

  async trashFile(file: TAbstractFile): Promise<void> {
    await this.app.vault.delete(file);
  }

  getNewFileParent(): TFolder {
    return this.app.vault.getRoot();
  }
}

// ───────────────────────────── Workspace ─────────────────────────────

export type PaneType = "tab" | "split" | "window";
export type ViewCreator = (leaf: WorkspaceLeaf) => View;

export interface ViewState {
  type: string;
  state?: Record<string, unknown>;
  active?: boolean;
  pinned?: boolean;
}

export interface ViewStateResult {
  history: boolean;
}

export class WorkspaceLeaf extends Events {
  view: View;
  /** mock: whether the leaf's tab is the visible one. */
  visible = true;

  constructor(readonly app: App) {
    super();
    this.view = new EmptyView(this);
  }

  async setViewState(state: ViewState): Promise<void> {
    const creator = this.app.workspace.viewCreators.get(state.type);
    if (!creator) throw new Error(`No view registered for ${state.type}`);
    await this.closeView();
    const view = creator(this);
    this.view = view;
    view.load();
    await view.open();
    if (state.state) await view.setState(state.state, { history: false });
    if (state.active) this.app.workspace.setActiveLeaf(this);
  }

  getViewState(): ViewState {
    return { type: this.view.getViewType(), state: this.view.getState() };
  }

  async openFile(file: TFile): Promise<void> {
    await this.closeView();
    const view = new FileViewStub(this, file);
    this.view = view;
    view.load();
    this.app.workspace.setActiveLeaf(this);
  }

  detach(): void {
    void this.closeView();
    this.app.workspace.leaves = this.app.workspace.leaves.filter((l) => l !== this);
  }

  getDisplayText(): string {
    return this.view.getDisplayText();
  }

  /** mock: shows or hides the leaf's tab (its container gets `display: none`, as in the app). */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.view.containerEl.style.display = visible ? "" : "none";
  }

  private async closeView(): Promise<void> {
    const old = this.view;
    if (old instanceof ItemView || old instanceof FileViewStub) {
      await old.close();
      old.unload();
    }
  }
}

export class Workspace extends Events {
  layoutReady = false;
  leaves: WorkspaceLeaf[] = [];
  activeLeaf: WorkspaceLeaf | null = null;
  viewCreators = new Map<string, ViewCreator>();
  containerEl: HTMLElement;
  private readyCallbacks: (() => unknown)[] = [];
  /** mock: how many times the layout was saved. */
  layoutSaves = 0;

  constructor(private readonly app: App) {
    super();
    this.containerEl = typeof document === "undefined" ? ({} as HTMLElement) : document.createElement("div");
  }

  onLayoutReady(callback: () => unknown): void {
    if (this.layoutReady) void Promise.resolve().then(callback);
    else this.readyCallbacks.push(callback);
  }

  /** mock: the app finished loading the layout. */
  async setLayoutReady(): Promise<void> {
    this.layoutReady = true;
    const callbacks = this.readyCallbacks;
    this.readyCallbacks = [];
    for (const cb of callbacks) await cb();
    this.trigger("layout-change");
  }

  getActiveFile(): TFile | null {
    const view = this.activeLeaf?.view;
    return view instanceof FileViewStub ? view.file : null;
  }

  getLeaf(newLeaf?: PaneType | boolean): WorkspaceLeaf {
    const reusable = this.activeLeaf && (this.activeLeaf.view instanceof FileViewStub || this.activeLeaf.view instanceof EmptyView);
    if (!newLeaf && reusable) return this.activeLeaf!;
    const leaf = new WorkspaceLeaf(this.app);
    this.leaves.push(leaf);
    return leaf;
  }

  getLeavesOfType(type: string): WorkspaceLeaf[] {
    return this.leaves.filter((l) => l.view.getViewType() === type);
  }

  getActiveViewOfType<T extends View>(type: abstract new (...args: never[]) => T): T | null {
    const view = this.activeLeaf?.view;
    return view instanceof type ? view : null;
  }

  async revealLeaf(leaf: WorkspaceLeaf): Promise<void> {
    await Promise.resolve();
    for (const l of this.leaves) if (l !== leaf && l.view.getViewType() === leaf.view.getViewType()) l.setVisible(false);
    leaf.setVisible(true);
    this.setActiveLeaf(leaf);
  }

  setActiveLeaf(leaf: WorkspaceLeaf): void {
    if (!this.leaves.includes(leaf)) this.leaves.push(leaf);
    this.activeLeaf = leaf;
    this.trigger("active-leaf-change", leaf);
    const file = this.getActiveFile();
    this.trigger("file-open", file);
  }

  requestSaveLayout(): void {
    this.layoutSaves++;
  }

  detachLeavesOfType(type: string): void {
    for (const leaf of this.getLeavesOfType(type)) leaf.detach();
  }
}

// ───────────────────────────── App ─────────────────────────────

export interface PluginManifest {
  id: string;
  name: string;
  version: string;
  minAppVersion: string;
  description: string;
  author: string;
  isDesktopOnly?: boolean;
  dir?: string;
}

export class App {
  vault: Vault;
  metadataCache: MetadataCache;
  workspace: Workspace;
  fileManager: FileManager;
  /** mock: what each plugin's `saveData` wrote (by plugin id). */
  pluginData = new Map<string, unknown>();

  constructor() {
    this.vault = new Vault();
    this.metadataCache = new MetadataCache(this.vault);
    this.workspace = new Workspace(this);
    this.fileManager = new FileManager(this);
  }

  /** mock: an app over the given files, caches computed as on start-up, layout not ready yet. */
  static withFiles(files: Record<string, string>, parser?: MetadataParser): App {
    const app = new App();
    if (parser) app.metadataCache.parser = parser;
    for (const [path, text] of Object.entries(files)) app.vault.createSilently(path, text);
    app.metadataCache.indexAll();
    app.metadataCache.attach();
    return app;
  }
}

// ───────────────────────────── Views ─────────────────────────────

export abstract class View extends Component {
  app: App;
  icon = "";
  navigation = false;
  leaf: WorkspaceLeaf;
  containerEl: HTMLElement;

  constructor(leaf: WorkspaceLeaf) {
    super();
    this.leaf = leaf;
    this.app = leaf.app;
    this.containerEl = typeof document === "undefined" ? ({} as HTMLElement) : document.createElement("div");
    this.containerEl.className = "workspace-leaf-content";
  }

  protected async onOpen(): Promise<void> {}
  protected async onClose(): Promise<void> {}
  abstract getViewType(): string;
  abstract getDisplayText(): string;

  getState(): Record<string, unknown> {
    return {};
  }

  async setState(_state: unknown, _result: ViewStateResult): Promise<void> {}

  getIcon(): string {
    return this.icon;
  }

  onResize(): void {}

  /** mock: what the app does when the view's leaf opens it. */
  async open(): Promise<void> {
    await this.onOpen();
  }

  /** mock: what the app does when the view's leaf closes it. */
  async close(): Promise<void> {
    await this.onClose();
  }
}

export abstract class ItemView extends View {
  contentEl: HTMLElement;

  constructor(leaf: WorkspaceLeaf) {
    super(leaf);
    if (typeof document === "undefined") this.contentEl = {} as HTMLElement;
    else {
      this.containerEl.createDiv({ cls: "view-header" });
      this.contentEl = this.containerEl.createDiv({ cls: "view-content" });
    }
  }

  addAction(icon: string, title: string, callback: (evt: MouseEvent) => unknown): HTMLElement {
    const el = this.containerEl.createEl("button", { cls: "view-action", attr: { "aria-label": title, "data-icon": icon } });
    el.addEventListener("click", (evt) => callback(evt));
    return el;
  }
}

class EmptyView extends View {
  getViewType(): string {
    return "empty";
  }
  getDisplayText(): string {
    return "New tab";
  }
}

/** mock: what a leaf shows after `openFile` (a Markdown view in the app). */
export class FileViewStub extends ItemView {
  constructor(
    leaf: WorkspaceLeaf,
    readonly file: TFile,
  ) {
    super(leaf);
  }
  getViewType(): string {
    return "markdown";
  }
  getDisplayText(): string {
    return this.file.basename;
  }
}

// ───────────────────────────── Plugin ─────────────────────────────

export interface Command {
  id: string;
  name: string;
  icon?: string;
  callback?: () => unknown;
  checkCallback?: (checking: boolean) => boolean | void;
  hotkeys?: unknown[];
}

export abstract class Plugin extends Component {
  app: App;
  manifest: PluginManifest;
  /** mock: what the plugin added to the app. */
  commands: Command[] = [];
  ribbonIcons: { icon: string; title: string; el: HTMLElement; callback: (evt: MouseEvent) => unknown }[] = [];
  statusBarItems: HTMLElement[] = [];
  settingTabs: PluginSettingTab[] = [];

  constructor(app: App, manifest: PluginManifest) {
    super();
    this.app = app;
    this.manifest = manifest;
  }

  addCommand(command: Command): Command {
    const registered = { ...command, id: `${this.manifest.id}:${command.id}` };
    this.commands.push(registered);
    return registered;
  }

  addRibbonIcon(icon: string, title: string, callback: (evt: MouseEvent) => unknown): HTMLElement {
    const el = createDomElement("div");
    this.ribbonIcons.push({ icon, title, el, callback });
    if (typeof el.addEventListener === "function") el.addEventListener("click", (evt) => callback(evt as MouseEvent));
    return el;
  }

  addStatusBarItem(): HTMLElement {
    const el = createDomElement("div");
    if (typeof el.addClass === "function") el.addClass("status-bar-item");
    this.statusBarItems.push(el);
    return el;
  }

  addSettingTab(settingTab: PluginSettingTab): void {
    this.settingTabs.push(settingTab);
  }

  registerView(type: string, viewCreator: ViewCreator): void {
    this.app.workspace.viewCreators.set(type, viewCreator);
    this.register(() => this.app.workspace.viewCreators.delete(type));
  }

  async loadData(): Promise<unknown> {
    await Promise.resolve();
    const data = this.app.pluginData.get(this.manifest.id);
    if (data instanceof RawData) return JSON.parse(data.text) as unknown;
    return data === undefined ? null : structuredClone(data);
  }

  async saveData(data: unknown): Promise<void> {
    await Promise.resolve();
    this.app.pluginData.set(this.manifest.id, structuredClone(data));
  }

  /** mock: finds a command by its id without the plugin prefix. */
  command(id: string): Command | undefined {
    return this.commands.find((c) => c.id === `${this.manifest.id}:${id}`);
  }
}

// ───────────────────────────── Notices, modals ─────────────────────────────

/** mock: every notice shown, in order (tests clear it with `Notice.log.length = 0`). */
export class Notice {
  static readonly log: string[] = [];
  noticeEl: HTMLElement;
  message: string;

  constructor(message: string | DocumentFragment, _duration?: number) {
    this.message = typeof message === "string" ? message : (message.textContent ?? "");
    Notice.log.push(this.message);
    this.noticeEl = createDomElement("div");
  }

  setMessage(message: string | DocumentFragment): this {
    this.message = typeof message === "string" ? message : (message.textContent ?? "");
    Notice.log.push(this.message);
    return this;
  }

  hide(): void {}
}

export class Modal {
  app: App;
  containerEl: HTMLElement;
  modalEl: HTMLElement;
  titleEl: HTMLElement;
  contentEl: HTMLElement;
  shouldRestoreSelection = true;
  /** mock: whether the modal is open. */
  isOpen = false;

  constructor(app: App) {
    this.app = app;
    this.containerEl = createDomElement("div");
    this.modalEl = createDomElement("div");
    this.titleEl = createDomElement("div");
    this.contentEl = createDomElement("div");
  }

  open(): void {
    this.isOpen = true;
    this.onOpen();
  }

  close(): void {
    this.isOpen = false;
    this.onClose();
  }

  onOpen(): void {}
  onClose(): void {}

  setTitle(title: string): this {
    this.titleEl.textContent = title;
    return this;
  }
}

export interface SearchResult {
  score: number;
  matches: [number, number][];
}

export interface FuzzyMatch<T> {
  item: T;
  match: SearchResult;
}

export abstract class SuggestModal<T> extends Modal {
  limit = 100;
  emptyStateText = "No results found.";
  inputEl: HTMLInputElement;
  resultContainerEl: HTMLElement;
  placeholder = "";

  constructor(app: App) {
    super(app);
    this.inputEl = createDomElement("input") as HTMLInputElement;
    this.resultContainerEl = createDomElement("div");
  }

  setPlaceholder(placeholder: string): void {
    this.placeholder = placeholder;
  }

  setInstructions(_instructions: { command: string; purpose: string }[]): void {}

  abstract getSuggestions(query: string): T[] | Promise<T[]>;
  abstract renderSuggestion(value: T, el: HTMLElement): void;
  abstract onChooseSuggestion(item: T, evt: MouseEvent | KeyboardEvent): void;
}

/** A simplified version of the app's fuzzy search: the query's characters in order, closer runs score higher. */
export function prepareFuzzySearch(query: string): (text: string) => SearchResult | null {
  const q = query.toLowerCase().replace(/\s+/g, "");
  return (text: string) => {
    const t = text.toLowerCase();
    const matches: [number, number][] = [];
    let from = 0;
    let score = 0;
    for (const ch of q) {
      const at = t.indexOf(ch, from);
      if (at < 0) return null;
      const last = matches[matches.length - 1];
      if (last && last[1] === at) last[1] = at + 1;
      else matches.push([at, at + 1]);
      score -= at - from;
      from = at + 1;
    }
    return { score, matches };
  };
}

export abstract class FuzzySuggestModal<T> extends SuggestModal<FuzzyMatch<T>> {
  getSuggestions(query: string): FuzzyMatch<T>[] {
    const search = prepareFuzzySearch(query);
    const out: FuzzyMatch<T>[] = [];
    for (const item of this.getItems()) {
      const match = query.trim() === "" ? { score: 0, matches: [] } : search(this.getItemText(item));
      if (match) out.push({ item, match });
    }
    return out.sort((a, b) => b.match.score - a.match.score);
  }

  renderSuggestion(item: FuzzyMatch<T>, el: HTMLElement): void {
    el.setText(this.getItemText(item.item));
  }

  onChooseSuggestion(item: FuzzyMatch<T>, evt: MouseEvent | KeyboardEvent): void {
    this.onChooseItem(item.item, evt);
  }

  abstract getItems(): T[];
  abstract getItemText(item: T): string;
  abstract onChooseItem(item: T, evt: MouseEvent | KeyboardEvent): void;
}

// ───────────────────────────── Settings UI ─────────────────────────────

export abstract class BaseComponent {
  disabled = false;
  then(cb: (component: this) => unknown): this {
    cb(this);
    return this;
  }
  setDisabled(disabled: boolean): this {
    this.disabled = disabled;
    return this;
  }
}

export abstract class ValueComponent<T> extends BaseComponent {
  abstract getValue(): T;
  abstract setValue(value: T): this;
  registerOptionListener(_listeners: Record<string, (value?: T) => T>, _key: string): this {
    return this;
  }
}

export class AbstractTextComponent<E extends HTMLInputElement | HTMLTextAreaElement> extends ValueComponent<string> {
  constructor(readonly inputEl: E) {
    super();
  }
  getValue(): string {
    return this.inputEl.value;
  }
  setValue(value: string): this {
    this.inputEl.value = value;
    return this;
  }
  setPlaceholder(placeholder: string): this {
    this.inputEl.placeholder = placeholder;
    return this;
  }
  onChanged(): void {}
  onChange(callback: (value: string) => unknown): this {
    this.inputEl.addEventListener("input", () => void callback(this.inputEl.value));
    return this;
  }
  override setDisabled(disabled: boolean): this {
    this.inputEl.disabled = disabled;
    return super.setDisabled(disabled);
  }
}

export class TextComponent extends AbstractTextComponent<HTMLInputElement> {
  constructor(containerEl: HTMLElement) {
    super(containerEl.createEl("input", { type: "text" }));
  }
}

export class TextAreaComponent extends AbstractTextComponent<HTMLTextAreaElement> {
  constructor(containerEl: HTMLElement) {
    super(containerEl.createEl("textarea"));
  }
}

export class DropdownComponent extends ValueComponent<string> {
  selectEl: HTMLSelectElement;
  constructor(containerEl: HTMLElement) {
    super();
    this.selectEl = containerEl.createEl("select", { cls: "dropdown" });
  }
  addOption(value: string, display: string): this {
    this.selectEl.createEl("option", { value, text: display });
    return this;
  }
  addOptions(options: Record<string, string>): this {
    for (const [value, display] of Object.entries(options)) this.addOption(value, display);
    return this;
  }
  getValue(): string {
    return this.selectEl.value;
  }
  setValue(value: string): this {
    this.selectEl.value = value;
    return this;
  }
  onChange(callback: (value: string) => unknown): this {
    this.selectEl.addEventListener("change", () => void callback(this.selectEl.value));
    return this;
  }
}

export class ToggleComponent extends ValueComponent<boolean> {
  toggleEl: HTMLElement;
  private value = false;
  private callbacks: ((value: boolean) => unknown)[] = [];
  constructor(containerEl: HTMLElement) {
    super();
    this.toggleEl = containerEl.createDiv({ cls: "checkbox-container" });
    this.toggleEl.addEventListener("click", () => {
      this.setValue(!this.value);
      for (const cb of this.callbacks) void cb(this.value);
    });
  }
  getValue(): boolean {
    return this.value;
  }
  setValue(on: boolean): this {
    this.value = on;
    this.toggleEl.toggleClass("is-enabled", on);
    return this;
  }
  onChange(callback: (value: boolean) => unknown): this {
    this.callbacks.push(callback);
    return this;
  }
}

export class ButtonComponent extends BaseComponent {
  buttonEl: HTMLButtonElement;
  constructor(containerEl: HTMLElement) {
    super();
    this.buttonEl = containerEl.createEl("button");
  }
  setButtonText(name: string): this {
    this.buttonEl.setText(name);
    return this;
  }
  setIcon(icon: string): this {
    this.buttonEl.setAttr("data-icon", icon);
    return this;
  }
  setTooltip(tooltip: string): this {
    this.buttonEl.setAttr("aria-label", tooltip);
    return this;
  }
  setCta(): this {
    this.buttonEl.addClass("mod-cta");
    return this;
  }
  setWarning(): this {
    this.buttonEl.addClass("mod-warning");
    return this;
  }
  override setDisabled(disabled: boolean): this {
    this.buttonEl.disabled = disabled;
    return super.setDisabled(disabled);
  }
  onClick(callback: (evt: MouseEvent) => unknown): this {
    this.buttonEl.addEventListener("click", (evt) => void callback(evt));
    return this;
  }
}

export class ExtraButtonComponent extends BaseComponent {
  extraSettingsEl: HTMLElement;
  constructor(containerEl: HTMLElement) {
    super();
    this.extraSettingsEl = containerEl.createEl("button", { cls: "clickable-icon extra-setting-button" });
  }
  setIcon(icon: string): this {
    this.extraSettingsEl.setAttr("data-icon", icon);
    return this;
  }
  setTooltip(tooltip: string): this {
    this.extraSettingsEl.setAttr("aria-label", tooltip);
    return this;
  }
  override setDisabled(disabled: boolean): this {
    this.extraSettingsEl.toggleClass("is-disabled", disabled);
    return super.setDisabled(disabled);
  }
  onClick(callback: () => unknown): this {
    this.extraSettingsEl.addEventListener("click", () => {
      if (!this.disabled) void callback();
    });
    return this;
  }
}

export class Setting {
  settingEl: HTMLElement;
  infoEl: HTMLElement;
  nameEl: HTMLElement;
  descEl: HTMLElement;
  controlEl: HTMLElement;
  components: BaseComponent[] = [];

  constructor(containerEl: HTMLElement) {
    this.settingEl = containerEl.createDiv({ cls: "setting-item" });
    this.infoEl = this.settingEl.createDiv({ cls: "setting-item-info" });
    this.nameEl = this.infoEl.createDiv({ cls: "setting-item-name" });
    this.descEl = this.infoEl.createDiv({ cls: "setting-item-description" });
    this.controlEl = this.settingEl.createDiv({ cls: "setting-item-control" });
  }

  setName(name: string | DocumentFragment): this {
    this.nameEl.empty();
    if (typeof name === "string") this.nameEl.setText(name);
    else this.nameEl.appendChild(name);
    return this;
  }

  setDesc(desc: string | DocumentFragment): this {
    this.descEl.empty();
    if (typeof desc === "string") this.descEl.setText(desc);
    else this.descEl.appendChild(desc);
    return this;
  }

  setClass(cls: string): this {
    this.settingEl.addClass(cls);
    return this;
  }

  setTooltip(tooltip: string): this {
    this.settingEl.setAttr("aria-label", tooltip);
    return this;
  }

  setHeading(): this {
    this.settingEl.addClass("setting-item-heading");
    return this;
  }

  setDisabled(disabled: boolean): this {
    this.settingEl.toggleClass("is-disabled", disabled);
    for (const c of this.components) c.setDisabled(disabled);
    return this;
  }

  private add<C extends BaseComponent>(component: C, cb: (component: C) => unknown): this {
    this.components.push(component);
    cb(component);
    return this;
  }

  addButton(cb: (component: ButtonComponent) => unknown): this {
    return this.add(new ButtonComponent(this.controlEl), cb);
  }
  addExtraButton(cb: (component: ExtraButtonComponent) => unknown): this {
    return this.add(new ExtraButtonComponent(this.controlEl), cb);
  }
  addToggle(cb: (component: ToggleComponent) => unknown): this {
    return this.add(new ToggleComponent(this.controlEl), cb);
  }
  addText(cb: (component: TextComponent) => unknown): this {
    return this.add(new TextComponent(this.controlEl), cb);
  }
  addTextArea(cb: (component: TextAreaComponent) => unknown): this {
    return this.add(new TextAreaComponent(this.controlEl), cb);
  }
  addDropdown(cb: (component: DropdownComponent) => unknown): this {
    return this.add(new DropdownComponent(this.controlEl), cb);
  }

  then(cb: (setting: this) => unknown): this {
    cb(this);
    return this;
  }

  clear(): this {
    this.controlEl.empty();
    this.components = [];
    return this;
  }
}

export abstract class SettingTab {
  app: App;
  containerEl: HTMLElement;
  icon = "";

  constructor(app: App) {
    this.app = app;
    this.containerEl = createDomElement("div");
  }

  abstract display(): void;
  hide(): void {
    this.containerEl.empty();
  }
}

export abstract class PluginSettingTab extends SettingTab {
  constructor(
    app: App,
    readonly plugin: Plugin,
  ) {
    super(app);
  }
}

// ───────────────────────────── Helpers ─────────────────────────────

let language = "en";

export function getLanguage(): string {
  return language;
}

/** mock: sets the language the app reports. */
export function setLanguage(code: string): void {
  language = code;
}

export interface Debouncer<T extends unknown[], V> {
  (...args: [...T]): this;
  cancel(): this;
  run(): V | void;
}

export function debounce<T extends unknown[], V>(cb: (...args: [...T]) => V, timeout = 0, resetTimer = false): Debouncer<T, V> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: T | null = null;
  const run = (): V | void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pending === null) return;
    const args = pending;
    pending = null;
    return cb(...args);
  };
  const debounced = ((...args: [...T]) => {
    pending = args;
    if (timer !== null && resetTimer) {
      clearTimeout(timer);
      timer = null;
    }
    if (timer === null) timer = setTimeout(run, timeout);
    return debounced;
  }) as Debouncer<T, V>;
  debounced.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pending = null;
    return debounced;
  };
  debounced.run = run;
  return debounced;
}

export type UserEvent = MouseEvent | KeyboardEvent | TouchEvent | PointerEvent;

export class Keymap {
  static isModifier(evt: MouseEvent | TouchEvent | KeyboardEvent, modifier: string): boolean {
    const e = evt as MouseEvent;
    if (modifier === "Mod") return e.ctrlKey || e.metaKey;
    if (modifier === "Ctrl") return e.ctrlKey;
    if (modifier === "Meta") return e.metaKey;
    if (modifier === "Shift") return e.shiftKey;
    if (modifier === "Alt") return e.altKey;
    return false;
  }

  static isModEvent(evt?: UserEvent | null): PaneType | boolean {
    if (!evt) return false;
    const e = evt as MouseEvent;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.altKey && e.shiftKey) return "window";
    if (mod && e.altKey) return "split";
    if (mod || e.button === 1) return "tab";
    return false;
  }
}

export function setIcon(parent: HTMLElement, iconId: string): void {
  parent.setAttribute("data-icon", iconId);
}

export function setTooltip(el: HTMLElement, tooltip: string): void {
  el.setAttribute("aria-label", tooltip);
}

export const Platform = {
  isDesktop: true,
  isMobile: false,
  isDesktopApp: true,
  isMobileApp: false,
  isIosApp: false,
  isAndroidApp: false,
  isPhone: false,
  isTablet: false,
  isMacOS: false,
  isWin: false,
  isLinux: true,
  isSafari: false,
};

export function requireApiVersion(_version: string): boolean {
  return true;
}

export const apiVersion = "1.8.7";

// ───────────────────────────── DOM helpers (what Obsidian adds to the DOM) ─────────────────────────────

interface DomInfo {
  cls?: string | string[];
  text?: string | DocumentFragment;
  attr?: Record<string, string | number | boolean | null>;
  title?: string;
  parent?: Node;
  value?: string;
  type?: string;
  prepend?: boolean;
  placeholder?: string;
  href?: string;
}

function createDomElement(tag: string): HTMLElement {
  if (typeof document === "undefined") {
    // No DOM (node tests): a plain object is enough where only the reference is kept.
    return { setText() {}, addClass() {}, empty() {} } as unknown as HTMLElement;
  }
  return document.createElement(tag);
}

function applyInfo(el: HTMLElement, o?: DomInfo | string): void {
  if (o === undefined) return;
  const info: DomInfo = typeof o === "string" ? { cls: o } : o;
  if (info.cls !== undefined) {
    const classes = (Array.isArray(info.cls) ? info.cls : info.cls.split(" ")).filter(Boolean);
    if (classes.length) el.classList.add(...classes);
  }
  if (info.text !== undefined) {
    if (typeof info.text === "string") el.textContent = info.text;
    else el.appendChild(info.text);
  }
  if (info.attr) for (const [k, v] of Object.entries(info.attr)) if (v !== null && v !== false) el.setAttribute(k, v === true ? "" : String(v));
  if (info.title !== undefined) el.title = info.title;
  if (info.value !== undefined) (el as HTMLInputElement).value = info.value;
  if (info.type !== undefined) el.setAttribute("type", info.type);
  if (info.placeholder !== undefined) el.setAttribute("placeholder", info.placeholder);
  if (info.href !== undefined) el.setAttribute("href", info.href);
  if (info.parent) {
    if (info.prepend) info.parent.insertBefore(el, info.parent.firstChild);
    else info.parent.appendChild(el);
  }
}

function installDomHelpers(): void {
  const w = globalThis as unknown as Record<string, unknown>;
  if (typeof document === "undefined" || w.__obsidianDomHelpers) return;
  w.__obsidianDomHelpers = true;
  const nodeProto = Node.prototype as unknown as Record<string, unknown>;
  const elProto = Element.prototype as unknown as Record<string, unknown>;
  const create = function (this: Node, tag: string, o?: DomInfo | string, cb?: (el: HTMLElement) => void): HTMLElement {
    const el = document.createElement(tag);
    applyInfo(el, o);
    if (!(typeof o === "object" && o.parent)) {
      if (typeof o === "object" && o.prepend) this.insertBefore(el, this.firstChild);
      else this.appendChild(el);
    }
    cb?.(el);
    return el;
  };
  nodeProto.createEl = create;
  nodeProto.createDiv = function (this: Node, o?: DomInfo | string, cb?: (el: HTMLElement) => void) {
    return create.call(this, "div", o, cb);
  };
  nodeProto.createSpan = function (this: Node, o?: DomInfo | string, cb?: (el: HTMLElement) => void) {
    return create.call(this, "span", o, cb);
  };
  nodeProto.empty = function (this: Node) {
    while (this.firstChild) this.removeChild(this.firstChild);
  };
  nodeProto.detach = function (this: Node) {
    this.parentNode?.removeChild(this);
  };
  nodeProto.appendText = function (this: Node, text: string) {
    this.appendChild(document.createTextNode(text));
  };
  elProto.setText = function (this: Element, text: string | DocumentFragment) {
    if (typeof text === "string") this.textContent = text;
    else {
      this.textContent = "";
      this.appendChild(text);
    }
  };
  elProto.getText = function (this: Element) {
    return this.textContent ?? "";
  };
  elProto.addClass = function (this: Element, ...classes: string[]) {
    this.classList.add(...classes.filter(Boolean));
  };
  elProto.addClasses = function (this: Element, classes: string[]) {
    this.classList.add(...classes.filter(Boolean));
  };
  elProto.removeClass = function (this: Element, ...classes: string[]) {
    this.classList.remove(...classes);
  };
  elProto.toggleClass = function (this: Element, classes: string | string[], value: boolean) {
    for (const c of Array.isArray(classes) ? classes : [classes]) this.classList.toggle(c, value);
  };
  elProto.hasClass = function (this: Element, cls: string) {
    return this.classList.contains(cls);
  };
  elProto.setAttr = function (this: Element, name: string, value: string | number | boolean | null) {
    if (value === null) this.removeAttribute(name);
    else this.setAttribute(name, String(value));
  };
  elProto.setAttrs = function (this: Element, attrs: Record<string, string | number | boolean | null>) {
    for (const [k, v] of Object.entries(attrs)) (this as Element & { setAttr(n: string, v: unknown): void }).setAttr(k, v);
  };
  const hiddenFrom = (start: Element): boolean => {
    for (let el: Element | null = start; el; el = el.parentElement) {
      if (el instanceof HTMLElement && el.style.display === "none") return true;
    }
    return false;
  };
  elProto.isShown = function (this: Element) {
    return this.isConnected && !hiddenFrom(this);
  };
  elProto.find = function (this: Element, selector: string) {
    return this.querySelector(selector);
  };
  elProto.findAll = function (this: Element, selector: string) {
    return [...this.querySelectorAll(selector)];
  };
  const htmlProto = HTMLElement.prototype as unknown as Record<string, unknown>;
  htmlProto.show = function (this: HTMLElement) {
    this.style.display = "";
  };
  htmlProto.hide = function (this: HTMLElement) {
    this.style.display = "none";
  };
  htmlProto.toggle = function (this: HTMLElement, show: boolean) {
    this.style.display = show ? "" : "none";
  };
  const doc = document as unknown as Record<string, unknown>;
  w.createEl = (tag: string, o?: DomInfo | string, cb?: (el: HTMLElement) => void) => {
    const el = document.createElement(tag);
    applyInfo(el, o);
    cb?.(el);
    return el;
  };
  w.createDiv = (o?: DomInfo | string, cb?: (el: HTMLElement) => void) => (w.createEl as (t: string, o?: unknown, cb?: unknown) => HTMLElement)("div", o, cb);
  w.createSpan = (o?: DomInfo | string, cb?: (el: HTMLElement) => void) => (w.createEl as (t: string, o?: unknown, cb?: unknown) => HTMLElement)("span", o, cb);
  w.createFragment = (cb?: (el: DocumentFragment) => void) => {
    const f = document.createDocumentFragment();
    cb?.(f);
    return f;
  };
  w.activeDocument = doc;
  w.activeWindow = globalThis;
}

installDomHelpers();
