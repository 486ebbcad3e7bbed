import { scanAnomalies } from "../../anomalies/scan-anomalies";
import { defineJob } from "../define-job";
import { anomaliesScanContract } from "./anomalies-scan.contract";

export const anomaliesScanJob = defineJob({
  ...anomaliesScanContract,
  async handler(_payload, { log }) {
    const pass = await scanAnomalies();
    if (pass.opened + pass.resolved > 0) log.info(pass, "anomaly scan");
  },
});
