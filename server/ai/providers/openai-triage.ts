// Triage by an OpenAI-compatible chat model through the `openai` SDK: JSON mode, temperature 0,
// the answer checked against triage-prompt.ts's schema. One client per configuration.
import OpenAI from "openai";
import type { Config } from "../../env";
import { TRIAGE_SYSTEM_PROMPT, type TriageAnswer, triageAnswerSchema, triageUserPrompt } from "./triage-prompt";

export type ProviderSettings = NonNullable<Config["ai"]>;

let cached: { settings: ProviderSettings; client: OpenAI } | null = null;

function clientFor(settings: ProviderSettings): OpenAI {
  if (cached?.settings !== settings) {
    cached = {
      settings,
      client: new OpenAI({
        baseURL: settings.baseUrl,
        // A local vLLM needs no key; the SDK insists on one.
        apiKey: settings.apiKey ?? "not-needed",
        timeout: settings.timeoutMs,
        // Retried by triage-message.ts, within its deadline and knowing why the first try failed.
        maxRetries: 0,
      }),
    };
  }
  return cached.client;
}

/** Thrown when the model answered something that is not a triage. */
export class InvalidAnswerError extends Error {
  override name = "InvalidAnswerError";
}

export async function triageWithOpenAi(
  settings: ProviderSettings,
  text: string,
  signal: AbortSignal,
): Promise<TriageAnswer> {
  const completion = await clientFor(settings).chat.completions.create(
    {
      model: settings.model,
      temperature: 0,
      response_format: { type: "json_object" },
      messages: [
        { role: "system", content: TRIAGE_SYSTEM_PROMPT },
        { role: "user", content: triageUserPrompt(text) },
      ],
    },
    { signal },
  );
  const content = completion.choices[0]?.message?.content ?? "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw new InvalidAnswerError("not JSON");
  }
  const answer = triageAnswerSchema.safeParse(parsed);
  if (!answer.success) throw new InvalidAnswerError(answer.error.issues[0]?.message ?? "wrong shape");
  return answer.data;
}
