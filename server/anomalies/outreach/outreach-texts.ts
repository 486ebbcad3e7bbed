// What the agent's one click says to the customer for each anomaly type, unless the brand wrote its
// own in Settings → 异常规则. Variables: {{customer.name}}, {{order.no}}, {{parcel.carrier}},
// {{parcel.trackingNo}}, {{parcel.lastEvent}}. Stock and regional anomalies have no customer.
import type { AnomalyType } from "../../generated/prisma/enums";

export const OUTREACH_DEFAULTS: Partial<Record<AnomalyType, string>> = {
  PAID_NOT_SHIPPED:
    "{{customer.name}}您好，您的订单 {{order.no}} 还没有发出，非常抱歉让您久等了。我们正在加急处理，发货后会第一时间通知您。",
  LOGISTICS_STALLED:
    "{{customer.name}}您好，您的订单 {{order.no}}（{{parcel.carrier}} {{parcel.trackingNo}}）最近的物流信息是「{{parcel.lastEvent}}」，之后一直没有更新。我们已在联系快递公司核实，有进展会第一时间告诉您。",
  DELIVERY_FAILED:
    "{{customer.name}}您好，您的包裹（{{parcel.carrier}} {{parcel.trackingNo}}）派送没有成功：「{{parcel.lastEvent}}」。方便告诉我们合适的收件时间或新的地址吗？我们马上安排再次派送。",
  RETURNED:
    "{{customer.name}}您好，您订单 {{order.no}} 的包裹（{{parcel.carrier}} {{parcel.trackingNo}}）正在退回。想和您确认一下是重新发货还是为您办理退款？",
  REFUSED:
    "{{customer.name}}您好，快递显示您的包裹（{{parcel.carrier}} {{parcel.trackingNo}}）被拒收了。想了解一下是否遇到了什么问题？我们可以为您重新发货或办理退款。",
  REFUND_STUCK:
    "{{customer.name}}您好，您订单 {{order.no}} 的退款还在处理中，我们已经在催办，到账后会通知您，给您添麻烦了。",
  PAYMENT_MISMATCH:
    "{{customer.name}}您好，您订单 {{order.no}} 的付款和订单信息对不上，我们正在核对，核对后会联系您处理，请放心。",
};
