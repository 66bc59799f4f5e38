import { targetOf } from "./settings";
import type { EstimateFigures, FeedingMethod, LayerEstimate, ModuleEstimate, NoteCounts, Settings } from "./types";

/**
 * The estimate of spec §4, from per-layer sums. Pure arithmetic: the index keeps the sums, this turns them
 * into targets, remaining volume, coverage, level reached, bottleneck and feeding method.
 */

export interface LayerSums {
  rawTokens: number;
  effectiveTokens: number;
  notes: NoteCounts;
}

export interface ModuleSums {
  notes: number;
  rawTokens: number;
  effectiveTokens: number;
}

export interface Estimate {
  target: { id: string | null; tokens: number };
  layers: LayerEstimate[];
  total: EstimateFigures & { notes: NoteCounts };
  levelReached: string | null;
  bottleneck: string | null;
  feeding: FeedingMethod;
  computeOptimalParams: number;
  modules: ModuleEstimate[];
}

/** Tokens per parameter for compute-optimal training (Hoffmann et al. 2022, "Chinchilla"). */
export const CHINCHILLA_TOKENS_PER_PARAM = 20;

/**
 * Relative rounding below which two figures are the same: float noise from fractional shares is about 1e-16 of
 * a figure, and a token count is never meaningful to twelve digits.
 */
const ROUNDING = 1e-12;

/** `tokens × share / shareTotal` (spec §4), in that order; divided first only when the product overflows. */
function shareOf(tokens: number, share: number, shareTotal: number): number {
  const part = (tokens * share) / shareTotal;
  return Number.isFinite(part) ? part : tokens * (share / shareTotal);
}

/** Feeding method by total effective tokens E (spec §4). */
export function feedingMethod(effectiveTokens: number): FeedingMethod {
  if (effectiveTokens < 1e6) return "in-context";
  if (effectiveTokens < 1e8) return "rag+lora";
  if (effectiveTokens < 1e11) return "continued-pretraining";
  return "pretraining";
}

export function emptyCounts(): NoteCounts {
  return { concept: 0, source: 0, check: 0 };
}

export function estimate(settings: Settings, sums: readonly LayerSums[], modules: ReadonlyMap<string, ModuleSums>): Estimate {
  const target = targetOf(settings);
  const shareTotal = settings.layers.reduce((s, l) => s + l.share, 0);
  const layers: LayerEstimate[] = settings.layers.map((l, index) => {
    const s = sums[index] ?? { rawTokens: 0, effectiveTokens: 0, notes: emptyCounts() };
    const targetTokens = shareOf(target.tokens, l.share, shareTotal);
    // Within rounding of its target a layer has met it: shares such as 0.1 and 0.7 leave 1e-13 tokens of float
    // noise, which would show as "100% covered" with tokens still needed.
    const short = targetTokens - s.effectiveTokens;
    const met = short <= targetTokens * ROUNDING;
    const remainingTokens = met ? 0 : short;
    return {
      id: l.id,
      name: l.name,
      index,
      notes: { ...s.notes },
      rawTokens: s.rawTokens,
      effectiveTokens: s.effectiveTokens,
      targetTokens,
      remainingTokens,
      remainingPages: remainingTokens / settings.pageTokens,
      coverage: met ? 1 : Math.min(1, s.effectiveTokens / targetTokens),
    };
  });

  const notes = emptyCounts();
  let rawTokens = 0;
  let effectiveTokens = 0;
  let targetTokens = 0;
  let remainingTokens = 0;
  let coveredTokens = 0;
  for (const l of layers) {
    notes.concept += l.notes.concept;
    notes.source += l.notes.source;
    notes.check += l.notes.check;
    rawTokens += l.rawTokens;
    effectiveTokens += l.effectiveTokens;
    targetTokens += l.targetTokens;
    remainingTokens += l.remainingTokens;
    coveredTokens += l.remainingTokens === 0 ? l.targetTokens : Math.max(0, Math.min(l.effectiveTokens, l.targetTokens));
  }
  // Coverage counts each layer only up to its own target: a surplus in one layer does not fill another. Summed as
  // what is covered, not as one minus what remains: a tiny coverage would otherwise be lost to cancellation.
  const total = {
    notes,
    rawTokens,
    effectiveTokens,
    targetTokens,
    remainingTokens,
    remainingPages: remainingTokens / settings.pageTokens,
    coverage: targetTokens > 0 ? Math.min(1, coveredTokens / targetTokens) : 1,
  };

  // The weakest layer bounds the level: every layer must hold its share of the level's volume.
  let levelReached: string | null = null;
  for (const level of settings.levels) {
    const reached = settings.layers.every(
      (l, i) => (layers[i]?.effectiveTokens ?? 0) >= shareOf(level.tokens, l.share, shareTotal) * (1 - ROUNDING),
    );
    if (reached) levelReached = level.id;
  }

  let bottleneck: string | null = null;
  let lowest = Infinity;
  for (const l of layers) {
    // Ties go to the lower layer, float noise included (0.1 and 0.6 of a target, each covered 0.007, tie).
    if (l.coverage < lowest - ROUNDING) {
      lowest = l.coverage;
      bottleneck = l.id;
    }
  }

  const moduleRows: ModuleEstimate[] = [...modules.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, m]) => ({
      id,
      notes: m.notes,
      rawTokens: m.rawTokens,
      effectiveTokens: m.effectiveTokens,
      feeding: feedingMethod(m.effectiveTokens),
      computeOptimalParams: m.effectiveTokens / CHINCHILLA_TOKENS_PER_PARAM,
    }));

  return {
    target,
    layers,
    total,
    levelReached,
    bottleneck,
    feeding: feedingMethod(effectiveTokens),
    computeOptimalParams: effectiveTokens / CHINCHILLA_TOKENS_PER_PARAM,
    modules: moduleRows,
  };
}
