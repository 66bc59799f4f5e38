import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, vaultWarnings } from "../../src/node/cli";
import type { Gap, Report } from "../../src/core/types";

const SMALL = join(import.meta.dirname, "..", "fixtures", "vaults", "small");
const EXAMPLE = join(import.meta.dirname, "..", "..", "examples", "sports-science");

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

async function json<T>(...argv: string[]): Promise<T> {
  const r = await cli(...argv, "--json");
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as T;
}

describe("knowledge-layers estimate", () => {
  it("computes the estimate of the small fixture vault with its own data.json", async () => {
    const report = await json<Report>("estimate", SMALL);
    expect(report.target).toEqual({ id: null, tokens: 60000 });
    const [concepts, facts] = report.layers;
    expect(concepts).toMatchObject({ id: "concepts", notes: { concept: 2, source: 0, check: 0 }, rawTokens: 1500, effectiveTokens: 1500, targetTokens: 20000, remainingTokens: 18500, remainingPages: 37 });
    expect(concepts.coverage).toBeCloseTo(0.075);
    expect(facts).toMatchObject({ id: "facts", notes: { concept: 1, source: 2, check: 1 }, rawTokens: 13400, targetTokens: 40000 });
    expect(facts.effectiveTokens).toBeCloseTo(12230);
    expect(facts.remainingPages).toBeCloseTo(55.54);
    expect(report.total.remainingTokens).toBeCloseTo(46270);
    expect(report.total.coverage).toBeCloseTo(1 - 46270 / 60000);
    expect(report).toMatchObject({ levelReached: null, bottleneck: "concepts", feeding: "in-context", untagged: 1 });
    expect(report.computeOptimalParams).toBeCloseTo(13730 / 20);
    expect(report.modules).toEqual([expect.objectContaining({ id: "calculation", notes: 1, effectiveTokens: 1000, feeding: "in-context" })]);
    expect(report.facets).toEqual({ concepts: { causality: 1 }, facts: { causality: 1 } });
  });

  it("finds exactly the gaps the fixture holds", async () => {
    const gaps = await json<Gap[]>("gaps", SMALL);
    expect(gaps.map((g) => `${g.rule}:${g.path ?? g.layer}`).sort()).toEqual([
      "bottleneck-layer:concepts",
      "unresolved-link:Concepts/Force.md",
      "unsupported:Concepts/Mass.md",
    ]);
    expect(gaps.find((g) => g.rule === "unresolved-link")).toMatchObject({ target: "Acceleration", referrers: 1, severity: "warning" });
  });

  it("filters gaps by --rule (repeated or comma-separated)", async () => {
    expect((await json<Gap[]>("gaps", SMALL, "--rule", "unsupported")).map((g) => g.rule)).toEqual(["unsupported"]);
    const two = await json<Gap[]>("gaps", SMALL, "--rule", "unsupported,bottleneck-layer");
    expect(two.map((g) => g.rule).sort()).toEqual(["bottleneck-layer", "unsupported"]);
    expect(await json<Gap[]>("gaps", SMALL, "--rule", "orphan", "--rule", "ungrounded")).toEqual([]);
  });

  it("scopes to a domain and its nested domains", async () => {
    const report = await json<Report>("estimate", SMALL, "--domain", "physics/mechanics");
    expect(report.scope).toEqual({ domain: "physics/mechanics" });
    expect(report.total.rawTokens).toBe(3000);
    expect((await json<Report>("estimate", SMALL, "--domain", "physics")).total.rawTokens).toBe(13500);
  });

  it("overrides the target with a level id or a number", async () => {
    expect((await json<Report>("estimate", SMALL, "--target", "1e6")).target).toEqual({ id: null, tokens: 1e6 });
    expect((await json<Report>("estimate", SMALL, "--target", "expert")).target).toEqual({ id: "expert", tokens: 1e13 });
  });

  it("prints a readable table with the layers, the headline figures and the gaps by rule", async () => {
    const { code, out } = await cli("estimate", SMALL);
    expect(code).toBe(0);
    expect(out).toMatch(/0 Concepts\s+2\/0\/0\s+1\.5k\s+1\.5k\s+20k\s+18\.5k\s+37\s+7\.5%/);
    expect(out).toMatch(/Total\s+3\/2\/1/);
    expect(out).toContain("Level reached:   none yet");
    expect(out).toContain("Bottleneck:      Concepts (7.5% covered, 37 pages left)");
    expect(out).toContain("Feeding method:  in-context");
    expect(out).toContain("unresolved-link — warning — 1");
  });

  it("reads another settings file with --config", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kl-config-"));
    const file = join(dir, "settings.json");
    writeFileSync(file, JSON.stringify({ target: "facts" }));
    const report = await json<Report>("estimate", SMALL, "--config", file);
    expect(report.target).toEqual({ id: "facts", tokens: 1e9 });
    expect(report.layers).toHaveLength(6);
  });
});

describe("knowledge-layers notes", () => {
  it("prints one record per note with why it counts as it does", async () => {
    const notes = await json<Record<string, unknown>[]>("notes", SMALL);
    expect(notes.map((n) => n.path)).toEqual([
      "Checks/Why do bodies fall alike.md",
      "Concepts/Force.md",
      "Concepts/Mass.md",
      "Facts/Falling bodies.md",
      "Loose note.md",
      "Sources/Forum thread.md",
      "Sources/Principia.md",
    ]);
    const forum = notes.find((n) => n.path === "Sources/Forum thread.md")!;
    expect(forum).toMatchObject({ layer: "facts", kind: "source", tokens: 1300, quality: 0.1, domain: null, module: null, facets: [], tags: [] });
    expect(forum.effectiveTokens).toBeCloseTo(130);
    expect(forum.links).toEqual([{ target: "Force", resolved: "Concepts/Force.md" }]);
    expect(forum.why).toEqual({ layer: "folder", volume: "words", quality: "source-type", sourceType: "forum" });
    const check = notes.find((n) => n.path === "Checks/Why do bodies fall alike.md")!;
    expect(check).toMatchObject({ kind: "check", facets: ["causality"], tags: ["#check", "#facet/causality"] });
    const force = notes.find((n) => n.path === "Concepts/Force.md")!;
    expect(force.gaps).toEqual([expect.objectContaining({ rule: "unresolved-link", target: "Acceleration" })]);
    expect(Object.keys(force).slice(0, 12)).toEqual(["path", "layer", "kind", "tokens", "quality", "effectiveTokens", "domain", "module", "facets", "tags", "links", "gaps"]);
  });

  it("narrows to a note or a folder with --path", async () => {
    expect((await json<{ path: string }[]>("notes", SMALL, "--path", "Concepts")).map((n) => n.path)).toEqual(["Concepts/Force.md", "Concepts/Mass.md"]);
    expect((await json<{ path: string }[]>("notes", SMALL, "--path", "Concepts/Mass")).map((n) => n.path)).toEqual(["Concepts/Mass.md"]);
    const none = await cli("notes", SMALL, "--path", "Nowhere");
    expect(none.code).toBe(2);
  });
});

describe("knowledge-layers graph", () => {
  it("writes a self-contained HTML page and a static SVG", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kl-graph-"));
    const html = join(dir, "g.html");
    const svg = join(dir, "g.svg");
    expect((await cli("graph", SMALL, "--out", html)).code).toBe(0);
    expect((await cli("graph", SMALL, "--out", svg)).code).toBe(0);
    const page = readFileSync(html, "utf8");
    expect(page).toMatch(/^<!doctype html>/i);
    expect(page).toContain("Falling bodies");
    expect(page).not.toMatch(/<script[^>]+src=/i);
    const drawing = readFileSync(svg, "utf8");
    expect(drawing).toContain("<svg");
    expect(drawing).toContain("Falling bodies");
  });
});

/** A vault of one layered note, with `data` (text, written as is) as its plugin's data.json when given. */
function tempVault(data?: string): string {
  const vault = mkdtempSync(join(tmpdir(), "kl-vault-"));
  writeFileSync(join(vault, "Note.md"), "---\nlayer: facts\n---\nSome words here.\n");
  if (data !== undefined) {
    const dir = join(vault, ".obsidian", "plugins", "knowledge-layers");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "data.json"), data);
  }
  return vault;
}

/** A settings file holding `text` as is. */
function tempConfig(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "kl-settings-")), "settings.json");
  writeFileSync(file, text);
  return file;
}

/** Exit 2, nothing on stdout, exactly one line on stderr, no stack trace. */
function expectBadArgument(r: { code: number; out: string; err: string }, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.out).toBe("");
  expect(r.err).toMatch(message);
  expect(r.err.endsWith("\n")).toBe(true);
  expect(r.err.slice(0, -1)).not.toMatch(/[\n\r]/);
  expect(r.err).not.toMatch(/\bat .+:\d+:\d+/);
}

describe("bad arguments and bad settings", () => {
  const cases: [string, string[], RegExp][] = [
    ["no arguments at all", [], /^knowledge-layers: missing command: knowledge-layers estimate\|gaps\|notes\|graph <vault>/],
    ["options but no command", ["--json"], /missing command/],
    ["an unknown command", ["frobnicate", SMALL], /unknown command "frobnicate"/],
    ["a missing vault", ["estimate", "/nonexistent/vault"], /vault not found: \/nonexistent\/vault/],
    ["a missing vault whose name holds newlines", ["estimate", "/nonexistent/a\n  b\r\nc"], /vault not found: \/nonexistent\/a b c\n$/],
    ["a file as vault", ["estimate", join(SMALL, "Loose note.md")], /vault is not a folder/],
    ["an unknown flag", ["estimate", SMALL, "--frobnicate"], /unknown option --frobnicate/],
    ["a flag for another command", ["estimate", SMALL, "--out", "x.html"], /--out does not apply to estimate/],
    ["a flag without its value", ["estimate", SMALL, "--domain"], /--domain needs a value/],
    ["an unknown rule", ["gaps", SMALL, "--rule", "nope"], /unknown gap rule "nope"/],
    ["an unknown level", ["estimate", SMALL, "--target", "phd"], /unknown level "phd"/],
    ["graph without --out", ["graph", SMALL], /graph needs --out/],
    ["graph to another format", ["graph", SMALL, "--out", "x.png"], /--out must end in \.html or \.svg/],
    ["a missing config", ["estimate", SMALL, "--config", "/nonexistent.json"], /cannot read settings file/],
  ];
  for (const [what, argv, message] of cases) {
    it(`exits 2 with one line for ${what}`, async () => {
      const r = await cli(...argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toMatch(message);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err).not.toMatch(/\n\s+at /);
    });
  }

  it("names the key of a settings file with a wrong type, and one that does not parse", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kl-bad-"));
    const wrong = join(dir, "wrong.json");
    writeFileSync(wrong, JSON.stringify({ pageTokens: "lots" }));
    let r = await cli("estimate", SMALL, "--config", wrong);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/pageTokens/);
    const broken = join(dir, "broken.json");
    writeFileSync(broken, "{ not json");
    r = await cli("estimate", SMALL, "--config", broken);
    expectBadArgument(r, /not valid JSON/);
  });

  // Pretty-printed JSON with an unquoted value: Node's JSON.parse message quotes the source, newlines and all.
  const PRETTY_BROKEN = '{\n  "pageTokens": lots,\n  "target": "bachelor"\n}\n';

  it("prints one line for a settings file that is not JSON, given with --config", async () => {
    const file = tempConfig(PRETTY_BROKEN);
    const r = await cli("estimate", SMALL, "--config", file);
    expectBadArgument(r, new RegExp(`^knowledge-layers: settings file ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not valid JSON \\(.+\\)\n$`));
  });

  it("prints one line for the vault's own data.json that is not JSON, with the line of the mistake when JSON.parse gives one", async () => {
    const vault = tempVault(PRETTY_BROKEN);
    let r = await cli("estimate", vault);
    expectBadArgument(r, /settings file .*data\.json: not valid JSON \(/);
    r = await cli("gaps", tempVault('{\n  "pageTokens": 500,\n}'), "--json");
    expectBadArgument(r, /not valid JSON \(.*: line 3, column 1\)/);
  });

  it("names the key path of a wrong-typed setting, in the vault's data.json and with --config", async () => {
    const wrong: [object, RegExp][] = [
      [{ levels: [{ id: "a", tokens: 5, name: 7 }] }, /levels\[0\]\.name: expected a non-empty text, got 7/],
      [{ layers: [{ id: "a", aliases: [1, 2] }] }, /layers\[0\]\.aliases\[0\]: expected a non-empty text, got 1/],
      [{ pageTokens: "1000" }, /pageTokens: expected a positive number, got the text "1000"/],
      [{ sourceTypes: { forum: "0.5" } }, /sourceTypes\.forum: expected a number from 0 to 1, got the text "0\.5"/],
      [{ facets: Array.from({ length: 31 }, (_, i) => `f${i}`) }, /facets: at most 30 facets/],
    ];
    for (const [settings, message] of wrong) {
      const file = tempConfig(JSON.stringify(settings, null, 2));
      expectBadArgument(await cli("estimate", SMALL, "--config", file), new RegExp(`settings file .*settings\\.json: ${message.source}`));
      expectBadArgument(await cli("estimate", tempVault(JSON.stringify(settings))), message);
    }
  });

  it("says a number too large for JSON (1e400, read as Infinity) is not finite, rather than null", async () => {
    const r = await cli("estimate", tempVault('{ "pageTokens": 1e400 }'));
    expectBadArgument(r, /pageTokens: expected a positive number, got Infinity, which is not a finite number/);
    expect(r.err).not.toMatch(/null/);
  });

  it("takes --target as a decimal number only, and a level by id or name in any case", async () => {
    expectBadArgument(await cli("estimate", SMALL, "--target", "0x10"), /unknown level "0x10"/);
    expectBadArgument(await cli("estimate", SMALL, "--target", "Infinity"), /unknown level "Infinity"/);
    expectBadArgument(await cli("estimate", SMALL, "--target", "0"), /--target must be a positive number/);
    expect((await json<Report>("estimate", SMALL, "--target", "BACHELOR")).target).toEqual({ id: "bachelor", tokens: 1e11 });
    expect((await json<Report>("estimate", SMALL, "--target", "expert-level thinking")).target).toEqual({ id: "expert", tokens: 1e13 });
    expect((await json<Report>("estimate", SMALL, "--target", "2.5e9")).target).toEqual({ id: null, tokens: 2.5e9 });
    expect((await json<Report>("estimate", SMALL, "--target", "1_000_000")).target).toEqual({ id: null, tokens: 1e6 });
    const file = tempConfig(JSON.stringify({ target: "Practitioner" }));
    expect((await json<Report>("estimate", SMALL, "--config", file)).target).toEqual({ id: "practitioner", tokens: 1e12 });
  });
});

describe("usage", () => {
  it("prints the usage on stdout with exit 0 for --help, -h and help", async () => {
    for (const argv of [["--help"], ["-h"], ["help"], ["estimate", "--help"]]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(" ")).toBe(0);
      expect(r.out).toMatch(/^Usage:/);
      expect(r.err).toBe("");
    }
    const v = await cli("--version");
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/^knowledge-layers \S+\n$/);
  });

  it("takes a value that looks like -v or -h as the value of the flag before it, and a word after -- as a word", async () => {
    const domain = await json<Report>("estimate", SMALL, "--domain", "-v");
    expect(domain.scope.domain).toBe("-v");
    const path = await cli("notes", SMALL, "--path", "-h", "--json");
    expect(path.out).not.toMatch(/^Usage:/);
    // After --, -v is the vault's name, not a flag: a vault of that name does not exist.
    const vault = await cli("estimate", "--", "-v");
    expect(vault.code).toBe(2);
    expect(vault.err).toMatch(/-v/);
    expect(vault.out).toBe("");
  });
});

describe("an --out that cannot be written", () => {
  it("is a bad argument naming the path and the reason: no such folder, a file as folder, a folder as file", async () => {
    expectBadArgument(await cli("graph", SMALL, "--out", "/nonexistent/dir/g.html"), /cannot write --out \/nonexistent\/dir\/g\.html: ENOENT: the folder \/nonexistent\/dir does not exist/);
    const dir = mkdtempSync(join(tmpdir(), "kl-out-"));
    const file = join(dir, "file.txt");
    writeFileSync(file, "");
    expectBadArgument(await cli("graph", SMALL, "--out", join(file, "g.svg")), /cannot write --out .*file\.txt\/g\.svg: ENOTDIR/);
    const folder = join(dir, "folder.html");
    mkdirSync(folder);
    expectBadArgument(await cli("graph", SMALL, "--out", folder), /cannot write --out .*folder\.html: EISDIR: it is a folder/);
    expectBadArgument(await cli("graph", SMALL, "--out", join(dir, "g.pdf")), /--out must end in \.html or \.svg, got .*g\.pdf/);
  });

  // sysfs refuses new files even to root: the write itself fails, after the graph is drawn.
  it.runIf(existsSync("/sys/kernel"))("is a bad argument when the write itself is refused", async () => {
    expectBadArgument(await cli("graph", SMALL, "--out", "/sys/kl-graph.html"), /cannot write --out \/sys\/kl-graph\.html: (EACCES: permission denied|EPERM: permission denied|EROFS: read-only file system)/);
  });
});

describe("the example vault", () => {
  it("reads all six layers, its deliberate gaps and a plan far from the bachelor target", async () => {
    const report = await json<Report>("estimate", EXAMPLE);
    expect(report.layers.map((l) => l.notes.concept + l.notes.source + l.notes.check).every((n) => n > 0)).toBe(true);
    expect(report.target.id).toBe("bachelor");
    expect(report.levelReached).toBeNull();
    expect(report.feeding).toBe("rag+lora");
    const rules = new Set(report.gaps.map((g) => g.rule));
    for (const rule of ["orphan", "unsupported", "ungrounded", "unresolved-link", "unknown-layer", "conflicting-layer", "invalid-volume", "unknown-source-type", "inverted-prerequisite", "prerequisite-cycle"]) {
      expect(rules, rule).toContain(rule);
    }
    expect(report.gaps.some((g) => g.path?.startsWith("Templates/"))).toBe(false);
  });
});

/** A character a terminal would act on rather than show (a newline between lines aside): none may reach text output. */
const UNSAFE_OUTPUT = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** Writes a note whose frontmatter holds `properties`, each value as a YAML double-quoted string (escapes and all). */
function writeNote(vault: string, path: string, properties: Record<string, string | string[]>, body: string): void {
  const yaml = Object.entries(properties).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  mkdirSync(join(vault, path, ".."), { recursive: true });
  writeFileSync(join(vault, path), `---\n${yaml.join("\n")}\n---\n${body}\n`);
}

/**
 * Checks the table whose header line starts with `first`: every row is no wider than the rule under the header,
 * and has two spaces before each column the rule starts, so every cell is in its column.
 */
function expectAligned(out: string, first: string): void {
  const lines = out.split("\n");
  const at = lines.findIndex((l) => l.startsWith(first));
  expect(at, `a table headed ${first}`).toBeGreaterThanOrEqual(0);
  const rule = lines[at + 1];
  const starts = [...rule.matchAll(/─+/g)].map((m) => m.index).slice(1);
  const end = lines.findIndex((l, i) => i > at + 1 && l === "");
  const rows = lines.slice(at + 2, end === -1 ? undefined : end);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    expect(row.length, row).toBeLessThanOrEqual(rule.length);
    for (const start of starts) if (row.length > start) expect(row.slice(start - 2, start), row).toBe("  ");
  }
}

describe("text output of hostile values", () => {
  // Each value starts or holds a terminal command: retitle the window (OSC … BEL), colour (CSI, as ESC [ and as
  // the one-byte U+009B), clear the screen, carriage return, a line separator, and bidirectional overrides.
  const MODULE = "\u001b]0;pwned\u0007\u001b[31mRED";
  const DOMAIN = "\u001b[2Jphysics\u009b31m";
  const SOURCE_TYPE = "\u001b[41mevil\u001b[0m";
  const FACET = "\u001b[7mcause";
  const RED_NOTE = "Concepts/\u001b[31mRed\r\u202ename\u2066.md";
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  function hostileVault(): { vault: string; config: string } {
    const vault = mkdtempSync(join(tmpdir(), "kl-escapes-"));
    made.push(vault);
    writeNote(
      vault,
      RED_NOTE,
      { layer: "concepts", module: MODULE, domain: DOMAIN, tags: [`facet/${FACET}`, "\u2066odd\u2069"] },
      "Force is mass times acceleration. [[Missing\u001b[31m one]] and [[Gone\u2028line]] and [[\u202eevil]].",
    );
    writeNote(vault, "Sources/Book.md", { layer: "facts", "source-type": SOURCE_TYPE, module: MODULE, domain: DOMAIN }, "A long book about force. ".repeat(20));
    writeNote(vault, "Concepts/Plain.md", { layer: "concepts", domain: DOMAIN }, "Plain words. [[Book]]");
    const config = tempConfig(
      JSON.stringify({
        layers: [
          { id: "concepts", name: "\u001b]0;pwned\u0007Concepts\u202e" },
          { id: "facts", name: "Facts\u009b31m\u2028x" },
        ],
        levels: [{ id: "low", name: "Lo\u001b[5mw", tokens: 100 }],
        target: "low",
        facets: [FACET],
      }),
    );
    return { vault, config };
  }

  it("prints no control character, line separator or bidi override in estimate, gaps and notes, with the columns aligned", async () => {
    const { vault, config } = hostileVault();
    const runs = [
      ["estimate", vault, "--config", config],
      ["estimate", vault, "--config", config, "--domain", DOMAIN],
      ["gaps", vault, "--config", config],
      ["notes", vault, "--config", config],
    ];
    const outs: string[] = [];
    for (const argv of runs) {
      const r = await cli(...argv);
      expect(r.code, argv.join(" ")).toBe(0);
      expect(r.err).toBe("");
      expect(r.out).not.toMatch(UNSAFE_OUTPUT);
      outs.push(r.out);
    }
    const [estimate, scoped, gaps, notes] = outs;
    // The values are still shown, as text.
    expect(estimate).toMatch(/^0  \]0;pwned Concepts  +2\/0\/0 /m);
    expect(estimate).toContain("Target: Lo [5mw (low,");
    expect(estimate).toMatch(/^ \]0;pwned \[31mRED +2 /m);
    expect(scoped).toContain("Scope: domain  [2Jphysics 31m ");
    expect(gaps).toContain('"Missing [31m one" does not exist');
    expect(gaps).toContain("Concepts/ [31mRed name .md");
    expect(notes).toContain("default ( [41mevil [0m)  unknown-source-type");
    expect(notes).toContain("Concepts/ [31mRed name .md");
    expectAligned(estimate, "Layer ");
    expectAligned(estimate, "Module ");
    expectAligned(notes, "Path ");
  });

  it("leaves --json as it was: the values exactly as the vault holds them, escaped by JSON", async () => {
    const { vault, config } = hostileVault();
    const notes = await json<{ path: string; module: string | null; domain: string | null; why: { sourceType?: string } }[]>("notes", vault, "--config", config);
    expect(notes.map((n) => n.path)).toContain(RED_NOTE.normalize("NFC"));
    expect(notes.find((n) => n.path === "Sources/Book.md")).toMatchObject({ module: MODULE, domain: DOMAIN, why: { sourceType: SOURCE_TYPE.toLowerCase() } });
    const raw = await cli("estimate", vault, "--config", config, "--json");
    expect(raw.out).toContain("\\u001b]0;pwned\\u0007");
    expect((JSON.parse(raw.out) as Report).modules[0].id).toBe(MODULE);
  });
});

/**
 * Folders nested under `<vault>/Deep` until their full path is over PATH_MAX (4096 bytes): listing the deepest
 * fails (ENAMETOOLONG) for root too, as a folder without read permission does for anyone else. They are made
 * through symlinks outside the vault, short ways down. Returns the vault path of the folder that cannot be listed,
 * a symlink to it (a short path to a folder whose own path is too long), and `remove`, which deletes the vault and
 * the symlinks (the folder too deep first, through its symlink: no path it removes by is too long).
 */
function deepFolder(vault: string): { unlistable: string; shortcut: string; remove: () => void } {
  const long = "d".repeat(255);
  const rel = ["Deep"];
  let folder = join(vault, "Deep");
  mkdirSync(folder);
  while (folder.length + 1 + long.length < 4096) {
    folder = join(folder, long);
    rel.push(long);
    mkdirSync(folder);
  }
  const links = mkdtempSync(join(tmpdir(), "kl-deep-"));
  symlinkSync(folder, join(links, "bottom"), "dir");
  mkdirSync(join(links, "bottom", long));
  writeFileSync(join(links, "bottom", long, "Never listed.md"), "---\nlayer: facts\n---\nA note in a folder that cannot be listed.\n");
  symlinkSync(join(links, "bottom", long), join(links, "too-deep"), "dir");
  const remove = () => {
    rmSync(join(links, "bottom", long), { recursive: true, force: true });
    rmSync(links, { recursive: true, force: true });
    rmSync(vault, { recursive: true, force: true });
  };
  return { unlistable: [...rel, long].join("/"), shortcut: join(links, "too-deep"), remove };
}

describe("folders and symlinks the CLI cannot read", () => {
  it("warns about a folder it cannot list and a broken symlink named like a note, and about nothing skipped on purpose", () => {
    const warnings = vaultWarnings([
      { path: "locked", message: "cannot list folder: EACCES", kind: "folder", reason: "EACCES" },
      { path: "Notes/Gone.md", message: "broken symlink, skipped: ENOENT", kind: "broken-symlink", reason: "ENOENT" },
      { path: "Round.md", message: "broken symlink, skipped: ELOOP", kind: "broken-symlink", reason: "ELOOP" },
      { path: "Attachments/pic.png", message: "broken symlink, skipped: ENOENT", kind: "broken-symlink", reason: "ENOENT" },
      { path: "Outside", message: "symlink points outside the vault, skipped", kind: "outside" },
      { path: "Loop/up", message: "symlink to a folder already read (a loop or a duplicate), skipped", kind: "loop" },
      { path: "Pipe link.md", message: "symlink to something that is neither a file nor a folder, skipped", kind: "special" },
      { path: "Private.md", message: "cannot read the file: EACCES", kind: "note" },
      { path: "evil\u001b]0;x\u0007\n\u202ename", message: "cannot list folder: EPERM", kind: "folder", reason: "EPERM" },
    ]);
    expect(warnings).toEqual([
      "knowledge-layers: warning: cannot read folder locked/: EACCES: permission denied (its notes are not counted)",
      "knowledge-layers: warning: broken symlink Notes/Gone.md: ENOENT: its target does not exist (the note is not counted)",
      "knowledge-layers: warning: broken symlink Round.md: ELOOP: a loop of symlinks (the note is not counted)",
      "knowledge-layers: warning: cannot read folder evil ]0;x name/: EPERM: permission denied (its notes are not counted)",
    ]);
  });

  it("prints one warning line on stderr per folder it cannot list, keeps stdout pure JSON, and exits 0", async () => {
    const vault = tempVault();
    const { unlistable, remove } = deepFolder(vault);
    const outside = mkdtempSync(join(tmpdir(), "kl-outside-"));
    try {
      writeFileSync(join(vault, "Second.md"), "---\nlayer: facts\n---\nA second note.\n");
      symlinkSync("Nowhere.md", join(vault, "Gone\u001b[31m.md"), "file");
      symlinkSync("nowhere.png", join(vault, "pic.png"), "file");
      symlinkSync(outside, join(vault, "Outside"), "dir");
      symlinkSync(".", join(vault, "Loop"), "dir");
      // Sorted by path; nothing about the attachment, the symlink out of the vault or the loop.
      const expected = [
        `knowledge-layers: warning: cannot read folder ${unlistable}/: ENAMETOOLONG (its notes are not counted)`,
        "knowledge-layers: warning: broken symlink Gone [31m.md: ENOENT: its target does not exist (the note is not counted)",
      ];
      for (const argv of [["estimate", "--json"], ["gaps", "--json"], ["notes", "--json"], ["estimate"], ["gaps"], ["notes"]]) {
        const r = await cli(argv[0], vault, ...argv.slice(1));
        expect(r.code, argv.join(" ")).toBe(0);
        expect(r.err.split("\n")).toEqual([...expected, ""]);
        if (argv[1] === "--json") expect(() => JSON.parse(r.out) as unknown).not.toThrow();
        if (argv.join(" ") === "notes --json") expect((JSON.parse(r.out) as { path: string }[]).map((n) => n.path)).toEqual(["Note.md", "Second.md"]);
      }
    } finally {
      remove();
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("exits 2 with one line when the vault folder itself cannot be listed", async () => {
    const vault = tempVault();
    const { shortcut, remove } = deepFolder(vault);
    try {
      expectBadArgument(await cli("estimate", shortcut, "--json"), /^knowledge-layers: cannot read the vault folder .*too-deep: ENAMETOOLONG\n$/);
    } finally {
      remove();
    }
  });
});
