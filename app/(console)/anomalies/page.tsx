import { AnomaliesScreen } from "@/components/anomalies/anomalies-screen";

export default function AnomaliesPage() {
  return <AnomaliesScreen />;
}
