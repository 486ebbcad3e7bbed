import { describe, expect, it } from "vitest";
import { extractNumbers, normalizeNumbers } from "./extract-numbers";

describe("order and tracking numbers in a customer's words", () => {
  it("finds them however they are typed", () => {
    expect(extractNumbers("我的快递SF1234567890123到哪了")).toMatchObject({
      trackingNo: "SF1234567890123",
      carrier: "shunfeng",
    });
    expect(extractNumbers("运单号 ＳＦ１２３４５６７８９０１２ 怎么还没动")).toMatchObject({
      trackingNo: "SF123456789012",
    });
    expect(extractNumbers("sf 1234 5678 9012 查一下")).toMatchObject({ trackingNo: "SF123456789012" });
    expect(extractNumbers("中通 7754-3212-8890 三天没更新了")).toMatchObject({
      trackingNo: "775432128890",
      carrier: "zhongtong",
    });
    expect(extractNumbers("订单号：LD2026120700034 还没发货")).toMatchObject({
      orderNo: "LD2026120700034",
      trackingNo: null,
    });
    expect(extractNumbers("订单 4200 0012 3456 7890 退款到哪了")).toMatchObject({ orderNo: "4200001234567890" });
    expect(extractNumbers("JT1234567890123 和订单LD2026120700123")).toEqual({
      orderNo: "LD2026120700123",
      trackingNo: "JT1234567890123",
      carrier: "jtexpress",
    });
  });

  it("is not fooled by phones, amounts and dates", () => {
    expect(extractNumbers("电话13812345678，付了¥12800，12月7日下的单")).toEqual({
      orderNo: null,
      trackingNo: null,
      carrier: null,
    });
    expect(extractNumbers("打我电话 138 1234 5678 或者 021-61234567")).toMatchObject({
      orderNo: null,
      trackingNo: null,
    });
    expect(extractNumbers("20261207 买的，花了 199900 元")).toMatchObject({ orderNo: null, trackingNo: null });
    expect(extractNumbers("2026-12-07 付的款，订单 LD2026120700034")).toMatchObject({ orderNo: "LD2026120700034" });
  });

  it("joins only what was one number", () => {
    expect(normalizeNumbers("订单 123 运单 456")).toBe("订单 123 运单 456");
    expect(normalizeNumbers("SF 1234 5678 9012")).toBe("SF123456789012");
  });
});
