import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ParsedNote } from "../src/core/types";
import { prng } from "./prng";

/**
 * Synthetic layered vaults for the benchmarks: `n` notes across six layers, about `linksPerNote` links each
 * (mostly to the layer below, some sideways, some to missing notes), kinds 70/20/10 concept/source/check,
 * a few facets, domains and modules. Seeded, so every run measures the same vault.
 */

const LAYERS = ["concepts", "structures", "facts", "logic", "strategies", "paradoxes"];
const FACETS = ["causality", "edge-case", "counterexample", "detail", "synthesis"];
const MODULES = ["reasoning", "metaphors", "calculation"];
const WORDS = "force impulse stiffness cadence stride tendon loading economy joint moment ground reaction energy elastic muscle bone".split(" ");

export interface SyntheticNote {
  path: string;
  frontmatter: Record<string, unknown>;
  tags: string[];
  links: string[];
  words: number;
}

export function syntheticNotes(n: number, linksPerNote = 4, seed = 42): SyntheticNote[] {
  const rand = prng(seed);
  const perLayer = Math.ceil(n / LAYERS.length);
  const notes: SyntheticNote[] = [];
  for (let i = 0; i < n; i++) {
    const layer = Math.min(LAYERS.length - 1, Math.floor(i / perLayer));
    const r = rand();
    const kind = r < 0.7 ? "concept" : r < 0.9 ? "source" : "check";
    const frontmatter: Record<string, unknown> = { layer: LAYERS[layer] };
    if (kind === "source") {
      frontmatter["source-type"] = ["textbook", "paper", "review", "forum", "lecture"][Math.floor(rand() * 5)];
      frontmatter.pages = 10 + Math.floor(rand() * 500);
    }
    if (kind === "check") frontmatter.kind = "check";
    if (rand() < 0.5) frontmatter.domain = rand() < 0.7 ? "sports/biomechanics" : "sports/physiology";
    if (rand() < 0.3) frontmatter.module = MODULES[Math.floor(rand() * MODULES.length)];
    const tags = rand() < 0.2 ? [`#facet/${FACETS[Math.floor(rand() * FACETS.length)]}`] : [];
    notes.push({ path: `L${layer}/note ${i}.md`, frontmatter, tags, links: [], words: 50 + Math.floor(rand() * 400) });
  }
  for (let i = 0; i < n; i++) {
    const layer = Math.min(LAYERS.length - 1, Math.floor(i / perLayer));
    const count = Math.max(1, Math.round(linksPerNote * (0.5 + rand())));
    for (let k = 0; k < count; k++) {
      const r = rand();
      let target: number;
      if (r < 0.02) {
        notes[i].links.push(`missing ${Math.floor(rand() * n)}`);
        continue;
      } else if (r < 0.7 && layer > 0) target = (layer - 1) * perLayer + Math.floor(rand() * perLayer);
      else if (r < 0.9) target = layer * perLayer + Math.floor(rand() * perLayer);
      else target = Math.floor(rand() * n);
      target = Math.min(n - 1, target);
      if (target !== i) notes[i].links.push(`note ${target}`);
    }
  }
  return notes;
}

/** The same notes as parsed notes (what either adapter hands to the core). */
export function toParsed(notes: readonly SyntheticNote[]): ParsedNote[] {
  return notes.map((s) => ({
    path: s.path,
    frontmatter: s.frontmatter,
    tags: s.tags,
    links: s.links.map((link) => ({ link, source: "body" as const })),
    words: { latin: s.words, cyrillic: 0 },
    errors: [],
  }));
}

/** Writes the notes as Markdown files; `padTo` pads each body with prose up to that many bytes. */
export function writeVault(dir: string, notes: readonly SyntheticNote[], padTo = 0, seed = 7): void {
  rmSync(dir, { recursive: true, force: true });
  const rand = prng(seed);
  const made = new Set<string>();
  for (const note of notes) {
    const folder = join(dir, note.path.slice(0, note.path.lastIndexOf("/")));
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    const fm = Object.entries(note.frontmatter)
      .map(([k, v]) => `${k}: ${typeof v === "string" ? JSON.stringify(v) : String(v)}`)
      .join("\n");
    const parts = [`---\n${fm}\n---\n`, `# ${note.path}\n`, note.tags.join(" ") + "\n"];
    let body = note.links.map((l) => `See [[${l}]] for the mechanism.`).join(" ") + "\n\n";
    const words: string[] = [];
    for (let i = 0; i < note.words; i++) words.push(WORDS[Math.floor(rand() * WORDS.length)]);
    body += words.join(" ") + ".\n";
    let text = parts.join("\n") + body;
    if (padTo > text.length) {
      const para: string[] = [];
      let size = text.length;
      while (size < padTo) {
        const sentence = Array.from({ length: 12 }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(" ") + ". ";
        para.push(sentence);
        size += sentence.length;
      }
      text += "\n" + para.join("") + "\n";
    }
    writeFileSync(join(dir, note.path), text);
  }
}
