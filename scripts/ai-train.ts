// npm run ai:train — trains the offline intent classifier on the "train" slice of
// server/ai/triage/data/labelled.jsonl and writes server/ai/triage/intent-model.json (committed),
// then reports its accuracy on the "test" slice it never saw.
import fs from "node:fs";
import path from "node:path";
import { classify, type Intent, trainIntentModel } from "../server/ai/triage/intent-model";

const dir = path.join(import.meta.dirname, "../server/ai/triage");
const rows = fs
  .readFileSync(path.join(dir, "data/labelled.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { text: string; intent: Intent; split: "train" | "test" });
const model = trainIntentModel(rows.filter((row) => row.split === "train"));
fs.writeFileSync(path.join(dir, "intent-model.json"), `${JSON.stringify(model)}\n`);
const test = rows.filter((row) => row.split === "test");
const right = test.filter((row) => classify(model, row.text).intent === row.intent).length;
console.log(
  JSON.stringify({
    trained_on: rows.length - test.length,
    features: Object.keys(model.weights).length,
    held_back: test.length,
    held_back_accuracy: Math.round((right / test.length) * 1000) / 1000,
  }),
);
