// The WeChat sandbox on loopback: /wecom/* plays qyapi.weixin.qq.com, /wechat/* api.weixin.qq.com
// /wechatpay/* api.mch.weixin.qq.com and /kuaidi100/* poll.kuaidi100.com. Point WECOM_API_BASE_URL at
// `${url}/wecom`, WECHAT_API_BASE_URL at `${url}/wechat`, WECHATPAY_API_BASE_URL at `${url}/wechatpay`
// and KUAIDI100_API_BASE_URL at `${url}/kuaidi100`; /erp/webhooks is the brand's ERP, for LoopDesk's
// outbound webhooks; /v1/* an OpenAI-compatible model (OPENAI_BASE_URL=`${url}/v1`).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Kuaidi100Fake } from "./carriers/kuaidi100-fake";
import { handleControl } from "./control-api";
import { ErpFake } from "./erp/erp-fake";
import { LlmFake } from "./llm/llm-fake";
import { type SandboxWechatApp, WechatFake } from "./wechat/wechat-fake";
import { type SandboxPayMerchant, WechatPayFake } from "./wechatpay/wechatpay-fake";
import { type SandboxCorp, WecomFake } from "./wecom/wecom-fake";

export type Sandbox = {
  url: string;
  wecom: WecomFake;
  wechat: WechatFake;
  /** Present when the sandbox was started with a payment merchant. */
  wechatPay?: WechatPayFake;
  /** Present when the sandbox was started with a Kuaidi100 key. */
  kuaidi100?: Kuaidi100Fake;
  /** The brand's ERP, receiving LoopDesk's webhooks at /erp/webhooks. */
  erp: ErpFake;
  /** An OpenAI-compatible model at /v1/chat/completions. */
  llm: LlmFake;
  server: Server;
  close(): Promise<void>;
};

export async function startSandbox(options: {
  corp: SandboxCorp;
  /** The console's WeCom webhook, e.g. http://127.0.0.1:3000/webhooks/wecom */
  wecomWebhookUrl?: string;
  apps?: SandboxWechatApp[];
  /** The kf account the control API's customers write to. */
  openKfId?: string;
  /** A WeChat Pay merchant whose requests the sandbox accepts. */
  payMerchant?: SandboxPayMerchant;
  /** Kuaidi100 (/kuaidi100/poll) for this key; parcels move every `stepEveryMs` when set. */
  kuaidi100?: ConstructorParameters<typeof Kuaidi100Fake>[0];
  /** The key the sandbox's model accepts (Authorization: Bearer …); any when unset. */
  llmApiKey?: string;
  port?: number;
}): Promise<Sandbox> {
  const wecom = new WecomFake(options.corp, options.wecomWebhookUrl);
  const wechat = new WechatFake(options.apps ?? []);
  const wechatPay = options.payMerchant ? new WechatPayFake(options.payMerchant) : undefined;
  const kuaidi100 = options.kuaidi100 ? new Kuaidi100Fake(options.kuaidi100) : undefined;
  const erp = new ErpFake();
  const llm = new LlmFake(options.llmApiKey ?? null);
  if (wechatPay) wechat.knowsPayment = (transactionId) => wechatPay.hasTransaction(transactionId);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox");
    if (url.pathname.startsWith("/sandbox/")) {
      const channels = {
        wecom,
        wechat,
        openKfId: options.openKfId ?? "wkloopdeskdemo",
        oaAppId: options.apps?.find((app) => app.kind === "OFFICIAL_ACCOUNT")?.appId,
        mpAppId: options.apps?.find((app) => app.kind === "MINI_PROGRAM")?.appId,
        wechatPay,
        kuaidi100,
        erp,
        llm,
      };
      handleControl(url.pathname.slice("/sandbox".length), url, req, res, channels).catch(() => {
        res.writeHead(500);
        res.end();
      });
      return;
    }
    const handled = url.pathname.startsWith("/erp/")
      ? erp.handle(url.pathname.slice("/erp".length), req, res)
      : url.pathname.startsWith("/v1/")
        ? llm.handle(url.pathname.slice("/v1".length), req, res)
        : url.pathname.startsWith("/wecom/")
          ? wecom.handle(url.pathname.slice("/wecom".length), url, req, res)
          : url.pathname.startsWith("/kuaidi100/") && kuaidi100
            ? kuaidi100.handle(url.pathname.slice("/kuaidi100".length), req, res)
            : url.pathname.startsWith("/wechatpay/") && wechatPay
              ? wechatPay.handle(`${url.pathname.slice("/wechatpay".length)}${url.search}`, url, req, res)
              : url.pathname.startsWith("/wechat/")
                ? wechat.handle(url.pathname.slice("/wechat".length), url, req, res)
                : Promise.resolve(false);
    handled
      .then((done) => {
        if (!done) {
          res.writeHead(404, { "content-type": "application/json" });
          res.end(JSON.stringify({ errcode: 404, errmsg: `sandbox has no ${url.pathname}` }));
        }
      })
      .catch(() => {
        res.writeHead(500);
        res.end();
      });
  });
  // Like WeChat's front ends, keep idle connections open for a while.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    wecom,
    wechat,
    wechatPay,
    kuaidi100,
    erp,
    llm,
    server,
    close: () =>
      new Promise((resolve) => {
        kuaidi100?.stop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
