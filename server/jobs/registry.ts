import type { JobId } from "./contracts";
import type { JobDefinition } from "./define-job";
import { anomaliesScanJob } from "./definitions/anomalies-scan";
import { authPruneSessionsJob } from "./definitions/auth-prune-sessions";
import { channelsSweepOutboundJob } from "./definitions/channels-sweep-outbound";
import { conversationsWakeSnoozedJob } from "./definitions/conversations-wake-snoozed";
import { logisticsCreateWaybillJob } from "./definitions/logistics-create-waybill";
import { logisticsFollowParcelJob } from "./definitions/logistics-follow-parcel";
import { logisticsNotifyParcelChangeJob } from "./definitions/logistics-notify-parcel-change";
import { logisticsNotifyReceiptJob } from "./definitions/logistics-notify-receipt";
import { logisticsRefreshPathsJob } from "./definitions/logistics-refresh-paths";
import { logisticsSweepParcelNoticesJob } from "./definitions/logistics-sweep-parcel-notices";
import { logisticsUploadShippingInfoJob } from "./definitions/logistics-upload-shipping-info";
import { paymentsFollowRefundsJob } from "./definitions/payments-follow-refunds";
import { paymentsQueryUnpaidJob } from "./definitions/payments-query-unpaid";
import { paymentsSubmitRefundJob } from "./definitions/payments-submit-refund";
import { recommendationsAttributeJob } from "./definitions/recommendations-attribute";
import { remediesIssueCouponJob } from "./definitions/remedies-issue-coupon";
import { remediesMakeReshipWaybillJob } from "./definitions/remedies-make-reship-waybill";
import { remediesSweepJob } from "./definitions/remedies-sweep";
import { routingSendQueueNoticeJob } from "./definitions/routing-send-queue-notice";
import { routingSweepJob } from "./definitions/routing-sweep";
import { webhooksDeliverJob } from "./definitions/webhooks-deliver";
import { webhooksSweepInboundJob } from "./definitions/webhooks-sweep-inbound";
import { wecomClaimSessionJob } from "./definitions/wecom-claim-session";
import { wecomEndSessionJob } from "./definitions/wecom-end-session";

/**
 * Every job's handler, for the runner (contracts.ts has what enqueue needs). Keyed by id so that a
 * contract without its handler here, or a handler under another job's id, is a type error.
 */
const handlers = {
  "anomalies.scan": anomaliesScanJob,
  "auth.prune-sessions": authPruneSessionsJob,
  "webhooks.deliver": webhooksDeliverJob,
  "webhooks.sweep-inbound": webhooksSweepInboundJob,
  "channels.sweep-outbound": channelsSweepOutboundJob,
  "wecom.claim-session": wecomClaimSessionJob,
  "wecom.end-session": wecomEndSessionJob,
  "conversations.wake-snoozed": conversationsWakeSnoozedJob,
  "routing.sweep": routingSweepJob,
  "routing.send-queue-notice": routingSendQueueNoticeJob,
  "logistics.create-waybill": logisticsCreateWaybillJob,
  "logistics.follow-parcel": logisticsFollowParcelJob,
  "logistics.notify-parcel-change": logisticsNotifyParcelChangeJob,
  "logistics.notify-receipt": logisticsNotifyReceiptJob,
  "logistics.refresh-paths": logisticsRefreshPathsJob,
  "logistics.sweep-parcel-notices": logisticsSweepParcelNoticesJob,
  "logistics.upload-shipping-info": logisticsUploadShippingInfoJob,
  "payments.follow-refunds": paymentsFollowRefundsJob,
  "payments.query-unpaid": paymentsQueryUnpaidJob,
  "payments.submit-refund": paymentsSubmitRefundJob,
  "remedies.issue-coupon": remediesIssueCouponJob,
  "remedies.make-reship-waybill": remediesMakeReshipWaybillJob,
  "remedies.sweep": remediesSweepJob,
  "recommendations.attribute": recommendationsAttributeJob,
} satisfies { [Id in JobId]: JobDefinition<Id> };

export const jobDefinitions: readonly JobDefinition[] = Object.values(handlers);
