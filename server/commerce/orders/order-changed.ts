// After the commit that changed an order (created, paid, shipped, scanned, refunded, cancelled): the
// sidebars showing its customer are told, its webhooks leave, and the anomaly rules look at it.
import { noteAnomalySubjects } from "../../anomalies/note-subjects";
import { runInBackground } from "../../jobs/background-work";
import { deliverWebhooksSoon } from "../../webhooks/deliver-webhooks";
import { publishOrderChanged } from "./customer-orders";

export async function orderChanged(orderId: string): Promise<void> {
  await publishOrderChanged(orderId);
  // What the change emitted for the brand's systems (shipped, delivered, refunded) leaves now.
  deliverWebhooksSoon();
  runInBackground(() => noteAnomalySubjects({ orderIds: [orderId] }));
}
