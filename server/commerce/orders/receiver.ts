// Where an order goes. The receiver's phone is personal information (PIPL): stored masked for
// display and sealed for the audited reveal, never in clear.
import { z } from "zod";
import { secretBox } from "../../crypto/secret-box";

export const receiverSchema = z.object({
  name: z.string().trim().min(1).max(64),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{4,19}$/),
  province: z.string().trim().min(1).max(32),
  city: z.string().trim().min(1).max(32),
  district: z.string().trim().max(32).default(""),
  address: z.string().trim().min(1).max(256),
});
export type ReceiverInput = z.infer<typeof receiverSchema>;

/** As stored in Order.shippingAddress. */
export const storedReceiverSchema = z.object({
  name: z.string(),
  phoneMasked: z.string(),
  phoneSealed: z.string(),
  province: z.string(),
  city: z.string(),
  district: z.string(),
  address: z.string(),
});
type StoredReceiver = z.infer<typeof storedReceiverSchema>;

/** 13812345678 → 138****5678: the first three and last four digits stay. */
function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.length <= 7) return `${digits.slice(0, 1)}****${digits.slice(-2)}`;
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

export function sealReceiver(receiver: ReceiverInput): StoredReceiver {
  const phone = receiver.phone.replace(/[\s-]/g, "");
  return {
    name: receiver.name,
    phoneMasked: maskPhone(phone),
    phoneSealed: secretBox().seal(phone),
    province: receiver.province,
    city: receiver.city,
    district: receiver.district,
    address: receiver.address,
  };
}
