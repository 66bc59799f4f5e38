import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { buildRecords } from "../../src/core/analysis";
import { defaultSettings } from "../../src/core/defaults";
import { runCli } from "../../src/node/cli";
import { readingPlan } from "../../src/node/vault";
import { createResolver } from "../../src/reader/resolve";
import { writeReaderVault } from "../../bench/reader";
import { syntheticNotes, writeVault } from "../../bench/synthetic";

/**
 * A large vault is parsed on every core: the bundled CLI starts itself again as reading threads. The answer must
 * not change, so the bundle's output (threads) is held to the in-process run (this thread only), and the records
 * read with threads to buildRecords over the notes read without.
 */

const ROOT = join(import.meta.dirname, "..", "..");
let bundle: string;
let reader: string;
let vault: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "kl-parallel-"));
  bundle = join(dir, "cli.mjs");
  await build({
    entryPoints: [join(ROOT, "src/node/bin.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["gpt-tokenizer", "gpt-tokenizer/*"],
    outfile: bundle,
    logLevel: "silent",
  });
  // A script that reads a vault with threads and prints how many threads read notes, and the notes. Its own
  // thread counts "tokens" (characters) slowly, so that every worker surely takes files.
  reader = join(dir, "read.mjs");
  const vaultModule = JSON.stringify(join(ROOT, "src/node/vault.ts"));
  await build({
    stdin: {
      contents: `import { readVault, readVaultRecords, isReadWorker, runReadWorker } from ${vaultModule};
        import { defaultSettings } from ${JSON.stringify(join(ROOT, "src/core/defaults.ts"))};
        const count = (text) => text.length;
        if (isReadWorker()) await runReadWorker(async () => count);
        else if (process.argv[3] !== undefined) {
          // Without the tokenizer, a second thread on two cores only when the first notes parse slower than argv[3] ns a byte.
          const read = await readVault(process.argv[2], { workerScript: new URL(import.meta.url), secondThreadAbove: Number(process.argv[3]) });
          process.stdout.write(JSON.stringify({ threads: read.threads, notes: read.notes }));
        } else {
          const slow = (text) => { const until = performance.now() + 2; while (performance.now() < until); return count(text); };
          const options = { workerScript: new URL(import.meta.url), exactTokens: true, countTokens: slow };
          const read = await readVault(process.argv[2], options);
          const built = await readVaultRecords(process.argv[2], defaultSettings(), options);
          process.stdout.write(JSON.stringify({ threads: read.threads, notes: read.notes, recordThreads: built.threads, records: built.records }));
        }`,
      resolveDir: ROOT,
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: reader,
    logLevel: "silent",
  });
  vault = join(dir, "vault");
  // 400 notes of about 24 KB: over the 8 MB below which one thread reads alone.
  writeVault(vault, syntheticNotes(400, 4, 5), 24_000);
});

describe("reading a large vault on several threads", () => {
  it("reads on one thread per core for the exact tokenizer, and reads the same notes as one thread", async () => {
    const run = spawnSync(process.execPath, [reader, vault], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    const threaded = JSON.parse(run.stdout) as { threads: number; notes: { exactTokens?: number }[]; recordThreads: number; records: unknown[] };
    expect(threaded.threads).toBe(Math.min(availableParallelism(), 8));
    const { readVaultSync } = await import("../../src/node/vault");
    const alone = readVaultSync(vault, { countTokens: (text) => text.length });
    expect(alone.notes.every((note) => typeof note.exactTokens === "number")).toBe(true);
    expect(threaded.notes).toEqual(JSON.parse(JSON.stringify(alone.notes)));
    // The records (this thread builds them as the notes come in).
    expect(threaded.recordThreads).toBe(Math.min(availableParallelism(), 8));
    const records = buildRecords(alone.notes, defaultSettings(), createResolver(alone.files));
    expect(threaded.records).toEqual(JSON.parse(JSON.stringify(records)));
  });

  it("reads on one thread a core up to 8; on two cores the second starts on demand unless the tokenizer runs", () => {
    expect(readingPlan(1, false)).toEqual({ threads: 1, onDemand: false });
    expect(readingPlan(2, false)).toEqual({ threads: 2, onDemand: true });
    expect(readingPlan(2, true)).toEqual({ threads: 2, onDemand: false });
    expect(readingPlan(4, false)).toEqual({ threads: 4, onDemand: false });
    expect(readingPlan(32, true)).toEqual({ threads: 8, onDemand: false });
  });

  it("on two cores, starts the second thread after the first notes only when they were slow, with the same notes", async () => {
    // 40 MB of link-heavy Markdown: after the first 4 MB, this thread is busy long enough for the second to boot.
    const heavy = join(vault, "..", "heavy");
    writeReaderVault(heavy, 1500, 40_000_000);
    const { readVaultSync } = await import("../../src/node/vault");
    const alone = JSON.parse(JSON.stringify(readVaultSync(heavy).notes)) as unknown;
    const cores = Math.min(availableParallelism(), 8);
    for (const [threshold, threads] of [["0", cores], ["1e9", cores === 2 ? 1 : cores]] as const) {
      const run = spawnSync(process.execPath, [reader, heavy, threshold], { encoding: "utf8", maxBuffer: 1 << 30 });
      expect(run.stderr).toBe("");
      const read = JSON.parse(run.stdout) as { threads: number; notes: unknown };
      expect(read.threads).toBe(threads);
      expect(read.notes).toEqual(alone);
    }
  });

  it("gives the same note records and report from the bundle as in this process", async () => {
    for (const command of ["notes", "estimate"]) {
      let inProcess = "";
      const code = await runCli([command, vault, "--json"], { out: (t) => (inProcess += t), err: () => undefined });
      expect(code).toBe(0);
      const threaded = spawnSync(process.execPath, [bundle, command, vault, "--json"], { encoding: "utf8" });
      expect(threaded.stderr).toBe("");
      expect(threaded.status).toBe(0);
      expect(JSON.parse(threaded.stdout)).toEqual(JSON.parse(inProcess));
    }
  });
});
