// The demo's WeChat accounts. They exist only inside the WeChat sandbox; none of these is a secret.
import type { SandboxWechatApp } from "../sandbox/wechat/wechat-fake";
import type { SandboxCorp } from "../sandbox/wecom/wecom-fake";

const DEMO_AES_KEY = "LoopDeskDemoAesKeyForTheWeChatSandbox000000";

export const DEMO_CORP: SandboxCorp = {
  corpId: "wwloopdeskdemo01",
  secret: "loopdesk-demo-kf-secret",
  token: "LoopDeskDemoKf",
  aesKey: DEMO_AES_KEY,
};

export const DEMO_OPEN_KF_ID = "wkloopdeskdemo";

/** The template (OA) and subscription message (mini program) the demo accounts have picked. */
export const DEMO_OA_TEMPLATE_ID = "ld_demo_service_followup_0001";
export const DEMO_MP_TEMPLATE_ID = "ld_demo_order_update_0001";

export const DEMO_OFFICIAL_ACCOUNT: SandboxWechatApp = {
  kind: "OFFICIAL_ACCOUNT",
  appId: "wx1000000000000de0",
  originalId: "gh_loopdesk_demo",
  secret: "loopdesk-demo-oa-secret",
  token: "LoopDeskDemoOa",
  aesKey: DEMO_AES_KEY,
  mode: "safe",
  templates: [{ templateId: DEMO_OA_TEMPLATE_ID, keys: ["first", "keyword1", "keyword2", "remark"] }],
};

export const DEMO_MINI_PROGRAM: SandboxWechatApp = {
  kind: "MINI_PROGRAM",
  appId: "wx2000000000000de0",
  originalId: "gh_loopdesk_mini",
  secret: "loopdesk-demo-mp-secret",
  token: "LoopDeskDemoMp",
  aesKey: DEMO_AES_KEY,
  mode: "safe",
  format: "json",
  templates: [{ templateId: DEMO_MP_TEMPLATE_ID, keys: ["thing1", "character_string2", "thing3"] }],
};

/** The variables that point LoopDesk at the sandbox's accounts. */
export function demoChannelEnv(sandboxUrl: string): Record<string, string> {
  return {
    WECOM_CORP_ID: DEMO_CORP.corpId,
    WECOM_KF_SECRET: DEMO_CORP.secret,
    WECOM_CALLBACK_TOKEN: DEMO_CORP.token,
    WECOM_CALLBACK_AES_KEY: DEMO_CORP.aesKey,
    WECHAT_OA_APP_ID: DEMO_OFFICIAL_ACCOUNT.appId,
    WECHAT_OA_APP_SECRET: DEMO_OFFICIAL_ACCOUNT.secret,
    WECHAT_OA_TOKEN: DEMO_OFFICIAL_ACCOUNT.token,
    WECHAT_OA_AES_KEY: DEMO_AES_KEY,
    WECHAT_MP_APP_ID: DEMO_MINI_PROGRAM.appId,
    WECHAT_MP_APP_SECRET: DEMO_MINI_PROGRAM.secret,
    WECHAT_MP_TOKEN: DEMO_MINI_PROGRAM.token,
    WECHAT_MP_AES_KEY: DEMO_AES_KEY,
    WECOM_API_BASE_URL: `${sandboxUrl}/wecom`,
    WECHAT_API_BASE_URL: `${sandboxUrl}/wechat`,
  };
}

/** The demo's WeChat Pay merchant (its keys are made at every start, server/demo/demo-commerce.ts). */
export const DEMO_MCH_ID = "1900009191";

/** The cash-coupon stock the demo brand created at (the sandbox's) WeChat Pay, for agents' remedies. */
export const DEMO_COUPON_STOCK = {
  stockId: "16880001",
  creatorMchId: DEMO_MCH_ID,
  mchId: DEMO_MCH_ID,
  appId: DEMO_MINI_PROGRAM.appId,
  name: "售后补偿券",
  amountFen: 1_000,
  minimumFen: 5_000,
};

/** The sandbox's OpenAI-compatible model, for LOOPDESK_DEMO_LLM=1. */
export const DEMO_LLM = { model: "sandbox-llm", apiKey: "sk-sandbox-demo" } as const;
