import type { z } from "zod";
import { authPruneSessionsJob } from "./definitions/auth-prune-sessions";
import { channelsSweepOutboundJob } from "./definitions/channels-sweep-outbound";
import { conversationsWakeSnoozedJob } from "./definitions/conversations-wake-snoozed";
import { routingSendQueueNoticeJob } from "./definitions/routing-send-queue-notice";
import { routingSweepJob } from "./definitions/routing-sweep";
import { webhooksSweepInboundJob } from "./definitions/webhooks-sweep-inbound";
import { wecomClaimSessionJob } from "./definitions/wecom-claim-session";
import { wecomEndSessionJob } from "./definitions/wecom-end-session";

/** Every job LoopDesk runs. A definition missing here cannot be enqueued (a type error). */
export const jobDefinitions = [
  authPruneSessionsJob,
  webhooksSweepInboundJob,
  channelsSweepOutboundJob,
  wecomClaimSessionJob,
  wecomEndSessionJob,
  conversationsWakeSnoozedJob,
  routingSweepJob,
  routingSendQueueNoticeJob,
] as const;

type Definitions = (typeof jobDefinitions)[number];
export type JobId = Definitions["id"];
export type JobPayload<Id extends JobId> = z.input<Extract<Definitions, { id: Id }>["schema"]>;
