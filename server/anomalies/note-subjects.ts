// Event-driven detection: what a payment, a scan, a refund or a stock change touched is evaluated
// at once, after its own commit and off its hot path, so the anomaly reaches the agents' screens
// in milliseconds instead of at the next pass. Subjects noted while an evaluation runs share the
// next one (group commit). A failure is logged: the next pass finds what it missed.
import { getDatabase } from "../db/db";
import { createGroupCommit } from "../db/group-commit";
import { createLogger } from "../logger";
import { evaluateRules } from "./evaluate-rules";
import { publishAnomalyChanges } from "./publish-anomalies";
import { readRuleSettings } from "./rule-settings";
import type { Subjects } from "./rules/rule";

const log = createLogger("anomalies");

type Waiting = { subjects: Partial<Subjects>; done: () => void };

async function evaluate(batch: Waiting[]): Promise<void> {
  const merged: Subjects = { orderIds: [], productIds: [] };
  for (const { subjects } of batch) {
    for (const key of Object.keys(merged) as (keyof Subjects)[]) merged[key].push(...(subjects[key] ?? []));
  }
  for (const key of Object.keys(merged) as (keyof Subjects)[]) merged[key] = [...new Set(merged[key])];
  try {
    const changes = await getDatabase().transaction(async (tx) =>
      evaluateRules(tx, { kind: "subjects", now: new Date(), subjects: merged }, await readRuleSettings(tx)),
    );
    publishAnomalyChanges(changes);
  } catch (error) {
    log.error({ err: error }, "anomaly evaluation failed; the next pass catches up");
  } finally {
    for (const item of batch) item.done();
  }
}

const evaluations = createGroupCommit<Waiting>({
  maxInFlight: 1,
  maxGroup: 1_000,
  gatherOneTurn: true,
  write: evaluate,
});

/** Evaluates the rules for what an event changed; resolves when done (never rejects). */
export function noteAnomalySubjects(subjects: Partial<Subjects>): Promise<void> {
  return new Promise((done) => evaluations.add({ subjects, done }));
}
