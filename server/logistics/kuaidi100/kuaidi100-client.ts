// ref: Kuaidi100 订阅接口 (docs/wechat-protocols.md §5.3): a form POST of `schema=json` and `param`,
// naming the parcel, our key, the callback URL and the salt its pushes will be signed with.
import { callPlatform } from "../../channels/platform-http";
import { getConfig } from "../../env";
import type { CarrierPort, ParcelToFollow } from "../carrier-port";

/** Kuaidi100 refused the subscription: its returnCode and message. */
export class Kuaidi100Error extends Error {
  override name = "Kuaidi100Error";
  constructor(
    readonly returnCode: string,
    message: string,
  ) {
    super(`Kuaidi100 ${returnCode}: ${message}`);
  }
}

/** 501 is "重复订阅": the parcel is already followed, which is what was asked. */
const ALREADY_SUBSCRIBED = "501";

export function createKuaidi100Port(options: {
  key: string;
  salt: string;
  apiBaseUrl: string;
  callbackUrl: string;
}): CarrierPort {
  return {
    name: "kuaidi100",
    async follow(parcel: ParcelToFollow) {
      const param = JSON.stringify({
        company: parcel.carrier,
        number: parcel.trackingNo,
        key: options.key,
        parameters: {
          callbackurl: options.callbackUrl,
          salt: options.salt,
          resultv2: "1",
          ...(parcel.receiverPhone ? { phone: parcel.receiverPhone } : {}),
        },
      });
      const answer = await callPlatform(`${options.apiBaseUrl}/poll`, {
        method: "POST",
        form: new URLSearchParams({ schema: "json", param }),
        timeoutMs: 10_000,
        maxBytes: 64 * 1024,
      });
      let result: { result?: unknown; returnCode?: unknown; message?: unknown };
      try {
        result = JSON.parse(answer.body);
      } catch {
        throw new Kuaidi100Error(String(answer.status), "answer is not JSON");
      }
      const code = String(result.returnCode ?? answer.status);
      if (result.result === true || code === ALREADY_SUBSCRIBED) return;
      throw new Kuaidi100Error(code, String(result.message ?? ""));
    },
  };
}

/** The configured Kuaidi100 subscription, or null when LoopDesk has no Kuaidi100 key or no public URL. */
export function kuaidi100Port(): CarrierPort | null {
  const config = getConfig();
  const kuaidi100 = config.kuaidi100;
  if (!kuaidi100?.key || !config.publicUrl) return null;
  return createKuaidi100Port({
    key: kuaidi100.key,
    salt: kuaidi100.salt,
    apiBaseUrl: config.kuaidi100ApiBaseUrl,
    callbackUrl: new URL("/webhooks/logistics/kuaidi100", config.publicUrl).toString(),
  });
}
