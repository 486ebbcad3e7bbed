// After the commit that changed an order (created, paid, shipped, scanned, refunded, cancelled): the
// sidebars showing its customer are told, and the anomaly rules look at it at once.
import { noteAnomalySubjects } from "../../anomalies/note-subjects";
import { runInBackground } from "../../jobs/background-work";
import { publishOrderChanged } from "./customer-orders";

export async function orderChanged(orderId: string): Promise<void> {
  await publishOrderChanged(orderId);
  runInBackground(() => noteAnomalySubjects({ orderIds: [orderId] }));
}
