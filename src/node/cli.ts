import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve as resolvePath } from "node:path";
import { analyze } from "../core/analysis";
import { formatCompact, formatPercent } from "../core/format";
import { groupGaps, RULE_ORDER } from "../core/report";
import { parseTarget, SettingsError, settingsOrThrow } from "../core/settings";
import type { Gap, NoteRecord, Report, Settings } from "../core/types";
import { layoutGraph } from "../layout/layout";
import { exportLayoutOptions, graphHtml, graphSvg } from "../render/export";
import { parseArgs, USAGE, UsageError, type CliArgs } from "./args";
import { standaloneRenderer } from "./standaloneRenderer";
import { loadExactCounter } from "./tokenizer";
import { readVaultRecords, type VaultError } from "./vault";

/**
 * knowledge-layers: the command-line twin of the plugin (spec §6). It reads the vault from disk with the
 * same rules the plugin applies to Obsidian's metadata cache, and prints the same report.
 */

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === "string" ? __VERSION__ : "dev";

/** Where the plugin keeps its settings inside a vault. */
export const PLUGIN_DATA = join(".obsidian", "plugins", "knowledge-layers", "data.json");

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  /** A script that can run as a reading thread (the bundled CLI passes itself), to parse large vaults on every core. */
  workerScript?: URL;
}

/** Runs one command; returns the exit code. Never throws for a user's mistake. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    const parsed = parseArgs(argv);
    if (parsed.kind === "help") {
      io.out(USAGE + "\n");
      return 0;
    }
    if (parsed.kind === "version") {
      io.out(`knowledge-layers ${VERSION}\n`);
      return 0;
    }
    await run(parsed.args, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof SettingsError) {
      io.err(`knowledge-layers: ${singleLine(error.message)}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`knowledge-layers: unexpected error: ${singleLine(message)}\n`);
    return 1;
  }
}

/**
 * Every message the CLI prints on stderr is one line (spec §6): what `terminalText` takes out, and runs of
 * whitespace (newlines and U+2028 included), become one space.
 */
export function singleLine(message: string): string {
  return terminalText(message).replace(/\s+/g, " ").trim();
}

/**
 * What a terminal acts on instead of showing: C0 and C1 control characters (ESC, BEL, CR, tab, CSI U+009B…), the
 * line and paragraph separators U+2028 and U+2029, and the bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069), which reorder the text after them. A note's name or value holding them could
 * retitle the terminal, colour or hide text, or make a line read as something else.
 */
const UNSAFE = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]+/gu;

/** Text from a vault, its settings or the command line, safe to print as (part of) one line: each run of UNSAFE characters becomes a space. */
export function terminalText(text: string): string {
  return text.replace(UNSAFE, " ");
}

/** A reason a file could not be read or written, from its error code, for a one-line message. */
function fileReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code ? codeReason(code) : error instanceof Error ? error.message : String(error);
}

/** An error code (`EACCES`) with a few words on what it means, for a one-line message; another reason as it is. */
function codeReason(code: string): string {
  switch (code) {
    case "ENOENT":
      return "ENOENT: the folder or file does not exist";
    case "ENOTDIR":
      return "ENOTDIR: a part of the path is not a folder";
    case "EISDIR":
      return "EISDIR: it is a folder";
    case "EACCES":
    case "EPERM":
      return `${code}: permission denied`;
    case "EROFS":
      return "EROFS: read-only file system";
    default:
      return code;
  }
}

/**
 * The warnings, one line each for stderr, about what the vault holds and the CLI could not read, from the reader's
 * problems. A folder that cannot be listed hides its notes, and a broken symlink named like a note is a note that is
 * not there: both are said, since nothing else would show them. The rest are not: a note that cannot be read is an
 * `unreadable` gap already; a symlink out of the vault, round a loop or to a pipe is skipped on purpose (spec §9);
 * and any other broken symlink is most likely an attachment (git-annex leaves many), whose absence changes no count.
 * The vault folder itself unreadable is not a warning but a bad argument (see `run`).
 */
export function vaultWarnings(errors: readonly VaultError[]): string[] {
  const warnings: string[] = [];
  for (const e of errors) {
    if (e.kind === "folder") warnings.push(`cannot read folder ${e.path}/: ${codeReason(e.reason ?? "unknown error")} (its notes are not counted)`);
    else if (e.kind === "broken-symlink" && e.path.endsWith(".md")) warnings.push(`broken symlink ${e.path}: ${symlinkReason(e.reason ?? "unknown error")} (the note is not counted)`);
  }
  return warnings.map((w) => `knowledge-layers: warning: ${singleLine(w)}`);
}

/** Why a symlink's target cannot be reached, from the error code. */
function symlinkReason(code: string): string {
  switch (code) {
    case "ENOENT":
      return "ENOENT: its target does not exist";
    case "ELOOP":
      return "ELOOP: a loop of symlinks";
    default:
      return codeReason(code);
  }
}

/** `: line 3, column 1` for a JSON.parse message that says `at position 12` (only some of its messages do). */
function jsonPosition(message: string, text: string): string {
  const match = / at position (\d+)/.exec(message);
  if (!match) return "";
  const before = text.slice(0, Number(match[1])).split("\n");
  return `: line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

function loadSettings(args: CliArgs): Settings {
  const file = args.config ?? join(args.vault, PLUGIN_DATA);
  let input: unknown = undefined;
  if (args.config !== null || existsSync(file)) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read settings file ${file}: ${fileReason(error)}`);
    }
    const json = text.replace(/^\uFEFF/, "");
    try {
      input = JSON.parse(json);
    } catch (error) {
      // Node's message quotes the source around the mistake, newlines and all: keep it to one line.
      const reason = error instanceof Error ? error.message : String(error);
      throw new UsageError(`settings file ${file}: not valid JSON (${singleLine(reason)}${jsonPosition(reason, json)})`);
    }
  }
  let settings: Settings;
  try {
    settings = settingsOrThrow(input);
  } catch (error) {
    if (error instanceof SettingsError && input !== undefined) throw new UsageError(`settings file ${file}: ${error.key}: ${error.detail}`);
    throw error;
  }
  if (args.target !== null) {
    const target = parseTarget(args.target, settings.levels);
    if (target === null) throw new UsageError(`unknown level "${args.target}" for --target (${settings.levels.map((l) => l.id).join(", ")}, or a decimal number of tokens such as 1e11)`);
    if (typeof target === "number" && target <= 0) throw new UsageError(`--target must be a positive number of tokens or a level id, got ${args.target}`);
    settings.target = target;
  }
  return settings;
}

/** Fails early, before the vault is read, when `--out` cannot be written: a bad argument (exit 2), not a crash. */
function checkOut(out: string): void {
  if (!/\.(html?|svg)$/i.test(out)) throw new UsageError(`--out must end in .html or .svg, got ${out}`);
  const path = resolvePath(out);
  const folder = dirname(path);
  let folderIsDir: boolean;
  try {
    folderIsDir = statSync(folder).isDirectory();
  } catch (error) {
    throw new UsageError(`cannot write --out ${out}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? `ENOENT: the folder ${folder} does not exist` : fileReason(error)}`);
  }
  if (!folderIsDir) throw new UsageError(`cannot write --out ${out}: ENOTDIR: ${folder} is not a folder`);
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // Not there yet: the usual case.
  }
  if (isDir) throw new UsageError(`cannot write --out ${out}: EISDIR: it is a folder`);
}

/** Error codes that say the path itself cannot be written: the user's `--out` is wrong, not the program. */
const BAD_PATH = new Set(["ENOENT", "ENOTDIR", "EISDIR", "EACCES", "EPERM", "EROFS", "ENAMETOOLONG"]);

/** Writes the graph; a path that cannot be written (no folder, no permission, a folder) is a bad argument, exit 2. */
function writeOut(out: string, data: string): void {
  try {
    writeFileSync(out, data);
  } catch (error) {
    if (BAD_PATH.has((error as NodeJS.ErrnoException).code ?? "")) throw new UsageError(`cannot write --out ${out}: ${fileReason(error)}`);
    throw error;
  }
}

async function run(args: CliArgs, io: CliIO): Promise<void> {
  let isDir = false;
  try {
    isDir = statSync(args.vault).isDirectory();
  } catch {
    throw new UsageError(`vault not found: ${args.vault}`);
  }
  if (!isDir) throw new UsageError(`vault is not a folder: ${args.vault}`);
  for (const rule of args.rules) {
    if (!(RULE_ORDER as readonly string[]).includes(rule)) throw new UsageError(`unknown gap rule "${rule}" (${RULE_ORDER.join(", ")})`);
  }
  if (args.out !== null) checkOut(args.out);

  const settings = loadSettings(args);
  const countTokens = args.exactTokens ? await loadExactCounter() : undefined;
  // The records are built by the threads that read the notes.
  const { records, errors } = await readVaultRecords(args.vault, settings, { exclude: settings.exclude, countTokens, exactTokens: args.exactTokens, workerScript: io.workerScript });
  // Listed a moment ago, the vault may still refuse its listing (no read permission): a missing vault to the user.
  const unreadable = errors.find((e) => e.kind === "vault");
  if (unreadable) throw new UsageError(`cannot read the vault folder ${args.vault}: ${codeReason(unreadable.reason ?? "unknown error")}`);
  // On stderr only: with --json, stdout stays one JSON document.
  for (const warning of vaultWarnings(errors)) io.err(warning + "\n");
  const index = analyze(records, settings, { domain: args.domain });
  // Text output goes through `print`, which makes every line safe for a terminal; JSON escapes on its own.
  const print = (lines: readonly string[]) => io.out(lines.map(terminalText).join("\n") + "\n");

  switch (args.command) {
    case "estimate": {
      const report = index.report();
      if (args.json) io.out(JSON.stringify(report, null, 2) + "\n");
      else print(estimateTable(report, settings, args.vault));
      return;
    }
    case "gaps": {
      const gaps = index.report().gaps.filter((g) => args.rules.length === 0 || args.rules.includes(g.rule));
      if (args.json) io.out(JSON.stringify(gaps, null, 2) + "\n");
      else print(gapList(gaps, Infinity));
      return;
    }
    case "notes": {
      const wanted = (r: NoteRecord) =>
        args.paths.length === 0 ||
        args.paths.some((p) => {
          const clean = p.replace(/\\/g, "/").replace(/^\.\//, "").replace(/\/+$/, "");
          return r.path === clean || r.path === `${clean}.md` || r.path.startsWith(clean + "/");
        });
      const rows = index
        .records()
        .filter(wanted)
        .map((r) => noteJson(r, index.noteGaps(r.path)));
      if (args.paths.length && rows.length === 0) throw new UsageError(`no note matches --path ${args.paths.join(", ")}`);
      if (args.json) io.out(JSON.stringify(rows, null, 2) + "\n");
      else print(notesTable(rows));
      return;
    }
    case "graph": {
      const graph = index.graph();
      const out = resolvePath(args.out!);
      const vaultName = resolvePath(args.vault).split(/[\\/]/).pop() ?? "";
      const title = `Knowledge layers — ${vaultName}`;
      if (/\.svg$/i.test(out)) {
        const layout = layoutGraph({ layerCount: graph.layers.length, nodes: graph.nodes, edges: graph.edges }, exportLayoutOptions(graph));
        writeOut(out, graphSvg(graph, layout));
      } else writeOut(out, graphHtml(graph, await standaloneRenderer(), { title, vault: vaultName }));
      print([`Wrote ${out} (${graph.nodes.length} nodes, ${graph.edges.length} edges)`]);
      return;
    }
  }
}

/** A note record as `notes --json` prints it (spec §6), with all the gaps about the note. */
export function noteJson(r: NoteRecord, gaps: Gap[]) {
  return {
    path: r.path,
    layer: r.layer,
    kind: r.kind,
    tokens: r.tokens,
    quality: r.quality,
    effectiveTokens: r.effectiveTokens,
    domain: r.domain,
    module: r.module,
    facets: r.facets,
    tags: r.tags,
    links: r.links,
    gaps,
    requires: r.requires,
    why: r.why,
  };
}

// ───────────────────────────── Text output ─────────────────────────────
//
// Each function gives the lines to print, and `run` prints them through `terminalText`, so no value a vault or its
// settings hold can drive the terminal, whichever field it comes in. A table cleans its cells before it measures
// them, so that the columns still line up.

function table(header: string[], rows: string[][], right: boolean[]): string[] {
  const head = header.map(terminalText);
  const body = rows.map((r) => r.map(terminalText));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(head), widths.map((w) => "─".repeat(w)).join("  "), ...body.map(line)];
}

function estimateTable(report: Report, settings: Settings, vault: string): string[] {
  const n = formatCompact;
  const target = report.target.id
    ? `${settings.levels.find((l) => l.id === report.target.id)?.name ?? report.target.id} (${report.target.id}, ${n(report.target.tokens)} tokens)`
    : `${n(report.target.tokens)} tokens`;
  const out: string[] = [];
  out.push(`Knowledge layers — ${vault}`);
  out.push(`Target: ${target}${report.scope.domain ? `   Scope: domain ${report.scope.domain}` : ""}   Page: ${n(settings.pageTokens)} tokens`);
  out.push("");
  const header = ["Layer", "Notes c/s/k", "Raw tokens", "Effective", "Target", "Remaining", "Pages left", "Coverage"];
  const row = (name: string, f: Report["total"]) => [
    name,
    `${f.notes.concept}/${f.notes.source}/${f.notes.check}`,
    n(f.rawTokens),
    n(f.effectiveTokens),
    n(f.targetTokens),
    n(f.remainingTokens),
    n(f.remainingPages),
    formatPercent(f.coverage),
  ];
  const rows = report.layers.map((l) => row(`${l.index} ${l.name}`, l));
  rows.push(row("Total", report.total));
  out.push(...table(header, rows, [false, true, true, true, true, true, true, true]), "");
  const level = report.levelReached ? settings.levels.find((l) => l.id === report.levelReached)?.name ?? report.levelReached : "none yet";
  const bottleneck = report.layers.find((l) => l.id === report.bottleneck);
  out.push(`Level reached:   ${level}${report.levelReached ? ` (${report.levelReached})` : ""}`);
  out.push(`Bottleneck:      ${bottleneck ? `${bottleneck.name} (${formatPercent(bottleneck.coverage)} covered, ${n(bottleneck.remainingPages)} pages left)` : "none"}`);
  out.push(`Feeding method:  ${report.feeding} (${n(report.total.effectiveTokens)} effective tokens)`);
  out.push(`Compute-optimal: ${n(report.computeOptimalParams)} parameters (20 tokens per parameter)`);
  if (report.untagged) out.push(`Untagged notes:  ${report.untagged} (no layer; not counted)`);
  if (report.modules.length) {
    out.push("", "Modules");
    out.push(
      ...table(
        ["Module", "Notes", "Effective", "Feeding", "Compute-optimal"],
        report.modules.map((m) => [m.id, String(m.notes), n(m.effectiveTokens), m.feeding, n(m.computeOptimalParams)]),
        [false, true, true, false, true],
      ),
    );
  }
  out.push("", ...gapList(report.gaps, 8));
  return out;
}

function gapList(gaps: readonly Gap[], perRule: number): string[] {
  if (gaps.length === 0) return ["No gaps."];
  const out: string[] = [`Gaps (${gaps.length})`];
  for (const [rule, list] of groupGaps(gaps)) {
    out.push("", `${rule} — ${list[0].severity} — ${list.length}`);
    for (const g of list.slice(0, perRule)) out.push(`  ${g.path ? `${g.path}: ${g.message}` : g.message}`);
    if (list.length > perRule) out.push(`  … and ${list.length - perRule} more (knowledge-layers gaps <vault> --rule ${rule})`);
  }
  return out;
}

function notesTable(rows: ReturnType<typeof noteJson>[]): string[] {
  if (rows.length === 0) return ["No notes."];
  return table(
    ["Path", "Layer", "Kind", "Tokens", "Quality", "Effective", "Why", "Gaps"],
    rows.map((r) => [
      r.path,
      r.layer ?? "—",
      r.kind,
      formatCompact(r.tokens),
      String(Number(r.quality.toFixed(2))),
      formatCompact(r.effectiveTokens),
      `${r.why.layer ?? "untagged"}; ${r.why.volume}; ${r.why.quality}${r.why.sourceType ? ` (${r.why.sourceType})` : ""}`,
      r.gaps.map((g) => g.rule).join(", "),
    ]),
    [false, false, false, true, true, true, false, false],
  );
}
