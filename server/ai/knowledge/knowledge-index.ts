// The bot's index over the enabled articles, built once and kept: rebuilt after a change made here,
// and after one made through another instance, which a fingerprint (count and last change) read at
// most every few seconds reveals.
import { db } from "../../db/db";
import { buildKnowledgeIndex, type KnowledgeEntry, type KnowledgeIndex } from "./retrieve-knowledge";

/** How stale another instance's edit may be before this one notices it. */
const CHECK_EVERY_MS = 5_000;

export type LoadedKnowledge = { index: KnowledgeIndex; articles: Map<string, KnowledgeEntry> };

let loaded: { knowledge: LoadedKnowledge; fingerprint: string; checkedAt: number } | null = null;
let loading: Promise<LoadedKnowledge> | null = null;

async function fingerprint(): Promise<string> {
  const [row] = await db().$queryRaw<{ count: number; last: Date | null }[]>`
    SELECT count(*)::int AS count, max("updatedAt") AS last FROM "KnowledgeArticle"`;
  return `${row?.count ?? 0}:${row?.last?.toISOString() ?? ""}`;
}

async function load(): Promise<LoadedKnowledge> {
  const stamp = await fingerprint();
  if (loaded && loaded.fingerprint === stamp) {
    loaded.checkedAt = Date.now();
    return loaded.knowledge;
  }
  const entries = await db().knowledgeArticle.findMany({
    where: { enabled: true },
    select: { id: true, question: true, variants: true, answer: true },
    orderBy: { id: "asc" },
  });
  const knowledge = {
    index: buildKnowledgeIndex(entries),
    articles: new Map(entries.map((entry) => [entry.id, entry])),
  };
  loaded = { knowledge, fingerprint: stamp, checkedAt: Date.now() };
  return knowledge;
}

/** The current index; concurrent callers share one load. */
export function currentKnowledge(): Promise<LoadedKnowledge> {
  if (loaded && Date.now() - loaded.checkedAt < CHECK_EVERY_MS) return Promise.resolve(loaded.knowledge);
  loading ??= load().finally(() => {
    loading = null;
  });
  return loading;
}

/** After an edit in this instance: the next question sees it. */
export function forgetKnowledgeIndex(): void {
  if (loaded) loaded.checkedAt = 0;
}
