// Carriers by Kuaidi100's company code, the one name LoopDesk uses for them: the names customers
// know them by, and WeChat's delivery_id for the same carrier (logistics assistant, mini-program
// shipping info). Unknown codes are shown as given and have no WeChat id.
const CARRIERS: Record<string, { zh: string; en: string; wechat: string }> = {
  shunfeng: { zh: "顺丰速运", en: "SF Express", wechat: "SF" },
  zhongtong: { zh: "中通快递", en: "ZTO Express", wechat: "ZTO" },
  yuantong: { zh: "圆通速递", en: "YTO Express", wechat: "YTO" },
  yunda: { zh: "韵达快递", en: "Yunda Express", wechat: "YD" },
  shentong: { zh: "申通快递", en: "STO Express", wechat: "STO" },
  jd: { zh: "京东物流", en: "JD Logistics", wechat: "JD" },
  ems: { zh: "EMS", en: "EMS", wechat: "EMS" },
  youzhengguonei: { zh: "邮政快递包裹", en: "China Post", wechat: "YZPY" },
  jtexpress: { zh: "极兔速递", en: "J&T Express", wechat: "JTSD" },
  debangkuaidi: { zh: "德邦快递", en: "Deppon Express", wechat: "DB" },
};

/** WeChat's delivery_id for a carrier, or null for one WeChat does not list. */
export function wechatDeliveryId(code: string): string | null {
  return CARRIERS[code]?.wechat ?? null;
}

/** The Kuaidi100 code of WeChat's delivery_id (pushes and waybills name carriers WeChat's way). */
export function carrierOfWechatDeliveryId(deliveryId: string): string | null {
  return Object.entries(CARRIERS).find(([, carrier]) => carrier.wechat === deliveryId)?.[0] ?? null;
}

export function carrierName(code: string, locale: "zh" | "en" = "zh"): string {
  return CARRIERS[code]?.[locale] ?? code;
}
