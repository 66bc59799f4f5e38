import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readVault } from "../src/node/vault";
import { parseMarkdown } from "../src/reader/markdown";
import { createResolver, linkpathOf } from "../src/reader/resolve";
import { prng } from "./prng";
import { median, type BenchRow, type BenchSuite } from "./types";

/**
 * The CLI's reader, the part of spec §8's "CLI on a vault of 6,000 notes / 120 MB within 3× of merely reading its
 * files" that reads (the whole CLI run is measured in `core.ts`). Rows: parse throughput on realistic notes,
 * readVault on a realistic 6,000-note / 120 MB vault, merely walking and reading the same files, their ratio, and
 * link resolution.
 */

const ROOT = resolve(import.meta.dirname, "..");
const TMP = join(ROOT, ".bench-tmp");

export const readerBench: BenchSuite = async ({ quick }) => {
  const rows: BenchRow[] = [];
  const notes = quick ? 300 : 6000;
  const bytes = quick ? 6e6 : 120e6;
  const dir = join(TMP, `reader-vault-${notes}`);
  const written = writeReaderVault(dir, notes, bytes);
  const mb = written.bytes / 1e6;

  // Parse throughput over the same texts, already in memory.
  const texts = written.paths.map((p) => readFileSync(join(dir, p), "utf8"));
  const parseTimes: number[] = [];
  for (let run = 0; run < (quick ? 3 : 5); run++) {
    const start = performance.now();
    for (let i = 0; i < texts.length; i++) parseMarkdown(written.paths[i], texts[i]);
    parseTimes.push(performance.now() - start);
  }
  const parseMs = median(parseTimes.slice(1));
  rows.push({ name: "reader: parse throughput", value: round(mb / (parseMs / 1000)), unit: "MB/s", budget: null, note: `${notes} realistic notes, ${mb.toFixed(0)} MB in memory; aim ≥ 200` });

  // Walking and reading the files, then the full reader, alternating so both see the same cache state.
  const plain: number[] = [];
  const full: number[] = [];
  let read = await readVault(dir, {});
  for (let run = 0; run < (quick ? 3 : 5); run++) {
    let start = performance.now();
    plainRead(dir);
    plain.push(performance.now() - start);
    start = performance.now();
    read = await readVault(dir, {});
    full.push(performance.now() - start);
  }
  const plainMs = median(plain);
  const fullMs = median(full);
  const label = `${notes.toLocaleString("en")} notes / ${mb.toFixed(0)} MB`;
  rows.push({ name: `reader: walk + read files only, ${label}`, value: round(plainMs), unit: "ms", budget: null });
  rows.push({ name: `reader: readVault, ${label}`, value: round(fullMs), unit: "ms", budget: null, note: `${read.notes.length} notes` });
  // The reader's own share, in this process; the spec's budget (the whole CLI run against a plain read, as two
  // processes) is the core suite's row.
  rows.push({ name: "reader: readVault ÷ plain read (in process, one thread)", value: round(fullMs / plainMs), unit: "×", budget: null });

  // Resolving every link of the vault.
  const resolveTimes: number[] = [];
  let links = 0;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    const resolver = createResolver(read.files);
    links = 0;
    for (const note of read.notes) {
      for (const l of note.links) {
        resolver(linkpathOf(l.link), note.path);
        links++;
      }
    }
    resolveTimes.push(performance.now() - start);
  }
  rows.push({ name: `reader: build resolver + resolve ${links.toLocaleString("en")} links`, value: round(median(resolveTimes)), unit: "ms", budget: null });
  return rows;
};

/** What the CLI's baseline does without the reader: list the tree, read every file, decode it as UTF-8. */
export function plainRead(root: string): number {
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) stack.push(abs);
      else if (entry.isFile()) total += readFileSync(abs, "utf8").length;
    }
  }
  return total;
}

// ───────────────────────────── A realistic synthetic vault ─────────────────────────────

const EN = (
  "the of and to in is that for it as with was on be by this are from or an which at not but have has had were " +
  "force ground reaction sprint athlete muscle tendon joint velocity acceleration power strength training load " +
  "fatigue recovery injury knee ankle hip stiffness elastic energy stride frequency length contact time phase " +
  "coach session volume intensity week cycle adaptation model evidence study trial meta-analysis effect size " +
  "variable measure during between after before because therefore however although while when where each every " +
  "concept structure fact logic strategy paradox exception counterexample detail synthesis pattern cause outcome"
).split(" ");
const RU = (
  "и в не на что с по это как для из к от но за о же так то все его она они мы вы при бы до без через после " +
  "сила опора реакция спринт спортсмен мышца сухожилие сустав скорость ускорение мощность тренировка нагрузка " +
  "утомление восстановление травма колено голеностоп бедро жёсткость энергия шаг частота длина контакт фаза " +
  "тренер занятие объём интенсивность неделя цикл адаптация модель данные исследование эффект причина результат"
).split(" ");

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

function noteName(i: number): string {
  return `Note ${i}`;
}

function notePath(i: number): string {
  return `Layer ${i % 6}/Topic ${i % 40}/${noteName(i)}.md`;
}

function sentence(r: () => number, words: readonly string[], total: number): string {
  const n = 8 + Math.floor(r() * 18);
  const out: string[] = [];
  for (let w = 0; w < n; w++) {
    const roll = r();
    if (roll < 0.02) out.push(`[[${noteName(Math.floor(r() * total))}]]`);
    else if (roll < 0.025) out.push(`[${pick(r, words)}](${encodeURI(notePath(Math.floor(r() * total)))})`);
    else if (roll < 0.03) out.push(`**${pick(r, words)}**`);
    else if (roll < 0.033) out.push(`\`${pick(r, words)}\``);
    else if (roll < 0.035) out.push(`#topic/${pick(r, EN).replace(/-/g, "")}`);
    else out.push(pick(r, words));
  }
  const s = out.join(" ");
  return s[0].toUpperCase() + s.slice(1) + ".";
}

/** One note of about `size` characters: frontmatter, headings, English and Russian prose, lists, code, math. */
export function realisticNote(i: number, total: number, size: number): string {
  const r = prng(i * 2654435761 + 1);
  const parts: string[] = [
    "---",
    `layer: ${pick(r, ["concepts", "structures", "facts", "logic", "strategies", "paradoxes"])}`,
    `kind: ${pick(r, ["concept", "concept", "source", "check"])}`,
    "tags:",
    `  - ${pick(r, ["biomechanics", "sprint", "physiology"])}`,
    `  - facet/${pick(r, ["causality", "edge-case", "detail"])}`,
    "requires:",
    `  - "[[${noteName(Math.floor(r() * total))}]]"`,
    `source-type: ${pick(r, ["textbook", "paper", "review", "lecture"])}`,
    "---",
    "",
    `# ${noteName(i)}`,
    "",
  ];
  let length = parts.join("\n").length;
  while (length < size) {
    const roll = r();
    let block: string;
    if (roll < 0.08) block = `## ${sentence(r, EN, total).slice(0, 40)}`;
    else if (roll < 0.5) block = Array.from({ length: 3 + Math.floor(r() * 5) }, () => sentence(r, EN, total)).join(" ");
    else if (roll < 0.72) block = Array.from({ length: 3 + Math.floor(r() * 5) }, () => sentence(r, RU, total)).join(" ");
    else if (roll < 0.84) block = Array.from({ length: 2 + Math.floor(r() * 5) }, () => `- ${sentence(r, EN, total)} [[${noteName(Math.floor(r() * total))}]]`).join("\n");
    else if (roll < 0.9) block = "```python\nfor step in range(10):\n    force = mass * acceleration  # [[not a link]]\n    print(step, force)\n```";
    else if (roll < 0.94) block = `> [!note] ${sentence(r, EN, total)}\n> ${sentence(r, EN, total)}`;
    else if (roll < 0.97) block = `The impulse is $J = \\int F\\,dt$ and $$\\frac{dp}{dt} = F$$ ${sentence(r, EN, total)}`;
    else block = `%% ${sentence(r, EN, total)} %%\n<!-- draft: ${sentence(r, EN, total)} -->`;
    parts.push(block, "");
    length += block.length + 2;
  }
  return parts.join("\n");
}

/** Writes (once) a vault of `notes` realistic notes totalling about `bytes`, and returns its note paths. */
export function writeReaderVault(dir: string, notes: number, bytes: number): { paths: string[]; bytes: number } {
  const paths = Array.from({ length: notes }, (_, i) => notePath(i));
  const marker = join(dir, ".complete");
  let total = 0;
  try {
    total = Number(readFileSync(marker, "utf8"));
  } catch {
    total = 0;
  }
  if (!total) {
    rmSync(dir, { recursive: true, force: true });
    // Sizes are asked in characters; Russian takes two bytes a character, so scale by the measured ratio.
    const sample = realisticNote(0, notes, 50_000);
    const average = (bytes / notes) * (sample.length / Buffer.byteLength(sample));
    const r = prng(42);
    for (let i = 0; i < notes; i++) {
      const text = realisticNote(i, notes, Math.round(average * (0.25 + 1.5 * r())));
      const file = join(dir, paths[i]);
      mkdirSync(join(file, ".."), { recursive: true });
      writeFileSync(file, text);
      total += statSync(file).size;
    }
    writeFileSync(marker, String(total));
  }
  return { paths, bytes: total };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
