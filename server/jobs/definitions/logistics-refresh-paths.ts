import { refreshQuietPaths } from "../../logistics/wechat-logistics/refresh-paths";
import { defineJob } from "../define-job";
import { logisticsRefreshPathsContract } from "./logistics-refresh-paths.contract";

export const logisticsRefreshPathsJob = defineJob({
  ...logisticsRefreshPathsContract,
  async handler(_payload, { log }) {
    const asked = await refreshQuietPaths();
    if (asked > 0) log.info({ asked }, "quiet waybills asked about");
  },
});
