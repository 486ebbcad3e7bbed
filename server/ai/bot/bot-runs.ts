// "Why did the bot hand over?": the bot's recorded decisions in a conversation, newest first, for
// whoever may see the conversation.
import { z } from "zod";
import type { SessionUser } from "../../auth/sessions";
import { getVisibleConversation } from "../../conversations/get-visible-conversation";
import { db } from "../../db/db";

const outputSchema = z.object({
  action: z.string(),
  handoff: z.boolean(),
  reason: z.string().optional(),
  answered: z.boolean().nullable().optional(),
  articleId: z.string().nullable().optional(),
  intent: z.string().nullable(),
  confidence: z.number().nullable(),
  triagedBy: z.string().nullable().optional(),
  acted: z.boolean(),
});
const inputSchema = z.object({ text: z.string() });

const SHOWN = 20;

export async function listBotRuns(user: SessionUser, conversationId: string) {
  await getVisibleConversation(user, conversationId);
  const runs = await db().aiRun.findMany({
    where: { conversationId, capability: "bot" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: SHOWN,
    select: { id: true, createdAt: true, provider: true, model: true, latencyMs: true, input: true, output: true },
  });
  return runs.flatMap((run) => {
    const output = outputSchema.safeParse(run.output);
    const input = inputSchema.safeParse(run.input);
    if (!output.success) return [];
    return [
      {
        id: run.id,
        at: run.createdAt.toISOString(),
        engine: `${run.provider}/${run.model}`,
        latencyMs: run.latencyMs,
        text: input.success ? input.data.text : null,
        ...output.data,
      },
    ];
  });
}
export type BotRunDto = Awaited<ReturnType<typeof listBotRuns>>[number];
