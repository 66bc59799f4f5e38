/** Number formatting shared by the report, the CLI table, the status bar and the drawing. */

/** 1234567 → "1.23M", 1e11 → "100B", 0.5 → "0.5". Three significant digits. */
export function formatCompact(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  const units: [number, string][] = [
    [1e12, "T"],
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "k"],
  ];
  for (const [size, unit] of units) if (abs >= size) return `${significant(n / size)}${unit}`;
  return significant(n);
}

/** 0.031 → "3.1%", 1 → "100%". */
export function formatPercent(fraction: number): string {
  const p = fraction * 100;
  if (p > 0 && p < 0.1) return "<0.1%";
  return `${Number(p.toFixed(p >= 10 ? 0 : 1))}%`;
}

function significant(n: number): string {
  return String(Number(n.toPrecision(3)));
}
