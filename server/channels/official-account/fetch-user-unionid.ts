// ref: https://developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html
// An Official Account follower's unionid (present when the account is bound to an Open Platform
// account), fetched once per new customer so the same person on WeCom kf and the Official Account
// is one customer. WeChat stopped returning nicknames and avatars here in 2021; only the id matters.
import { z } from "zod";
import { getDatabase } from "../../db/db";
import { createLogger } from "../../logger";
import type { CallbackAccount } from "../accounts/get-callback-account";
import { createWechatClient } from "./wechat-client";

const log = createLogger("oa-user-info");
const userInfoSchema = z.object({ unionid: z.string().max(128).optional() }).loose();

/** Followers this process has seen on an account: their next messages skip the lookup. */
const known = new Set<string>();
const KNOWN_LIMIT = 100_000;

function remember(key: string): void {
  if (known.size >= KNOWN_LIMIT) known.clear();
  known.add(key);
}

/** The unionid of a customer LoopDesk does not know yet on this account; undefined otherwise. */
export async function fetchNewCustomerUnionId(
  connection: CallbackAccount,
  openId: string,
): Promise<string | undefined> {
  const key = `${connection.id}:${openId}`;
  if (known.has(key)) return undefined;
  const { rows } = await getDatabase().sql.query(
    `SELECT 1 FROM "CustomerIdentity" WHERE "channelAccountId" = $1 AND "externalId" = $2`,
    [connection.id, openId],
  );
  if (rows.length > 0) {
    remember(key);
    return undefined;
  }
  try {
    const client = createWechatClient({ appId: connection.appId, secret: connection.secret });
    const info = await client.get("/cgi-bin/user/info", { openid: openId, lang: "zh_CN" }, userInfoSchema);
    return info.unionid || undefined;
  } catch (error) {
    log.warn({ err: error }, "could not fetch the follower's unionid; they stay a separate customer for now");
    return undefined;
  }
}
