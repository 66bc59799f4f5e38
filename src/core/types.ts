/**
 * The vocabulary of Knowledge Layers, shared by the core, both adapters, the drawing and the report.
 *
 *   vault files ──► parsed notes ──► note records ──► index ──► analysis (graph · gaps · estimate) ──► report
 *
 * Nothing in src/core imports `obsidian` or touches the DOM.
 */

export type Kind = "concept" | "source" | "check";
export const KINDS: readonly Kind[] = ["concept", "source", "check"];

export type Severity = "error" | "warning" | "info";

export type GapRuleId =
  | "empty-layer"
  | "bottleneck-layer"
  | "ungrounded"
  | "unresolved-link"
  | "orphan"
  | "unsupported"
  | "missing-facet"
  | "unverified"
  | "unknown-layer"
  | "conflicting-layer"
  | "invalid-volume"
  | "invalid-quality"
  | "unknown-source-type"
  | "inverted-prerequisite"
  | "prerequisite-cycle"
  | "unreadable";

/** A finding about the curriculum (spec §5). Gaps are data, never exceptions. */
export interface Gap {
  rule: GapRuleId;
  severity: Severity;
  /** The layer id the gap is about (the note's layer for note gaps). */
  layer?: string;
  /** The note the gap is about (for `unresolved-link`: the first referrer). */
  path?: string;
  /** The missing link target (`unresolved-link`) or the prerequisite (`inverted-prerequisite`). */
  target?: string;
  message: string;
  /** `missing-facet`: the facet id. */
  facet?: string;
  /** `unknown-layer`, `unknown-source-type`: the nearest known id. */
  suggestion?: string;
  /** `unresolved-link`: how many notes link to the missing target. */
  referrers?: number;
  /** `prerequisite-cycle`: the paths of the cycle, in `requires` order. */
  cycle?: string[];
  /** `bottleneck-layer`: the layer's remaining volume. */
  remainingTokens?: number;
  remainingPages?: number;
}

// ───────────────────────────── Adapter output: a parsed note ─────────────────────────────

export type LinkSource = "body" | "embed" | "frontmatter";

/** One link occurrence, as Obsidian's metadata cache reports it. */
export interface ParsedLink {
  /** Obsidian's `link`: the link path with its subpath, e.g. `note#heading`, `file.md`, `#heading`. */
  link: string;
  source: LinkSource;
  /** Frontmatter links only: the property key, `key` or `key.N` for the N-th list item (as Obsidian does). */
  key?: string;
}

/** Word counts of a note's own text (the body without frontmatter, code blocks and comments). */
export interface WordCounts {
  /** Words with no Cyrillic letter (counted at `tokensPerWord`). */
  latin: number;
  /** Words with a Cyrillic letter (counted at `tokensPerWordCyrillic`). */
  cyrillic: number;
}

/**
 * What an adapter (the Obsidian metadata cache, or the CLI's Markdown reader) extracts from one file,
 * before any setting is applied. Both adapters must produce the same value for the same file.
 */
export interface ParsedNote {
  /** Vault-relative path with forward slashes, e.g. `Biomechanics/Ground reaction force.md`. */
  path: string;
  /** The parsed frontmatter (a plain object), or null when there is none or it does not parse. */
  frontmatter: Record<string, unknown> | null;
  /** Tags as Obsidian's `getAllTags` gives them: `#tag`, frontmatter tags first, then body tags in order. */
  tags: string[];
  /** Links in the order body/embeds by position, then frontmatter links. */
  links: ParsedLink[];
  /** Word counts of the own text; used only when the note declares no volume. */
  words: WordCounts;
  /** Exact token count of the own text, when the caller has a real tokenizer (CLI `--exact-tokens`). */
  exactTokens?: number;
  /** Why the file or its frontmatter could not be read (each becomes an `unreadable` gap). */
  errors: string[];
}

/** Resolves a link path (subpath already dropped) from a source note to a vault path, or null. */
export type LinkResolver = (linkpath: string, sourcePath: string) => string | null;

/**
 * A resolver that numbers the paths it knows (the CLI's): each is `paths[n]` for its number n. A batch of records built
 * with it can then hand its links to the index as numbers (see `RecordBatch`), so the index need not look every
 * link's path up.
 */
export interface NumberedResolver extends LinkResolver {
  /**
   * While `into` is a list, every answer's number is pushed onto it (-1 when the answer is null or a path the
   * resolver does not know); null stops that.
   */
  logNumbers(into: number[] | null): void;
  /** The number of a path the resolver knows, or -1. */
  numberOfPath(path: string): number;
  /** The paths by number. */
  readonly paths: readonly string[];
}

// ───────────────────────────── Note records ─────────────────────────────

export interface RecordLink {
  /** The link's path as written: subpath after `#` dropped, `.md` kept if written. */
  target: string;
  /** The vault path it resolves to, or null when no file matches. */
  resolved: string | null;
}

export type LayerSource = "frontmatter" | "tag" | "folder";
export type VolumeSource = "tokens" | "words" | "pages" | "books" | "body" | "exact";
export type QualitySource = "quality" | "source-type" | "default";

/** One note with every setting applied: what it contributes, and why (spec §2, §6). */
export interface NoteRecord {
  path: string;
  /** The file's basename without `.md`. */
  title: string;
  /** A layer id, or null when the note is untagged. */
  layer: string | null;
  kind: Kind;
  tokens: number;
  quality: number;
  effectiveTokens: number;
  domain: string | null;
  module: string | null;
  facets: string[];
  tags: string[];
  links: RecordLink[];
  /** The `requires` property's links (typed prerequisite edges). */
  requires: RecordLink[];
  /** Gaps found while reading the note alone (unknown-layer, invalid-volume, unreadable, …). */
  gaps: Gap[];
  /** Why the note counts as it does. */
  why: {
    layer: LayerSource | null;
    volume: VolumeSource;
    quality: QualitySource;
    sourceType: string | null;
  };
}

// ───────────────────────────── Settings ─────────────────────────────

export interface LayerDef {
  id: string;
  name: string;
  aliases: string[];
  share: number;
}

export interface LevelDef {
  id: string;
  name: string;
  tokens: number;
}

/** The frontmatter property names the reader looks at (all configurable). */
export interface PropertyNames {
  layer: string;
  kind: string;
  tokens: string;
  words: string;
  pages: string;
  books: string;
  quality: string;
  sourceType: string;
  domain: string;
  module: string;
  facet: string;
  facets: string;
  requires: string;
  lang: string;
}

export interface Settings {
  /** Ordered from foundations (index 0) to meta. */
  layers: LayerDef[];
  /** Ordered ascending by tokens. */
  levels: LevelDef[];
  /** A level id, or a number of tokens. */
  target: string | number;
  pageTokens: number;
  bookTokens: number;
  tokensPerWord: number;
  /** Tokens per word for Cyrillic words and for notes whose `lang` is ru/uk/be. */
  tokensPerWordCyrillic: number;
  defaultQuality: number;
  sourceTypes: Record<string, number>;
  facets: string[];
  /** Folder path → layer id; the longest matching folder wins. */
  folderLayers: Record<string, string>;
  /** Folder paths left out of the index. */
  exclude: string[];
  /** Tag prefix for layers: `layer` reads `#layer/<x>`. */
  tagPrefix: string;
  /** Tag prefix for facets: `facet` reads `#facet/<id>`. */
  facetTagPrefix: string;
  /** The tag that makes a note a check: `check` reads `#check`. */
  checkTag: string;
  properties: PropertyNames;
  /** Where the plugin writes the report note. */
  reportPath: string;
}

// ───────────────────────────── Analysis ─────────────────────────────

export interface NoteCounts {
  concept: number;
  source: number;
  check: number;
}

export interface EstimateFigures {
  rawTokens: number;
  effectiveTokens: number;
  targetTokens: number;
  remainingTokens: number;
  remainingPages: number;
  coverage: number;
}

export interface LayerEstimate extends EstimateFigures {
  id: string;
  name: string;
  index: number;
  notes: NoteCounts;
}

export type FeedingMethod = "in-context" | "rag+lora" | "continued-pretraining" | "pretraining";

export interface ModuleEstimate {
  id: string;
  notes: number;
  rawTokens: number;
  effectiveTokens: number;
  feeding: FeedingMethod;
  computeOptimalParams: number;
}

/** The JSON report of spec §6. */
export interface Report {
  version: 1;
  scope: { domain: string | null };
  target: { id: string | null; tokens: number };
  layers: LayerEstimate[];
  total: EstimateFigures & { notes: NoteCounts };
  levelReached: string | null;
  bottleneck: string | null;
  feeding: FeedingMethod;
  computeOptimalParams: number;
  modules: ModuleEstimate[];
  facets: Record<string, Record<string, number>>;
  gaps: Gap[];
  untagged: number;
}

// ───────────────────────────── Graph (input of the layout and the drawing) ─────────────────────────────

export type NodeKind = Kind | "ghost";
export type EdgeType = "link" | "requires";

export interface GraphNode {
  /** The note's path; for a ghost node, the missing link target as written. */
  id: string;
  title: string;
  kind: NodeKind;
  /** Index of the node's layer in `Graph.layers` (a ghost takes its lowest referrer's layer). */
  layer: number;
  tokens: number;
  quality: number;
  effectiveTokens: number;
  domain: string | null;
  module: string | null;
  facets: string[];
  /** The rules of the gaps about this note (for colour and hover). */
  gaps: { rule: GapRuleId; severity: Severity; message: string }[];
  /** The worst severity among `gaps`, or null. */
  severity: Severity | null;
}

/** One edge, as the graph's JSON writes it (see `graphJson`). */
export interface GraphEdge {
  /** Index into `Graph.nodes`. */
  source: number;
  target: number;
  type: EdgeType;
}

/**
 * The graph's edges as parallel arrays: edge e runs from node `source[e]` to node `target[e]` (indices into
 * `Graph.nodes`). A large vault has hundreds of thousands of edges; as objects they were the largest part of the
 * graph's memory and of the garbage collector's work in building it.
 */
export interface GraphEdges {
  readonly length: number;
  readonly source: Int32Array;
  readonly target: Int32Array;
  /** 1 where edge e is a prerequisite (`requires`), 0 where it is a link. */
  readonly requires: Uint8Array;
}

export interface GraphLayer {
  id: string;
  name: string;
  index: number;
  coverage: number;
  remainingPages: number;
  remainingTokens: number;
}

/** The layered concept graph: layered notes, ghost nodes for missing targets, typed edges. */
export interface Graph {
  layers: GraphLayer[];
  nodes: GraphNode[];
  edges: GraphEdges;
}

/** A graph as JSON holds it (an exported page's data): the same, with one object per edge. */
export interface GraphJson {
  layers: GraphLayer[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}
