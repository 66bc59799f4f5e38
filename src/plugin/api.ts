import type { EventRef } from "obsidian";
import type { NoteRecord, Report } from "../core/types";
import type { LiveIndex } from "./liveIndex";

/**
 * `app.plugins.plugins["knowledge-layers"].api`: what other plugins, Dataview queries and scripts may use.
 * Every value returned is a copy: changing it changes nothing in the plugin.
 */
export interface KnowledgeLayersApi {
  /** The version of this API (bumped on an incompatible change). */
  readonly apiVersion: 1;
  /** True once the first index build is done; until then `analysis()` is null and `layerOf` answers null. */
  isReady(): boolean;
  /** Resolves when the first index build is done. */
  whenReady(): Promise<void>;
  /** The layer id of a note (vault path, e.g. `Concepts/Impulse.md`), or null when it has none or is not counted. */
  layerOf(path: string): string | null;
  /** The note record of a note (spec §6 `notes --json`, plus `requires`, `title` and `why`), or null. */
  note(path: string): NoteRecord | null;
  /** The §6 JSON report for the current settings (what `knowledge-layers estimate --json` prints), or null before ready. */
  analysis(): Report | null;
  /** The index's revision: it moves on every change. */
  revision(): number;
  /** `changed` fires (debounced) after the index changed; the argument is the new revision. */
  on(name: "changed", callback: (revision: number) => unknown): EventRef;
  /** Stops a subscription made with `on` (or register the ref with the caller's `registerEvent`). */
  offref(ref: EventRef): void;
}

export function createApi(live: LiveIndex): KnowledgeLayersApi {
  const warm = () => live.state === "warm";
  return Object.freeze({
    apiVersion: 1 as const,
    isReady: warm,
    whenReady: () => live.whenReady(),
    layerOf: (path: string) => (warm() && typeof path === "string" ? live.layerIndex.layerOf(path) : null),
    note: (path: string) => {
      const record = warm() && typeof path === "string" ? live.layerIndex.get(path) : undefined;
      return record ? copy(record) : null;
    },
    analysis: () => (warm() ? copy(live.layerIndex.report()) : null),
    revision: () => live.revision,
    on: (name: "changed", callback: (revision: number) => unknown) => live.on(name, callback),
    offref: (ref: EventRef) => live.offref(ref),
  });
}

/** A deep copy of JSON data, so callers cannot change the cached report or records. */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
