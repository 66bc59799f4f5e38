import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type * as Obsidian from "obsidian";
import { App, TFile } from "../__mocks__/obsidian";
import type { Settings } from "../../src/core/types";
import { LiveIndex } from "../../src/plugin/liveIndex";
import type { LiveIndexOptions } from "../../src/plugin/liveIndex";

/**
 * Helpers for the plugin's tests. The plugin is typed against the real `obsidian` typings and runs against the
 * mock (vitest aliases `obsidian` to test/__mocks__/obsidian.ts), so the mock's objects are handed over as the
 * real types here, in one place.
 */

export const asApp = (app: App): Obsidian.App => app as unknown as Obsidian.App;
export const asFile = (file: TFile): Obsidian.TFile => file as unknown as Obsidian.TFile;

/** Every file of a folder on disk (dot-folders skipped), as vault-relative path → text. */
export function filesOf(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith(".")) continue;
      const abs = join(dir, name);
      const path = rel ? `${rel}/${name}` : name;
      if (statSync(abs).isDirectory()) walk(abs, path);
      else out[path] = readFileSync(abs, "utf8");
    }
  };
  walk(root, "");
  return out;
}

/** The file at `path`, which must exist. */
export function fileAt(app: App, path: string): TFile {
  const file = app.vault.getFileByPath(path);
  if (!file) throw new Error(`no file at ${path}`);
  return file;
}

/** A loaded live index over the app; `ready` also makes the layout ready and waits for the first build. */
export async function liveIndex(app: App, settings: Settings, options: LiveIndexOptions & { ready?: boolean } = {}): Promise<LiveIndex> {
  const live = new LiveIndex(asApp(app), settings, { notifyDelay: 5, ...options });
  live.load();
  if (options.ready !== false) {
    await app.workspace.setLayoutReady();
    await live.whenReady();
  }
  return live;
}

/** Waits for the debounced notifications and any pending reads. */
export function settle(ms = 20): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
