// What customers asked the bot over the last days, grouped by question (the bot's run records the
// normalized question's hash): the questions it answered, with the article, and the ones it missed
// (could not answer, or was unsure), each with how often, so a supervisor turns the frequent misses
// into articles or variants first.
import { db } from "../../db/db";

const DAYS = 30;
const SHOWN = 100;

export type AskedQuestion = { key: string; text: string; count: number; lastAt: string; articleId: string | null };

async function grouped(kind: "answered" | "missed"): Promise<AskedQuestion[]> {
  const since = new Date(Date.now() - DAYS * 86_400_000);
  const rows =
    kind === "answered"
      ? await db().$queryRaw<(Omit<AskedQuestion, "lastAt"> & { lastAt: Date })[]>`
          SELECT "inputHash" AS key, (array_agg(input->>'text' ORDER BY "createdAt" DESC))[1] AS text,
            count(*)::int AS count, max("createdAt") AS "lastAt",
            (array_agg(output->>'articleId' ORDER BY "createdAt" DESC))[1] AS "articleId"
          FROM "AiRun"
          WHERE capability = 'bot' AND "createdAt" > ${since} AND output->>'action' = 'answer_article'
          GROUP BY "inputHash" ORDER BY count DESC, "lastAt" DESC LIMIT ${SHOWN}`
      : await db().$queryRaw<(Omit<AskedQuestion, "lastAt"> & { lastAt: Date })[]>`
          SELECT "inputHash" AS key, (array_agg(input->>'text' ORDER BY "createdAt" DESC))[1] AS text,
            count(*)::int AS count, max("createdAt") AS "lastAt", NULL AS "articleId"
          FROM "AiRun"
          WHERE capability = 'bot' AND "createdAt" > ${since}
            AND (output->>'action' = 'not_understood' OR output->>'reason' IN ('unsure', 'unanswered'))
          GROUP BY "inputHash" ORDER BY count DESC, "lastAt" DESC LIMIT ${SHOWN}`;
  return rows.map((row) => ({ ...row, lastAt: row.lastAt.toISOString() }));
}

export async function botQuestions() {
  const [answered, missed] = await Promise.all([grouped("answered"), grouped("missed")]);
  return { days: DAYS, answered, missed };
}
