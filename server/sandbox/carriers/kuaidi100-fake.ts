// Kuaidi100 as the sandbox plays it (docs/wechat-protocols.md §5.3): the subscription endpoint
// (/kuaidi100/poll, form `schema` + `param`, checked against the key) and, for each parcel followed,
// a timeline that moves one scan at a time and is pushed whole, newest first, signed
// upper(md5(param + salt)) to the callback URL. Each parcel plays a script: delivered, stalled,
// failed delivery, refused, or returned.
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createLogger } from "../../logger";
import { chinaWallClock } from "../../time/china-time";

const log = createLogger("sandbox-kuaidi100");

export type ParcelScript = "delivered" | "stalled" | "failed_delivery" | "refused" | "returned";

type Scan = { state: string; context: string; areaName: string };

const PICKED: Scan = { state: "1", context: "【杭州市】快递员已揽收", areaName: "浙江省,杭州市" };
const LEFT: Scan = { state: "0", context: "【杭州市】快件已发车，发往【上海转运中心】", areaName: "浙江省,杭州市" };
const ARRIVED: Scan = { state: "0", context: "【上海市】快件已到达【上海转运中心】", areaName: "上海,上海市" };
const OUT: Scan = { state: "5", context: "【上海市】快递员正在派件，电话：95338", areaName: "上海,上海市" };

const SCRIPTS: Record<ParcelScript, Scan[]> = {
  delivered: [
    PICKED,
    LEFT,
    ARRIVED,
    OUT,
    { state: "3", context: "【上海市】已签收，签收人：本人", areaName: "上海,上海市" },
  ],
  // Picked up and on its way, then nothing: what a stalled parcel looks like from outside.
  stalled: [PICKED, LEFT],
  failed_delivery: [
    PICKED,
    LEFT,
    ARRIVED,
    OUT,
    { state: "2", context: "【上海市】派送不成功：联系不上收件人", areaName: "上海,上海市" },
  ],
  refused: [PICKED, LEFT, ARRIVED, OUT, { state: "14", context: "【上海市】收件人拒收", areaName: "上海,上海市" }],
  returned: [
    PICKED,
    LEFT,
    OUT,
    { state: "6", context: "【上海市】快件退回中，原因：地址不详", areaName: "上海,上海市" },
    { state: "4", context: "【杭州市】退回件已签收", areaName: "浙江省,杭州市" },
  ],
};

/**
 * Without a script chooser, a tracking number that names a script plays it (SF…REFUSED…, ZT…STALLED…),
 * so a brand trying the sandbox, or a test, picks a parcel's fate by its number; others are delivered.
 */
export function scriptNamedIn(trackingNo: string): ParcelScript {
  const upper = trackingNo.toUpperCase();
  if (upper.includes("REFUSE")) return "refused";
  if (upper.includes("FAIL")) return "failed_delivery";
  if (upper.includes("STALL")) return "stalled";
  if (upper.includes("RETURN")) return "returned";
  return "delivered";
}

export type FollowedParcel = {
  com: string;
  nu: string;
  callbackUrl: string;
  salt?: string;
  script: ParcelScript;
  /** Scans so far, oldest first, with their Beijing times. */
  history: (Scan & { ftime: string })[];
  pushes: number;
};

/** Kuaidi100's time format: Beijing time, no zone. */
export function beijingTimeText(at: Date): string {
  return chinaWallClock(at).slice(0, 19).replace("T", " ");
}

/** A push's form body: the history newest first, and its signature when a salt was given. */
export function kuaidi100PushForm(parcel: { com: string; nu: string }, state: string, data: object[], salt?: string) {
  const done = state === "3" || state === "4";
  const param = JSON.stringify({
    status: done ? "shutdown" : "polling",
    billstatus: "got",
    message: "",
    lastResult: { message: "ok", state, status: "200", condition: "F00", ischeck: done ? "1" : "0", ...parcel, data },
  });
  const form = new URLSearchParams({ param });
  if (salt)
    form.set(
      "sign",
      createHash("md5")
        .update(param + salt, "utf8")
        .digest("hex")
        .toUpperCase(),
    );
  return form;
}

export class Kuaidi100Fake {
  readonly parcels = new Map<string, FollowedParcel>();
  /** Every subscription request received, repeats included. */
  subscribeCalls = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: {
      key: string;
      /** Which script a newly followed parcel plays (default: delivered). */
      scriptFor?: (trackingNo: string) => ParcelScript;
      /** Moves every parcel one scan along this often; unset: only advance() does. */
      stepEveryMs?: number;
      /**
       * Stalled parcels' scans, when stepped on their own, are dated this long ago: a demo shows a
       * parcel that has not moved for two days without waiting two days.
       */
      stalledHoursAgo?: number;
    },
  ) {
    if (options.stepEveryMs) {
      this.timer = setInterval(() => void this.advanceAll(), options.stepEveryMs);
      this.timer.unref();
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async handle(path: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (path !== "/poll") return false;
    this.subscribeCalls += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    const answer = (result: boolean, returnCode: string, message: string) => {
      res.writeHead(200, { "content-type": "application/json;charset=UTF-8" });
      res.end(JSON.stringify({ result, returnCode, message }));
    };
    let param: {
      company?: string;
      number?: string;
      key?: string;
      parameters?: { callbackurl?: string; salt?: string };
    };
    try {
      param = JSON.parse(form.get("param") ?? "");
    } catch {
      answer(false, "700", "param 不是合法的 JSON");
      return true;
    }
    if (form.get("schema") !== "json" || !param.company || !param.number || !param.parameters?.callbackurl) {
      answer(false, "700", "缺少 company、number 或 callbackurl");
      return true;
    }
    if (param.key !== this.options.key) {
      answer(false, "601", "key 无效");
      return true;
    }
    const id = `${param.company}:${param.number}`;
    if (this.parcels.has(id)) {
      answer(false, "501", "重复订阅");
      return true;
    }
    this.parcels.set(id, {
      com: param.company,
      nu: param.number,
      callbackUrl: param.parameters.callbackurl,
      salt: param.parameters.salt,
      script: this.options.scriptFor?.(param.number) ?? scriptNamedIn(param.number),
      history: [],
      pushes: 0,
    });
    answer(true, "200", "提交成功");
    return true;
  }

  /** The parcel's next scan happens and its history is pushed; returns the callback's HTTP status. */
  async advance(com: string, nu: string, at = new Date()): Promise<number | null> {
    const parcel = this.parcels.get(`${com}:${nu}`);
    const next = parcel && SCRIPTS[parcel.script][parcel.history.length];
    if (!parcel || !next) return null;
    parcel.history.push({ ...next, ftime: beijingTimeText(at) });
    return this.push(parcel);
  }

  /** Pushes the parcel's history as it stands (Kuaidi100 re-pushes whole histories). */
  async push(parcel: FollowedParcel): Promise<number | null> {
    const newestFirst = [...parcel.history].reverse().map((scan) => ({
      context: scan.context,
      time: scan.ftime,
      ftime: scan.ftime,
      areaName: scan.areaName,
    }));
    const state = parcel.history.at(-1)?.state ?? "0";
    parcel.pushes += 1;
    try {
      const response = await fetch(parcel.callbackUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: kuaidi100PushForm(parcel, state, newestFirst, parcel.salt).toString(),
      });
      await response.arrayBuffer();
      return response.status;
    } catch (error) {
      log.warn({ err: error, nu: parcel.nu }, "push not delivered");
      return null;
    }
  }

  private async advanceAll(): Promise<void> {
    const stalledAt = new Date(Date.now() - (this.options.stalledHoursAgo ?? 0) * 3_600_000);
    for (const parcel of this.parcels.values()) {
      await this.advance(parcel.com, parcel.nu, parcel.script === "stalled" ? stalledAt : new Date());
    }
  }
}
