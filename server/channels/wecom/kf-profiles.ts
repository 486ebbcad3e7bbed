// ref: https://developer.work.weixin.qq.com/document/path/95159 (kf/customer/batchget)
// Who a kf customer is: nickname, avatar and, when the corp has a linked Official Account or mini
// program, the unionid that makes them one customer across channels. Looked up once per new
// customer, a page at a time, outside any transaction.
import { z } from "zod";
import { getDatabase } from "../../db/db";
import { createLogger } from "../../logger";
import type { PlatformClient } from "../platform-client";
import type { KfItem } from "./normalize-kf-message";

const log = createLogger("kf-profiles");
const BATCH = 100;
const CACHE_LIMIT = 10_000;

export type KfProfile = { nickname?: string; avatarUrl?: string; unionId?: string };

const batchgetSchema = z.object({
  customer_list: z
    .array(
      z.object({
        external_userid: z.string(),
        nickname: z.string().max(256).optional(),
        avatar: z.string().max(2048).optional(),
        unionid: z.string().max(128).optional(),
      }),
    )
    .default([]),
});

/** Profiles fetched by a pull round, read when its items are ingested (bounded, oldest dropped first). */
const profiles = new Map<string, KfProfile>();

export function findKfProfile(channelAccountId: string, externalUserId: string): KfProfile | undefined {
  return profiles.get(`${channelAccountId}:${externalUserId}`);
}

function customerOf(item: Record<string, unknown>): string | undefined {
  if (typeof item.external_userid === "string") return item.external_userid;
  const event = item.event as KfItem["event"] & { external_userid?: unknown };
  return typeof event?.external_userid === "string" ? event.external_userid : undefined;
}

/** Looks up the customers of a page that LoopDesk does not know yet; failures only cost the names. */
export async function prefetchKfProfiles(
  client: PlatformClient,
  channelAccountId: string,
  items: Record<string, unknown>[],
) {
  const ids = [...new Set(items.map(customerOf).filter((id): id is string => Boolean(id)))].filter(
    (id) => !profiles.has(`${channelAccountId}:${id}`),
  );
  if (ids.length === 0) return;
  const { rows } = await getDatabase().sql.query<{ externalId: string }>(
    `SELECT "externalId" FROM "CustomerIdentity" WHERE "channelAccountId" = $1 AND "externalId" = ANY($2::text[])`,
    [channelAccountId, ids],
  );
  const known = new Set(rows.map((row) => row.externalId));
  const unknown = ids.filter((id) => !known.has(id));
  for (let start = 0; start < unknown.length; start += BATCH) {
    try {
      const { customer_list: customers } = await client.post(
        "/cgi-bin/kf/customer/batchget",
        { external_userid_list: unknown.slice(start, start + BATCH), need_enter_session_context: 0 },
        batchgetSchema,
      );
      for (const customer of customers) {
        if (profiles.size >= CACHE_LIMIT) profiles.delete(profiles.keys().next().value ?? "");
        profiles.set(`${channelAccountId}:${customer.external_userid}`, {
          nickname: customer.nickname || undefined,
          avatarUrl: customer.avatar || undefined,
          unionId: customer.unionid || undefined,
        });
      }
    } catch (error) {
      log.warn({ err: error }, "could not look up kf customers; they keep default names");
    }
  }
}
