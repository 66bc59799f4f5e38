import { buildRecord, isReportNote, recordContext, type RecordContext } from "./records";
import type { LinkResolver, NoteRecord, NumberedResolver, ParsedNote, Settings } from "./types";

/**
 * The records of a whole vault, built in one go (the CLI, tests, benchmarks). When the resolver numbers its paths
 * (the CLI's does), the batch keeps each record's number and its links' numbers beside the records, and
 * `LayerIndex.build` finds each link's note by number instead of looking its path up: at 50,000 notes those
 * 200,000 lookups were a fifth of the analysis. The records themselves are the same either way.
 */

/** The numbers of a batch of records (see `numbersOf`). */
export interface BatchNumbers {
  /** The paths by number. */
  paths: readonly string[];
  /** Per record, in the batch's order: the number of its own path, or -1. */
  self: Int32Array;
  /** Per record: its links' numbers, then its prerequisites', are `links[start[i] .. start[i + 1])`. */
  start: Int32Array;
  /** Per link: the number of the path it resolves to, or -1 (none, or a path the resolver did not number). */
  links: Int32Array;
}

/** The numbers of each finished batch, by its array of records: they stay off the records, and so off their JSON. */
const numbered = new WeakMap<readonly NoteRecord[], BatchNumbers>();

/** The numbers that came with this array of records, when a `RecordBatch` made it and it was not changed since. */
export function numbersOf(records: readonly NoteRecord[]): BatchNumbers | null {
  const numbers = numbered.get(records);
  return numbers !== undefined && numbers.self.length === records.length ? numbers : null;
}

/** The records that `keep` keeps, in order, with their numbers when the batch had them. */
export function keepRecords(records: readonly NoteRecord[], keep: (record: NoteRecord) => boolean): NoteRecord[] {
  const kept: NoteRecord[] = [];
  const picked: number[] = [];
  for (let i = 0; i < records.length; i++) {
    if (!keep(records[i])) continue;
    kept.push(records[i]);
    picked.push(i);
  }
  const numbers = numbersOf(records);
  if (numbers !== null) numbered.set(kept, { paths: numbers.paths, ...pickNumbers(numbers.self, numbers.start, numbers.links, picked) });
  return kept;
}

/** The numbers of records `picked` (indices into a batch, in their new order), their link ranges closed up. */
function pickNumbers(self: ArrayLike<number>, start: ArrayLike<number>, links: ArrayLike<number>, picked: readonly number[]): Omit<BatchNumbers, "paths"> {
  let length = 0;
  for (let i = 0; i < picked.length; i++) length += start[picked[i] + 1] - start[picked[i]];
  const out = { self: new Int32Array(picked.length), start: new Int32Array(picked.length + 1), links: new Int32Array(length) };
  let at = 0;
  for (let i = 0; i < picked.length; i++) {
    const from = picked[i];
    out.self[i] = self[from];
    out.start[i] = at;
    for (let k = start[from]; k < start[from + 1]; k++) out.links[at++] = links[k];
  }
  out.start[picked.length] = at;
  return out;
}

function isNumbered(resolve: LinkResolver): resolve is NumberedResolver {
  const r = resolve as Partial<NumberedResolver>;
  return typeof r.logNumbers === "function" && typeof r.numberOfPath === "function" && Array.isArray(r.paths);
}

export class RecordBatch {
  private readonly ctx: RecordContext;
  private readonly records: NoteRecord[] = [];
  private readonly resolve: LinkResolver;
  private readonly numbered: NumberedResolver | null;
  private readonly self: number[] = [];
  private readonly start: number[] = [0];
  /**
   * Every answer's number, in the order `buildRecord` asked: one per link, then one per prerequisite (the index
   * checks each record's count, and a test the order).
   */
  private readonly answers: number[] = [];

  constructor(settings: Settings, resolve: LinkResolver) {
    this.ctx = recordContext(settings);
    this.resolve = resolve;
    this.numbered = isNumbered(resolve) ? resolve : null;
  }

  /** Adds the record of a parsed note (not of the plugin's own report notes). */
  add(note: ParsedNote): void {
    if (isReportNote(note)) return;
    const { numbered } = this;
    if (numbered === null) {
      this.records.push(buildRecord(note, this.ctx, this.resolve));
      return;
    }
    numbered.logNumbers(this.answers);
    try {
      this.records.push(buildRecord(note, this.ctx, numbered));
    } finally {
      numbered.logNumbers(null);
    }
    this.self.push(numbered.numberOfPath(note.path));
    this.start.push(this.answers.length);
  }

  /**
   * The records, in the order they were added or (with `compare`) sorted by path; the index finds their numbers
   * through `numbersOf`.
   */
  finish(compare?: (a: string, b: string) => number): NoteRecord[] {
    const { records, numbered: resolver } = this;
    if (resolver === null) {
      if (compare) records.sort((a, b) => compare(a.path, b.path));
      return records;
    }
    const order = records.map((_, i) => i);
    if (compare) order.sort((a, b) => compare(records[a].path, records[b].path));
    const sorted = order.map((i) => records[i]);
    numbered.set(sorted, { paths: resolver.paths, ...pickNumbers(this.self, this.start, this.answers, order) });
    return sorted;
  }
}
