// Every detection rule, in the order a pass evaluates them.
import { deliveryFailed } from "./delivery-failed";
import { logisticsStalled } from "./logistics-stalled";
import { lowStock } from "./low-stock";
import { paidNotShipped } from "./paid-not-shipped";
import { paymentMismatch } from "./payment-mismatch";
import { refundStuck } from "./refund-stuck";
import { refused } from "./refused";
import { regionalSpike } from "./regional-spike";
import { returned } from "./returned";
import type { AnomalyRule } from "./rule";

export const ANOMALY_RULES: readonly AnomalyRule[] = [
  paidNotShipped,
  logisticsStalled,
  deliveryFailed,
  returned,
  refused,
  refundStuck,
  paymentMismatch,
  lowStock,
  regionalSpike,
];
