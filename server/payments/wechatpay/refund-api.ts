// WeChat Pay's refund API (docs/wechat-protocols.md §4.7): apply for a refund under our
// out_refund_no, and ask how it stands. Applying again with the same out_refund_no and amount
// answers the refund already made, which is what makes retries safe.
import { z } from "zod";
import { getConfig } from "../../env";
import type { Merchant } from "./merchant";
import { callPayApi } from "./pay-client";

export const refundAnswerSchema = z
  .object({
    refund_id: z.string().min(1).max(64),
    out_refund_no: z.string().min(1).max(64),
    transaction_id: z.string().min(1).max(64),
    out_trade_no: z.string().min(1).max(64),
    status: z.enum(["SUCCESS", "CLOSED", "PROCESSING", "ABNORMAL"]),
    success_time: z.string().optional(),
    amount: z.object({ total: z.number().int(), refund: z.number().int() }).loose(),
  })
  .loose();
export type RefundAnswer = z.infer<typeof refundAnswerSchema>;

export function applyForRefund(
  merchant: Merchant,
  refund: {
    transactionId: string | null;
    outTradeNo: string;
    outRefundNo: string;
    reason: string | null;
    amountFen: number;
    totalFen: number;
  },
): Promise<RefundAnswer> {
  const publicUrl = getConfig().publicUrl;
  // Each merchant's notifications come to its own path (the environment's to /webhooks/wechatpay).
  const notifyPath = merchant.id ? `/webhooks/wechatpay/${merchant.id}` : "/webhooks/wechatpay";
  return callPayApi(
    merchant,
    "POST",
    "/v3/refund/domestic/refunds",
    {
      ...(refund.transactionId ? { transaction_id: refund.transactionId } : { out_trade_no: refund.outTradeNo }),
      out_refund_no: refund.outRefundNo,
      ...(refund.reason ? { reason: refund.reason } : {}),
      // Without one, WeChat Pay notifies the URL set on the merchant platform.
      ...(publicUrl ? { notify_url: new URL(notifyPath, publicUrl).toString() } : {}),
      amount: { refund: refund.amountFen, total: refund.totalFen, currency: "CNY" },
    },
    refundAnswerSchema,
  );
}

export function queryRefund(merchant: Merchant, outRefundNo: string): Promise<RefundAnswer> {
  return callPayApi(
    merchant,
    "GET",
    `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`,
    undefined,
    refundAnswerSchema,
  );
}
