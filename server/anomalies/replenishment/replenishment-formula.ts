// How much to reorder when a SKU runs low (以销定产: produce to what sells). From the last N days of
// paid sales, one figure per China day (days without sales count as zero):
//   daily demand d = mean of the daily units; its variability σ = their sample standard deviation
//   safety stock SS = ⌈z · σ · √L⌉ (L: supplier lead time in days; z = 1.65 for ~95% of cycles without
//                     a stock-out)
//   target = ⌈d · (L + R)⌉ + SS (R: days until the next order is placed — the review period)
//   suggested quantity = max(0, target − stock on hand)
// A SKU that did not sell in the window gets no suggestion (0): nothing says how much it needs.

export type ReplenishmentParams = { salesDays: number; leadTimeDays: number; reviewDays: number; serviceZ: number };

export const REPLENISHMENT_DEFAULTS: ReplenishmentParams = {
  salesDays: 14,
  leadTimeDays: 7,
  reviewDays: 7,
  serviceZ: 1.65,
};

export type ReplenishmentSuggestion = {
  dailyDemand: number;
  safetyStock: number;
  target: number;
  suggestedQuantity: number;
};

export function suggestReplenishment(
  dailyUnits: readonly number[],
  stock: number,
  params: ReplenishmentParams = REPLENISHMENT_DEFAULTS,
): ReplenishmentSuggestion {
  const days = dailyUnits.length;
  const mean = days === 0 ? 0 : dailyUnits.reduce((sum, units) => sum + units, 0) / days;
  const variance = days < 2 ? 0 : dailyUnits.reduce((sum, units) => sum + (units - mean) ** 2, 0) / (days - 1);
  const safetyStock = Math.ceil(params.serviceZ * Math.sqrt(variance) * Math.sqrt(params.leadTimeDays));
  const target = mean === 0 ? 0 : Math.ceil(mean * (params.leadTimeDays + params.reviewDays)) + safetyStock;
  return {
    dailyDemand: Math.round(mean * 100) / 100,
    safetyStock: mean === 0 ? 0 : safetyStock,
    target,
    suggestedQuantity: Math.max(0, target - stock),
  };
}

/** Stored parameters (Settings, the LOW_STOCK rule's params) over the defaults, each within reason. */
export function replenishmentParams(stored: Record<string, unknown>): ReplenishmentParams {
  const pick = (key: keyof ReplenishmentParams, min: number, max: number) => {
    const value = stored[key];
    return typeof value === "number" && value >= min && value <= max ? value : REPLENISHMENT_DEFAULTS[key];
  };
  return {
    salesDays: Math.round(pick("salesDays", 3, 90)),
    leadTimeDays: pick("leadTimeDays", 0, 120),
    reviewDays: pick("reviewDays", 0, 60),
    serviceZ: pick("serviceZ", 0, 4),
  };
}
