/**
 * Sets variables for the code under test before its config is first read (once per test file,
 * which runs in its own process): used to point platform base URLs at a sandbox.
 */
export function setTestEnv(values: Record<string, string>): void {
  Object.assign(process.env, values);
}

/** The brand makes waybills with WeChat's logistics assistant (SF), shipping from its warehouse. */
export function setLogisticsAssistantEnv(): void {
  setTestEnv({
    WECHAT_LOGISTICS_DELIVERY_ID: "SF",
    WECHAT_LOGISTICS_BIZ_ID: "SF_CASH",
    WECHAT_LOGISTICS_SENDER: JSON.stringify({
      name: "品牌仓",
      mobile: "02112345678",
      province: "浙江省",
      city: "杭州市",
      area: "余杭区",
      address: "仓前街道 1 号",
    }),
  });
}
