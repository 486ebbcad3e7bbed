// ref: https://developer.work.weixin.qq.com/document/path/91039 (gettoken)
// ref: https://developer.work.weixin.qq.com/document/path/90313 (global error codes)
import { getConfig } from "../../env";
import { createPlatformClient, type PlatformClient, tokenResponseSchema } from "../platform-client";

export type WecomCredentials = { corpId: string; secret: string };

const TOKEN_INVALID = new Set([40014, 41001, 42001]);

export function createWecomClient(credentials: WecomCredentials): PlatformClient {
  return createPlatformClient({
    vendor: "wecom",
    baseUrl: getConfig().wecomApiBaseUrl,
    account: credentials.corpId,
    secret: credentials.secret,
    tokenInvalidCodes: TOKEN_INVALID,
    requestToken: async (request) =>
      tokenResponseSchema.parse(
        await request(
          `/cgi-bin/gettoken?${new URLSearchParams({ corpid: credentials.corpId, corpsecret: credentials.secret })}`,
        ),
      ),
  });
}
