import { afterAll, describe, expect, it } from "vitest";
import { startSandbox } from "./sandbox-server";

const corp = {
  corpId: "wwsandboxtest01",
  secret: "s",
  token: "t",
  aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};
const oa = {
  kind: "OFFICIAL_ACCOUNT" as const,
  appId: "wx0000000000000077",
  originalId: "gh",
  secret: "oa",
  token: "t",
};
const sandbox = await startSandbox({ corp, apps: [oa] });
afterAll(() => sandbox.close());

async function call(path: string, body?: unknown) {
  const response = await fetch(
    `${sandbox.url}${path}`,
    body === undefined ? {} : { method: "POST", body: JSON.stringify(body) },
  );
  return (await response.json()) as Record<string, unknown>;
}

async function wecomToken() {
  return String((await call(`/wecom/cgi-bin/gettoken?corpid=${corp.corpId}&corpsecret=${corp.secret}`)).access_token);
}

describe("the WeChat sandbox plays WeChat's rules", () => {
  it("accepts a welcome code once, within 20 seconds, through send_msg_on_event", async () => {
    const token = await wecomToken();
    const { welcomeCode } = await sandbox.wecom.customerEntersSession({
      openKfId: "wk1",
      externalUserId: "wm1",
      deliver: false,
    });
    const send = () =>
      call(`/wecom/cgi-bin/kf/send_msg_on_event?access_token=${token}`, {
        code: welcomeCode,
        msgtype: "text",
        text: { content: "欢迎光临" },
      });
    expect((await send()).errcode).toBe(0);
    expect((await send()).errcode).toBe(95007);
    expect(sandbox.wecom.sent.at(-1)).toMatchObject({ toUser: "wm1", text: "欢迎光临" });
  });

  it("moves kf sessions only along WeCom's transitions, and refuses API sends once a servicer has them", async () => {
    const token = await wecomToken();
    const session = { open_kfid: "wk2", external_userid: "wm2" };
    await sandbox.wecom.customerSends({ openKfId: "wk2", externalUserId: "wm2", text: "hi", deliver: false });
    const trans = (state: number, extra = {}) =>
      call(`/wecom/cgi-bin/kf/service_state/trans?access_token=${token}`, {
        ...session,
        service_state: state,
        ...extra,
      });
    expect(await trans(3, { servicer_userid: "LiLei" })).toMatchObject({ errcode: 0, msg_code: expect.any(String) });
    expect((await trans(1)).errcode).toBe(95016);
    const send = await call(`/wecom/cgi-bin/kf/send_msg?access_token=${token}`, {
      touser: "wm2",
      open_kfid: "wk2",
      msgtype: "text",
      text: { content: "x" },
    });
    expect(send.errcode).toBe(95018);
    expect((await trans(4)).errcode).toBe(0);
    expect((await trans(1)).errcode).toBe(95013);
  });

  it("invalidates the previous classic Official Account token, while the stable token stays the same", async () => {
    const classic = () =>
      call(`/wechat/cgi-bin/token?grant_type=client_credential&appid=${oa.appId}&secret=${oa.secret}`);
    const first = String((await classic()).access_token);
    await classic();
    expect((await call(`/wechat/cgi-bin/user/info?access_token=${first}&openid=o1`)).errcode).toBe(40001);
    const stable = () =>
      call("/wechat/cgi-bin/stable_token", { grant_type: "client_credential", appid: oa.appId, secret: oa.secret });
    expect((await stable()).access_token).toBe((await stable()).access_token);
  });

  it("answers wrong credentials with WeCom's error codes", async () => {
    expect((await call(`/wecom/cgi-bin/gettoken?corpid=${corp.corpId}&corpsecret=wrong`)).errcode).toBe(40001);
    expect((await call("/wecom/cgi-bin/kf/sync_msg?access_token=nope", {})).errcode).toBe(40014);
  });
});
