// The offline intent classifier: multinomial logistic regression over the sparse features of
// features.ts, trained by `npm run ai:train` (scripts/ai-train.ts) from the labelled set in
// data/labelled.jsonl, its "test" slice never trained on. The trained weights are committed
// (intent-model.json), so start-up needs no training.
import type { ExtractedNumbers } from "./extract-numbers";
import { featuresOf } from "./features";

export const INTENTS = [
  "PRE_SALE",
  "ORDER_STATUS",
  "LOGISTICS_PROBLEM",
  "RETURN_REFUND",
  "PAYMENT",
  "COUPON_PROMO",
  "COMPLAINT",
  "HUMAN_AGENT",
  "ACCOUNT",
  "OTHER",
] as const;
export type Intent = (typeof INTENTS)[number];

export type IntentModel = { intents: Intent[]; bias: number[]; weights: Record<string, number[]> };

export function softmax(scores: number[]): number[] {
  const top = Math.max(...scores);
  const exps = scores.map((score) => Math.exp(score - top));
  const sum = exps.reduce((total, value) => total + value, 0);
  return exps.map((value) => value / sum);
}

export function scoresOf(model: IntentModel, features: string[]): number[] {
  const scores = [...model.bias];
  for (const feature of features) {
    const weights = model.weights[feature];
    if (!weights) continue;
    for (let k = 0; k < scores.length; k += 1) scores[k] = (scores[k] ?? 0) + (weights[k] ?? 0);
  }
  return scores;
}

export function classify(
  model: IntentModel,
  text: string,
  numbers?: ExtractedNumbers,
): { intent: Intent; confidence: number } {
  const probabilities = softmax(scoresOf(model, featuresOf(text, numbers)));
  let best = 0;
  for (let k = 1; k < probabilities.length; k += 1) if ((probabilities[k] ?? 0) > (probabilities[best] ?? 0)) best = k;
  return { intent: model.intents[best] ?? "OTHER", confidence: probabilities[best] ?? 0 };
}

/** Trains by stochastic gradient descent with L2, in a fixed order for a given seed: the same data, the same model. */
export function trainIntentModel(
  samples: { text: string; intent: Intent }[],
  options: { epochs?: number; rate?: number; l2?: number; seed?: number } = {},
): IntentModel {
  const epochs = options.epochs ?? 60;
  const rate = options.rate ?? 0.1;
  const l2 = options.l2 ?? 0;
  const intents = [...INTENTS];
  const k = intents.length;
  const bias = new Array<number>(k).fill(0);
  const weights = new Map<string, number[]>();
  const rows = samples.map((sample) => ({ features: featuresOf(sample.text), label: intents.indexOf(sample.intent) }));
  let seed = options.seed ?? 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    const order = rows.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const step = rate / (1 + epoch * 0.2);
    for (const index of order) {
      const row = rows[index];
      if (!row) continue;
      const scores = [...bias];
      for (const feature of row.features) {
        const w = weights.get(feature);
        if (w) for (let c = 0; c < k; c += 1) scores[c] = (scores[c] ?? 0) + (w[c] ?? 0);
      }
      const probabilities = softmax(scores);
      for (let c = 0; c < k; c += 1) {
        const gradient = (probabilities[c] ?? 0) - (c === row.label ? 1 : 0);
        bias[c] = (bias[c] ?? 0) - step * gradient;
        for (const feature of row.features) {
          let w = weights.get(feature);
          if (!w) {
            w = new Array<number>(k).fill(0);
            weights.set(feature, w);
          }
          w[c] = (w[c] ?? 0) * (1 - step * l2) - step * gradient;
        }
      }
    }
  }
  const rounded: Record<string, number[]> = {};
  for (const [feature, w] of [...weights.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (w.some((value) => Math.abs(value) >= 0.005))
      rounded[feature] = w.map((value) => Math.round(value * 1000) / 1000);
  }
  return { intents, bias: bias.map((value) => Math.round(value * 1000) / 1000), weights: rounded };
}
