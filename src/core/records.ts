import { LAYER_NAMES_RU } from "./defaults";
import type {
  Gap,
  Kind,
  LayerSource,
  LinkResolver,
  NoteRecord,
  ParsedNote,
  QualitySource,
  RecordLink,
  Settings,
  VolumeSource,
} from "./types";
import { clip, editDistance, isPresent, nearest, own, quotedValue, scalarText, shownValue, toNumber, toText, toTextList } from "./values";

/**
 * Parsed note + settings → note record (spec §2): the layer, kind, volume, quality, domain, module, facets,
 * links and prerequisites of one note, and the gaps that reading it alone reveals. Both adapters (the
 * Obsidian metadata cache and the CLI's Markdown reader) feed the same function, so they cannot disagree.
 */

/** The frontmatter key that marks the plugin's own report note (never counted as part of the curriculum). */
export const REPORT_MARKER = "knowledge-layers-report";

const CYRILLIC_LANGS = new Set(["ru", "uk", "be"]);
/** The volume properties, in the order the first declared one counts. */
const VOLUME_UNITS = ["tokens", "words", "pages", "books"] as const;
const KIND_WORDS: ReadonlyMap<string, Kind> = new Map([
  ["concept", "concept"],
  ["concepts", "concept"],
  ["понятие", "concept"],
  ["source", "source"],
  ["sources", "source"],
  ["источник", "source"],
  ["check", "check"],
  ["checks", "check"],
  ["проверка", "check"],
]);

/** One lower-cased way of naming a layer, for the "did you mean" suggestion. */
export interface LayerSpelling {
  spelling: string;
  id: string;
  /** The layer's index (ties go to the lower layer). */
  index: number;
}

/** A folder rule (`folderLayers`), its folder ready for `startsWith`: with a trailing `/`, as written and lower-cased. */
export interface FolderRule {
  folder: string;
  lower: string;
  layer: string;
}

/** Settings prepared once for reading many notes. */
export interface RecordContext {
  settings: Settings;
  /** Lower-cased id, name, alias (and Russian name of a default layer) → layer id. */
  layerNames: Map<string, string>;
  /** Every spelling a user may mean, for the "did you mean" suggestion. */
  layerSpellings: LayerSpelling[];
  sourceTypes: Map<string, number>;
  /** Folder rules other than the root's, longest folder (as written) first: tried in the note path's exact case. */
  folders: FolderRule[];
  /** The same rules, longest lower-cased folder first: tried case-insensitively when no rule matches in exact case. */
  foldersLower: FolderRule[];
  /** The root rule's layer (folder `""` or `/`): the layer of every note that no other rule places. */
  rootLayer: string | null;
  layerTag: string;
  facetTag: string;
  checkTag: string;
}

export function recordContext(settings: Settings): RecordContext {
  const layerNames = new Map<string, string>();
  const add = (name: string, id: string) => {
    const key = name.trim().toLowerCase();
    if (key && !layerNames.has(key)) layerNames.set(key, id);
  };
  for (const l of settings.layers) add(l.id, l.id);
  for (const l of settings.layers) {
    add(l.name, l.id);
    for (const a of l.aliases) add(a, l.id);
    const ru = LAYER_NAMES_RU[l.id];
    if (ru) add(ru, l.id);
  }
  const layerIndex = new Map(settings.layers.map((l, i) => [l.id, i]));
  // Ties in length are broken by the folder as written, so the order the rules were listed in never matters.
  const byFolder = (a: FolderRule, b: FolderRule) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0);
  const folders: FolderRule[] = [];
  let rootLayer: string | null = null;
  for (const [key, layer] of Object.entries(settings.folderLayers)) {
    const folder = trimSlashes(key);
    if (folder === "") rootLayer = layer;
    else folders.push({ folder: folder + "/", lower: folder.toLowerCase() + "/", layer });
  }
  folders.sort((a, b) => b.folder.length - a.folder.length || byFolder(a, b));
  const foldersLower = folders.slice().sort((a, b) => b.lower.length - a.lower.length || byFolder(a, b));
  return {
    settings,
    layerNames,
    layerSpellings: [...layerNames].map(([spelling, id]) => ({ spelling, id, index: layerIndex.get(id) ?? 0 })),
    sourceTypes: new Map(Object.entries(settings.sourceTypes).map(([k, v]) => [k.toLowerCase(), v])),
    folders,
    foldersLower,
    rootLayer,
    layerTag: `#${settings.tagPrefix.toLowerCase()}/`,
    facetTag: `#${settings.facetTagPrefix.toLowerCase()}/`,
    checkTag: `#${settings.checkTag.toLowerCase()}`,
  };
}

/** True for the plugin's own report note, which is never part of the curriculum. */
export function isReportNote(parsed: ParsedNote): boolean {
  const marker = own(parsed.frontmatter, REPORT_MARKER);
  return marker === true || marker === "true";
}

/** The note's title: its file name without folder and `.md`. */
export function titleOf(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  return base.toLowerCase().endsWith(".md") ? base.slice(0, -3) : base;
}

/** Drops the subpath of a link: `a#h` → `a`, `a#^block` → `a`, `#h` → ``. `.md` is kept when written. */
export function linkTarget(link: string): string {
  const hash = link.indexOf("#");
  return (hash < 0 ? link : link.slice(0, hash)).trim();
}

/**
 * The target of one `requires` text: `[[Note]]`, `[[Note|alias]]`, `[text](Note.md)` or a bare `Note`, subpath
 * dropped; the first link's when the text holds several (`prerequisiteTargets` gives them all).
 */
export function prerequisiteTarget(value: string): string | null {
  const out: string[] = [];
  readRequiresText(value, false, out);
  return out.length ? out[0] : null;
}

/**
 * The link targets of a `requires` value (spec §2: a list of links), in order, each as `linkTarget` gives it:
 * - a text: each wikilink (`[[a#h|b]]` → `a`, `![[a]]` → `a`) and internal Markdown link (`[t](a%20b.md)` →
 *   `a b.md`; an external URL is no note) inside it, so `"[[f]] and [[g]]"` gives `f` and `g`; a text without
 *   link syntax is one link path as written (`e2`, `Notes/e2.md`);
 * - a list: each element's. A wikilink written without quotes is read by YAML as a list in a list (`requires:
 *   [[d]]` is `[["d"]]`, a block item `- [[d]]` is `[[["d"]]]`, `[[a], [b]]` is `[["a"], ["b"]]`): the texts of
 *   such nested lists are the wikilinks' contents.
 * Anything else (numbers, booleans, objects, lists nested deeper) names no prerequisite. The CLI's reader and
 * Obsidian give the same YAML value, so the CLI and the plugin agree.
 */
export function prerequisiteTargets(value: unknown): string[] {
  const out: string[] = [];
  readRequires(value, out);
  return out;
}

/** How deep a `requires` list is searched for unquoted wikilinks: `[[d]]` as the value (1), or as a block item (2). */
const MAX_REQUIRES_NESTING = 2;

function readRequires(value: unknown, out: string[]): void {
  if (typeof value === "string") readRequiresText(value, false, out);
  else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === "string") readRequiresText(item, false, out);
      else if (Array.isArray(item)) readUnquotedWikilinks(item, 1, out);
    }
  }
}

/** The texts of a list YAML made of an unquoted wikilink (`[[d]]`), each a wikilink's content. */
function readUnquotedWikilinks(list: readonly unknown[], depth: number, out: string[]): void {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (typeof item === "string") readRequiresText(item, true, out);
    else if (Array.isArray(item) && depth < MAX_REQUIRES_NESTING) readUnquotedWikilinks(item, depth + 1, out);
  }
}

/**
 * The targets of the links inside `text`; when it holds none, `text` itself as one link path (`wikiContent`: as
 * the inside of a wikilink, so `a|alias` is `a`). Linear in the text's length, whatever it holds.
 */
function readRequiresText(text: string, wikiContent: boolean, out: string[]): void {
  // The next `]]`, `]` and `)`: each looked for once and reused while it is still ahead of the `[` being read, so
  // no character is searched twice (-2: not looked for yet; -1: there is none).
  let wikiClose = -2;
  let bracketClose = -2;
  let parenClose = -2;
  let found = false;
  let i = 0;
  for (;;) {
    const open = text.indexOf("[", i);
    if (open < 0) break;
    if (text.charCodeAt(open + 1) === 0x5b /* [ */) {
      if (wikiClose !== -1 && wikiClose < open + 2) wikiClose = text.indexOf("]]", open + 2);
      if (wikiClose >= 0) {
        // `[[a [[b]]`: the innermost opening counts.
        const start = text.lastIndexOf("[[", wikiClose - 1) + 2;
        const content = text.slice(start, wikiClose);
        i = wikiClose + 2;
        if (content.includes("\n")) continue;
        found = true;
        pushWikiTarget(content, out);
        continue;
      }
    }
    if (bracketClose !== -1 && bracketClose < open + 1) bracketClose = text.indexOf("]", open + 1);
    if (bracketClose < 0) break;
    i = open + 1;
    if (text.charCodeAt(bracketClose + 1) !== 0x28 /* ( */) continue;
    if (parenClose !== -1 && parenClose < bracketClose + 2) parenClose = text.indexOf(")", bracketClose + 2);
    if (parenClose < 0) continue;
    const destination = text.slice(bracketClose + 2, parenClose);
    if (destination.includes("\n")) continue;
    i = parenClose + 1;
    found = true;
    pushMarkdownTarget(destination, out);
  }
  if (found) return;
  if (wikiContent) pushWikiTarget(text, out);
  else {
    const target = linkTarget(text);
    if (target !== "") out.push(target);
  }
}

/** A wikilink's content → its target: the part before `|` (a table's `\|` too), subpath dropped. */
function pushWikiTarget(content: string, out: string[]): void {
  const bar = content.indexOf("|");
  let end = bar < 0 ? content.length : bar;
  if (bar > 0 && content.charCodeAt(bar - 1) === 0x5c /* \ */) end--;
  const target = linkTarget(end === content.length ? content : content.slice(0, end));
  if (target !== "") out.push(target);
}

/** A URL's scheme (`https:`, `mailto:`, `obsidian:`) or a protocol-relative `//`: not a note in the vault. */
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** A Markdown link's destination → its target: `<…>` unwrapped, percent-decoded, subpath dropped; none for a URL. */
function pushMarkdownTarget(destination: string, out: string[]): void {
  let v = destination.trim();
  if (v.charCodeAt(0) === 0x3c /* < */ && v.charCodeAt(v.length - 1) === 0x3e /* > */) v = v.slice(1, -1);
  if (EXTERNAL.test(v)) return;
  try {
    v = decodeURI(v);
  } catch {
    // keep the text as written when it is not valid percent-encoding
  }
  const target = linkTarget(v);
  if (target !== "") out.push(target);
}

export function buildRecord(parsed: ParsedNote, ctx: RecordContext, resolve: LinkResolver): NoteRecord {
  const { settings } = ctx;
  const props = settings.properties;
  const fm = parsed.frontmatter;
  const path = parsed.path;
  const gaps: Gap[] = [];
  const noteGap = (rule: Gap["rule"], severity: Gap["severity"], message: string, extra: Partial<Gap> = {}) =>
    gaps.push({ rule, severity, path, message, ...extra });

  // Indexed loops throughout: a vault's records are built once, mostly before the optimiser has reached this
  // function, and every step of an unoptimised for-of (or destructuring) allocates.
  for (let i = 0; i < parsed.errors.length; i++) noteGap("unreadable", "error", `Cannot read ${path}: ${parsed.errors[i]}`);

  // ── Layer: frontmatter, else a tag, else the longest folder rule.
  let layer: string | null = null;
  let layerSource: LayerSource | null = null;
  const rawLayer = own(fm, props.layer);
  if (isPresent(rawLayer)) {
    // One value, or a list whose first element decides (spec §2). A string is one value: unlike tag-like properties
    // (facets), `layer: facts, logic` is not split on commas, and names no layer. Blank list elements name nothing.
    const items: readonly unknown[] = Array.isArray(rawLayer) ? rawLayer : [rawLayer];
    let first: { id: string | null; text: string; scalar: boolean } | null = null;
    // Each element counts once: by the layer it names, else by its text (`facts`, `Fact` and `Facts` are one).
    // (Only a list can name several: a single value, nearly every note, allocates no set.)
    const seen = items.length > 1 ? new Set<string>() : null;
    const named: string[] = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (!isPresent(item)) continue;
      const scalar = scalarText(item);
      const id = scalar === null ? null : ctx.layerNames.get(scalar.toLowerCase()) ?? null;
      const text = scalar ?? shownValue(item);
      if (first === null) first = { id, text, scalar: scalar !== null };
      if (seen === null) continue;
      const key = id !== null ? `id:${id}` : `text:${text.toLowerCase()}`;
      if (!seen.has(key)) {
        seen.add(key);
        named.push(id ?? text);
      }
    }
    if (first !== null && first.id !== null) {
      layer = first.id;
      layerSource = "frontmatter";
    } else if (first !== null) {
      // A list or an object where a name belongs (`layer: [[facts]]`, `layer: {a: 1}`) is shown as written.
      const what = first.scalar ? `"${clip(first.text)}" is not a layer` : `${props.layer}: ${shownValue(rawLayer)} is not a layer name`;
      const suggestion = nearestLayer(ctx, first.scalar ? first.text : first.text.replace(/[[\]{}]/g, " "));
      noteGap("unknown-layer", "warning", `${what}${suggestion !== null ? `; did you mean "${suggestion}"?` : ""}`, suggestion !== null ? { suggestion } : {});
    }
    if (seen !== null && seen.size > 1) {
      const listed = named.slice(0, 5).map((n) => clip(n, 40)).join(", ") + (named.length > 5 ? ", …" : "");
      noteGap("conflicting-layer", "warning", `The ${props.layer} property lists several layers (${listed}); the first counts`);
    }
  }
  const tagLayers: string[] = [];
  const tags = parsed.tags;
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i];
    const lower = tag.toLowerCase();
    if (!lower.startsWith(ctx.layerTag)) continue;
    const value = lower.slice(ctx.layerTag.length).split("/")[0];
    const id = ctx.layerNames.get(value) ?? null;
    if (id === null) {
      if (value) {
        const suggestion = nearestLayer(ctx, value);
        noteGap("unknown-layer", "warning", `${clip(tag)} names no layer${suggestion !== null ? `; did you mean "${suggestion}"?` : ""}`, suggestion !== null ? { suggestion } : {});
      }
    } else if (!tagLayers.includes(id)) tagLayers.push(id);
  }
  if (tagLayers.length) {
    if (layer !== null) {
      const others = tagLayers.filter((id) => id !== layer);
      if (others.length) noteGap("conflicting-layer", "warning", `The ${props.layer} property says ${layer} but a tag says ${others.join(", ")}; the property wins`);
    } else {
      layer = tagLayers[0]!;
      layerSource = "tag";
      if (tagLayers.length > 1) noteGap("conflicting-layer", "warning", `Tags name several layers (${tagLayers.join(", ")}); the first counts`);
    }
  }
  if (layer === null) {
    layer = folderLayer(ctx, path);
    if (layer !== null) layerSource = "folder";
  }
  // ── Volume: the first declared of tokens, words, pages, books; else the note's own text.
  let tokens: number | null = null;
  let volume: VolumeSource = "body";
  let declaresVolume = false;
  const lang = toText(own(fm, props.lang))?.toLowerCase().split(/[-_]/)[0] ?? "";
  const perWord = CYRILLIC_LANGS.has(lang) ? settings.tokensPerWordCyrillic : settings.tokensPerWord;
  for (let u = 0; u < VOLUME_UNITS.length; u++) {
    const source = VOLUME_UNITS[u];
    const key = props[source];
    const raw = own(fm, key);
    if (!isPresent(raw)) continue;
    declaresVolume = true;
    const n = toNumber(raw);
    const perUnit = source === "tokens" ? 1 : source === "words" ? perWord : source === "pages" ? settings.pageTokens : settings.bookTokens;
    if (n === null || n < 0) {
      noteGap("invalid-volume", "warning", `${key}: ${quotedValue(raw)} is not a number ≥ 0; the note's own text counts instead`);
    } else if (!Number.isFinite(n * perUnit)) {
      // Finite, but its tokens are not (`books: 1e305` × 100,000): as invalid as Infinity itself.
      noteGap("invalid-volume", "warning", `${key}: ${quotedValue(raw)} is too large (${n} × ${perUnit} tokens is beyond any number); the note's own text counts instead`);
    } else {
      tokens = n * perUnit;
      volume = source;
    }
    break;
  }
  if (tokens === null) {
    if (parsed.exactTokens !== undefined) {
      tokens = parsed.exactTokens;
      volume = "exact";
    } else {
      tokens = parsed.words.latin * settings.tokensPerWord + parsed.words.cyrillic * settings.tokensPerWordCyrillic;
    }
  }

  // ── Quality: the property, else the source type's weight, else the default.
  let quality = settings.defaultQuality;
  let qualitySource: QualitySource = "default";
  const sourceType = toText(own(fm, props.sourceType))?.toLowerCase() ?? null;
  const rawQuality = own(fm, props.quality);
  let qualityDone = false;
  if (isPresent(rawQuality)) {
    const q = toNumber(rawQuality);
    if (q === null || q < 0 || q > 1) {
      noteGap("invalid-quality", "warning", `${props.quality}: ${quotedValue(rawQuality)} is not a number from 0 to 1`);
    } else {
      quality = q;
      qualitySource = "quality";
      qualityDone = true;
    }
  }
  if (sourceType !== null) {
    const weight = ctx.sourceTypes.get(sourceType);
    if (weight === undefined) {
      const suggestion = nearest(sourceType, ctx.sourceTypes.keys());
      noteGap(
        "unknown-source-type",
        "warning",
        `${props.sourceType} "${clip(sourceType)}" has no quality weight${suggestion ? `; did you mean "${suggestion}"?` : ""}; the default quality counts`,
        suggestion ? { suggestion } : {},
      );
    } else if (!qualityDone) {
      quality = weight;
      qualitySource = "source-type";
    }
  }

  // ── Kind: the property, else the check tag, else a declared volume or source type makes a source.
  let kind: Kind | null = null;
  const rawKind = toText(own(fm, props.kind));
  if (rawKind !== null) kind = KIND_WORDS.get(rawKind.toLowerCase()) ?? null;
  if (kind === null && tags.some((t) => isTagOrChild(t.toLowerCase(), ctx.checkTag))) kind = "check";
  if (kind === null && (declaresVolume || sourceType !== null)) kind = "source";
  if (kind === null) kind = "concept";

  // ── Domain, module, facets.
  const domainText = toText(own(fm, props.domain));
  const domain = domainText === null ? null : trimSlashes(domainText) || null;
  const module = toText(own(fm, props.module));
  const facets: string[] = [];
  // A short list is searched; a long one gets a set beside it (a facets property of 100,000 items must not cost
  // 100,000² comparisons), made only then: most notes have a facet or two, and this runs for every note.
  let facetSet: Set<string> | null = null;
  const addFacet = (f: string) => {
    const id = f.trim().replace(/^#/, "").toLowerCase();
    if (!id) return;
    if (facetSet !== null) {
      if (facetSet.has(id)) return;
      facetSet.add(id);
    } else if (facets.includes(id)) return;
    else if (facets.length >= 16) facetSet = new Set(facets).add(id);
    facets.push(id);
  };
  for (let i = 0; i < tags.length; i++) {
    const lower = tags[i].toLowerCase();
    if (lower.startsWith(ctx.facetTag)) addFacet(lower.slice(ctx.facetTag.length).split("/")[0]);
  }
  if (fm !== null) {
    const listed = toTextList(own(fm, props.facet)).concat(toTextList(own(fm, props.facets)));
    for (let i = 0; i < listed.length; i++) addFacet(listed[i]);
  }

  // ── Links and prerequisites.
  const links: RecordLink[] = parsed.links.map((l) => {
    const target = linkTarget(l.link);
    return { target, resolved: resolve(target, path) };
  });
  const requires: RecordLink[] = [];
  const rawRequires = own(fm, props.requires);
  if (rawRequires !== undefined && rawRequires !== null) {
    // Resolved after the links, one answer per target, in order (the batch numbers the answers so).
    const targets = prerequisiteTargets(rawRequires);
    for (let i = 0; i < targets.length; i++) requires.push({ target: targets[i], resolved: resolve(targets[i], path) });
  }

  if (layer !== null) for (let i = 0; i < gaps.length; i++) gaps[i].layer = layer;

  return {
    path,
    title: titleOf(path),
    layer,
    kind,
    tokens,
    quality,
    effectiveTokens: tokens * quality,
    domain,
    module,
    facets,
    tags: parsed.tags,
    links,
    requires,
    gaps,
    why: { layer: layerSource, volume, quality: qualitySource, sourceType },
  };
}

/**
 * The layer of the longest folder rule that matches `path` in its exact case; else of the longest that matches it
 * case-insensitively (`concepts` places `Concepts/x.md`); else the root rule's. So with folders `A/` and `a/`, the
 * rules `A` and `a` each place their own folder, whichever is listed first. Allocates only when no rule matches in
 * exact case.
 */
export function folderLayer(ctx: RecordContext, path: string): string | null {
  const { folders, foldersLower } = ctx;
  for (let i = 0; i < folders.length; i++) if (path.startsWith(folders[i].folder)) return folders[i].layer;
  if (foldersLower.length) {
    const lower = path.toLowerCase();
    for (let i = 0; i < foldersLower.length; i++) if (lower.startsWith(foldersLower[i].lower)) return foldersLower[i].layer;
  }
  return ctx.rootLayer;
}

function isTagOrChild(tag: string, base: string): boolean {
  return tag === base || tag.startsWith(base + "/");
}

/** How much of a long value the edit distance looks at (a 2 MB value must not cost 2 MB × every spelling). */
const MAX_SUGGESTION_PROBE = 100;

/**
 * The layer id a value that names no layer most likely means (spec §2: "the nearest id as suggestion"); null only
 * when there are no layers. First a layer one of whose spellings (id, name, alias, Russian name) starts with the
 * value or begins it (`strat` → strategies, `meta-level` → paradoxes via `meta`; the longest such match wins), else
 * the smallest edit distance to any spelling (case-insensitive). Ties go to the lower layer.
 */
export function nearestLayer(ctx: RecordContext, value: string): string | null {
  const spellings = ctx.layerSpellings;
  const v = value.trim().toLowerCase();
  let best: LayerSpelling | null = null;
  if (v !== "") {
    let bestMatched = 0;
    for (let i = 0; i < spellings.length; i++) {
      const s = spellings[i];
      const matched = s.spelling.startsWith(v) ? v.length : v.startsWith(s.spelling) ? s.spelling.length : 0;
      if (matched === 0) continue;
      if (best === null || matched > bestMatched || (matched === bestMatched && s.index < best.index)) {
        best = s;
        bestMatched = matched;
      }
    }
    if (best !== null) return best.id;
  }
  const probe = v.length > MAX_SUGGESTION_PROBE ? v.slice(0, MAX_SUGGESTION_PROBE) : v;
  let bestDistance = Infinity;
  for (let i = 0; i < spellings.length; i++) {
    const s = spellings[i];
    const d = editDistance(probe, s.spelling, bestDistance);
    if (best === null || d < bestDistance || (d === bestDistance && s.index < best.index)) {
      best = s;
      bestDistance = d;
    }
  }
  return best === null ? null : best.id;
}

/** `text` without leading and trailing slashes, in linear time (a regex for both ends is quadratic on `a////…/a`). */
function trimSlashes(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === 0x2f) start++;
  while (end > start && text.charCodeAt(end - 1) === 0x2f) end--;
  return text.slice(start, end);
}

/** Whether a note is in a domain scope: its domain is `scope` or nested under it (case-insensitive). */
export function inDomain(domain: string | null, scope: string | null): boolean {
  if (scope === null || scope === "") return true;
  if (domain === null) return false;
  const d = domain.toLowerCase();
  const s = trimSlashes(scope.toLowerCase());
  return d === s || d.startsWith(s + "/");
}
