// WeChat's mini-program order shipping management as the sandbox plays it (docs/wechat-protocols.md
// §5.1): upload_shipping_info checked field by field (47001), refused for a payment WeChat Pay does
// not know (10060001), an upload_time that must move forward, the order state it moves (1 待发货 →
// 2 已发货 → 3 确认收货), and notify_confirm_receive once per order.

export type ShippingRecord = {
  transactionId: string;
  uploads: { uploadTime: string; trackingNos: string[]; expressCompanies: string[]; itemDesc: string }[];
  /** get_order's order_state: 1 待发货, 2 已发货, 3 确认收货. */
  state: 1 | 2 | 3;
  receivedTime?: number;
};

type Answer = { errcode: number; errmsg: string } | Record<string, never>;

const FORMAT_ERROR = { errcode: 47001, errmsg: "data format error hint: [sandbox]" };

export class OrderShippingFake {
  readonly orders = new Map<string, ShippingRecord>();

  /** `knowsPayment`: whether WeChat Pay has this transaction (a payment the sandbox made). */
  constructor(private readonly knowsPayment: (transactionId: string) => boolean) {}

  uploadShippingInfo(body: Record<string, unknown>): Answer {
    const key = body.order_key as { order_number_type?: unknown; transaction_id?: unknown } | undefined;
    const list = body.shipping_list as
      | { tracking_no?: unknown; express_company?: unknown; item_desc?: unknown; contact?: unknown }[]
      | undefined;
    const payer = body.payer as { openid?: unknown } | undefined;
    const uploadTime = typeof body.upload_time === "string" ? body.upload_time : "";
    if (
      key?.order_number_type !== 2 ||
      typeof key.transaction_id !== "string" ||
      ![1, 2, 3, 4].includes(Number(body.logistics_type)) ||
      ![1, 2].includes(Number(body.delivery_mode)) ||
      !Array.isArray(list) ||
      list.length < 1 ||
      list.length > 15 ||
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?[+-]\d{2}:\d{2}$/.test(uploadTime) ||
      typeof payer?.openid !== "string"
    ) {
      return FORMAT_ERROR;
    }
    for (const parcel of list) {
      if (body.logistics_type === 1 && (typeof parcel.tracking_no !== "string" || !parcel.tracking_no)) {
        return FORMAT_ERROR;
      }
      if (typeof parcel.item_desc !== "string" || parcel.item_desc.length > 120) return FORMAT_ERROR;
      if (parcel.express_company === "SF" && !parcel.contact) return FORMAT_ERROR;
    }
    if (!this.knowsPayment(key.transaction_id)) return { errcode: 10060001, errmsg: "支付单不存在 hint: [sandbox]" };
    const record = this.orders.get(key.transaction_id) ?? { transactionId: key.transaction_id, uploads: [], state: 1 };
    const previous = record.uploads.at(-1);
    if (previous && Date.parse(previous.uploadTime) >= Date.parse(uploadTime)) return FORMAT_ERROR;
    record.uploads.push({
      uploadTime,
      trackingNos: list.map((parcel) => String(parcel.tracking_no)),
      expressCompanies: list.map((parcel) => String(parcel.express_company)),
      itemDesc: String(list[0]?.item_desc ?? ""),
    });
    record.state = Math.max(record.state, 2) as ShippingRecord["state"];
    this.orders.set(key.transaction_id, record);
    return {};
  }

  notifyConfirmReceive(body: Record<string, unknown>): Answer {
    const transactionId = typeof body.transaction_id === "string" ? body.transaction_id : "";
    if (!transactionId || !Number.isInteger(body.received_time)) return FORMAT_ERROR;
    const record = this.orders.get(transactionId);
    if (!record) return { errcode: 10060001, errmsg: "支付单不存在 hint: [sandbox]" };
    if (record.receivedTime !== undefined) return { errcode: 10060023, errmsg: "已提醒过确认收货 hint: [sandbox]" };
    record.receivedTime = Number(body.received_time);
    record.state = 3;
    return {};
  }
}
