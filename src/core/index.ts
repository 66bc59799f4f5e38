import { emptyCounts, estimate, type Estimate, type LayerSums, type ModuleSums } from "./estimate";
import { numbersOf } from "./batch";
import { findPrerequisiteCycles } from "./cycles";
import { formatCompact, formatPercent } from "./format";
import type { Gap, Graph, GraphEdges, GraphNode, Kind, NoteRecord, RecordLink, Report, Settings, Severity } from "./types";

/**
 * The index of note records, kept up to date one note at a time (the plugin's live index) or filled in
 * one go (the CLI). Everything the gap rules need about a note's neighbourhood is kept as counters, so
 * changing one note costs O(its links), not O(vault): the note's own counters are rebuilt, its neighbours'
 * counters are adjusted, and the per-layer sums of the estimate are moved by the difference.
 *
 * The full report and graph are assembled on demand (O(notes + links)) and cached per revision.
 */

const KIND_CODE: Record<Kind, number> = { concept: 0, source: 1, check: 2 };
/** Most notes have no prerequisites and no missing targets: they share this list until they get one. */
const NONE: never[] = [];
/** The link list of a slot with no links yet. */
const NO_IDS = new Int32Array(0);

/** One path the index knows: a note, or a link target that is not (or no longer) a note. */
interface Slot {
  id: number;
  path: string;
  record: NoteRecord | null;
  /** Layer index, or -1 when untagged or absent. */
  layer: number;
  kind: number;
  /** Bit f set when the note carries configured facet f. */
  facetMask: number;
  /**
   * Resolved link and prerequisite targets (slot ids, one entry per link), self-links excluded:
   * `outList[outFrom..outTo)`. A batch build leaves every slot a range of one shared array; a slot's list
   * becomes its own array when it changes.
   */
  outList: Int32Array | number[];
  outFrom: number;
  outTo: number;
  /** Prerequisite targets (slot ids); a note that requires itself lists itself. */
  requires: number[];
  /** The keys (see `ghostKey`) of the missing targets this note links to (deduplicated). */
  ghosts: string[];
  /** Referrer slot ids, one entry per link (whether or not this slot is a note): `inList[inFrom..inTo)`, as above. */
  inList: Int32Array | number[];
  inFrom: number;
  inTo: number;
  // Neighbourhood counters, over distinct present neighbours.
  degree: number;
  lower: number;
  sources: number;
  checks: number;
  /**
   * What this note currently adds to the aggregates, to take it back exactly: the record counted (its volume,
   * kind and module; a record is never changed once indexed, a changed note comes as a new record), in which
   * layer, and, for a concept, the facets it is covered for (bit f).
   */
  counted: NoteRecord | null;
  countedLayer: number;
  countedCovered: number;
}

/** A batch build's outgoing links so far (see `startOutgoing`). */
interface Outgoing {
  out: Int32Array<ArrayBuffer>;
  length: number;
  scratch: number[];
}

/** A batch's path numbers during its build (see `RecordBatch`): slot `slotOf[n]` holds path n, or -1. */
interface Numbers {
  paths: readonly string[];
  slotOf: Int32Array;
  start: Int32Array;
  links: Int32Array;
  /** Every note has a number: so their paths are distinct, and a numbered path no slot holds is no note. */
  everyNote: boolean;
}

/** How many notes a step of `buildInSteps` takes at most. */
const BUILD_STEP = 2000;

interface Ghost {
  /** Referrer slot id → the target as that note writes it. */
  referrers: Map<number, string>;
}

/** Everything derived from the whole index, computed once per revision. */
interface Derived {
  /** Gaps per slot id: the record's own and its neighbourhood's (not missing targets, not cycles). */
  noteGaps: Gap[][];
  ghostGaps: Map<string, Gap | null>;
  cycles: Cycles;
  report?: Report;
  graph?: Graph;
}

/** Prerequisite cycles, and the cycles each slot id is part of. */
interface Cycles {
  all: Gap[];
  of: Map<number, Gap[]>;
}

export interface AnalysisOptions {
  /** Only notes in this domain (or nested under it) were given to the index; reported in `scope`. */
  domain?: string | null;
}

export class LayerIndex {
  readonly settings: Settings;
  private readonly layerIndex = new Map<string, number>();
  private readonly facetIndex = new Map<string, number>();
  private readonly facetNames: string[];
  /** The start of each facet's missing-facet message, built once: a vault has one such gap per concept and facet. */
  private readonly missingFacetText: string[];
  private readonly slots: Slot[] = [];
  /**
   * Path → slot id. A batch that came with path numbers (see `RecordBatch`) does not need it, so its notes are
   * filed here only when something first asks (`pathIds`): the CLI never does.
   */
  private readonly ids = new Map<string, number>();
  /** Slots [0, unlisted) are notes not yet in `ids`. */
  private unlisted = 0;
  private readonly ghosts = new Map<string, Ghost>();
  /** Per slot, how many present neighbours carry each configured facet (stride: the number of facets). */
  private facetCounts = new Int32Array(1024);
  private stamp = new Int32Array(1024);
  /**
   * What a neighbour means to a note's counters, per slot id, packed where a neighbour walk reads it without
   * touching the slot objects: 0 when absent, else 1 | kind << 1 | (layer + 1) << 3.
   */
  private traits = new Int32Array(1024);
  /** Per slot id, the configured facets the note carries (bit f). */
  private facetMasks = new Int32Array(1024);
  private readonly gapScratch: Gap[] = [];
  private epoch = 0;
  private layerSums: LayerSums[] = [];
  private moduleSums = new Map<string, ModuleSums>();
  private conceptsPerLayer: number[] = [];
  private coveredPerLayer: number[][] = [];
  private noteCount = 0;
  private untaggedCount = 0;
  private _revision = 0;
  private derived: { revision: number; value: Derived } | null = null;
  /** Bumped when a note with prerequisites (before or after) changes: cycles are found again only then. */
  private prerequisiteRevision = 0;
  /** The revision at which the aggregates were last summed from scratch (a build sums them just so). */
  private summedRevision = -1;
  private cycles: { revision: number; value: Cycles } | null = null;
  private ordered: { members: number; slots: Slot[] } | null = null;
  private membership = 0;
  private readonly domain: string | null;
  /** Set while a batch that came with path numbers is being built. */
  private numbers: Numbers | null = null;

  constructor(settings: Settings, options: AnalysisOptions = {}) {
    this.settings = settings;
    this.domain = options.domain ?? null;
    settings.layers.forEach((l, i) => this.layerIndex.set(l.id, i));
    this.facetNames = settings.facets.slice(0, 30);
    this.facetNames.forEach((f, i) => this.facetIndex.set(f, i));
    this.missingFacetText = this.facetNames.map((f) => `No note with the facet ${f} links to or from `);
    this.resetAggregates();
  }

  /** Fills an index in one pass: the same state as upserting every record, without the per-note bookkeeping. */
  static build(settings: Settings, records: Iterable<NoteRecord>, options: AnalysisOptions = {}): LayerIndex {
    const index = new LayerIndex(settings, options);
    // Indexed loops over the batch: a build runs once, mostly before the optimiser has looked at it, and every
    // step of an unoptimised for-of allocates.
    const added = index.fileAll(records);
    const outgoing = index.startOutgoing();
    index.addOutgoingRange(added, 0, added.length, outgoing);
    index.finishOutgoing(added, outgoing);
    index.recountRange(added, 0, added.length);
    index.refreshRange(added, 0, added.length);
    index.built();
    return index;
  }

  /**
   * `build` a share at a time, for a caller that lets the UI run in between (the plugin, whose index of a large
   * vault would otherwise hold the interface for a third of a second): each step files the notes, or links,
   * counts or sums up to `stepNotes` of them. The generator returns the same index as `build`.
   */
  static *buildInSteps(settings: Settings, records: Iterable<NoteRecord>, options: AnalysisOptions = {}, stepNotes = BUILD_STEP): Generator<void, LayerIndex, void> {
    const step = Math.max(1, Math.floor(stepNotes) || BUILD_STEP);
    const index = new LayerIndex(settings, options);
    const added = index.fileAll(records);
    const outgoing = index.startOutgoing();
    for (let from = 0; from < added.length; from += step) {
      yield;
      index.addOutgoingRange(added, from, Math.min(added.length, from + step), outgoing);
    }
    yield;
    index.finishOutgoing(added, outgoing);
    for (let from = 0; from < added.length; from += step) {
      yield;
      index.recountRange(added, from, Math.min(added.length, from + step));
    }
    for (let from = 0; from < added.length; from += step) {
      yield;
      index.refreshRange(added, from, Math.min(added.length, from + step));
    }
    index.built();
    return index;
  }

  /** A build's steps over `added[from..to)`, each a function of its own (see `graph`). */
  private recountRange(added: readonly Slot[], from: number, to: number): void {
    for (let i = from; i < to; i++) this.recount(added[i]);
  }

  private refreshRange(added: readonly Slot[], from: number, to: number): void {
    for (let i = from; i < to; i++) this.refresh(added[i]);
  }

  /** The first step of a build: a slot for each record, in order. */
  private fileAll(records: Iterable<NoteRecord>): Slot[] {
    const list = Array.isArray(records) ? (records as readonly NoteRecord[]) : [...records];
    const numbers = this.batchNumbers(list);
    const added = this.fileBatch(list, numbers?.everyNote ?? false);
    this.noteCount = added.length;
    this.membership++;
    // Repeated paths file a batch otherwise than slot i for record i (they cannot repeat when every note is numbered).
    this.numbers = added.length === list.length ? numbers : null;
    return added;
  }

  /**
   * The numbers that came with a batch (see `RecordBatch`), checked against its records as filed (slot i holds
   * record i); null when there are none or they do not fit.
   */
  private batchNumbers(list: readonly NoteRecord[]): Numbers | null {
    const numbers = numbersOf(list);
    if (numbers === null) return null;
    const { paths, self } = numbers;
    const slotOf = new Int32Array(paths.length).fill(-1);
    let everyNote = true;
    for (let i = 0; i < list.length; i++) {
      const n = self[i];
      if (n < 0) {
        everyNote = false;
        continue;
      }
      if (n >= paths.length || paths[n] !== list[i].path || slotOf[n] !== -1) return null;
      slotOf[n] = i;
    }
    return { paths, slotOf, start: numbers.start, links: numbers.links, everyNote };
  }

  /** The last step of a build: the aggregates were summed just now. */
  private built(): void {
    this.numbers = null;
    this._revision++;
    this.summedRevision = this._revision;
  }

  /** Bumped by every change; views redraw only when it moved. */
  get revision(): number {
    return this._revision;
  }

  get size(): number {
    return this.noteCount;
  }

  has(path: string): boolean {
    const id = this.pathIds().get(path);
    return id !== undefined && this.slots[id].record !== null;
  }

  get(path: string): NoteRecord | undefined {
    const id = this.pathIds().get(path);
    return id === undefined ? undefined : this.slots[id].record ?? undefined;
  }

  /** All records, in path order. */
  records(): NoteRecord[] {
    return this.orderedSlots().map((s) => s.record!);
  }

  /** Notes whose links point at `path` (to re-resolve them when it is deleted or renamed). */
  referrersOf(path: string): string[] {
    const id = this.pathIds().get(path);
    if (id === undefined) return [];
    const { inList, inFrom, inTo } = this.slots[id];
    const out = new Set<string>();
    for (let i = inFrom; i < inTo; i++) if (this.slots[inList[i]].record) out.add(this.slots[inList[i]].path);
    return [...out];
  }

  /**
   * Notes with a missing link target that a new note at `path` may now satisfy (same name, or a path
   * suffix; a relative or vault-absolute target, `../B/b.md`, `./d`, `/B/b`, by its last segment), so their
   * links can be re-resolved. Over-inclusion costs only a re-resolution.
   */
  unresolvedReferrersFor(path: string): string[] {
    const lower = path.toLowerCase();
    const bare = lower.endsWith(".md") ? lower.slice(0, -3) : lower;
    const name = bare.slice(bare.lastIndexOf("/") + 1);
    const out = new Set<string>();
    for (const [key, ghost] of this.ghosts) {
      const pathLike = key.startsWith(".") || key.startsWith("/");
      if (bare === key || bare.endsWith("/" + key) || lower === key || lower.endsWith("/" + key) || (pathLike && key.slice(key.lastIndexOf("/") + 1) === name)) {
        for (const r of ghost.referrers.keys()) out.add(this.slots[r].path);
      }
    }
    return [...out];
  }

  /** Adds or replaces a note. */
  upsert(record: NoteRecord): void {
    const slot = this.slots[this.slotId(record.path)];
    const touched = new Set<number>([slot.id]);
    const hadPrerequisites = slot.record !== null && slot.requires.length > 0;
    if (slot.record) {
      if ((slot.record.layer === null) !== (record.layer === null)) this.untaggedCount += record.layer === null ? 1 : -1;
      this.leaveNeighbours(slot, touched);
      this.dropOutgoing(slot);
    } else {
      this.noteCount++;
      this.membership++;
      if (record.layer === null) this.untaggedCount++;
    }
    this.setAttributes(slot, record);
    this.addOutgoing(slot, record);
    if (hadPrerequisites || slot.requires.length > 0) this.prerequisiteRevision++;
    this.joinNeighbours(slot, touched);
    this.recount(slot);
    for (const t of touched) this.refresh(this.slots[t]);
    this._revision++;
  }

  /** Removes a note; links to it stay known, so it turns into a missing target for its referrers' next update. */
  remove(path: string): void {
    const id = this.pathIds().get(path);
    if (id === undefined) return;
    const slot = this.slots[id];
    if (!slot.record) return;
    const touched = new Set<number>([slot.id]);
    if (slot.requires.length > 0) this.prerequisiteRevision++;
    this.leaveNeighbours(slot, touched);
    this.dropOutgoing(slot);
    this.noteCount--;
    this.membership++;
    if (slot.record.layer === null) this.untaggedCount--;
    slot.record = null;
    slot.layer = -1;
    slot.facetMask = 0;
    this.traits[slot.id] = 0;
    this.facetMasks[slot.id] = 0;
    this.recount(slot);
    for (const t of touched) this.refresh(this.slots[t]);
    this._revision++;
  }

  /** Moves a note: the old path is removed and the record (already built for its new path) added. */
  rename(oldPath: string, record: NoteRecord): void {
    this.remove(oldPath);
    this.upsert(record);
  }

  /** The layer a note is in, or null. */
  layerOf(path: string): string | null {
    return this.get(path)?.layer ?? null;
  }

  /** The estimate from the running sums: O(layers + modules), for the status bar and quick notices. */
  estimate(): Estimate {
    return estimate(this.settings, this.layerSums, this.moduleSums);
  }

  /** The gaps about one note (its own, its neighbourhood's, its missing targets, its prerequisite cycles). */
  noteGaps(path: string): Gap[] {
    const id = this.pathIds().get(path);
    if (id === undefined || !this.slots[id].record) return [];
    const slot = this.slots[id];
    if (this.derived?.revision === this._revision) return [...this.gapsOfSlot(slot, this.derived.value)];
    // Between full derivations (a note was just edited) only this note's neighbourhood is looked at.
    const own = slot.layer >= 0 ? this.derivedGaps(slot) : slot.record!.gaps;
    return this.withLinkedGaps(slot, own, null, this.cycleIndex());
  }

  /** The JSON report of spec §6, cached per revision. */
  report(): Report {
    const d = this.derive();
    if (d.report) return d.report;
    if (this.summedRevision !== this._revision) this.resync();
    const est = this.estimate();
    // Keyed by the user's ids: without a prototype, so that an id such as `__proto__` is a key like any other.
    const facets: Record<string, Record<string, number>> = Object.create(null) as Record<string, Record<string, number>>;
    this.settings.layers.forEach((l, i) => {
      const row: Record<string, number> = Object.create(null) as Record<string, number>;
      const concepts = this.conceptsPerLayer[i];
      this.facetNames.forEach((f, bit) => (row[f] = concepts ? this.coveredPerLayer[i][bit] / concepts : 0));
      facets[l.id] = row;
    });
    const gaps = this.reportGaps(this.layerGaps(est), d);
    d.report = {
      version: 1,
      scope: { domain: this.domain },
      target: est.target,
      layers: est.layers,
      total: est.total,
      levelReached: est.levelReached,
      bottleneck: est.bottleneck,
      feeding: est.feeding,
      computeOptimalParams: est.computeOptimalParams,
      modules: est.modules,
      facets,
      gaps,
      untagged: this.untaggedCount,
    };
    return d.report;
  }

  /**
   * Every gap of the report, in order: the layers', each note's in path order, the missing targets' (most referred
   * first), the cycles'. Its own function, as the graph's parts are (see `graph`).
   */
  private reportGaps(layerGaps: readonly Gap[], d: Derived): Gap[] {
    const ghostGaps = [...d.ghostGaps.values()].filter((g): g is Gap => g !== null);
    ghostGaps.sort((a, b) => b.referrers! - a.referrers! || (a.target! < b.target! ? -1 : 1));
    // A vault's gaps run to hundreds of thousands: one list of the final length, filled in order.
    const ordered = this.orderedSlots();
    let count = layerGaps.length + ghostGaps.length + d.cycles.all.length;
    for (let i = 0; i < ordered.length; i++) count += d.noteGaps[ordered[i].id].length;
    const gaps = new Array<Gap>(count);
    let at = 0;
    for (const g of layerGaps) gaps[at++] = g;
    for (let i = 0; i < ordered.length; i++) {
      const own = d.noteGaps[ordered[i].id];
      for (let k = 0; k < own.length; k++) gaps[at++] = own[k];
    }
    for (const g of ghostGaps) gaps[at++] = g;
    for (const g of d.cycles.all) gaps[at++] = g;
    return gaps;
  }

  /** The layered concept graph (layered notes, ghost nodes, typed edges), cached per revision. */
  graph(): Graph {
    const d = this.derive();
    if (d.graph) return d.graph;
    const est = this.estimate();
    // In parts of a loop or two each, as the report's gaps and the build's steps: the graph is built once per
    // revision, mostly by code the optimiser has not reached yet, and it takes up and compiles a small function
    // sooner than one with every loop in it. (Over 40 alternating processes, a process's first warm analyses took
    // about 0.95 of the time; the first, cold one about the same.)
    const banded = this.banded();
    const nodeOf = new Int32Array(this.slots.length).fill(-1);
    const nodes = this.noteNodes(banded, nodeOf, d);
    const edges = this.graphEdges(banded, nodeOf, nodes, d);
    d.graph = {
      layers: est.layers.map((l) => ({
        id: l.id,
        name: l.name,
        index: l.index,
        coverage: l.coverage,
        remainingPages: l.remainingPages,
        remainingTokens: l.remainingTokens,
      })),
      nodes,
      edges,
    };
    return d.graph;
  }

  /**
   * The layered notes, by layer and in path order inside each: a stable counting sort, into one list of the final
   * length. Indexed loops throughout the graph's parts, where every for-of step of unoptimised code allocates.
   */
  private banded(): Slot[] {
    const ordered = this.orderedSlots();
    const layers = this.settings.layers.length;
    const bandStart = new Int32Array(layers + 1);
    for (let i = 0; i < ordered.length; i++) if (ordered[i].layer >= 0) bandStart[ordered[i].layer + 1]++;
    for (let l = 0; l < layers; l++) bandStart[l + 1] += bandStart[l];
    const banded = new Array<Slot>(bandStart[layers]);
    const next = bandStart.slice(0, layers);
    for (let i = 0; i < ordered.length; i++) if (ordered[i].layer >= 0) banded[next[ordered[i].layer]++] = ordered[i];
    return banded;
  }

  /** A node per layered note, in band order; `nodeOf` gets each one's place. */
  private noteNodes(banded: readonly Slot[], nodeOf: Int32Array, d: Derived): GraphNode[] {
    const nodes: GraphNode[] = [];
    for (let i = 0; i < banded.length; i++) {
      nodeOf[banded[i].id] = i;
      nodes.push(this.noteNode(banded[i], d));
    }
    return nodes;
  }

  /** The edges from each layered note, in band order; a missing target's ghost node is added at its first edge. */
  private graphEdges(banded: readonly Slot[], nodeOf: Int32Array, nodes: GraphNode[], d: Derived): GraphEdges {
    // At most one edge per link: allocated once, cut to length at the end.
    let bound = 0;
    for (let i = 0; i < banded.length; i++) {
      const s = banded[i];
      bound += s.requires.length + s.outTo - s.outFrom + s.ghosts.length;
    }
    const source = new Int32Array(bound);
    const target = new Int32Array(bound);
    const requiresEdge = new Uint8Array(bound);
    let count = 0;
    const ghostNode = new Map<string, number>();
    const stamp = this.stamp;
    for (let i = 0; i < banded.length; i++) {
      const s = banded[i];
      const epoch = this.nextEpoch();
      const { requires, outList, outFrom, outTo, ghosts } = s;
      for (let k = 0; k < requires.length; k++) {
        const t = requires[k];
        if (t === s.id || nodeOf[t] < 0 || stamp[t] === epoch) continue;
        stamp[t] = epoch;
        source[count] = i;
        target[count] = nodeOf[t];
        requiresEdge[count++] = 1;
      }
      for (let k = outFrom; k < outTo; k++) {
        const t = outList[k];
        if (nodeOf[t] < 0 || stamp[t] === epoch) continue;
        stamp[t] = epoch;
        source[count] = i;
        target[count++] = nodeOf[t];
      }
      for (let k = 0; k < ghosts.length; k++) {
        const key = ghosts[k];
        let g = ghostNode.get(key);
        if (g === undefined) {
          g = nodes.length;
          ghostNode.set(key, g);
          nodes.push(this.ghostNode(key, d));
        }
        source[count] = i;
        target[count++] = g;
      }
    }
    return { length: count, source: source.slice(0, count), target: target.slice(0, count), requires: requiresEdge.slice(0, count) };
  }

  // ───────────────────────────── structure ─────────────────────────────

  private slotId(path: string): number {
    return this.pathIds().get(path) ?? this.addSlot(path);
  }

  /** `ids`, with every note in it. */
  private pathIds(): Map<string, number> {
    const { ids, slots, unlisted } = this;
    this.unlisted = 0;
    for (let i = 0; i < unlisted; i++) ids.set(slots[i].path, i);
    return ids;
  }

  /** A slot for a path that has none. */
  private addSlot(path: string): number {
    const id = this.slots.length;
    this.ids.set(path, id);
    this.slots.push(newSlot(id, path));
    this.reserve(id + 1);
    return id;
  }

  /**
   * Slots for a batch of records on an empty index, one per path in first-seen order, each holding the last
   * record of its path and its attributes. A vault's paths are distinct: each is filed with one map write, and
   * only a map smaller than the batch (a repeated path) sends the batch down the path-by-path way. (The map's
   * size is read once: the getter costs more than the write.) Paths known to be `distinct` (every note numbered)
   * are left out of the map until something asks for one (`pathIds`).
   */
  private fileBatch(list: readonly NoteRecord[], distinct: boolean): Slot[] {
    const { ids, slots } = this;
    if (distinct) this.unlisted = list.length;
    else for (let i = 0; i < list.length; i++) ids.set(list[i].path, i);
    if (!distinct && ids.size !== list.length) {
      ids.clear();
      return this.fileBatchWithRepeats(list);
    }
    this.reserve(list.length);
    for (let i = 0; i < list.length; i++) {
      const slot = newSlot(i, list[i].path);
      slots.push(slot);
      this.fileNew(slot, list[i]);
    }
    return slots.slice();
  }

  private fileBatchWithRepeats(list: readonly NoteRecord[]): Slot[] {
    const added: Slot[] = [];
    for (let i = 0; i < list.length; i++) {
      const slot = this.slots[this.slotId(list[i].path)];
      if (!slot.record) added.push(slot);
      slot.record = list[i];
    }
    for (let i = 0; i < added.length; i++) this.fileNew(added[i], added[i].record!);
    return added;
  }

  private fileNew(slot: Slot, record: NoteRecord): void {
    this.setAttributes(slot, record);
    if (record.layer === null) this.untaggedCount++;
  }

  /** Grows the per-slot arrays to hold `slots` slots. */
  private reserve(slots: number): void {
    if (slots > this.stamp.length) {
      const size = Math.max(slots, this.stamp.length * 2);
      this.stamp = grown(this.stamp, size);
      this.traits = grown(this.traits, size);
      this.facetMasks = grown(this.facetMasks, size);
    }
    const need = slots * this.facetNames.length;
    if (need > this.facetCounts.length) this.facetCounts = grown(this.facetCounts, Math.max(need, this.facetCounts.length * 2));
  }

  private setAttributes(slot: Slot, record: NoteRecord): void {
    slot.record = record;
    slot.layer = record.layer === null ? -1 : this.layerIndex.get(record.layer) ?? -1;
    slot.kind = KIND_CODE[record.kind];
    let mask = 0;
    for (let i = 0; i < record.facets.length; i++) {
      const bit = this.facetIndex.get(record.facets[i]);
      if (bit !== undefined) mask |= 1 << bit;
    }
    slot.facetMask = mask;
    this.traits[slot.id] = 1 | (slot.kind << 1) | ((slot.layer + 1) << 3);
    this.facetMasks[slot.id] = mask;
  }

  private nextEpoch(): number {
    if (this.epoch === 0x7fffffff) {
      this.stamp.fill(0);
      this.epoch = 0;
    }
    return ++this.epoch;
  }

  /** Calls `fn` once for each distinct present neighbour. */
  private forEachNeighbour(slot: Slot, fn: (n: Slot) => void): void {
    const epoch = this.nextEpoch();
    const stamp = this.stamp;
    const slots = this.slots;
    stamp[slot.id] = epoch;
    const { outList, outFrom, outTo, inList, inFrom, inTo } = slot;
    for (let i = outFrom; i < outTo; i++) {
      const t = outList[i];
      if (stamp[t] === epoch) continue;
      stamp[t] = epoch;
      const n = slots[t];
      if (n.record) fn(n);
    }
    for (let i = inFrom; i < inTo; i++) {
      const t = inList[i];
      if (stamp[t] === epoch) continue;
      stamp[t] = epoch;
      const n = slots[t];
      if (n.record) fn(n);
    }
  }

  /** Records the note's links (the neighbours' counters are moved separately). */
  private addOutgoing(slot: Slot, record: NoteRecord): void {
    // The note has no outgoing links here (it is new, or they were just dropped): its list becomes its own.
    if (!Array.isArray(slot.outList)) slot.outList = [];
    this.addLinks(slot, record.links, false);
    this.addLinks(slot, record.requires, true);
  }

  /**
   * `addOutgoing` for a whole batch of new notes (on an empty index), into two shared arrays of compressed rows
   * instead of two growing lists per note: a vault's worth of small lists is much of a build's garbage. In three
   * parts, so that a build can be done in steps: start, the notes' links a range at a time (in order), finish.
   */
  private startOutgoing(): Outgoing {
    return { out: new Int32Array(1024), length: 0, scratch: [] };
  }

  private addOutgoingRange(added: readonly Slot[], from: number, to: number, state: Outgoing): void {
    const { scratch } = state;
    let { out, length } = state;
    const numbers = this.numbers;
    for (let i = from; i < to; i++) {
      const slot = added[i];
      const { links, requires } = slot.record!;
      // The links' numbers, when the batch came with them and they pair up with this record's links.
      let at = -1;
      if (numbers !== null && numbers.start[i + 1] - numbers.start[i] === links.length + requires.length) at = numbers.start[i];
      this.addLinks(slot, links, false, scratch, at);
      this.addLinks(slot, requires, true, scratch, at < 0 ? -1 : at + links.length);
      if (length + scratch.length > out.length) {
        const grown = new Int32Array(Math.max(2 * out.length, length + scratch.length));
        grown.set(out);
        state.out = out = grown;
      }
      slot.outFrom = length;
      for (let k = 0; k < scratch.length; k++) out[length++] = scratch[k];
      slot.outTo = length;
      scratch.length = 0;
      // Stored in the loop, not after it: code after a long loop has no type feedback when the loop is optimised,
      // and a store there threw the optimised code away at the end of nearly every build.
      state.length = length;
    }
  }

  private finishOutgoing(added: readonly Slot[], state: Outgoing): void {
    const { out, length } = state;
    for (let i = 0; i < added.length; i++) added[i].outList = out;
    const { start, incoming } = this.referrers(added, out, length);
    const slots = this.slots;
    for (let t = 0; t < slots.length; t++) {
      if (start[t] === start[t + 1]) continue;
      const slot = slots[t];
      slot.inList = incoming;
      slot.inFrom = start[t];
      slot.inTo = start[t + 1];
    }
  }

  /** Referrers, by counting: each target's range in `incoming`, then every link filed into it in batch order. */
  private referrers(added: readonly Slot[], out: Int32Array, length: number): { start: Int32Array; incoming: Int32Array } {
    const slots = this.slots.length;
    const start = new Int32Array(slots + 1);
    for (let k = 0; k < length; k++) start[out[k] + 1]++;
    for (let t = 0; t < slots; t++) start[t + 1] += start[t];
    const incoming = new Int32Array(length);
    const next = start.slice(0, slots);
    for (let i = 0; i < added.length; i++) {
      const slot = added[i];
      for (let k = slot.outFrom; k < slot.outTo; k++) incoming[next[out[k]]++] = slot.id;
    }
    return { start, incoming };
  }

  /** The slot's referrers as a list of its own, to change. */
  private ownIncoming(slot: Slot): number[] {
    if (Array.isArray(slot.inList)) return slot.inList;
    const own = Array.from(slot.inList.subarray(slot.inFrom, slot.inTo));
    slot.inList = own;
    slot.inFrom = 0;
    slot.inTo = own.length;
    return own;
  }

  /** `at` ≥ 0: the links' numbers start at `this.numbers.links[at]`. */
  private addLinks(slot: Slot, links: readonly RecordLink[], isRequires: boolean, batch?: number[], at = -1): void {
    const slots = this.slots;
    const numbers = at >= 0 ? this.numbers : null;
    for (let i = 0; i < links.length; i++) {
      const { target, resolved } = links[i];
      let t = -1;
      if (numbers !== null) {
        const n = numbers.links[at + i];
        // A numbered link (see `RecordBatch`): the slot of its path, by number.
        if (n >= 0) {
          t = numbers.slotOf[n];
          if (t < 0) {
            // Not a note of the batch: every note has its slot in `slotOf`, so the path has one only if linked
            // before, and then it is in `ids` (the notes may not be yet, see `pathIds`).
            const path = numbers.paths[n];
            t = numbers.slotOf[n] = this.ids.get(path) ?? this.addSlot(path);
          }
        }
      }
      if (t < 0) {
        if (resolved === null) {
          if (target === "") continue;
          const key = ghostKey(target);
          // Once per note and target. A short list is searched; a long one is asked of the ghost's referrers
          // instead, or a note linking to 20,000 missing notes would cost 200 million comparisons.
          const known = slot.ghosts.length < 16 ? slot.ghosts.includes(key) : this.ghosts.get(key)?.referrers.has(slot.id) === true;
          if (!known) {
            if (slot.ghosts === NONE) slot.ghosts = [];
            slot.ghosts.push(key);
            this.addGhostRef(key, target, slot.id);
          }
          continue;
        }
        t = this.slotId(resolved);
      }
      // Told by id, not by comparing paths: two long paths of the same length cost more to compare than the lookup.
      if (t === slot.id) {
        // A self-link is no edge; a note that requires itself is a cycle of one.
        if (isRequires) (slot.requires === NONE ? (slot.requires = []) : slot.requires).push(slot.id);
        continue;
      }
      if (isRequires) (slot.requires === NONE ? (slot.requires = []) : slot.requires).push(t);
      if (batch) {
        batch.push(t);
      } else {
        (slot.outList as number[]).push(t);
        slot.outTo++;
        const target = slots[t];
        this.ownIncoming(target).push(slot.id);
        target.inTo++;
      }
    }
  }

  private dropOutgoing(slot: Slot): void {
    for (let i = slot.outFrom; i < slot.outTo; i++) {
      const target = this.slots[slot.outList[i]];
      const incoming = this.ownIncoming(target);
      const at = incoming.lastIndexOf(slot.id);
      if (at >= 0) {
        incoming[at] = incoming[incoming.length - 1]!;
        incoming.pop();
        target.inTo--;
      }
    }
    for (const key of slot.ghosts) this.dropGhostRef(key, slot.id);
    slot.outList = [];
    slot.outFrom = 0;
    slot.outTo = 0;
    slot.requires = NONE;
    slot.ghosts = NONE;
  }

  /** Takes the note out of its present neighbours' counters. */
  private leaveNeighbours(slot: Slot, touched: Set<number>): void {
    this.forEachNeighbour(slot, (n) => {
      n.degree--;
      this.adjust(n, this.traits[slot.id], slot.facetMask, -1);
      touched.add(n.id);
    });
  }

  /** Puts the note into its present neighbours' counters. */
  private joinNeighbours(slot: Slot, touched: Set<number>): void {
    this.forEachNeighbour(slot, (n) => {
      n.degree++;
      this.adjust(n, this.traits[slot.id], slot.facetMask, +1);
      touched.add(n.id);
    });
  }

  /** Counts `referrer` in for the missing target `key` (see `ghostKey`), which it writes as `target`. */
  private addGhostRef(key: string, target: string, referrer: number): void {
    let ghost = this.ghosts.get(key);
    if (!ghost) {
      ghost = { referrers: new Map() };
      this.ghosts.set(key, ghost);
    }
    ghost.referrers.set(referrer, target);
  }

  private dropGhostRef(key: string, referrer: number): void {
    const ghost = this.ghosts.get(key);
    if (!ghost) return;
    ghost.referrers.delete(referrer);
    if (ghost.referrers.size === 0) this.ghosts.delete(key);
  }

  /** Moves `target`'s counters by what a present neighbour (its `traits` and facets) means to it. */
  private adjust(target: Slot, traits: number, facetMask: number, sign: 1 | -1): void {
    const layer = (traits >> 3) - 1;
    if (layer >= 0 && target.layer >= 0 && layer < target.layer) target.lower += sign;
    const kind = (traits >> 1) & 3;
    if (kind === 1) target.sources += sign;
    else if (kind === 2) target.checks += sign;
    let mask = facetMask;
    const base = target.id * this.facetNames.length;
    while (mask) {
      const bit = 31 - Math.clz32(mask);
      this.facetCounts[base + bit] += sign;
      mask &= ~(1 << bit);
    }
  }

  /** Rebuilds a note's counters from its neighbours (after its own layer changed). */
  private recount(slot: Slot): void {
    slot.degree = 0;
    slot.lower = 0;
    slot.sources = 0;
    slot.checks = 0;
    // A loop, not `fill`: a few facets each, for every note of a build, cost less than as many calls of a builtin.
    const { facetCounts } = this;
    for (let i = slot.id * this.facetNames.length, end = i + this.facetNames.length; i < end; i++) facetCounts[i] = 0;
    if (!slot.record) return;
    const epoch = this.nextEpoch();
    this.stamp[slot.id] = epoch;
    this.countNeighbours(slot, slot.outList, slot.outFrom, slot.outTo, epoch);
    this.countNeighbours(slot, slot.inList, slot.inFrom, slot.inTo, epoch);
  }

  private countNeighbours(slot: Slot, list: ArrayLike<number>, from: number, to: number, epoch: number): void {
    const { stamp, traits, facetMasks } = this;
    for (let i = from; i < to; i++) {
      const t = list[i];
      if (stamp[t] === epoch) continue;
      stamp[t] = epoch;
      if (traits[t] === 0) continue;
      slot.degree++;
      this.adjust(slot, traits[t], facetMasks[t], +1);
    }
  }

  // ───────────────────────────── aggregates ─────────────────────────────

  /** Replaces what a note adds to the aggregates with what it adds now. */
  private refresh(slot: Slot): void {
    if (slot.counted) this.contribute(slot.counted, slot.countedLayer, slot.countedCovered, -1);
    slot.counted = null;
    const r = slot.record;
    if (!r || slot.layer < 0) return;
    let covered = 0;
    const base = slot.id * this.facetNames.length;
    if (slot.kind === 0) for (let f = 0; f < this.facetNames.length; f++) if (this.facetCounts[base + f] > 0) covered |= 1 << f;
    slot.counted = r;
    slot.countedLayer = slot.layer;
    slot.countedCovered = covered;
    this.contribute(r, slot.layer, covered, +1);
  }

  private contribute(r: NoteRecord, layer: number, covered: number, sign: 1 | -1): void {
    const sums = this.layerSums[layer];
    sums.rawTokens += sign * r.tokens;
    sums.effectiveTokens += sign * r.effectiveTokens;
    sums.notes[r.kind] += sign;
    if (sums.notes.concept + sums.notes.source + sums.notes.check === 0) {
      sums.rawTokens = 0;
      sums.effectiveTokens = 0;
    }
    if (r.kind === "concept") {
      this.conceptsPerLayer[layer] += sign;
      const perFacet = this.coveredPerLayer[layer];
      for (let f = 0; f < perFacet.length; f++) if (covered & (1 << f)) perFacet[f] += sign;
    }
    if (r.module !== null) {
      let m = this.moduleSums.get(r.module);
      if (!m) this.moduleSums.set(r.module, (m = { notes: 0, rawTokens: 0, effectiveTokens: 0 }));
      m.notes += sign;
      m.rawTokens += sign * r.tokens;
      m.effectiveTokens += sign * r.effectiveTokens;
      if (m.notes === 0) this.moduleSums.delete(r.module);
    }
  }

  private resetAggregates(): void {
    this.layerSums = this.settings.layers.map(() => ({ rawTokens: 0, effectiveTokens: 0, notes: emptyCounts() }));
    this.moduleSums = new Map();
    this.conceptsPerLayer = this.settings.layers.map(() => 0);
    this.coveredPerLayer = this.settings.layers.map(() => new Array<number>(this.facetNames.length).fill(0));
  }

  /** Recomputes the sums from scratch, so that running additions and subtractions never drift. */
  private resync(): void {
    this.resetAggregates();
    this.summedRevision = this._revision;
    const slots = this.slots;
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i];
      if (s.counted) this.contribute(s.counted, s.countedLayer, s.countedCovered, +1);
    }
  }

  /** Present slots in path order, re-sorted only when notes came or went. */
  private orderedSlots(): Slot[] {
    if (this.ordered?.members === this.membership) return this.ordered.slots;
    const slots = this.slots.filter((s) => s.record !== null);
    let sorted = true;
    for (let i = 1; i < slots.length && sorted; i++) if (slots[i - 1].path > slots[i].path) sorted = false;
    if (!sorted) slots.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    this.ordered = { members: this.membership, slots };
    return slots;
  }

  // ───────────────────────────── gaps ─────────────────────────────

  private derive(): Derived {
    if (this.derived?.revision === this._revision) return this.derived.value;
    const value: Derived = { noteGaps: this.allNoteGaps(), ghostGaps: this.allGhostGaps(), cycles: this.cycleIndex() };
    this.derived = { revision: this._revision, value };
    return value;
  }

  /** Each note's gaps, by slot id (see `Derived`). */
  private allNoteGaps(): Gap[][] {
    const slots = this.slots;
    const noteGaps: Gap[][] = new Array<Gap[]>(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i];
      if (s.record) noteGaps[i] = s.layer >= 0 ? this.derivedGaps(s) : s.record.gaps;
    }
    return noteGaps;
  }

  /** Each missing target's gap (null when no layered note links to it), by its key. */
  private allGhostGaps(): Map<string, Gap | null> {
    const ghostGaps = new Map<string, Gap | null>();
    for (const key of this.ghosts.keys()) ghostGaps.set(key, this.ghostGap(key));
    return ghostGaps;
  }

  /** Prerequisite cycles, found again only when some note's prerequisites changed. */
  private cycleIndex(): Cycles {
    if (this.cycles?.revision === this.prerequisiteRevision) return this.cycles.value;
    const found = this.cycleGaps();
    const all = found.map((c) => c.gap);
    const of = new Map<number, Gap[]>();
    for (const { gap, members } of found) {
      for (const id of members) {
        let list = of.get(id);
        if (!list) of.set(id, (list = []));
        list.push(gap);
      }
    }
    this.cycles = { revision: this.prerequisiteRevision, value: { all, of } };
    return this.cycles.value;
  }

  private gapsOfSlot(slot: Slot, d: Derived): Gap[] {
    return this.withLinkedGaps(slot, d.noteGaps[slot.id], d.ghostGaps, d.cycles);
  }

  /**
   * A note's own gaps with those of its missing targets (from `ghostGaps` when derived, else found now) and its
   * prerequisite cycles.
   */
  private withLinkedGaps(slot: Slot, own: Gap[], ghostGaps: ReadonlyMap<string, Gap | null> | null, cycles: Cycles): Gap[] {
    const mine = cycles.of.get(slot.id);
    // Most notes have neither missing targets nor cycles: share their list (it is read-only once derived).
    if (slot.ghosts.length === 0 && mine === undefined) return own;
    const out = [...own];
    for (const key of slot.ghosts) {
      const g = ghostGaps ? ghostGaps.get(key) ?? null : this.ghostGap(key);
      if (g) out.push(g.path === slot.path ? g : { ...g, path: slot.path });
    }
    for (const g of mine ?? []) out.push(g);
    return out;
  }

  private layerGaps(est: Estimate): Gap[] {
    const gaps: Gap[] = [];
    for (const l of est.layers) {
      if (l.notes.concept + l.notes.source + l.notes.check === 0) {
        gaps.push({ rule: "empty-layer", severity: "warning", layer: l.id, message: `The layer ${l.name} has no notes` });
      }
    }
    // Always named when there is one (spec §5), even when every layer has met its target.
    const b = est.layers.find((l) => l.id === est.bottleneck);
    if (b) {
      const needed =
        b.remainingTokens > 0
          ? `${formatCompact(b.remainingTokens)} tokens (${formatCompact(b.remainingPages)} pages) still needed`
          : "its target is met";
      gaps.push({
        rule: "bottleneck-layer",
        severity: "info",
        layer: b.id,
        remainingTokens: b.remainingTokens,
        remainingPages: b.remainingPages,
        message: `${b.name} is the bottleneck: ${formatPercent(b.coverage)} covered, ${needed}`,
      });
    }
    return gaps;
  }

  /** The record's own gaps and those that follow from a layered note's neighbourhood and prerequisites (spec §5). */
  private derivedGaps(slot: Slot): Gap[] {
    const r = slot.record!;
    // Gathered in one reused list and copied out at their final length (or shared when none).
    const gaps = this.gapScratch;
    gaps.length = 0;
    for (let i = 0; i < r.gaps.length; i++) gaps.push(r.gaps[i]);
    const layer = r.layer!;
    const path = r.path;
    if (slot.degree === 0 && slot.ghosts.length === 0) {
      gaps.push({ rule: "orphan", severity: "info", layer, path, message: `${r.title} has no links to or from other notes` });
    }
    if (slot.kind === 0) {
      if (slot.layer > 0 && slot.lower === 0) {
        gaps.push({ rule: "ungrounded", severity: "warning", layer, path, message: `${r.title} is not linked to any note of a lower layer` });
      }
      if (slot.sources === 0) {
        gaps.push({ rule: "unsupported", severity: "info", layer, path, message: `${r.title} has no link to or from a source` });
      }
      const base = slot.id * this.facetNames.length;
      for (let bit = 0; bit < this.facetNames.length; bit++) {
        if (this.facetCounts[base + bit] === 0) {
          const facet = this.facetNames[bit];
          gaps.push({ rule: "missing-facet", severity: "info", layer, path, facet, message: this.missingFacetText[bit] + r.title });
        }
      }
      if (slot.checks === 0) {
        gaps.push({ rule: "unverified", severity: "info", layer, path, message: `${r.title} has no link to or from a check` });
      }
    }
    if (slot.requires.length) {
      const epoch = this.nextEpoch();
      for (const t of slot.requires) {
        const other = this.slots[t];
        if (this.stamp[t] === epoch || !other.record || other.layer <= slot.layer) continue;
        this.stamp[t] = epoch;
        gaps.push({
          rule: "inverted-prerequisite",
          severity: "warning",
          layer,
          path,
          target: other.path,
          message: `${r.title} (${layer}) requires ${other.record.title}, which is in a higher layer (${other.record.layer})`,
        });
      }
    }
    return gaps.length === 0 ? NONE : gaps.slice();
  }

  /**
   * A missing target as its layered referrers see it: how many there are, the first by path (whose
   * spelling names the target, so the answer never depends on the order notes were read), the lowest layer.
   */
  private ghostView(key: string): { target: string; first: Slot; referrers: number; lowest: number } | null {
    const ghost = this.ghosts.get(key);
    if (!ghost) return null;
    let first: Slot | null = null;
    let referrers = 0;
    let lowest = Infinity;
    for (const r of ghost.referrers.keys()) {
      const s = this.slots[r];
      if (s.layer < 0) continue;
      referrers++;
      if (s.layer < lowest) lowest = s.layer;
      if (!first || s.path < first.path) first = s;
    }
    return first ? { target: ghost.referrers.get(first.id)!, first, referrers, lowest } : null;
  }

  /** The `unresolved-link` gap of a missing target, counting only layered referrers; null if none. */
  private ghostGap(key: string): Gap | null {
    const view = this.ghostView(key);
    if (!view) return null;
    const { target, first, referrers, lowest } = view;
    return {
      rule: "unresolved-link",
      severity: "warning",
      layer: this.settings.layers[lowest]?.id,
      path: first.path,
      target,
      referrers,
      message: `"${target}" does not exist; ${referrers} ${referrers === 1 ? "note links" : "notes link"} to it`,
    };
  }

  /** A layered note's node; its own function, so that the optimiser takes it up within the first graph. */
  private noteNode(s: Slot, d: Derived): GraphNode {
    const r = s.record!;
    const gaps = this.gapsOfSlot(s, d);
    return {
      id: r.path,
      title: r.title,
      kind: r.kind,
      layer: s.layer,
      tokens: r.tokens,
      quality: r.quality,
      effectiveTokens: r.effectiveTokens,
      domain: r.domain,
      module: r.module,
      facets: r.facets,
      gaps,
      severity: worst(gaps),
    };
  }

  private ghostNode(key: string, d: Derived): GraphNode {
    const view = this.ghostView(key)!;
    const gap = d.ghostGaps.get(key) ?? null;
    return {
      id: view.target,
      title: view.target.slice(view.target.lastIndexOf("/") + 1).replace(/\.md$/i, ""),
      kind: "ghost",
      layer: view.lowest,
      tokens: 0,
      quality: 0,
      effectiveTokens: 0,
      domain: null,
      module: null,
      facets: [],
      gaps: gap ? [gap] : [],
      severity: gap ? gap.severity : null,
    };
  }

  /** Each prerequisite cycle's gap, with the slot ids of its notes. */
  private cycleGaps(): { gap: Gap; members: number[] }[] {
    const withRequires: Slot[] = [];
    for (let i = 0; i < this.slots.length; i++) if (this.slots[i].record && this.slots[i].requires.length) withRequires.push(this.slots[i]);
    if (!withRequires.length) return [];
    // Work on ranks in path order, so that which cycle is named, and from where, never depends on reading order.
    withRequires.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const rank = new Map<number, number>(withRequires.map((s, i) => [s.id, i]));
    const successors = withRequires.map((s) =>
      [...new Set(s.requires.map((t) => rank.get(t)).filter((r): r is number => r !== undefined))].sort((a, b) => a - b),
    );
    const cycles = findPrerequisiteCycles(
      withRequires.map((_, i) => i),
      (r) => successors[r],
    ).map((ranks) => ranks.map((r) => withRequires[r].id));
    return cycles.map((members) => {
      const paths = members.map((id) => this.slots[id].path);
      const titles = members.map((id) => this.slots[id].record!.title);
      const layer = this.slots[members[0]].record!.layer;
      const gap: Gap = {
        rule: "prerequisite-cycle",
        severity: "warning",
        ...(layer ? { layer } : {}),
        path: paths[0],
        cycle: paths,
        message: `Prerequisites form a cycle: ${[...titles, titles[0]].join(" → ")}`,
      };
      return { gap, members };
    });
  }
}

/**
 * What names one missing target, however its referrers write it: the target lower-cased, one trailing `.md` dropped
 * (`[[X]]`, `[[x]]` and `[[x.md]]` all miss the same note, and the note that would satisfy one satisfies all).
 */
function ghostKey(target: string): string {
  const key = target.toLowerCase();
  return key.endsWith(".md") ? key.slice(0, -3) : key;
}

function grown(a: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  const copy = new Int32Array(size);
  copy.set(a);
  return copy;
}

function newSlot(id: number, path: string): Slot {
  return {
    id,
    path,
    record: null,
    layer: -1,
    kind: 0,
    facetMask: 0,
    outList: NO_IDS,
    outFrom: 0,
    outTo: 0,
    requires: NONE,
    ghosts: NONE,
    inList: NO_IDS,
    inFrom: 0,
    inTo: 0,
    degree: 0,
    lower: 0,
    sources: 0,
    checks: 0,
    counted: null,
    countedLayer: -1,
    countedCovered: 0,
  };
}

function worst(gaps: readonly { severity: Severity }[]): Severity | null {
  // Compared as the three names, not looked up by rank: this runs for every node of the graph.
  let w: Severity | null = null;
  for (let i = 0; i < gaps.length; i++) {
    const s = gaps[i].severity;
    if (s === "error") return s;
    if (s === "warning" || w === null) w = s;
  }
  return w;
}
