import { PlannedPage } from "@/components/ui/planned-page";

export default function CustomersPage() {
  return <PlannedPage title="nav.customers" body="planned.customers" />;
}
