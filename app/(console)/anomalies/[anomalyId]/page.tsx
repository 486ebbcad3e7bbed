import { AnomalyDetail } from "@/components/anomalies/anomaly-detail";

export default async function AnomalyPage({ params }: { params: Promise<{ anomalyId: string }> }) {
  const { anomalyId } = await params;
  return <AnomalyDetail anomalyId={anomalyId} />;
}
