// The demo's shop: a brand's storefront and ERP as LoopDesk sees them from outside. It keeps its
// catalogue in LoopDesk through the open API, sells to the scenario customers who have written (an
// order through the API, then WeChat Pay's notification from the sandbox), and ships what was paid
// (the parcel reported through the API, Kuaidi100 in the sandbox then pushing its scans; mini-program
// orders get their waybills from WeChat's logistics assistant through LoopDesk). Some
// customers never pay, and one payment in ten loses its notification, for the query job to find.

import { randomInt } from "node:crypto";
import { createLogger } from "../../logger";
import { signInToConsole } from "../console-session";
import type { ScenarioCustomer } from "../scenario/scenario-driver";
import type { WechatPayFake } from "../wechatpay/wechatpay-fake";

const log = createLogger("sandbox-shop");

const PRODUCTS = [
  { sku: "CUP-350-PINK", name: "真空保温杯 350ml 樱花粉", priceFen: 8_900, stock: 120, tags: ["保温杯"] },
  { sku: "CUP-500-BLACK", name: "真空保温杯 500ml 曜石黑", priceFen: 10_900, stock: 8, tags: ["保温杯"] },
  { sku: "TEE-M-WHITE", name: "纯棉短袖T恤 白色 M", priceFen: 7_900, stock: 300, tags: ["T恤"] },
  { sku: "TEE-L-NAVY", name: "纯棉短袖T恤 藏青 L", priceFen: 7_900, stock: 40, tags: ["T恤"] },
  { sku: "BAG-CANVAS", name: "帆布托特包", priceFen: 12_900, stock: 60, tags: ["包"] },
  { sku: "SOCKS-3", name: "中筒袜三双装", priceFen: 3_900, stock: 500, tags: ["袜子"] },
] as const;

const CARRIERS = [
  { code: "shunfeng", prefix: "SF" },
  { code: "zhongtong", prefix: "7821" },
  { code: "yuantong", prefix: "YT" },
  { code: "yunda", prefix: "4318" },
] as const;

const CITIES = [
  { province: "上海市", city: "上海市", district: "浦东新区", address: "张江路 88 弄 6 号 1202 室" },
  { province: "浙江省", city: "杭州市", district: "西湖区", address: "文三路 398 号 3 幢 501" },
  { province: "广东省", city: "深圳市", district: "南山区", address: "科技园南区 10 栋 8 楼" },
  { province: "北京市", city: "北京市", district: "朝阳区", address: "望京街 9 号院 2 号楼 1606" },
] as const;

export type ShopDriverOptions = {
  consoleUrl: string;
  admin: { email: string; password: string };
  customers: readonly ScenarioCustomer[];
  appIds: { "official-account"?: string; "mini-program"?: string };
  wechatPay: WechatPayFake;
  /** A mini-program buyer accepts the brand's order-update subscription at checkout (most do). */
  subscribeAtCheckout?: (openid: string) => Promise<unknown>;
  /** A new order this often. */
  orderEveryMs: number;
};

const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)] as T;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** Signs in as the brand's admin and creates the shop's key, as a brand would in Settings → API 密钥. */
async function createShopKey(options: ShopDriverOptions): Promise<string> {
  const api = await signInToConsole(options.consoleUrl, options.admin);
  const created = await api("/api/api-keys", {
    method: "POST",
    body: { name: "沙箱商城 Sandbox shop", scopes: ["orders:write", "orders:read", "products:write"] },
  });
  if (!created.ok) throw new Error(`the shop could not create its API key (${created.status})`);
  return ((await created.json()) as { key: string }).key;
}

export function startShopDriver(options: ShopDriverOptions): { stop(): void } {
  let stopped = false;
  let sequence = 0;
  let key = "";
  const api = async (method: "POST" | "GET", path: string, body?: unknown) => {
    const response = await fetch(`${options.consoleUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };

  const sell = async (customer: ScenarioCustomer) => {
    const appId = customer.channel === "wecom" ? undefined : options.appIds[customer.channel];
    if (!appId) return;
    const lines = Array.from({ length: randomInt(1, 3) }, () => ({
      product: pick(PRODUCTS),
      quantity: randomInt(1, 3),
    }));
    const items = lines.map(({ product, quantity }) => ({
      sku: product.sku,
      name: product.name,
      quantity,
      unitPriceFen: product.priceFen,
    }));
    const totalFen = items.reduce((sum, item) => sum + item.quantity * item.unitPriceFen, 0);
    sequence += 1;
    const orderNo = `LD${new Date().toISOString().slice(0, 10).replaceAll("-", "")}${String(sequence).padStart(4, "0")}${randomInt(100, 999)}`;
    await api("POST", "/orders", {
      orderNo,
      channel: customer.channel,
      customer: { openid: customer.id, appId },
      items,
      totalFen,
      receiver: { name: "张女士", phone: `139${String(randomInt(10_000_000, 99_999_999))}`, ...pick(CITIES) },
    });
    if (customer.channel === "mini-program" && randomInt(4) > 0) await options.subscribeAtCheckout?.(customer.id);
    // One in six never pays; the rest pay within half a minute.
    if (randomInt(6) === 0) return;
    await wait(randomInt(5_000, 30_000));
    // A customer who was given a coupon pays with it: the payment names it (promotion_detail).
    const used = options.wechatPay.coupons.spendBestCoupon(customer.id, totalFen);
    const transaction = {
      outTradeNo: orderNo,
      transactionId: `4200${Date.now()}${randomInt(1_000_000, 9_999_999)}`,
      totalFen,
      openid: customer.id,
      paidAt: new Date(),
      ...(used
        ? {
            coupon: {
              couponId: used.coupon.couponId,
              stockId: used.stock.stockId,
              name: used.stock.name,
              amountFen: used.stock.amountFen,
            },
          }
        : {}),
    };
    // One payment in ten loses its notification: LoopDesk's query job finds it.
    if (randomInt(10) === 0) options.wechatPay.pay(transaction);
    else await options.wechatPay.notifyPayment(transaction, { copies: randomInt(1, 3), ladderScale: 1 / 60 });
    // Mini-program orders get their waybill from WeChat's logistics assistant (LoopDesk asks for it);
    // the shop's ERP reports the others' parcels.
    if (customer.channel === "mini-program") return;
    await wait(randomInt(20_000, 60_000));
    const carrier = pick(CARRIERS);
    await api("POST", `/orders/${orderNo}/shipments`, {
      carrier: carrier.code,
      trackingNo: `${carrier.prefix}${Date.now()}${randomInt(10, 99)}`,
    });
  };

  const run = async () => {
    for (let tries = 0; !key && !stopped; tries += 1) {
      try {
        key = await createShopKey(options);
      } catch (error) {
        if (tries > 30) throw error;
        await wait(2_000);
      }
    }
    await api(
      "POST",
      "/products",
      // Each has a page in the mini program, which recommended product cards open.
      PRODUCTS.map((product) => ({
        ...product,
        lowStockThreshold: 10,
        miniProgramPath: `pages/product/detail?sku=${product.sku}`,
      })),
    );
    log.info({ products: PRODUCTS.length }, "sandbox shop is open");
    while (!stopped) {
      const writers = options.customers.filter((customer) => customer.next > 0 && customer.channel !== "wecom");
      if (writers.length > 0) {
        sell(pick(writers)).catch((error: unknown) => log.warn({ err: error }, "sandbox shop sale failed"));
      }
      await wait(options.orderEveryMs);
    }
  };
  run().catch((error: unknown) => log.error({ err: error }, "sandbox shop stopped"));
  return {
    stop: () => {
      stopped = true;
    },
  };
}
