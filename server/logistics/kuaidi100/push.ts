// ref: Kuaidi100 订阅推送 (docs/wechat-protocols.md §5.3). A push is a form POST with `param` (the
// parcel's whole known history, newest first) and `sign = upper(md5(param + salt))`. It must be
// answered with exactly the success JSON, or Kuaidi100 pushes it again three times, 35 minutes apart.
import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { getConfig } from "../../env";
import type { InboundProcessor } from "../../inbound/inbound-processor";
import { storeInboundEvent } from "../../inbound/store-inbound-event";
import { type WebhookAnswer, WebhookRefusal, type WebhookRequest } from "../../inbound/webhook-types";
import { createLogger } from "../../logger";
import { applyTracking } from "../apply-tracking";
import { kuaidi100Status } from "../tracking-states";

const log = createLogger("kuaidi100");
const SUCCESS = JSON.stringify({ result: true, returnCode: "200", message: "成功" });
const JSON_TYPE = "application/json; charset=utf-8";

const refuse = (status: number, message: string): WebhookRefusal =>
  new WebhookRefusal(
    status,
    JSON.stringify({ result: false, returnCode: String(status), message }),
    message,
    JSON_TYPE,
  );

const pushSchema = z
  .object({
    status: z.string().max(32),
    lastResult: z
      .object({
        nu: z.string().min(1).max(64),
        com: z.string().min(1).max(32),
        state: z.union([z.string(), z.number()]),
        data: z
          .array(
            z
              .object({
                context: z.string().max(1000),
                time: z.string().max(32).optional(),
                ftime: z.string().max(32),
                status: z.string().max(32).optional(),
                statusCode: z.union([z.string(), z.number()]).optional(),
                areaName: z.string().max(200).optional(),
                location: z.string().max(200).optional(),
              })
              .loose(),
          )
          .max(500),
      })
      .loose(),
  })
  .loose();
export type Kuaidi100Push = z.infer<typeof pushSchema>;

/** Kuaidi100 writes times in Beijing time without a zone: "2026-12-06 10:00:00". */
function beijingTime(text: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)$/.exec(text.trim());
  if (!match) return null;
  const date = new Date(`${match[1]}T${match[2]}${match[2]?.length === 5 ? ":00" : ""}+08:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Kuaidi100's push signature, upper(md5(param + salt)), compared in constant time. */
export function signatureMatches(param: string, sign: string, salt: string): boolean {
  const expected = Buffer.from(
    createHash("md5")
      .update(param + salt, "utf8")
      .digest("hex")
      .toUpperCase(),
  );
  const given = Buffer.from(sign);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function handleKuaidi100Push(request: WebhookRequest): Promise<WebhookAnswer> {
  const config = getConfig().kuaidi100;
  if (request.accountId !== "kuaidi100" || !config) throw refuse(404, "no such logistics push");
  if (request.method !== "POST") throw refuse(405, "POST only");
  const form = new URLSearchParams(request.body);
  const param = form.get("param");
  const sign = form.get("sign");
  if (!param || !sign || !signatureMatches(param, sign, config.salt)) throw refuse(401, "bad sign");
  let push: Kuaidi100Push;
  try {
    push = pushSchema.parse(JSON.parse(param));
  } catch {
    throw refuse(400, "malformed param");
  }
  const { com, nu } = push.lastResult;
  let event: Awaited<ReturnType<typeof storeInboundEvent>>;
  try {
    event = await storeInboundEvent({
      source: "KUAIDI100",
      channelAccountId: null,
      // The same history pushed again is the same event; a longer one is new.
      dedupeKey: `kuaidi100:${com}:${nu}:${createHash("sha1").update(param).digest("hex")}`,
      payload: param,
    });
  } catch (error) {
    log.error({ err: error, nu }, "Kuaidi100 push could not be stored");
    throw refuse(500, "could not store the push");
  }
  const answer = { status: 200, body: SUCCESS, contentType: JSON_TYPE };
  return event ? { ...answer, event, parsed: push } : answer;
}

export const kuaidi100Processor: InboundProcessor<Kuaidi100Push> = {
  lane: "queue",
  parse: (payload) => pushSchema.parse(JSON.parse(payload)),
  async apply(_event, push) {
    const { com, nu } = push.lastResult;
    const scans = push.lastResult.data.flatMap((entry) => {
      const occurredAt = beijingTime(entry.ftime) ?? (entry.time ? beijingTime(entry.time) : null);
      if (!occurredAt) return [];
      const newest = entry === push.lastResult.data[0];
      const code = String(entry.statusCode ?? (newest ? push.lastResult.state : (entry.status ?? "")));
      return [
        {
          occurredAt,
          // Per-entry codes when Kuaidi100 sends them (resultv2); else only the newest entry's is known.
          status: kuaidi100Status(entry.statusCode ?? (newest ? push.lastResult.state : 0)),
          carrierCode: code,
          description: entry.context,
          location: entry.areaName ?? entry.location,
        },
      ];
    });
    // A parcel LoopDesk was never told about is nobody's: nothing to apply.
    await applyTracking({ carrier: com, trackingNo: nu }, scans);
    return "applied";
  },
};
