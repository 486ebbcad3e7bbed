// The remedy kinds by name, for the code that gives, approves and sweeps them.
import type { RemedyKind } from "../generated/prisma/enums";
import type { GiveRemedyInput } from "./give-remedy";
import { couponRemedy } from "./kinds/coupon-remedy";
import { refundRemedy } from "./kinds/refund-remedy";
import type { RemedyKindHandler, RemedyPlan } from "./kinds/remedy-kind";
import { reshipRemedy } from "./kinds/reship-remedy";
import type { RemedyTarget } from "./remedy-target";

/** Past planning, every kind is carried out alike. */
export const REMEDY_KINDS: Record<RemedyKind, Pick<RemedyKindHandler<unknown>, "prepare" | "afterCommit">> = {
  REFUND: refundRemedy,
  RESHIP: reshipRemedy,
  COUPON: couponRemedy,
};

/** The kind's plan, with the input the kind takes. */
export function planRemedy(target: RemedyTarget, input: GiveRemedyInput): Promise<RemedyPlan> {
  switch (input.kind) {
    case "REFUND":
      return refundRemedy.plan(target, input);
    case "RESHIP":
      return reshipRemedy.plan(target, {});
    case "COUPON":
      return couponRemedy.plan(target, input);
  }
}
