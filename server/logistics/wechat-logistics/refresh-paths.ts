// Pushes can be missed (LoopDesk down, a push refused): parcels of the logistics assistant that have
// been quiet for a while are asked about with path/get (docs/wechat-protocols.md §5.2), and the
// snapshot goes through the same applyTracking as a push. The sweep reads a bounded batch each run.
import { z } from "zod";
import { db } from "../../db/db";
import { getConfig } from "../../env";
import { createLogger } from "../../logger";
import { applyTracking } from "../apply-tracking";
import { carrierOfWechatDeliveryId } from "../carriers";
import { miniProgramClient } from "../mini-program/mini-program-client";
import { logisticsAssistantStatus } from "../tracking-states";

const log = createLogger("logistics-assistant");
const BATCH = 50;
/** Longer than the gap between two scans of a parcel that is moving. */
const QUIET_MS = 6 * 3600_000;
const FINAL = ["DELIVERED", "RETURNED", "REFUSED", "CANCELLED"] as const;

const pathSchema = z
  .object({
    path_item_list: z
      .array(z.object({ action_time: z.number().int(), action_type: z.number().int(), action_msg: z.string() }).loose())
      .max(500)
      .default([]),
  })
  .loose();

/** Asks for the paths of quiet logistics-assistant parcels; returns how many were asked about. */
export async function refreshQuietPaths(now = new Date()): Promise<number> {
  const config = getConfig().wechatLogistics;
  const carrier = config && carrierOfWechatDeliveryId(config.deliveryId);
  if (!config || !carrier) return 0;
  const mini = await miniProgramClient();
  if (!mini) return 0;
  const quietSince = new Date(now.getTime() - QUIET_MS);
  const parcels = await db().shipment.findMany({
    where: {
      carrier,
      status: { notIn: [...FINAL] },
      subscribedAt: { lt: quietSince },
      OR: [{ lastEventAt: null }, { lastEventAt: { lt: quietSince } }],
      order: { channel: "mini-program" },
    },
    orderBy: { updatedAt: "asc" },
    take: BATCH,
    select: { id: true, trackingNo: true, order: { select: { orderNo: true } } },
  });
  for (const parcel of parcels) {
    try {
      const path = await mini.client.post(
        "/cgi-bin/express/business/path/get",
        { order_id: parcel.order.orderNo, delivery_id: config.deliveryId, waybill_id: parcel.trackingNo },
        pathSchema,
      );
      await applyTracking(
        { carrier, trackingNo: parcel.trackingNo },
        path.path_item_list.map((item) => ({
          occurredAt: new Date(item.action_time * 1000),
          status: logisticsAssistantStatus(item.action_type),
          carrierCode: String(item.action_type),
          description: item.action_msg,
        })),
      );
    } catch (error) {
      log.warn({ err: error, trackingNo: parcel.trackingNo }, "path/get failed; asked again next sweep");
    }
    // Touched either way, so that the next sweep asks about the next quiet parcels first.
    await db().shipment.update({ where: { id: parcel.id }, data: { updatedAt: now } });
  }
  return parcels.length;
}
