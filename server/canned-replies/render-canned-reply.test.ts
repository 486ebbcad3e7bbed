import { describe, expect, it } from "vitest";
import { renderCannedReply } from "./render-canned-reply";

describe("canned reply variables", () => {
  const context = { customerName: "张三", agentName: "李娜", orderNo: "LD20261125001" };

  it("fills in the customer's name, the agent's name and the latest order number", () => {
    expect(renderCannedReply("{{customer.name}}您好，我是{{ agent.name }}，订单 {{order.no}} 已发货。", context)).toBe(
      "张三您好，我是李娜，订单 LD20261125001 已发货。",
    );
  });

  it("leaves an unknown variable visible so the agent notices", () => {
    expect(renderCannedReply("{{order.eta}} 送达", context)).toBe("{{order.eta}} 送达");
  });

  it("is not fooled by variables inside the customer's name", () => {
    expect(renderCannedReply("{{customer.name}}", { ...context, customerName: "{{agent.name}}" })).toBe(
      "{{agent.name}}",
    );
  });
});
