// With an OpenAI-compatible endpoint configured (the sandbox's), every message is triaged by the
// model and recorded as such; a provider that is slow, failing or talking nonsense costs nothing
// but its wait: the offline engine answers, and the run says why.
import { describe, expect, it } from "vitest";
import { db } from "../../db/db";
import { startChannelHarness, testChannels, uniqueId as unique } from "../../testing/channel-harness";
import { eventually } from "../../testing/eventually";
import { setTestEnv } from "../../testing/test-env";
import { triageMessages } from "./triage-message";

const channels = testChannels("llm1");
const oa = channels.officialAccount;
const sandbox = await startChannelHarness(channels);
setTestEnv({ OPENAI_BASE_URL: `${sandbox.url}/v1`, OPENAI_MODEL: "sandbox-llm", AI_TIMEOUT_MS: "400" });

/** The triage run recorded for a new customer's message. */
async function triageRunFor(text: string) {
  const openid = `o${unique()}`;
  await sandbox.wechat.customerSends(oa.appId, openid, text);
  const run = await eventually(
    () =>
      db().aiRun.findFirst({
        where: { capability: "triage", conversation: { customer: { identities: { some: { externalId: openid } } } } },
        include: { conversation: true },
      }),
    (found) => found !== null,
  );
  if (!run) throw new Error("no triage recorded");
  return run;
}

describe("triage through an OpenAI-compatible provider", () => {
  it("classifies with the model, recorded with its name", async () => {
    sandbox.llm.setMode("ok");
    const before = sandbox.llm.requests;
    const run = await triageRunFor("东西碎了还不给退，再不处理我就去12315投诉你们");
    expect(run).toMatchObject({ provider: "openai", model: "sandbox-llm", error: null });
    expect(run.output).toMatchObject({ intent: "COMPLAINT", sentiment: "negative" });
    expect(run.conversation?.intent).toBe("COMPLAINT");
    expect(sandbox.llm.requests).toBe(before + 1);
  });

  it("a provider that times out falls back to the offline engine, and the run records it", async () => {
    sandbox.llm.setMode("slow", 3_000);
    const began = Date.now();
    const run = await triageRunFor("转人工");
    expect(run).toMatchObject({ provider: "offline", model: "intent-lr-2" });
    expect(run.error).toContain("openai/sandbox-llm: timed out");
    expect(run.output).toMatchObject({ intent: "HUMAN_AGENT" });
    expect(run.conversation?.intent).toBe("HUMAN_AGENT");
    // The deadline bounds the wait, retries included.
    expect(Date.now() - began).toBeLessThan(3_000);
  });

  it("a failing provider and one that answers nonsense fall back too", async () => {
    sandbox.llm.setMode("fail");
    const failed = await triageRunFor("我的快递到哪了");
    expect(failed).toMatchObject({ provider: "offline" });
    expect(failed.error).toContain("HTTP 500");
    sandbox.llm.setMode("nonsense");
    const nonsense = await triageRunFor("可以开发票吗");
    expect(nonsense).toMatchObject({ provider: "offline" });
    expect(nonsense.error).toContain("invalid answer");
    expect(nonsense.output).toMatchObject({ intent: "PAYMENT" });
    sandbox.llm.setMode("ok");
  });

  it("a provider too slow for the arrivals costs a batch one timeout at most: the rest are triaged offline", async () => {
    sandbox.llm.setMode("slow", 2_000);
    const settings = {
      baseUrl: `${sandbox.url}/v1`,
      apiKey: undefined,
      model: "sandbox-llm",
      timeoutMs: 300,
      concurrency: 1,
    };
    const began = Date.now();
    const runs = await triageMessages(["我的快递到哪了", "转人工", "可以开发票吗"], settings);
    expect(Date.now() - began).toBeLessThan(1_500);
    expect(runs.map((run) => run.provider)).toEqual(["offline", "offline", "offline"]);
    expect(runs[0]?.error).toContain("timed out");
    expect(runs[2]?.error).toContain("not asked");
    expect(runs.map((run) => run.triage.intent)).toEqual(["ORDER_STATUS", "HUMAN_AGENT", "PAYMENT"]);
    sandbox.llm.setMode("ok");
  });
});
