import { sendParcelNotice } from "../../logistics/parcel-notices/send-parcel-notice";
import { defineJob } from "../define-job";
import { logisticsNotifyParcelChangeContract } from "./logistics-notify-parcel-change.contract";

export const logisticsNotifyParcelChangeJob = defineJob({
  ...logisticsNotifyParcelChangeContract,
  async handler({ noticeId }) {
    await sendParcelNotice(noticeId);
  },
});
