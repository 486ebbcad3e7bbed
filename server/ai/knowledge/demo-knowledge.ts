// The demo shop's knowledge base (demo-knowledge.jsonl, also the evaluation's default): seeded by
// the demo, and by tests that need the bot to know what a shop's bot knows.
import fs from "node:fs";
import path from "node:path";
import { db } from "../../db/db";
import type { KnowledgeEntry } from "./retrieve-knowledge";

export const DEMO_KNOWLEDGE_FILE = path.join(import.meta.dirname, "demo-knowledge.jsonl");

export function readKnowledgeFile(file: string): KnowledgeEntry[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as KnowledgeEntry);
}

/** Adds the demo articles that are not there yet (by id); returns how many were added. */
export async function seedDemoKnowledge(): Promise<number> {
  const { count } = await db().knowledgeArticle.createMany({
    data: readKnowledgeFile(DEMO_KNOWLEDGE_FILE).map(({ id, question, variants, answer }) => ({
      id,
      question,
      variants,
      answer,
      tags: ["demo"],
    })),
    skipDuplicates: true,
  });
  return count;
}
