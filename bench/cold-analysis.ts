/**
 * The first full analysis in a fresh process, as the CLI meets it on every run and the plugin once a session:
 * before V8 has optimised the index's code or learnt which of its objects live long. Run by `bench/core.ts` as
 * `node --import tsx bench/cold-analysis.ts <notes>`; prints the milliseconds.
 */
import { analyze, buildRecords } from "../src/core/analysis";
import { defaultSettings } from "../src/core/defaults";
import { createResolver } from "../src/reader/resolve";
import { syntheticNotes, toParsed } from "./synthetic";

const n = Number(process.argv[2]);
const settings = defaultSettings();
const parsed = toParsed(syntheticNotes(n, 4));
const records = buildRecords(parsed, settings, createResolver(parsed.map((p) => p.path)));
const start = performance.now();
const index = analyze(records, settings);
index.report();
index.graph();
process.stdout.write(String(performance.now() - start));
