// Plays customers for the demo: people asking before they buy, chasing parcels, complaining and
// asking for a human, spread over WeCom customer service, the Official Account and the mini program.
import { createLogger } from "../../logger";

const log = createLogger("scenario");

const SCRIPTS: string[][] = [
  ["这款保温杯有现货吗？", "有没有粉色的？", "今天下单什么时候发货？"],
  ["我的快递到哪了？", "订单号是 LD20261123001", "已经两天没动了"],
  ["可以开发票吗？", "要专票，公司抬头"],
  ["都三天了还没发货，太慢了！", "再不发我就退款了", "转人工"],
  ["优惠券怎么用？", "满 199 减 30 的那张"],
  ["转人工"],
  ["尺码偏大还是偏小？", "平时穿 M"],
  ["收到的杯子有划痕", "能换一个吗？", "这是照片 <img src=x onerror=alert(1)>"],
  ["刚付完款，今天能发吗？", "急用，麻烦快点"],
  ["不想要了，能退款吗？", "钱退到哪里？多久到账？"],
  ["快递显示派送失败是怎么回事", "我一直在家啊"],
];

const CHANNELS = ["wecom", "official-account", "mini-program"] as const;

export type ScenarioCustomer = { id: string; channel: (typeof CHANNELS)[number]; script: string[]; next: number };

/** `customers`: who plays, for the sandbox shop to sell to those who have written. */
export type ScenarioDriver = { customers: readonly ScenarioCustomer[]; stop(): void };

/** Sends `perMinute` customer messages a minute through the sandbox's control API. */
export function startScenarioDriver(options: { sandboxUrl: string; perMinute: number }): ScenarioDriver {
  if (options.perMinute <= 0) return { customers: [], stop() {} };
  const customers: ScenarioCustomer[] = SCRIPTS.map((script, index) => ({
    id: `demo${String(index + 1).padStart(2, "0")}${Math.random().toString(36).slice(2, 8)}`,
    channel: CHANNELS[index % CHANNELS.length] ?? "wecom",
    script,
    next: 0,
  }));
  const timer = setInterval(() => {
    const waiting = customers.filter((customer) => customer.next < customer.script.length);
    const customer = waiting[Math.floor(Math.random() * waiting.length)];
    if (!customer) {
      for (const again of customers) again.next = 0;
      return;
    }
    const text = customer.script[customer.next] ?? "";
    customer.next += 1;
    fetch(`${options.sandboxUrl}/sandbox/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ channel: customer.channel, customer: customer.id, text }),
    }).catch((error: unknown) => log.warn({ err: error }, "scenario message not delivered"));
  }, 60_000 / options.perMinute);
  timer.unref();
  return { customers, stop: () => clearInterval(timer) };
}
