import { PlannedPage } from "@/components/ui/planned-page";

export default function AnomaliesPage() {
  return <PlannedPage title="nav.anomalies" body="planned.anomalies" />;
}
