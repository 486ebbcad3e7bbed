// Every job LoopDesk runs, by id and payload: what enqueue is typed from. Importing this imports
// no job's handler (the handlers are listed in registry.ts, for the runner).
import type { z } from "zod";
import { anomaliesScanContract } from "./definitions/anomalies-scan.contract";
import { authPruneSessionsContract } from "./definitions/auth-prune-sessions.contract";
import { channelsSweepOutboundContract } from "./definitions/channels-sweep-outbound.contract";
import { conversationsWakeSnoozedContract } from "./definitions/conversations-wake-snoozed.contract";
import { logisticsCreateWaybillContract } from "./definitions/logistics-create-waybill.contract";
import { logisticsFollowParcelContract } from "./definitions/logistics-follow-parcel.contract";
import { logisticsNotifyParcelChangeContract } from "./definitions/logistics-notify-parcel-change.contract";
import { logisticsNotifyReceiptContract } from "./definitions/logistics-notify-receipt.contract";
import { logisticsRefreshPathsContract } from "./definitions/logistics-refresh-paths.contract";
import { logisticsSweepParcelNoticesContract } from "./definitions/logistics-sweep-parcel-notices.contract";
import { logisticsUploadShippingInfoContract } from "./definitions/logistics-upload-shipping-info.contract";
import { paymentsFollowRefundsContract } from "./definitions/payments-follow-refunds.contract";
import { paymentsQueryUnpaidContract } from "./definitions/payments-query-unpaid.contract";
import { paymentsSubmitRefundContract } from "./definitions/payments-submit-refund.contract";
import { recommendationsAttributeContract } from "./definitions/recommendations-attribute.contract";
import { remediesIssueCouponContract } from "./definitions/remedies-issue-coupon.contract";
import { remediesMakeReshipWaybillContract } from "./definitions/remedies-make-reship-waybill.contract";
import { remediesSweepContract } from "./definitions/remedies-sweep.contract";
import { routingSendQueueNoticeContract } from "./definitions/routing-send-queue-notice.contract";
import { routingSweepContract } from "./definitions/routing-sweep.contract";
import { webhooksDeliverContract } from "./definitions/webhooks-deliver.contract";
import { webhooksSweepInboundContract } from "./definitions/webhooks-sweep-inbound.contract";
import { wecomClaimSessionContract } from "./definitions/wecom-claim-session.contract";
import { wecomEndSessionContract } from "./definitions/wecom-end-session.contract";

export const jobContracts = [
  anomaliesScanContract,
  authPruneSessionsContract,
  channelsSweepOutboundContract,
  conversationsWakeSnoozedContract,
  logisticsCreateWaybillContract,
  logisticsFollowParcelContract,
  logisticsNotifyParcelChangeContract,
  logisticsNotifyReceiptContract,
  logisticsRefreshPathsContract,
  logisticsSweepParcelNoticesContract,
  logisticsUploadShippingInfoContract,
  paymentsFollowRefundsContract,
  paymentsQueryUnpaidContract,
  paymentsSubmitRefundContract,
  remediesIssueCouponContract,
  remediesMakeReshipWaybillContract,
  remediesSweepContract,
  recommendationsAttributeContract,
  routingSendQueueNoticeContract,
  routingSweepContract,
  webhooksDeliverContract,
  webhooksSweepInboundContract,
  wecomClaimSessionContract,
  wecomEndSessionContract,
] as const;

type Contracts = (typeof jobContracts)[number];
export type JobId = Contracts["id"];
export type JobPayload<Id extends JobId> = z.input<Extract<Contracts, { id: Id }>["schema"]>;
