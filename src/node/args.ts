/**
 * The command line of spec §6, parsed without a library: every mistake is a `UsageError` (exit 2, one line).
 */

export const COMMANDS = ["estimate", "gaps", "notes", "graph"] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliArgs {
  command: Command;
  vault: string;
  json: boolean;
  config: string | null;
  domain: string | null;
  target: string | null;
  rules: string[];
  paths: string[];
  out: string | null;
  exactTokens: boolean;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const USAGE = `Usage:
  knowledge-layers estimate <vault> [--json] [--config FILE] [--domain D] [--target LEVEL|TOKENS] [--exact-tokens]
  knowledge-layers gaps <vault> [--json] [--rule ID]… [--config FILE] [--domain D] [--target LEVEL|TOKENS]
  knowledge-layers notes <vault> [--json] [--path P]… [--config FILE] [--domain D]
  knowledge-layers graph <vault> --out FILE.html|FILE.svg [--config FILE] [--domain D] [--target LEVEL|TOKENS]

Reads every Markdown note of an Obsidian vault, and estimates per curriculum layer the corpus volume
(tokens and pages) still needed for the target level, with the gaps of the plan.

Options:
  --json              print JSON only (estimate: the report object; gaps: the gaps; notes: the note records)
  --config FILE       settings file (default: <vault>/.obsidian/plugins/knowledge-layers/data.json when present)
  --domain D          only notes whose domain is D or nested under it (D/…)
  --target T          a level id or name, in any case (facts, bachelor, practitioner, expert), or a number of tokens (1e11)
  --exact-tokens      count note text with a real tokenizer (o200k_base) instead of words × tokens per word
  --rule ID           gaps: only this rule (repeat, or separate with commas)
  --path P            notes: only this note, or the notes under this folder (repeatable)
  --out FILE          graph: write a self-contained HTML page (.html) or a static drawing (.svg)
  -h, --help          this help
  -v, --version       the version

Exit codes: 0 done (gaps are findings, not failures); 2 bad arguments, missing vault or bad settings.`;

type Flag = "json" | "exact-tokens" | "config" | "domain" | "target" | "rule" | "path" | "out";
const VALUE_FLAGS = new Set<Flag>(["config", "domain", "target", "rule", "path", "out"]);
const BOOLEAN_FLAGS = new Set<Flag>(["json", "exact-tokens"]);
/** Flags that only make sense for some commands. */
const ONLY_FOR: Partial<Record<Flag, Command[]>> = {
  rule: ["gaps"],
  path: ["notes"],
  out: ["graph"],
  "exact-tokens": ["estimate", "gaps", "notes", "graph"],
  json: ["estimate", "gaps", "notes"],
};

export type ParseResult = { kind: "help" } | { kind: "version" } | { kind: "run"; args: CliArgs };

/** The one line a missing command prints (no arguments at all, or only options): the usage in short. */
export const MISSING_COMMAND = "missing command: knowledge-layers estimate|gaps|notes|graph <vault> [options] (knowledge-layers --help for the options)";

export function parseArgs(argv: readonly string[]): ParseResult {
  const options = optionWords(argv);
  if (options.has("-h") || options.has("--help") || argv[0] === "help") return { kind: "help" };
  if (options.has("-v") || options.has("--version")) return { kind: "version" };

  const positional: string[] = [];
  const values: Partial<Record<Flag, string[]>> = {};
  const booleans = new Set<Flag>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--") || arg === "-") {
      if (arg.startsWith("-") && arg !== "-") throw new UsageError(`unknown option ${arg}`);
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = (eq < 0 ? arg.slice(2) : arg.slice(2, eq)) as Flag;
    if (BOOLEAN_FLAGS.has(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      booleans.add(name);
    } else if (VALUE_FLAGS.has(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) throw new UsageError(`--${name} needs a value`);
      (values[name] ??= []).push(value);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }

  const [command, vault, ...extra] = positional;
  if (!command) throw new UsageError(MISSING_COMMAND);
  if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`unknown command "${command}" (estimate, gaps, notes or graph)`);
  const cmd = command as Command;
  if (!vault) throw new UsageError(`missing vault: knowledge-layers ${cmd} <vault>`);
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);

  for (const flag of [...booleans, ...(Object.keys(values) as Flag[])]) {
    const allowed = ONLY_FOR[flag];
    if (allowed && !allowed.includes(cmd)) throw new UsageError(`--${flag} does not apply to ${cmd}`);
  }
  for (const single of ["config", "domain", "target", "out"] as const) {
    if ((values[single]?.length ?? 0) > 1) throw new UsageError(`--${single} is given more than once`);
  }
  if (cmd === "graph" && !values.out) throw new UsageError("graph needs --out FILE.html or --out FILE.svg");

  return {
    kind: "run",
    args: {
      command: cmd,
      vault,
      json: booleans.has("json"),
      config: values.config?.[0] ?? null,
      domain: values.domain?.[0] ?? null,
      target: values.target?.[0] ?? null,
      rules: (values.rule ?? []).flatMap((r) => r.split(",")).map((r) => r.trim()).filter(Boolean),
      paths: values.path ?? [],
      out: values.out?.[0] ?? null,
      exactTokens: booleans.has("exact-tokens"),
    },
  };
}

/** The words of `argv` in an option's place: not a value flag's value (`--domain -v`), nothing after `--`. */
function optionWords(argv: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") break;
    words.add(arg);
    if (arg.startsWith("--") && !arg.includes("=") && VALUE_FLAGS.has(arg.slice(2) as Flag)) i++;
  }
  return words;
}
