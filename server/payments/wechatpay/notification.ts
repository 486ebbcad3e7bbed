// What a WeChat Pay notification says once verified and decrypted (docs/wechat-protocols.md §4.2,
// §4.5, §4.7): the envelope, and the payment or refund inside it. Only what LoopDesk reads is
// required; the rest is kept as sent.
import { z } from "zod";

export const notificationEnvelopeSchema = z.object({
  id: z.string().min(1).max(64),
  create_time: z.string().max(40),
  event_type: z.string().min(1).max(64),
  resource_type: z.literal("encrypt-resource"),
  resource: z.object({
    algorithm: z.literal("AEAD_AES_256_GCM"),
    ciphertext: z.string().min(1).max(100_000),
    nonce: z.string().min(1).max(64),
    associated_data: z.string().max(64).optional(),
    original_type: z.string().max(64).optional(),
  }),
});

export const transactionSchema = z
  .object({
    mchid: z.string(),
    appid: z.string(),
    out_trade_no: z.string().min(1).max(64),
    transaction_id: z.string().min(1).max(64),
    trade_state: z.string(),
    trade_type: z.string().optional(),
    success_time: z.string().optional(),
    payer: z.object({ openid: z.string() }).loose().optional(),
    amount: z.object({ total: z.number().int(), currency: z.string().optional() }).loose(),
    /** Coupons the payer used: cash coupons LoopDesk issued are recorded as used by this order. */
    promotion_detail: z
      .array(z.object({ coupon_id: z.string().min(1).max(64) }).loose())
      .max(50)
      .optional(),
  })
  .loose();
export type Transaction = z.infer<typeof transactionSchema>;

export const refundResourceSchema = z
  .object({
    mchid: z.string(),
    out_trade_no: z.string().min(1).max(64),
    transaction_id: z.string().min(1).max(64),
    out_refund_no: z.string().min(1).max(64),
    refund_id: z.string().min(1).max(64),
    refund_status: z.enum(["SUCCESS", "CLOSED", "ABNORMAL"]),
    success_time: z.string().optional(),
    amount: z.object({ total: z.number().int(), refund: z.number().int() }).loose(),
  })
  .loose();
export type RefundResource = z.infer<typeof refundResourceSchema>;

/**
 * As stored in InboundEvent.payload: the envelope's facts and the decrypted resource, checked, and
 * the Settings merchant it came to (none: the environment's).
 */
const stored = { id: z.string(), eventType: z.string(), merchantId: z.string().nullish() };
export const storedNotificationSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("transaction"), ...stored, resource: transactionSchema }),
  z.object({ kind: z.literal("refund"), ...stored, resource: refundResourceSchema }),
  z.object({ kind: z.literal("other"), ...stored }),
]);
export type StoredNotification = z.infer<typeof storedNotificationSchema>;
