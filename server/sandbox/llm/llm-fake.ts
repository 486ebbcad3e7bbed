// An OpenAI-compatible chat endpoint on loopback (/v1/chat/completions), so the provider path of
// LoopDesk's AI (the openai SDK, JSON mode, timeouts, retries, the fall-back) runs end to end with
// no network. Its "model" classifies the quoted customer message with LoopDesk's offline engine and
// answers in OpenAI's response format. Modes, set through the control API, play a provider having a
// bad day: slow (answers after `delayMs`), failing (HTTP 500), or talking nonsense (not JSON).
import type { IncomingMessage, ServerResponse } from "node:http";
import { quotedMessage, type TriageAnswer } from "../../ai/providers/triage-prompt";
import { triageOffline } from "../../ai/triage/triage-offline";
import { readJsonBody } from "../read-json-body";

export const LLM_MODES = ["ok", "slow", "fail", "nonsense"] as const;
export type LlmMode = (typeof LLM_MODES)[number];

type ChatMessage = { role?: unknown; content?: unknown };

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** OpenAI's error shape. */
const error = (res: ServerResponse, status: number, message: string, type: string) =>
  json(res, status, { error: { message, type, param: null, code: null } });

export class LlmFake {
  mode: LlmMode = "ok";
  delayMs = 0;
  /** Chat completions asked for (including ones answered with an error), for tests to count. */
  requests = 0;

  /** `apiKey`: the Bearer key it accepts; null accepts any (a local server without keys). */
  constructor(private readonly apiKey: string | null = null) {}

  setMode(mode: LlmMode, delayMs = 0): void {
    this.mode = mode;
    this.delayMs = delayMs;
  }

  async handle(path: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (path !== "/chat/completions" || req.method !== "POST") return false;
    this.requests += 1;
    if (this.apiKey && req.headers.authorization !== `Bearer ${this.apiKey}`) {
      error(res, 401, "Incorrect API key provided.", "invalid_request_error");
      return true;
    }
    const body = await readJsonBody(req);
    const messages = Array.isArray(body.messages) ? (body.messages as ChatMessage[]) : [];
    const prompt = messages
      .filter((message) => message.role === "user" && typeof message.content === "string")
      .map((message) => message.content as string)
      .join("\n");
    const text = quotedMessage(prompt);
    if (typeof body.model !== "string" || text === null) {
      error(res, 400, "model and a user message are required", "invalid_request_error");
      return true;
    }
    if (this.mode === "slow") await new Promise((resolve) => setTimeout(resolve, this.delayMs || 30_000));
    if (this.mode === "fail") {
      error(res, 500, "The server had an error while processing your request.", "server_error");
      return true;
    }
    const content = this.mode === "nonsense" ? "好的，我来帮您看看这个问题～" : JSON.stringify(this.classify(text));
    if (res.destroyed) return true;
    json(res, 200, {
      id: `chatcmpl-sandbox${this.requests}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop", logprobs: null }],
      usage: { prompt_tokens: Math.ceil(prompt.length / 2), completion_tokens: 30, total_tokens: 0 },
    });
    return true;
  }

  private classify(text: string): TriageAnswer {
    const { intent, urgency, sentiment, confidence } = triageOffline(text);
    return { intent, urgency, sentiment, confidence };
  }
}
