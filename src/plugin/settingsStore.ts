import type { DataAdapter } from "obsidian";
import { defaultSettings } from "../core/defaults";
import { parseSettings } from "../core/settings";
import type { SettingsProblem } from "../core/settings";
import type { Settings } from "../core/types";
import { isPlainObject } from "../core/values";

/**
 * The plugin's settings and its data.json (spec §3: the CLI reads the same file).
 *
 * - Loading is lenient: what is valid is kept, each invalid value falls back to its default and is reported
 *   (one notice), and keys this version does not know are reported too. data.json is not touched until the
 *   user saves a change, so nothing they wrote is lost by merely starting the plugin.
 * - Saving writes the full settings object, plus `settingsVersion`, plus every key of the file this version
 *   does not know (so a newer version's keys survive an older plugin). The CLI ignores unknown keys.
 * - A data.json that is not JSON at all is copied aside (`data.json.bak`) before the first save replaces it; if
 *   the copy fails, nothing is saved.
 * - A key whose value was refused on load is written back as the user wrote it until they change that setting,
 *   so saving another setting never replaces their value with the default the plugin counts with meanwhile.
 * - A change is validated with the same parser the CLI uses; an invalid change is refused with its problems.
 * - The defaults are never mutated: every settings object here is a fresh copy.
 */

export const SETTINGS_VERSION = 1;

/** Keys the plugin itself writes besides the settings. */
const OWN_KEYS = new Set(["settingsVersion"]);
const SETTINGS_KEYS = new Set(Object.keys(defaultSettings()));

export interface LoadReport {
  problems: SettingsProblem[];
  /** Top-level keys of data.json this version does not use (kept in the file). */
  unknownKeys: string[];
}

export type SettingsListener = (settings: Settings) => void;

export class SettingsStore {
  private _settings: Settings = defaultSettings();
  /** data.json as it was read (a plain object), to keep the keys this version does not know. */
  private raw: Record<string, unknown> = {};
  /** Top-level keys refused on load, each with its value in the settings then (JSON), to see whether it changed. */
  private refused = new Map<string, string>();
  /** data.json could not be read as JSON: it is copied aside before it is first overwritten. */
  private unreadable = false;
  private readonly listeners = new Set<SettingsListener>();

  constructor(
    private readonly read: () => Promise<unknown>,
    private readonly write: (data: unknown) => Promise<void>,
    /** Copies data.json aside (see `copyAside`). */
    private readonly keepCopy: () => Promise<unknown> = () => Promise.resolve(null),
  ) {}

  get settings(): Settings {
    return this._settings;
  }

  /** Reads data.json; never writes it. */
  async load(): Promise<LoadReport> {
    let data: unknown;
    try {
      data = await this.read();
    } catch (error) {
      // A data.json that is not JSON: the app's loadData throws. Keep the defaults and say so.
      this._settings = defaultSettings();
      this.raw = {};
      this.refused.clear();
      this.unreadable = true;
      return { problems: [{ key: "(data.json)", message: error instanceof Error ? error.message : String(error) }], unknownKeys: [] };
    }
    const { settings, problems } = parseSettings(data);
    this.unreadable = false;
    this._settings = settings;
    this.raw = isPlainObject(data) ? { ...data } : {};
    this.refused.clear();
    for (const problem of problems) {
      const key = /^[A-Za-z]\w*/.exec(problem.key)?.[0];
      if (key && SETTINGS_KEYS.has(key) && Object.hasOwn(this.raw, key)) this.refused.set(key, snapshot(settings, key));
    }
    const unknownKeys = Object.keys(this.raw).filter((k) => !SETTINGS_KEYS.has(k) && !OWN_KEYS.has(k));
    return { problems, unknownKeys };
  }

  /** Reloads after data.json changed on disk (sync); listeners hear the new settings. */
  async reload(): Promise<LoadReport> {
    const report = await this.load();
    this.emit();
    return report;
  }

  /** Validates `next`; when valid, saves it and tells the listeners. Returns the problems (empty when saved). */
  async update(next: Settings): Promise<SettingsProblem[]> {
    const { settings, problems } = parseSettings(structuredCopy(next));
    if (problems.length) return problems;
    if (this.unreadable) {
      try {
        await this.keepCopy();
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return [{ key: "(data.json)", message: `it could not be read, and a copy of it could not be kept (${reason}), so it is not overwritten` }];
      }
      this.unreadable = false;
    }
    this._settings = settings;
    for (const [key, then] of this.refused) if (snapshot(settings, key) !== then) this.refused.delete(key);
    await this.write(this.serialise());
    this.emit();
    return [];
  }

  /** A copy of the settings to edit (the live object is never edited in place). */
  draft(): Settings {
    return structuredCopy(this._settings);
  }

  /** What data.json holds after a save. */
  serialise(): Record<string, unknown> {
    const kept: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.raw)) if (!SETTINGS_KEYS.has(k) && !OWN_KEYS.has(k)) kept[k] = v;
    const out: Record<string, unknown> = { ...kept, ...structuredCopy(this._settings), settingsVersion: SETTINGS_VERSION };
    for (const key of this.refused.keys()) out[key] = this.raw[key];
    return out;
  }

  /** Subscribes; returns the unsubscribe function (pass it to `register`). */
  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener(this._settings);
  }
}

/**
 * Copies the file at `path` to `path.bak` (or `.bak2`, `.bak3`, … when that is taken); resolves to the copy's path,
 * or null when there is no file.
 */
export async function copyAside(adapter: Pick<DataAdapter, "exists" | "copy">, path: string): Promise<string | null> {
  if (!(await adapter.exists(path))) return null;
  for (let n = 1; n <= 100; n++) {
    const to = n === 1 ? `${path}.bak` : `${path}.bak${n}`;
    if (await adapter.exists(to)) continue;
    await adapter.copy(path, to);
    return to;
  }
  throw new Error(`${path}.bak to ${path}.bak100 are all taken`);
}

/** One setting's value as JSON, to compare. */
function snapshot(settings: Settings, key: string): string {
  return JSON.stringify((settings as unknown as Record<string, unknown>)[key]);
}

/** A deep copy of plain JSON data. */
export function structuredCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
