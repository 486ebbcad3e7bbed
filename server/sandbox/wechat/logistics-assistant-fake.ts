// WeChat's logistics assistant as the sandbox plays it (docs/wechat-protocols.md §5.2): order/add
// makes a waybill once per order_id, order/get finds it, and each waybill's path moves one node at a
// time (picked up, in transit, out for delivery, delivered), pushed whole as add_express_path with a
// growing Version. The two refusal codes below are the sandbox's own: WeChat documents neither.
import { randomInt } from "node:crypto";

export type SandboxWaybill = {
  appId: string;
  orderId: string;
  deliveryId: string;
  waybillId: string;
  openid: string | null;
  actions: { ActionTime: number; ActionType: number; ActionMsg: string }[];
};

const PATH: [number, string][] = [
  [100001, "快递员已揽件"],
  [200001, "快件已到达【上海转运中心】"],
  [300002, "快递员正在派件"],
  [300003, "已签收，签收人：本人"],
];

type Answer = Record<string, unknown>;

const FORMAT_ERROR = { errcode: 47001, errmsg: "data format error hint: [sandbox]" };

export class LogisticsAssistantFake {
  readonly waybills = new Map<string, SandboxWaybill>();

  add(appId: string, body: Record<string, unknown>): Answer {
    const orderId = typeof body.order_id === "string" ? body.order_id : "";
    const deliveryId = typeof body.delivery_id === "string" ? body.delivery_id : "";
    const receiver = body.receiver as Record<string, unknown> | undefined;
    const sender = body.sender as Record<string, unknown> | undefined;
    const cargo = body.cargo as { detail_list?: unknown[] } | undefined;
    const complete = (party: Record<string, unknown> | undefined) =>
      ["name", "province", "city", "area", "address"].every((key) => typeof party?.[key] === "string" && party[key]) &&
      Boolean(party?.mobile || party?.tel);
    if (!orderId || Buffer.byteLength(orderId) > 512 || !deliveryId || typeof body.biz_id !== "string")
      return FORMAT_ERROR;
    if (
      !complete(receiver) ||
      !complete(sender) ||
      !Array.isArray(cargo?.detail_list) ||
      cargo.detail_list.length === 0
    ) {
      return FORMAT_ERROR;
    }
    if (body.add_source === 0 && typeof body.openid !== "string") return FORMAT_ERROR;
    if (this.waybills.has(orderId)) return { errcode: 9300535, errmsg: "order_id already exists hint: [sandbox]" };
    const waybill: SandboxWaybill = {
      appId,
      orderId,
      deliveryId,
      waybillId: `${deliveryId}${Date.now()}${randomInt(100, 999)}`,
      openid: typeof body.openid === "string" ? body.openid : null,
      actions: [],
    };
    this.waybills.set(orderId, waybill);
    return { order_id: orderId, waybill_id: waybill.waybillId, waybill_data: [] };
  }

  get(body: Record<string, unknown>): Answer {
    const waybill = this.waybills.get(String(body.order_id ?? ""));
    if (!waybill || waybill.deliveryId !== body.delivery_id) {
      return { errcode: 9300536, errmsg: "order not found hint: [sandbox]" };
    }
    return {
      order_id: waybill.orderId,
      delivery_id: waybill.deliveryId,
      waybill_id: waybill.waybillId,
      order_status: 0,
    };
  }

  /** path/get: the waybill's path so far, as a snapshot. */
  path(body: Record<string, unknown>): Answer {
    const waybill = this.waybills.get(String(body.order_id ?? ""));
    if (!waybill || waybill.waybillId !== body.waybill_id || waybill.deliveryId !== body.delivery_id) {
      return { errcode: 9300536, errmsg: "order not found hint: [sandbox]" };
    }
    return {
      openid: waybill.openid ?? "",
      delivery_id: waybill.deliveryId,
      waybill_id: waybill.waybillId,
      path_item_num: waybill.actions.length,
      path_item_list: waybill.actions.map((action) => ({
        action_time: action.ActionTime,
        action_type: action.ActionType,
        action_msg: action.ActionMsg,
      })),
    };
  }

  /** The waybill moves a node without telling anyone (a push that was lost). */
  moveQuietly(orderId: string, at = new Date()): boolean {
    return this.nextNode(orderId, at) !== null;
  }

  /** The waybill's next node, or null when it is delivered (or unknown). */
  nextNode(orderId: string, at = new Date()): SandboxWaybill | null {
    const waybill = this.waybills.get(orderId);
    const next = waybill && PATH[waybill.actions.length];
    if (!waybill || !next) return null;
    waybill.actions.push({ ActionTime: Math.floor(at.getTime() / 1000), ActionType: next[0], ActionMsg: next[1] });
    return waybill;
  }
}
