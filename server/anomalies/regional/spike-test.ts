// Is a region's recent demand for a SKU a spike? Paid orders of the SKU shipped to the province in
// the last H hours (c) against what its previous 14 days predict for H hours (λ = baseline · H /
// (14 · 24)). A spike needs all three: enough orders to matter (c ≥ minOrders, so three orders are
// never a spike), a clear rise (c ≥ ratio · λ), and a count the baseline makes very unlikely
// (Poisson P(X ≥ c | λ) < pValue, λ at least 0.5 so a region with no history is not infinitely
// surprised).

export type SpikeParams = {
  windowHours: number;
  baselineDays: number;
  minOrders: number;
  ratio: number;
  pValue: number;
};

export const SPIKE_DEFAULTS: SpikeParams = { windowHours: 6, baselineDays: 14, minOrders: 10, ratio: 3, pValue: 0.001 };

/** P(X ≥ count) for X ~ Poisson(mean), summed in log space (counts in the thousands stay finite). */
export function poissonTail(count: number, mean: number): number {
  if (count <= 0) return 1;
  let term = -mean; // log P(X = 0)
  let below = Math.exp(term);
  for (let k = 1; k < count; k += 1) {
    term += Math.log(mean) - Math.log(k);
    below += Math.exp(term);
  }
  return Math.max(0, 1 - below);
}

export type SpikeVerdict = { spike: boolean; expected: number; rise: number; pValue: number };

export function judgeSpike(
  recentOrders: number,
  baselineOrders: number,
  params: SpikeParams = SPIKE_DEFAULTS,
): SpikeVerdict {
  const expected = (baselineOrders * params.windowHours) / (params.baselineDays * 24);
  const mean = Math.max(expected, 0.5);
  const pValue = poissonTail(recentOrders, mean);
  const rise = recentOrders / mean;
  return {
    spike: recentOrders >= params.minOrders && recentOrders >= params.ratio * mean && pValue < params.pValue,
    expected: Math.round(expected * 100) / 100,
    rise: Math.round(rise * 10) / 10,
    pValue,
  };
}

export function spikeParams(stored: Record<string, unknown>): SpikeParams {
  const pick = (key: keyof SpikeParams, min: number, max: number) => {
    const value = stored[key];
    return typeof value === "number" && value >= min && value <= max ? value : SPIKE_DEFAULTS[key];
  };
  return {
    windowHours: pick("windowHours", 1, 72),
    baselineDays: pick("baselineDays", 3, 90),
    minOrders: pick("minOrders", 3, 100_000),
    ratio: pick("ratio", 1.5, 100),
    pValue: pick("pValue", 1e-9, 0.05),
  };
}
