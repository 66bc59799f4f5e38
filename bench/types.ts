import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** One benchmark figure, printed beside its budget (spec §8). `budget` is an upper bound in `unit`, or null. */
export interface BenchRow {
  name: string;
  value: number | null;
  unit: string;
  budget: number | null;
  /** Anything the figure needs to be read right ("did not finish in 120 s", "median of 7"). */
  note?: string;
}

/** A suite: produces its rows; `quick` asks for the smallest sizes only (used by the bench's own test). */
export type BenchSuite = (options: { quick: boolean }) => Promise<BenchRow[]>;

/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * A full garbage collection, so that each timed run starts clean and does not pay for the garbage of the run
 * before it (a one-shot CLI or a plugin start never would).
 */
export const collectGarbage: () => void = (() => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as unknown;
  return typeof gc === "function" ? (gc as () => void) : () => undefined;
})();

/** Times `fn` `runs` times (after one warm-up, each from a clean heap) and returns the median in milliseconds. */
export async function timeMedian(runs: number, fn: () => unknown): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    collectGarbage();
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}
