import { emptyCounts, estimate, type Estimate, type LayerSums, type ModuleSums } from "./estimate";
import { findPrerequisiteCycles } from "./cycles";
import { formatCompact, formatPercent } from "./format";
import type { Gap, Graph, GraphEdge, GraphNode, Kind, NoteRecord, Report, Settings, Severity } from "./types";

/**
 * The index of note records, kept up to date one note at a time (the plugin's live index) or filled in
 * one go (the CLI). Everything the gap rules need about a note's neighbourhood is kept as counters, so
 * changing one note costs O(its links), not O(vault): the note's own counters are rebuilt, its neighbours'
 * counters are adjusted, and the per-layer sums of the estimate are moved by the difference.
 *
 * The full report and graph are assembled on demand (O(notes + links)) and cached per revision.
 */

const KIND_CODE: Record<Kind, number> = { concept: 0, source: 1, check: 2 };
const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

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
  /** Resolved link and prerequisite targets (slot ids, repeats kept), self-links excluded. */
  out: number[];
  /** Prerequisite targets (slot ids), unresolved ones excluded. */
  requires: number[];
  /** Lower-cased missing targets this note links to (deduplicated). */
  ghosts: string[];
  /** Referrer slot id → number of links from it (whether or not this slot is a note). */
  incoming: Map<number, number>;
  /** Present neighbour slot id → number of links between the two, either direction. */
  neighbours: Map<number, number>;
  // Neighbourhood counters (present neighbours only).
  lower: number;
  sources: number;
  checks: number;
  facetCounts: Int32Array;
  /** What this note currently adds to the aggregates, to take it back exactly. */
  contributed: Contribution | null;
}

interface Contribution {
  layer: number;
  kind: number;
  raw: number;
  effective: number;
  module: string | null;
  /** Concept covered per facet (bit f), for the per-layer facet fractions. */
  covered: number;
}

interface Ghost {
  /** The target as first written. */
  target: string;
  /** Referrer slot id → links. */
  referrers: Map<number, number>;
}

export interface AnalysisOptions {
  /** Only notes in this domain (or nested under it) were given to the index; reported in `scope`. */
  domain?: string | null;
}

export class LayerIndex {
  readonly settings: Settings;
  private readonly layerIndex = new Map<string, number>();
  private readonly facetIndex = new Map<string, number>();
  private readonly slots: Slot[] = [];
  private readonly ids = new Map<string, number>();
  private readonly ghosts = new Map<string, Ghost>();
  private layerSums: LayerSums[] = [];
  private moduleSums = new Map<string, ModuleSums>();
  private conceptsPerLayer: number[] = [];
  private coveredPerLayer: number[][] = [];
  private noteCount = 0;
  private untaggedCount = 0;
  private _revision = 0;
  private cache: { revision: number; report?: Report; graph?: Graph; cycles?: Gap[] } = { revision: -1 };
  private readonly domain: string | null;

  constructor(settings: Settings, options: AnalysisOptions = {}) {
    this.settings = settings;
    this.domain = options.domain ?? null;
    settings.layers.forEach((l, i) => this.layerIndex.set(l.id, i));
    settings.facets.slice(0, 30).forEach((f, i) => this.facetIndex.set(f, i));
    this.resetAggregates();
  }

  /** Bumped by every change; views redraw only when it moved. */
  get revision(): number {
    return this._revision;
  }

  get size(): number {
    return this.noteCount;
  }

  has(path: string): boolean {
    const id = this.ids.get(path);
    return id !== undefined && this.slots[id]!.record !== null;
  }

  get(path: string): NoteRecord | undefined {
    const id = this.ids.get(path);
    return id === undefined ? undefined : this.slots[id]!.record ?? undefined;
  }

  /** All records, in path order. */
  records(): NoteRecord[] {
    const out: NoteRecord[] = [];
    for (const s of this.slots) if (s.record) out.push(s.record);
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Notes whose links point at `path` (to re-resolve them when it is deleted or renamed). */
  referrersOf(path: string): string[] {
    const id = this.ids.get(path);
    if (id === undefined) return [];
    return [...this.slots[id]!.incoming.keys()].map((r) => this.slots[r]!.path).filter((p) => this.has(p));
  }

  /**
   * Notes with a missing link target that a new note at `path` may now satisfy (same name, or a path
   * suffix), so their links can be re-resolved.
   */
  unresolvedReferrersFor(path: string): string[] {
    const lower = path.toLowerCase();
    const bare = lower.endsWith(".md") ? lower.slice(0, -3) : lower;
    const out = new Set<string>();
    for (const [key, ghost] of this.ghosts) {
      const k = key.endsWith(".md") ? key.slice(0, -3) : key;
      if (bare === k || bare.endsWith("/" + k) || lower === key) {
        for (const r of ghost.referrers.keys()) out.add(this.slots[r]!.path);
      }
    }
    return [...out];
  }

  /** Adds or replaces a note. */
  upsert(record: NoteRecord): void {
    const id = this.slotId(record.path);
    const slot = this.slots[id]!;
    const wasPresent = slot.record !== null;
    const touched = new Set<number>([id]);

    if (wasPresent) this.dropOutgoing(slot, touched);
    else {
      this.noteCount++;
      if (record.layer === null) this.untaggedCount++;
    }
    if (wasPresent && (slot.record!.layer === null) !== (record.layer === null)) {
      this.untaggedCount += record.layer === null ? 1 : -1;
    }

    // New attributes: neighbours' counters see the change.
    const layer = record.layer === null ? -1 : this.layerIndex.get(record.layer) ?? -1;
    const kind = KIND_CODE[record.kind];
    let facetMask = 0;
    for (const f of record.facets) {
      const bit = this.facetIndex.get(f);
      if (bit !== undefined) facetMask |= 1 << bit;
    }
    if (wasPresent) {
      for (const n of slot.neighbours.keys()) {
        this.adjust(this.slots[n]!, slot, -1);
        touched.add(n);
      }
    }
    slot.record = record;
    slot.layer = layer;
    slot.kind = kind;
    slot.facetMask = facetMask;
    if (!wasPresent) {
      // Notes that linked here before it existed become neighbours now.
      for (const [r, count] of slot.incoming) {
        const other = this.slots[r]!;
        if (other.record) this.link(slot, other, count, touched);
      }
    } else {
      for (const n of slot.neighbours.keys()) this.adjust(this.slots[n]!, slot, +1);
    }

    this.addOutgoing(slot, record, touched);
    this.recount(slot);
    for (const t of touched) this.refresh(this.slots[t]!);
    this._revision++;
  }

  /** Removes a note; links to it stay known, so it turns into a missing target for its referrers' next update. */
  remove(path: string): void {
    const id = this.ids.get(path);
    if (id === undefined) return;
    const slot = this.slots[id]!;
    if (!slot.record) return;
    const touched = new Set<number>();
    this.dropOutgoing(slot, touched);
    for (const [n, count] of [...slot.neighbours]) this.unlink(slot, this.slots[n]!, count, touched);
    this.noteCount--;
    if (slot.record.layer === null) this.untaggedCount--;
    slot.record = null;
    slot.layer = -1;
    slot.facetMask = 0;
    this.refresh(slot);
    for (const t of touched) this.refresh(this.slots[t]!);
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

  /** The gaps about one note (its own, its neighbourhood's, its missing targets, its prerequisites). */
  noteGaps(path: string): Gap[] {
    const id = this.ids.get(path);
    if (id === undefined || !this.slots[id]!.record) return [];
    const slot = this.slots[id]!;
    const out = [...slot.record!.gaps, ...this.derivedGaps(slot)];
    for (const key of slot.ghosts) {
      const g = this.ghostGap(key);
      if (g) out.push({ ...g, path });
    }
    for (const g of this.cycleGaps()) if (g.cycle?.includes(path)) out.push(g);
    return out;
  }

  /** The JSON report of spec §6, cached per revision. */
  report(): Report {
    this.syncCache();
    if (this.cache.report) return this.cache.report;
    this.resync();
    const est = this.estimate();
    const facets: Record<string, Record<string, number>> = {};
    this.settings.layers.forEach((l, i) => {
      const row: Record<string, number> = {};
      const concepts = this.conceptsPerLayer[i]!;
      for (const [f, bit] of this.facetIndex) row[f] = concepts ? this.coveredPerLayer[i]![bit]! / concepts : 0;
      facets[l.id] = row;
    });
    const report: Report = {
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
      gaps: this.allGaps(est),
      untagged: this.untaggedCount,
    };
    this.cache.report = report;
    return report;
  }

  /** The layered concept graph (layered notes, ghost nodes, typed edges), cached per revision. */
  graph(): Graph {
    this.syncCache();
    if (this.cache.graph) return this.cache.graph;
    const est = this.estimate();
    const nodes: GraphNode[] = [];
    const nodeOf = new Int32Array(this.slots.length).fill(-1);
    const layered = this.slots
      .filter((s) => s.record && s.layer >= 0)
      .sort((a, b) => a.layer - b.layer || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const s of layered) {
      const r = s.record!;
      const gaps = this.noteGaps(s.path).map((g) => ({ rule: g.rule, severity: g.severity, message: g.message }));
      nodeOf[s.id] = nodes.length;
      nodes.push({
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
      });
    }
    const edges: GraphEdge[] = [];
    const seen = new Map<number, number>();
    const addEdge = (source: number, target: number, type: GraphEdge["type"]) => {
      const key = source * 0x4000000 + target;
      const at = seen.get(key);
      if (at === undefined) {
        seen.set(key, edges.length);
        edges.push({ source, target, type });
      } else if (type === "requires") edges[at]!.type = "requires";
    };
    const ghostNode = new Map<string, number>();
    for (const s of layered) {
      const from = nodeOf[s.id]!;
      for (const t of s.requires) if (nodeOf[t]! >= 0 && t !== s.id) addEdge(from, nodeOf[t]!, "requires");
      for (const t of s.out) if (nodeOf[t]! >= 0) addEdge(from, nodeOf[t]!, "link");
      for (const key of s.ghosts) {
        let g = ghostNode.get(key);
        if (g === undefined) {
          const ghost = this.ghosts.get(key)!;
          let layer = Infinity;
          for (const r of ghost.referrers.keys()) {
            const l = this.slots[r]!.layer;
            if (l >= 0 && l < layer) layer = l;
          }
          const gap = this.ghostGap(key);
          g = nodes.length;
          ghostNode.set(key, g);
          nodes.push({
            id: ghost.target,
            title: ghost.target.slice(ghost.target.lastIndexOf("/") + 1).replace(/\.md$/i, ""),
            kind: "ghost",
            layer,
            tokens: 0,
            quality: 0,
            effectiveTokens: 0,
            domain: null,
            module: null,
            facets: [],
            gaps: gap ? [{ rule: gap.rule, severity: gap.severity, message: gap.message }] : [],
            severity: gap ? gap.severity : null,
          });
        }
        addEdge(from, g, "link");
      }
    }
    const graph: Graph = {
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
    this.cache.graph = graph;
    return graph;
  }

  // ───────────────────────────── internals ─────────────────────────────

  private slotId(path: string): number {
    let id = this.ids.get(path);
    if (id === undefined) {
      id = this.slots.length;
      this.ids.set(path, id);
      this.slots.push({
        id,
        path,
        record: null,
        layer: -1,
        kind: 0,
        facetMask: 0,
        out: [],
        requires: [],
        ghosts: [],
        incoming: new Map(),
        neighbours: new Map(),
        lower: 0,
        sources: 0,
        checks: 0,
        facetCounts: new Int32Array(this.facetIndex.size),
        contributed: null,
      });
    }
    return id;
  }

  private addOutgoing(slot: Slot, record: NoteRecord, touched: Set<number>): void {
    const ghosts = new Set<string>();
    const take = (target: string, resolved: string | null, isRequires: boolean) => {
      if (resolved === null) {
        const key = target.toLowerCase();
        if (target !== "" && !ghosts.has(key)) {
          ghosts.add(key);
          this.ghostRef(target, slot.id, +1);
        }
        return;
      }
      if (resolved === slot.path) {
        // A self-link is no edge; a note that requires itself is a cycle of one.
        if (isRequires) slot.requires.push(slot.id);
        return;
      }
      const t = this.slotId(resolved);
      if (isRequires) slot.requires.push(t);
      slot.out.push(t);
      const other = this.slots[t]!;
      other.incoming.set(slot.id, (other.incoming.get(slot.id) ?? 0) + 1);
      if (other.record) this.link(slot, other, 1, touched);
    };
    for (const l of record.links) take(l.target, l.resolved, false);
    for (const l of record.requires) take(l.target, l.resolved, true);
    slot.ghosts = [...ghosts];
  }

  private dropOutgoing(slot: Slot, touched: Set<number>): void {
    for (const t of slot.out) {
      const other = this.slots[t]!;
      const c = other.incoming.get(slot.id)! - 1;
      if (c > 0) other.incoming.set(slot.id, c);
      else other.incoming.delete(slot.id);
      if (other.record) this.unlink(slot, other, 1, touched);
    }
    for (const key of slot.ghosts) this.ghostRef(key, slot.id, -1);
    slot.out = [];
    slot.requires = [];
    slot.ghosts = [];
  }

  private ghostRef(target: string, referrer: number, sign: 1 | -1): void {
    const key = target.toLowerCase();
    let ghost = this.ghosts.get(key);
    if (sign > 0) {
      if (!ghost) {
        ghost = { target, referrers: new Map() };
        this.ghosts.set(key, ghost);
      }
      ghost.referrers.set(referrer, (ghost.referrers.get(referrer) ?? 0) + 1);
    } else if (ghost) {
      ghost.referrers.delete(referrer);
      if (ghost.referrers.size === 0) this.ghosts.delete(key);
    }
  }

  /** `count` more links between two present notes; the first makes them neighbours. */
  private link(a: Slot, b: Slot, count: number, touched: Set<number>): void {
    const before = a.neighbours.get(b.id) ?? 0;
    a.neighbours.set(b.id, before + count);
    b.neighbours.set(a.id, before + count);
    if (before === 0) {
      this.adjust(a, b, +1);
      this.adjust(b, a, +1);
      touched.add(a.id).add(b.id);
    }
  }

  private unlink(a: Slot, b: Slot, count: number, touched: Set<number>): void {
    const before = a.neighbours.get(b.id) ?? 0;
    if (before === 0) return;
    const after = before - count;
    if (after > 0) {
      a.neighbours.set(b.id, after);
      b.neighbours.set(a.id, after);
      return;
    }
    a.neighbours.delete(b.id);
    b.neighbours.delete(a.id);
    this.adjust(a, b, -1);
    this.adjust(b, a, -1);
    touched.add(a.id).add(b.id);
  }

  /** Moves `target`'s counters by what `neighbour` means to it. */
  private adjust(target: Slot, neighbour: Slot, sign: 1 | -1): void {
    if (neighbour.layer >= 0 && target.layer >= 0 && neighbour.layer < target.layer) target.lower += sign;
    if (neighbour.kind === 1) target.sources += sign;
    else if (neighbour.kind === 2) target.checks += sign;
    let mask = neighbour.facetMask;
    while (mask) {
      const bit = 31 - Math.clz32(mask);
      target.facetCounts[bit]! += sign;
      mask &= ~(1 << bit);
    }
  }

  /** Rebuilds a note's counters from its neighbours (after its own layer changed). */
  private recount(slot: Slot): void {
    slot.lower = 0;
    slot.sources = 0;
    slot.checks = 0;
    slot.facetCounts.fill(0);
    for (const n of slot.neighbours.keys()) this.adjust(slot, this.slots[n]!, +1);
  }

  /** Replaces what a note adds to the aggregates with what it adds now. */
  private refresh(slot: Slot): void {
    if (slot.contributed) this.contribute(slot.contributed, -1);
    slot.contributed = null;
    const r = slot.record;
    if (!r || slot.layer < 0) return;
    let covered = 0;
    if (slot.kind === 0) for (let f = 0; f < slot.facetCounts.length; f++) if (slot.facetCounts[f]! > 0) covered |= 1 << f;
    slot.contributed = { layer: slot.layer, kind: slot.kind, raw: r.tokens, effective: r.effectiveTokens, module: r.module, covered };
    this.contribute(slot.contributed, +1);
  }

  private contribute(c: Contribution, sign: 1 | -1): void {
    const sums = this.layerSums[c.layer]!;
    sums.rawTokens += sign * c.raw;
    sums.effectiveTokens += sign * c.effective;
    const kind = c.kind === 0 ? "concept" : c.kind === 1 ? "source" : "check";
    sums.notes[kind] += sign;
    if (sums.notes.concept + sums.notes.source + sums.notes.check === 0) {
      sums.rawTokens = 0;
      sums.effectiveTokens = 0;
    }
    if (c.kind === 0) {
      this.conceptsPerLayer[c.layer]! += sign;
      const covered = this.coveredPerLayer[c.layer]!;
      for (let f = 0; f < covered.length; f++) if (c.covered & (1 << f)) covered[f]! += sign;
    }
    if (c.module !== null) {
      let m = this.moduleSums.get(c.module);
      if (!m) this.moduleSums.set(c.module, (m = { notes: 0, rawTokens: 0, effectiveTokens: 0 }));
      m.notes += sign;
      m.rawTokens += sign * c.raw;
      m.effectiveTokens += sign * c.effective;
      if (m.notes === 0) this.moduleSums.delete(c.module);
    }
  }

  private resetAggregates(): void {
    this.layerSums = this.settings.layers.map(() => ({ rawTokens: 0, effectiveTokens: 0, notes: emptyCounts() }));
    this.moduleSums = new Map();
    this.conceptsPerLayer = this.settings.layers.map(() => 0);
    this.coveredPerLayer = this.settings.layers.map(() => new Array<number>(this.facetIndex.size).fill(0));
  }

  /** Recomputes the sums from scratch, so that running additions and subtractions never drift. */
  private resync(): void {
    this.resetAggregates();
    for (const s of this.slots) if (s.contributed) this.contribute(s.contributed, +1);
  }

  private syncCache(): void {
    if (this.cache.revision !== this._revision) this.cache = { revision: this._revision };
  }

  private layerId(index: number): string | undefined {
    return this.settings.layers[index]?.id;
  }

  /** Gaps that follow from a layered note's neighbourhood and prerequisites (spec §5). */
  private derivedGaps(slot: Slot): Gap[] {
    const r = slot.record!;
    if (slot.layer < 0) return [];
    const gaps: Gap[] = [];
    const layer = r.layer!;
    const path = r.path;
    if (slot.neighbours.size === 0 && slot.ghosts.length === 0) {
      gaps.push({ rule: "orphan", severity: "info", layer, path, message: `${r.title} has no links to or from other notes` });
    }
    if (slot.kind === 0) {
      if (slot.layer > 0 && slot.lower === 0) {
        gaps.push({ rule: "ungrounded", severity: "warning", layer, path, message: `${r.title} is not linked to any note of a lower layer` });
      }
      if (slot.sources === 0) {
        gaps.push({ rule: "unsupported", severity: "info", layer, path, message: `${r.title} has no link to or from a source` });
      }
      for (const [facet, bit] of this.facetIndex) {
        if (slot.facetCounts[bit] === 0) {
          gaps.push({ rule: "missing-facet", severity: "info", layer, path, facet, message: `No note with the facet ${facet} links to or from ${r.title}` });
        }
      }
      if (slot.checks === 0) {
        gaps.push({ rule: "unverified", severity: "info", layer, path, message: `${r.title} has no link to or from a check` });
      }
    }
    const seen = new Set<number>();
    for (const t of slot.requires) {
      const other = this.slots[t]!;
      if (seen.has(t) || !other.record || other.layer <= slot.layer) continue;
      seen.add(t);
      gaps.push({
        rule: "inverted-prerequisite",
        severity: "warning",
        layer,
        path,
        target: other.path,
        message: `${r.title} (${layer}) requires ${other.record.title}, which is in a higher layer (${other.record.layer})`,
      });
    }
    return gaps;
  }

  /** The `unresolved-link` gap of a missing target, counting only layered referrers; null if none. */
  private ghostGap(key: string): Gap | null {
    const ghost = this.ghosts.get(key);
    if (!ghost) return null;
    let first: Slot | null = null;
    let referrers = 0;
    let lowest = Infinity;
    for (const r of ghost.referrers.keys()) {
      const s = this.slots[r]!;
      if (s.layer < 0) continue;
      referrers++;
      if (s.layer < lowest) lowest = s.layer;
      if (!first || s.path < first.path) first = s;
    }
    if (!first) return null;
    return {
      rule: "unresolved-link",
      severity: "warning",
      layer: this.layerId(lowest),
      path: first.path,
      target: ghost.target,
      referrers,
      message: `"${ghost.target}" does not exist; ${referrers} ${referrers === 1 ? "note links" : "notes link"} to it`,
    };
  }

  private cycleGaps(): Gap[] {
    this.syncCache();
    if (this.cache.cycles) return this.cache.cycles;
    const present = this.slots.filter((s) => s.record && s.requires.length);
    const cycles = findPrerequisiteCycles(
      present.map((s) => s.id),
      (id) => this.slots[id]!.requires.filter((t) => this.slots[t]!.record !== null),
    );
    this.cache.cycles = cycles.map((ids) => {
      const paths = ids.map((id) => this.slots[id]!.path);
      const titles = ids.map((id) => this.slots[id]!.record!.title);
      const layer = this.slots[ids[0]!]!.record!.layer ?? undefined;
      return {
        rule: "prerequisite-cycle" as const,
        severity: "warning" as const,
        ...(layer ? { layer } : {}),
        path: paths[0],
        cycle: paths,
        message: `Prerequisites form a cycle: ${[...titles, titles[0]].join(" → ")}`,
      };
    });
    return this.cache.cycles;
  }

  private allGaps(est: Estimate): Gap[] {
    const gaps: Gap[] = [];
    for (const l of est.layers) {
      if (l.notes.concept + l.notes.source + l.notes.check === 0) {
        gaps.push({ rule: "empty-layer", severity: "warning", layer: l.id, message: `The layer ${l.name} has no notes` });
      }
    }
    const b = est.layers.find((l) => l.id === est.bottleneck);
    if (b && b.remainingTokens > 0) {
      gaps.push({
        rule: "bottleneck-layer",
        severity: "info",
        layer: b.id,
        remainingTokens: b.remainingTokens,
        remainingPages: b.remainingPages,
        message: `${b.name} is the bottleneck: ${formatPercent(b.coverage)} covered, ${formatCompact(b.remainingTokens)} tokens (${formatCompact(b.remainingPages)} pages) still needed`,
      });
    }
    const notes = this.slots.filter((s) => s.record).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const s of notes) {
      gaps.push(...s.record!.gaps);
      gaps.push(...this.derivedGaps(s));
    }
    const ghostGaps: Gap[] = [];
    for (const key of this.ghosts.keys()) {
      const g = this.ghostGap(key);
      if (g) ghostGaps.push(g);
    }
    ghostGaps.sort((a, b) => b.referrers! - a.referrers! || (a.target! < b.target! ? -1 : 1));
    gaps.push(...ghostGaps, ...this.cycleGaps());
    return gaps;
  }
}

function worst(gaps: readonly { severity: Severity }[]): Severity | null {
  let w: Severity | null = null;
  for (const g of gaps) if (w === null || SEVERITY_RANK[g.severity] > SEVERITY_RANK[w]) w = g.severity;
  return w;
}
