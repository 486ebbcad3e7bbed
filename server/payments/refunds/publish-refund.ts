// After a refund decision commits: the refund goes to WeChat Pay in a job, the sidebars showing the
// order read it again, and supervisors' approval lists refresh.
import { orderChanged } from "../../commerce/orders/order-changed";
import { enqueue } from "../../jobs/enqueue";
import { createLogger } from "../../logger";
import { publish } from "../../realtime/publish";

const log = createLogger("refunds");

export async function afterRefundDecided(orderId: string, options: { refundId?: string }): Promise<void> {
  if (options.refundId) {
    // Lost only if the process dies right here; the refund sweep submits what was never submitted.
    await enqueue("payments.submit-refund", { refundId: options.refundId }).catch((error: unknown) =>
      log.warn({ err: error, refundId: options.refundId }, "refund not queued; the sweep submits it"),
    );
  }
  await orderChanged(orderId);
  publish.toSupervisors("refund_requests.changed", {});
}
