import { describe, expect, it } from "vitest";
import { kuaidi100Status, logisticsAssistantStatus } from "./tracking-states";

describe("a carrier's state code", () => {
  it("from Kuaidi100: picked up, in transit, out for delivery, signed, and the unhappy ones", () => {
    expect([1, 0, 5, 3].map(kuaidi100Status)).toEqual(["PICKED_UP", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED"]);
    expect(["2", "6", "4", "14", "13"].map(kuaidi100Status)).toEqual([
      "EXCEPTION",
      "RETURNING",
      "RETURNED",
      "REFUSED",
      "EXCEPTION",
    ]);
  });

  it("from the WeChat logistics assistant, including codes it does not document", () => {
    expect([100001, 200001, 300002, 300003, 300004, 400001].map(logisticsAssistantStatus)).toEqual([
      "PICKED_UP",
      "IN_TRANSIT",
      "OUT_FOR_DELIVERY",
      "DELIVERED",
      "FAILED_DELIVERY",
      "CANCELLED",
    ]);
    // 300001 appears in an SDK's test payload but in no table: read by its family.
    expect(logisticsAssistantStatus(300001)).toBe("OUT_FOR_DELIVERY");
    expect(logisticsAssistantStatus(999999)).toBe("IN_TRANSIT");
    expect(kuaidi100Status("99")).toBe("IN_TRANSIT");
  });
});
