// The remedy kinds by name, for the code that gives, approves and sweeps them.
import type { RemedyKind } from "../generated/prisma/enums";
import { couponRemedy } from "./kinds/coupon-remedy";
import { refundRemedy } from "./kinds/refund-remedy";
import type { RemedyKindHandler } from "./kinds/remedy-kind";
import { reshipRemedy } from "./kinds/reship-remedy";

// Each handler's input differs; past planning they are used alike.
export const REMEDY_KINDS: Record<RemedyKind, RemedyKindHandler<never>> = {
  REFUND: refundRemedy,
  RESHIP: reshipRemedy,
  COUPON: couponRemedy,
};
