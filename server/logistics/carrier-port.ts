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
