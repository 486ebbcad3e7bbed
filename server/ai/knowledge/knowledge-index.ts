// The bot's index over the enabled articles, built once and rebuilt when the articles change. A
// change can come from another module graph (the console's routes are bundled apart from the
// server that runs the bot) or another instance, so each use first reads a fingerprint of the
// table (count and last change: one small query, shared by concurrent callers) and rebuilds only
// when it moved.
import { db } from "../../db/db";
import { buildKnowledgeIndex, type KnowledgeEntry, type KnowledgeIndex } from "./retrieve-knowledge";

export type LoadedKnowledge = { index: KnowledgeIndex; articles: Map<string, KnowledgeEntry> };

let loaded: { knowledge: LoadedKnowledge; fingerprint: string } | null = null;
let loading: Promise<LoadedKnowledge> | null = null;

async function fingerprint(): Promise<string> {
  const [row] = await db().$queryRaw<{ count: number; last: Date | null }[]>`
    SELECT count(*)::int AS count, max("updatedAt") AS last FROM "KnowledgeArticle"`;
  return `${row?.count ?? 0}:${row?.last?.toISOString() ?? ""}`;
}

async function load(): Promise<LoadedKnowledge> {
  const stamp = await fingerprint();
  if (loaded?.fingerprint === stamp) return loaded.knowledge;
  const entries = await db().knowledgeArticle.findMany({
    where: { enabled: true },
    select: { id: true, question: true, variants: true, answer: true },
    orderBy: { id: "asc" },
  });
  const knowledge = {
    index: buildKnowledgeIndex(entries),
    articles: new Map(entries.map((entry) => [entry.id, entry])),
  };
  loaded = { knowledge, fingerprint: stamp };
  return knowledge;
}

/** The current index; concurrent callers share one check (and one rebuild). */
export function currentKnowledge(): Promise<LoadedKnowledge> {
  loading ??= load().finally(() => {
    loading = null;
  });
  return loading;
}
