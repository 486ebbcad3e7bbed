// Channel connections added in Settings. Secrets are write-only: sealed on the way in, never read
// back out; the console only learns whether each is set.
import { z } from "zod";
import { recordAudit } from "../../audit/record-audit";
import type { SessionUser } from "../../auth/sessions";
import { secretBox } from "../../crypto/secret-box";
import { db } from "../../db/db";
import { AppError, localized } from "../../errors";
import { assertTeamsExist } from "../../teams/assert-teams-exist";
import { type ChannelAccountDto, carriesConversations, toChannelAccountDto } from "./channel-account-dto";
import { forgetCallbackAccounts } from "./get-callback-account";

const token = z.string().regex(/^[A-Za-z0-9]{1,64}$/, "Token: 1–64 letters or digits");
const aesKey = z.string().regex(/^[A-Za-z0-9+/]{43}$/, "EncodingAESKey: 43 characters");
const secret = z.string().min(1).max(256);
const name = z.string().trim().min(1).max(60);
const teamId = z.string().min(1).max(64).nullable().optional();
/** Room left for the customer's name within WeChat's 2,048-byte text limit. */
const MAX_QUEUE_NOTICE_BYTES = 600;

export const createChannelAccountSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("WECOM_KF"),
    name,
    appId: z.string().regex(/^[A-Za-z0-9_-]{4,64}$/, "CorpID"),
    secret,
    token,
    aesKey,
    teamId,
  }),
  z.object({
    kind: z.enum(["OFFICIAL_ACCOUNT", "MINI_PROGRAM"]),
    name,
    appId: z.string().regex(/^wx[0-9a-f]{16}$/i, "AppID like wx0123456789abcdef"),
    secret,
    token,
    aesKey: aesKey.optional(),
    teamId,
  }),
]);
export type CreateChannelAccountInput = z.infer<typeof createChannelAccountSchema>;

export const updateChannelAccountSchema = z
  .object({
    name,
    enabled: z.boolean(),
    teamId: z.string().min(1).max(64).nullable(),
    /** Told to customers left waiting in the queue (server/routing/queue-notice.ts); empty or null turns it off. */
    queueNotice: z
      .string()
      .trim()
      .refine(
        (text) => Buffer.byteLength(text) <= MAX_QUEUE_NOTICE_BYTES,
        `最多 ${MAX_QUEUE_NOTICE_BYTES} 字节 / at most ${MAX_QUEUE_NOTICE_BYTES} bytes`,
      )
      .transform((text) => text || null)
      .nullable(),
    /** New conversations start with the AI bot (server/ai/bot/bot-turn.ts). */
    startsWithBot: z.boolean(),
    /** Rotations: give a new value to replace the stored one. */
    secret,
    token,
    aesKey,
  })
  .partial();
export type UpdateChannelAccountInput = z.infer<typeof updateChannelAccountSchema>;

export async function listChannelAccounts(): Promise<ChannelAccountDto[]> {
  const accounts = await db().channelAccount.findMany({ orderBy: [{ kind: "asc" }, { createdAt: "asc" }] });
  return accounts.map(toChannelAccountDto);
}

export async function createChannelAccount(actor: SessionUser, input: CreateChannelAccountInput, ip: string | null) {
  const exists = await db().channelAccount.findUnique({
    where: { kind_appId_openKfId: { kind: input.kind, appId: input.appId, openKfId: "" } },
    select: { id: true },
  });
  if (exists) throw new AppError("CONFLICT", localized("error.accountAlreadyConnected"));
  await assertTeamsExist([input.teamId], "teamId");
  const box = secretBox();
  const account = await db().channelAccount.create({
    data: {
      kind: input.kind,
      name: input.name,
      appId: input.appId,
      teamId: input.teamId ?? null,
      secretEnc: box.seal(input.secret),
      tokenEnc: box.seal(input.token),
      aesKeyEnc: input.aesKey ? box.seal(input.aesKey) : null,
    },
  });
  await recordAudit({
    action: "channel.created",
    actorId: actor.id,
    subjectType: "channel",
    subjectId: account.id,
    ip,
    details: { kind: input.kind, appId: input.appId },
  });
  return toChannelAccountDto(account);
}

export async function updateChannelAccount(
  actor: SessionUser,
  channelId: string,
  input: UpdateChannelAccountInput,
  ip: string | null,
) {
  const current = await db().channelAccount.findUnique({ where: { id: channelId } });
  if (!current) throw new AppError("NOT_FOUND", localized("error.channelNotFound"));
  const rotates = input.secret !== undefined || input.token !== undefined || input.aesKey !== undefined;
  if (rotates && current.fromEnv) {
    throw new AppError("FORBIDDEN", localized("error.secretsFromEnvironment"));
  }
  if (rotates && current.openKfId !== "") {
    throw new AppError("INVALID_INPUT", localized("error.kfUsesCorpSecrets"));
  }
  if ((input.queueNotice || input.startsWithBot) && !carriesConversations(current)) {
    throw new AppError("INVALID_INPUT", localized("error.queueNoticeOnKfAccount"));
  }
  await assertTeamsExist([input.teamId], "teamId");
  const box = secretBox();
  const account = await db().channelAccount.update({
    where: { id: channelId },
    data: {
      name: input.name,
      enabled: input.enabled,
      teamId: input.teamId,
      queueNotice: input.queueNotice,
      startsWithBot: input.startsWithBot,
      secretEnc: input.secret === undefined ? undefined : box.seal(input.secret),
      tokenEnc: input.token === undefined ? undefined : box.seal(input.token),
      aesKeyEnc: input.aesKey === undefined ? undefined : box.seal(input.aesKey),
    },
  });
  forgetCallbackAccounts();
  await recordAudit({
    action: "channel.updated",
    actorId: actor.id,
    subjectType: "channel",
    subjectId: channelId,
    ip,
    // Which fields changed, never their values.
    details: { fields: Object.keys(input) },
  });
  return toChannelAccountDto(account);
}
