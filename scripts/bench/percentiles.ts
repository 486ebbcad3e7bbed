/** Nearest-rank percentiles of a list of durations, in ms with two decimals. */
export function percentiles(values: number[], ranks: number[]): Record<string, number> {
  const sorted = [...values].sort((a, b) => a - b);
  const result: Record<string, number> = {};
  for (const rank of ranks) {
    const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((rank / 100) * sorted.length) - 1));
    result[`p${rank}`] = sorted.length === 0 ? Number.NaN : Math.round((sorted[index] ?? 0) * 100) / 100;
  }
  return result;
}
