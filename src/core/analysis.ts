import { keepRecords, RecordBatch } from "./batch";
import { LayerIndex } from "./index";
import { inDomain } from "./records";
import type { LinkResolver, NoteRecord, ParsedNote, Settings } from "./types";

/**
 * The batch path (the CLI, tests, benchmarks): parsed notes → note records → a filled index.
 * The plugin takes the same steps one note at a time.
 */

/** Builds the records of parsed notes, leaving out the plugin's own report notes. */
export function buildRecords(notes: readonly ParsedNote[], settings: Settings, resolve: LinkResolver): NoteRecord[] {
  const batch = new RecordBatch(settings, resolve);
  for (let i = 0; i < notes.length; i++) batch.add(notes[i]);
  return batch.finish();
}

/** An index over the records in scope (`domain`: the domain and the domains nested under it). */
export function analyze(records: readonly NoteRecord[], settings: Settings, options: { domain?: string | null } = {}): LayerIndex {
  const domain = options.domain ?? null;
  return LayerIndex.build(settings, domain === null ? records : keepRecords(records, (r) => inDomain(r.domain, domain)), { domain });
}
