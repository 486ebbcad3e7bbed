// One message's triage by the configured engine: the OpenAI-compatible provider when one is set,
// else the offline engine. The offline engine always runs too (about 0.05 ms): it is the fall-back
// when the provider fails, is too slow (AI_TIMEOUT_MS, retries included) or answers nonsense, and
// the numbers and steering signals come from its rules whichever engine classified the message.
import { APIError } from "openai";
import { getConfig } from "../../env";
import { type Triage, triageOffline } from "../triage/triage-offline";
import { InvalidAnswerError, type ProviderSettings, triageWithOpenAi } from "./openai-triage";

/** The offline engine as AiRun names it; the model name changes when retraining changes the data. */
export const OFFLINE_ENGINE = { provider: "offline", model: "intent-lr-2" } as const;

export type TriageRun = {
  triage: Triage;
  provider: string;
  model: string;
  /** Unrounded: the offline engine takes a fraction of a millisecond. */
  latencyMs: number;
  /** Why the provider's answer was not used (the offline engine's was), or null. */
  error: string | null;
};

function whyFailed(error: unknown, timedOut: boolean): string {
  if (timedOut) return "timed out";
  if (error instanceof InvalidAnswerError) return `invalid answer (${error.message})`;
  if (error instanceof APIError && error.status) return `HTTP ${error.status}`;
  return error instanceof Error ? error.name : "failed";
}

/** Worth one more try: the provider was busy or broke, or the connection did (not: refused, nonsense). */
const retryable = (error: unknown) =>
  error instanceof APIError && (error.status === undefined || error.status === 429 || error.status >= 500);

/** The provider's answer, tried twice at most, within the deadline; the reasons of failed tries. */
async function askProvider(settings: ProviderSettings, text: string, deadline: AbortSignal) {
  const failures: string[] = [];
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { answer: await triageWithOpenAi(settings, text, deadline), failures };
    } catch (error) {
      failures.push(whyFailed(error, deadline.aborted));
      if (attempt >= 2 || deadline.aborted || !retryable(error)) return { answer: null, failures };
    }
  }
}

/** Less time than this left is not worth a request. */
const MIN_BUDGET_MS = 50;

/** `deadlineAt`: when the answer is due at the latest (epoch ms); AI_TIMEOUT_MS from now by default. */
export async function triageMessage(
  text: string,
  settings: ProviderSettings | undefined = getConfig().ai,
  deadlineAt?: number,
): Promise<TriageRun> {
  const began = performance.now();
  const offline = triageOffline(text);
  const elapsed = () => performance.now() - began;
  if (!settings) return { triage: offline, ...OFFLINE_ENGINE, latencyMs: elapsed(), error: null };
  const budget = Math.min(settings.timeoutMs, (deadlineAt ?? Number.POSITIVE_INFINITY) - Date.now());
  if (budget < MIN_BUDGET_MS) {
    const error = `openai/${settings.model}: not asked, the batch's time ran out; the offline engine answered`;
    return { triage: offline, ...OFFLINE_ENGINE, latencyMs: elapsed(), error };
  }
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), budget);
  try {
    const { answer, failures } = await askProvider(settings, text, deadline.signal);
    if (answer) {
      return {
        triage: { ...offline, ...answer, confidence: Math.round(answer.confidence * 1000) / 1000 },
        provider: "openai",
        model: settings.model,
        latencyMs: elapsed(),
        error: null,
      };
    }
    return {
      triage: offline,
      ...OFFLINE_ENGINE,
      latencyMs: elapsed(),
      error: `openai/${settings.model}: ${failures.join(", then ")}; the offline engine answered`,
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Triages these texts, at most `concurrency` at the provider at once, results in input order. The
 * whole batch shares one AI_TIMEOUT_MS: when the provider cannot keep up with the messages arriving,
 * the ones it has no time for are triaged offline, so triage (and the bot's turns after it) never
 * falls further behind than that.
 */
export async function triageMessages(
  texts: string[],
  settings = getConfig().ai,
  options: { shareDeadline: boolean } = { shareDeadline: true },
): Promise<TriageRun[]> {
  const runs: TriageRun[] = new Array(texts.length);
  // An evaluation asks the provider about every message, however long that takes.
  const deadlineAt = options.shareDeadline ? Date.now() + (settings?.timeoutMs ?? 0) : undefined;
  let next = 0;
  const worker = async () => {
    while (next < texts.length) {
      const index = next;
      next += 1;
      runs[index] = await triageMessage(texts[index] ?? "", settings, deadlineAt);
    }
  };
  await Promise.all(Array.from({ length: settings ? settings.concurrency : 1 }, worker));
  return runs;
}
