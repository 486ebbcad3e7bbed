// ref: https://developers.weixin.qq.com/miniprogram/dev/platform-capabilities/industry/express/business/introduction.html
// The waybill port over WeChat's logistics assistant (docs/wechat-protocols.md §5.2): order/get first,
// so that a retry whose first answer was lost finds the waybill made under the same order_id instead
// of making a second one, then order/add. The waybill's path then comes as add_express_path.
import { z } from "zod";
import { getConfig } from "../../env";
import type { WaybillPort, WaybillRequest } from "../carrier-port";
import { carrierOfWechatDeliveryId } from "../carriers";
import { miniProgramClient } from "../mini-program/mini-program-client";

const waybillSchema = z.object({ waybill_id: z.string().min(1).max(64) }).loose();

/** The logistics assistant as a waybill maker, or null when the brand has not set it up. */
export function logisticsAssistantWaybills(): WaybillPort | null {
  const config = getConfig().wechatLogistics;
  if (!config) return null;
  const carrier = carrierOfWechatDeliveryId(config.deliveryId) ?? config.deliveryId.toLowerCase();
  return {
    name: "wechat-logistics",
    async make(request: WaybillRequest) {
      const mini = await miniProgramClient();
      if (!mini) throw new Error("no mini program is connected: the logistics assistant acts for one");
      const key = {
        order_id: request.waybillOrderId,
        delivery_id: config.deliveryId,
        ...(request.openid ? { openid: request.openid } : {}),
      };
      const made = await mini.client.post("/cgi-bin/express/business/order/get", key, waybillSchema).catch(() => null);
      if (made) return { carrier, trackingNo: made.waybill_id, existed: true };
      const count = request.items.reduce((sum, item) => sum + item.quantity, 0) || 1;
      const added = await mini.client.post(
        "/cgi-bin/express/business/order/add",
        {
          ...key,
          add_source: request.openid ? 0 : 2,
          ...(request.openid ? {} : { wx_appid: mini.appId }),
          biz_id: config.bizId,
          sender: config.sender,
          receiver: {
            name: request.receiver.name,
            mobile: request.receiver.phone,
            province: request.receiver.province,
            city: request.receiver.city,
            area: request.receiver.district,
            address: request.receiver.address,
          },
          cargo: {
            count,
            weight: 1,
            space_x: 30,
            space_y: 20,
            space_z: 10,
            detail_list: request.items.map((item) => ({ name: item.name.slice(0, 64), count: item.quantity })),
          },
          shop: { goods_name: (request.items[0]?.name ?? "商品").slice(0, 64), goods_count: count },
          insured: { use_insured: 0, insured_value: 0 },
          service: { service_type: 0, service_name: "标准快递" },
        },
        waybillSchema,
      );
      return { carrier, trackingNo: added.waybill_id, existed: false };
    },
  };
}
