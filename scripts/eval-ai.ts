// npm run eval:ai -- --input FILE.jsonl [--kb KB.jsonl] [--provider offline|openai] [--output OUT.jsonl]
// Runs triage and the bot's decision on every input line and prints a JSON summary (docs/ai.md):
// intent accuracy with per-intent precision and recall, answer rate on covered questions, wrong
// answers, handoff rate, extraction accuracy, latency. `--provider openai` triages through the
// endpoint in OPENAI_BASE_URL / OPENAI_API_KEY / OPENAI_MODEL, as the server would (with the
// offline engine answering whatever it fails), and counts those fall-backs.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { decideBotReply } from "../server/ai/bot/bot-decision";
import { DEMO_KNOWLEDGE_FILE, readKnowledgeFile } from "../server/ai/knowledge/demo-knowledge";
import { buildKnowledgeIndex } from "../server/ai/knowledge/retrieve-knowledge";
import type { ProviderSettings } from "../server/ai/providers/openai-triage";
import { triageMessages } from "../server/ai/providers/triage-message";
import { INTENTS } from "../server/ai/triage/intent-model";

type InputLine = {
  id: string;
  text: string;
  intent?: string;
  articleId?: string | null;
  orderNo?: string | null;
  trackingNo?: string | null;
  expectHandoff?: boolean;
};

const { values } = parseArgs({
  options: {
    input: { type: "string" },
    kb: { type: "string" },
    provider: { type: "string", default: "offline" },
    output: { type: "string" },
  },
});
if (!values.input) {
  console.error(
    "usage: npm run eval:ai -- --input FILE.jsonl [--kb KB.jsonl] [--provider offline] [--output OUT.jsonl]",
  );
  process.exit(2);
}
const providerEnv = z.object({
  OPENAI_BASE_URL: z.url(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_MODEL: z.string().min(1),
  AI_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  AI_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
});
let settings: ProviderSettings | undefined;
if (values.provider === "openai") {
  const env = providerEnv.safeParse(process.env);
  if (!env.success) {
    console.error("--provider openai needs OPENAI_BASE_URL and OPENAI_MODEL (and OPENAI_API_KEY if it asks for one)");
    process.exit(2);
  }
  settings = {
    baseUrl: env.data.OPENAI_BASE_URL.replace(/\/$/, ""),
    apiKey: env.data.OPENAI_API_KEY,
    model: env.data.OPENAI_MODEL,
    timeoutMs: env.data.AI_TIMEOUT_MS,
    concurrency: env.data.AI_CONCURRENCY,
  };
} else if (values.provider !== "offline") {
  console.error(`provider ${values.provider}: offline or openai`);
  process.exit(2);
}
const readLines = <T>(file: string): T[] =>
  fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);

const knowledge = buildKnowledgeIndex(readKnowledgeFile(values.kb ?? DEMO_KNOWLEDGE_FILE));
const lines = readLines<InputLine>(values.input);

const outputs: string[] = [];
const latencies: number[] = [];
const confusion = new Map<string, { tp: number; fp: number; fn: number }>();
const count = (intent: string) => {
  let entry = confusion.get(intent);
  if (!entry) {
    entry = { tp: 0, fp: 0, fn: 0 };
    confusion.set(intent, entry);
  }
  return entry;
};
let intentTotal = 0;
let intentRight = 0;
let covered = 0;
let coveredAnswered = 0;
let wrongAnswers = 0;
let handoffs = 0;
let handoffExpected = 0;
let handoffMet = 0;
let extractionTotal = 0;
let extractionRight = 0;

const runs = await triageMessages(
  lines.map((line) => line.text),
  settings,
  { shareDeadline: false },
);
let fallbacks = 0;
for (const [index, line] of lines.entries()) {
  const run = runs[index];
  if (!run) continue;
  const { triage } = run;
  if (run.error) fallbacks += 1;
  const began = performance.now();
  const decision = decideBotReply(triage, knowledge, line.text);
  // Triage's own time (the provider's round trip, or the offline engine's) and the decision's.
  latencies.push(run.latencyMs + performance.now() - began);
  const articleId = decision.action === "answer_article" ? decision.articleId : null;
  const handoff = decision.action === "handoff";
  outputs.push(
    JSON.stringify({
      id: line.id,
      intent: triage.intent,
      urgency: triage.urgency,
      sentiment: triage.sentiment,
      orderNo: triage.orderNo,
      trackingNo: triage.trackingNo,
      handoff,
      articleId,
      confidence: triage.confidence,
    }),
  );
  if (line.intent) {
    intentTotal += 1;
    if (line.intent === triage.intent) {
      intentRight += 1;
      count(line.intent).tp += 1;
    } else {
      count(line.intent).fn += 1;
      count(triage.intent).fp += 1;
    }
  }
  if (line.articleId !== undefined) {
    if (line.articleId !== null) {
      covered += 1;
      if (articleId === line.articleId) coveredAnswered += 1;
    }
    if (articleId !== null && articleId !== line.articleId) wrongAnswers += 1;
  }
  if (handoff) handoffs += 1;
  if (line.expectHandoff !== undefined) {
    handoffExpected += 1;
    if (handoff === line.expectHandoff) handoffMet += 1;
  }
  for (const key of ["orderNo", "trackingNo"] as const) {
    if (line[key] === undefined) continue;
    extractionTotal += 1;
    if ((line[key] ?? null) === triage[key]) extractionRight += 1;
  }
}

if (values.output) fs.writeFileSync(values.output, `${outputs.join("\n")}\n`);
const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);
latencies.sort((a, b) => a - b);
const at = (q: number) =>
  Math.round((latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0) * 1000) / 1000;
console.log(
  JSON.stringify(
    {
      provider: values.provider,
      ...(settings ? { model: settings.model, provider_fallbacks: fallbacks } : {}),
      lines: lines.length,
      intent_accuracy: ratio(intentRight, intentTotal),
      per_intent: Object.fromEntries(
        INTENTS.filter((intent) => confusion.has(intent)).map((intent) => {
          const { tp, fp, fn } = count(intent);
          return [intent, { precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn) }];
        }),
      ),
      covered_questions: covered,
      covered_answered_rate: ratio(coveredAnswered, covered),
      wrong_answers: wrongAnswers,
      handoff_rate: ratio(handoffs, lines.length),
      handoff_as_expected: ratio(handoffMet, handoffExpected),
      extraction_accuracy: ratio(extractionRight, extractionTotal),
      latency_ms: { p50: at(0.5), p95: at(0.95) },
    },
    null,
    2,
  ),
);
