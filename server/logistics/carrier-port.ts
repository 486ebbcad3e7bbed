// How LoopDesk asks a tracking service to follow a parcel. Each service (Kuaidi100's subscription
// push, WeChat's logistics assistant) implements this port behind its own adapter; parcels are always
// named by Kuaidi100's company code (server/logistics/carriers.ts), which adapters map to their own.

export type ParcelToFollow = {
  /** Kuaidi100's company code: shunfeng, zhongtong… */
  carrier: string;
  trackingNo: string;
  /** The receiver's phone: SF Express answers only for parcels named with it (its last four digits). */
  receiverPhone?: string;
};

export type CarrierPort = {
  name: string;
  /** Asks for the parcel's scans to be pushed to LoopDesk. Subscribing twice is harmless. */
  follow(parcel: ParcelToFollow): Promise<void>;
};

/** A parcel to send: the goods, where to, and the id the waybill is made under (unique, reused on retries). */
export type WaybillRequest = {
  /** Making a waybill twice under one id answers the first: what makes a retried job safe. */
  waybillOrderId: string;
  receiver: { name: string; phone: string; province: string; city: string; district: string; address: string };
  items: { name: string; quantity: number }[];
  /** The buyer's openid in the mini program, when known; without it the waybill is made for the app. */
  openid?: string;
};

export type Waybill = { carrier: string; trackingNo: string; existed: boolean };

/** How LoopDesk asks a carrier service for a new waybill (the order's first parcel, a reshipment). */
export type WaybillPort = {
  name: string;
  make(request: WaybillRequest): Promise<Waybill>;
};
