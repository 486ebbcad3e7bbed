// ref: https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html
// The stable token: the same token for its whole validity, refreshed in its last 5 minutes, and
// independent of any classic token another system of the brand may be fetching.
import { getConfig } from "../../env";
import { createPlatformClient, type PlatformClient, tokenResponseSchema } from "../platform-client";

export type WechatCredentials = { appId: string; secret: string };

const TOKEN_INVALID = new Set([40001, 40014, 41001, 42001]);

export function createWechatClient(credentials: WechatCredentials): PlatformClient {
  return createPlatformClient({
    vendor: "wechat",
    baseUrl: getConfig().wechatApiBaseUrl,
    account: credentials.appId,
    secret: credentials.secret,
    tokenInvalidCodes: TOKEN_INVALID,
    requestToken: async (request) =>
      tokenResponseSchema.parse(
        await request("/cgi-bin/stable_token", {
          method: "POST",
          body: {
            grant_type: "client_credential",
            appid: credentials.appId,
            secret: credentials.secret,
            force_refresh: false,
          },
        }),
      ),
  });
}
