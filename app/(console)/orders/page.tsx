import { PlannedPage } from "@/components/ui/planned-page";

export default function OrdersPage() {
  return <PlannedPage title="nav.orders" body="planned.orders" />;
}
