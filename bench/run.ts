import { coreBench } from "./core";
import { frameBench } from "./frame";
import { layoutBench } from "./layout";
import { pluginBench } from "./plugin";
import { readerBench } from "./reader";
import type { BenchRow, BenchSuite } from "./types";

/**
 * `npm run bench` prints every figure beside its budget (spec §8); `npm run bench -- --json` prints the same
 * rows as a JSON array of { name, value, unit, budget }. `--quick` runs the smallest sizes only.
 */
const SUITES: [string, BenchSuite][] = [
  ["reader", readerBench],
  ["core", coreBench],
  ["plugin", pluginBench],
  ["layout", layoutBench],
  ["frame", frameBench],
];

const argv = process.argv.slice(2);
const json = argv.includes("--json");
const quick = argv.includes("--quick");
const only = argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");

const rows: BenchRow[] = [];
for (const [name, suite] of SUITES) {
  if (only && !only.includes(name)) continue;
  if (!json) process.stderr.write(`running ${name}…\n`);
  const suiteRows = await suite({ quick });
  rows.push(...suiteRows);
  if (!json) printRows(name, suiteRows);
}
if (json) process.stdout.write(JSON.stringify(rows.map(({ name, value, unit, budget }) => ({ name, value, unit, budget })), null, 2) + "\n");
else {
  const over = rows.filter((r) => r.budget !== null && r.value !== null && r.value > r.budget);
  process.stdout.write(over.length ? `\n${over.length} figure(s) over budget.\n` : "\nEvery figure is within its budget.\n");
}

function printRows(suite: string, list: readonly BenchRow[]): void {
  const width = Math.max(...list.map((r) => r.name.length));
  process.stdout.write(`\n${suite}\n`);
  for (const r of list) {
    const value = r.value === null ? "—" : `${r.value} ${r.unit}`;
    // No figure (a competitor that did not finish) is not held against the budget: there is nothing to compare.
    const verdict = r.value === null ? "no figure" : r.value <= r.budget! ? "ok" : "OVER";
    const budget = r.budget === null ? "" : `budget ≤ ${r.budget} ${r.unit}  ${verdict}`;
    process.stdout.write(`  ${r.name.padEnd(width)}  ${value.padStart(12)}  ${budget}${r.note ? `  (${r.note})` : ""}\n`);
  }
}
