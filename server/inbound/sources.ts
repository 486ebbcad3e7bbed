// Every source of inbound events, in one place: the processor of each stored kind, and the handler
// of each /webhooks/<segment> path. A new source (a payment notification, a carrier push) adds its
// InboundSource value, its processor and, if it is pushed to us, its route here.

import { handleWechatPush } from "../channels/official-account/handle-push";
import { miniProgramPushProcessor, officialAccountPushProcessor } from "../channels/official-account/push-processor";
import { handleKfCallback } from "../channels/wecom/handle-kf-callback";
import { kfCallbackProcessor } from "../channels/wecom/kf-callback-processor";
import { kfItemProcessor } from "../channels/wecom/kf-item-processor";
import type { InboundSource } from "../generated/prisma/enums";
import { handleKuaidi100Push, kuaidi100Processor } from "../logistics/kuaidi100/push";
import { handleWechatPayNotification } from "../payments/wechatpay/handle-notification";
import { wechatPayProcessor } from "../payments/wechatpay/notification-processor";
import type { InboundProcessor } from "./inbound-processor";
import { createWebhookRouter, type WebhookRouterOptions } from "./webhook-router";
import type { WebhookHandler } from "./webhook-types";

/** A source without a processor is a compile error, not an event the sweep retries forever. */
const processors = {
  WECOM_KF_CALLBACK: kfCallbackProcessor,
  WECOM_KF_ITEM: kfItemProcessor,
  OFFICIAL_ACCOUNT: officialAccountPushProcessor,
  MINI_PROGRAM: miniProgramPushProcessor,
  WECHAT_PAY: wechatPayProcessor,
  KUAIDI100: kuaidi100Processor,
} satisfies Record<InboundSource, InboundProcessor>;

/** Looked up by a stored event's source: each processor reads what its own parse returns. */
export const inboundProcessors: Readonly<Record<InboundSource, InboundProcessor>> = processors;

export const webhookRoutes = {
  wecom: handleKfCallback,
  "official-account": (request) => handleWechatPush("OFFICIAL_ACCOUNT", request),
  "mini-program": (request) => handleWechatPush("MINI_PROGRAM", request),
  wechatpay: handleWechatPayNotification,
  /** /webhooks/logistics/kuaidi100 */
  logistics: handleKuaidi100Push,
} satisfies Record<string, WebhookHandler>;

/** The /webhooks/* handler with every source; options for tests (a short body timeout). */
export function createWebhookHandler(options: Pick<WebhookRouterOptions, "bodyTimeoutMs"> = {}) {
  return createWebhookRouter({ routes: webhookRoutes, processors: inboundProcessors, ...options });
}

export const handleWebhookRequest = createWebhookHandler();
