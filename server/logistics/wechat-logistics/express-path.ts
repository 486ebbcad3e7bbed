// ref: https://developers.weixin.qq.com/miniprogram/dev/platform-capabilities/industry/express/business/introduction.html
// The logistics assistant's add_express_path push (docs/wechat-protocols.md §5.2), arriving as a
// mini-program event: the waybill's path so far, whose actions become tracking scans like any
// carrier's. Nodes arrive out of order and in repeats; unknown action codes are read by family.
import { parseWechatPayloadDocument } from "../../channels/official-account/parse-payload";
import { applyTracking } from "../apply-tracking";
import { carrierOfWechatDeliveryId } from "../carriers";
import { logisticsAssistantStatus } from "../tracking-states";

export const EXPRESS_PATH_EVENT = "add_express_path";

/** Applies a stored add_express_path push; returns whether LoopDesk knows the parcel. */
export async function applyExpressPath(payload: string): Promise<boolean> {
  const { fields, lists } = parseWechatPayloadDocument(payload);
  const deliveryId = fields.DeliveryID ?? "";
  const trackingNo = fields.WayBillId ?? fields.WaybillId ?? "";
  if (!deliveryId || !trackingNo) return false;
  const scans = (lists.Actions ?? []).flatMap((action) => {
    const seconds = Number(action.ActionTime);
    const actionType = Number(action.ActionType);
    if (!Number.isFinite(seconds) || !Number.isInteger(actionType)) return [];
    return [
      {
        occurredAt: new Date(seconds * 1000),
        status: logisticsAssistantStatus(actionType),
        carrierCode: String(actionType),
        description: action.ActionMsg ?? "",
      },
    ];
  });
  if (scans.length === 0) return false;
  const carrier = carrierOfWechatDeliveryId(deliveryId) ?? deliveryId.toLowerCase();
  return applyTracking({ carrier, trackingNo }, scans);
}
