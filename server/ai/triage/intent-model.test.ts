import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { classify, type Intent, type IntentModel } from "./intent-model";

const dir = import.meta.dirname;
const model = JSON.parse(fs.readFileSync(path.join(dir, "intent-model.json"), "utf8")) as IntentModel;
const heldBack = fs
  .readFileSync(path.join(dir, "data/labelled.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { text: string; intent: Intent; split: string })
  .filter((row) => row.split === "test");

describe("the offline intent classifier", () => {
  it("names the intent of messages it was not trained on", () => {
    const right = heldBack.filter((row) => classify(model, row.text).intent === row.intent).length;
    expect(heldBack.length).toBeGreaterThan(100);
    expect(right / heldBack.length).toBeGreaterThanOrEqual(0.85);
  });

  it("reads the usual ways customers ask for a person, a refund and their parcel", () => {
    expect(classify(model, "转人工！！").intent).toBe("HUMAN_AGENT");
    expect(classify(model, "我要退款 东西不想要了").intent).toBe("RETURN_REFUND");
    expect(classify(model, "我的快递 SF1234567890123 到哪了").intent).toBe("ORDER_STATUS");
  });
});
