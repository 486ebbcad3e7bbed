// Carriers by Kuaidi100's company code, the one name LoopDesk uses for them; the names customers
// know them by. Unknown codes are shown as given.
const CARRIER_NAMES: Record<string, { zh: string; en: string }> = {
  shunfeng: { zh: "顺丰速运", en: "SF Express" },
  zhongtong: { zh: "中通快递", en: "ZTO Express" },
  yuantong: { zh: "圆通速递", en: "YTO Express" },
  yunda: { zh: "韵达快递", en: "Yunda Express" },
  shentong: { zh: "申通快递", en: "STO Express" },
  jd: { zh: "京东物流", en: "JD Logistics" },
  ems: { zh: "EMS", en: "EMS" },
  youzhengguonei: { zh: "邮政快递包裹", en: "China Post" },
  jtexpress: { zh: "极兔速递", en: "J&T Express" },
  debangkuaidi: { zh: "德邦快递", en: "Deppon Express" },
};

export function carrierName(code: string, locale: "zh" | "en" = "zh"): string {
  return CARRIER_NAMES[code]?.[locale] ?? code;
}
