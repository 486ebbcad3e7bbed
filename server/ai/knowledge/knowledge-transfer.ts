// Moving a knowledge base in and out as CSV or JSONL (the same fields as the evaluation's KB lines:
// id, question, variants, answer, plus tags and enabled). An import is all or nothing: every line
// is checked first, and one bad line rejects the file with each problem named by its line. A line
// whose id exists updates that article, so exporting, editing and importing again duplicates nothing.
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { recordAudit } from "../../audit/record-audit";
import type { SessionUser } from "../../auth/sessions";
import { db } from "../../db/db";
import { AppError, type ErrorIssue, localized } from "../../errors";
import { type ArticleInput, articleIdSchema, articleInputSchema, listArticles } from "./knowledge-articles";

export const FORMATS = ["csv", "jsonl"] as const;
export type TransferFormat = (typeof FORMATS)[number];

const MAX_ARTICLES = 2_000;
const CSV_COLUMNS = ["id", "question", "variants", "answer", "tags", "enabled"] as const;
/** Variants and tags share one CSV cell, one per line or separated by "|". */
const splitCell = (cell: string) => cell.split(/\r?\n|\|/).map((part) => part.trim());
const YES = new Set(["", "true", "1", "yes", "y", "是", "启用"]);
/**
 * A cell a spreadsheet would run as a formula (variants can be customers' words, added from missed
 * questions) is exported behind an apostrophe, which the import takes off again.
 */
const FORMULA = /^[=+\-@\t\r]/;
const quoteFormula = (cell: string) => (FORMULA.test(cell) ? `'${cell}` : cell);
const unquoteFormula = (cell: string) => (cell.startsWith("'") && FORMULA.test(cell.slice(1)) ? cell.slice(1) : cell);

export const importSchema = z.object({ format: z.enum(FORMATS), content: z.string().min(1) });

type ImportLine = { id?: string } & ArticleInput;
const importLineSchema = articleInputSchema.extend({ id: articleIdSchema.optional() });

function recordsOf(format: TransferFormat, content: string): { line: number; record: unknown }[] {
  if (format === "jsonl") {
    return content.split("\n").flatMap((text, index) => {
      if (!text.trim()) return [];
      try {
        return [{ line: index + 1, record: JSON.parse(text) as unknown }];
      } catch {
        return [{ line: index + 1, record: Symbol.for("invalid-json") }];
      }
    });
  }
  let rows: Record<string, string>[];
  try {
    rows = parse(content.replace(/^\uFEFF/, ""), {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      cast: (cell) => unquoteFormula(cell),
    });
  } catch (error) {
    throw new AppError("INVALID_INPUT", localized("error.knowledgeCsv", { reason: (error as Error).message }));
  }
  // Line 1 is the header row.
  return rows.map((row, index) => ({
    line: index + 2,
    record: {
      ...(row.id ? { id: row.id } : {}),
      question: row.question ?? "",
      variants: splitCell(row.variants ?? "").map(unquoteFormula),
      answer: row.answer ?? "",
      tags: splitCell(row.tags ?? ""),
      enabled: YES.has((row.enabled ?? "").toLowerCase()),
    },
  }));
}

function checkedLines(format: TransferFormat, content: string): ImportLine[] {
  const records = recordsOf(format, content);
  const issues: ErrorIssue[] = [];
  const lines: ImportLine[] = [];
  for (const { line, record } of records) {
    if (typeof record === "symbol") {
      issues.push({ path: `line ${line}`, message: "not JSON" });
      continue;
    }
    const parsed = importLineSchema.safeParse(record);
    if (parsed.success) lines.push(parsed.data);
    else
      for (const issue of parsed.error.issues)
        issues.push({ path: `line ${line}: ${issue.path.join(".")}`, message: issue.message });
  }
  if (records.length > MAX_ARTICLES) issues.push({ path: "file", message: `at most ${MAX_ARTICLES} articles` });
  if (records.length === 0) issues.push({ path: "file", message: "no articles" });
  if (issues.length > 0) {
    throw new AppError("INVALID_INPUT", localized("error.knowledgeImport"), { issues: issues.slice(0, 50) });
  }
  return lines;
}

export async function importArticles(
  user: SessionUser,
  input: z.infer<typeof importSchema>,
  ip: string | null,
): Promise<{ created: number; updated: number }> {
  const lines = checkedLines(input.format, input.content);
  // The same id twice in a file: its last line stands.
  const byId = new Map(lines.flatMap((line) => (line.id ? [[line.id, line] as const] : [])));
  const withoutId = lines.filter((line) => !line.id);
  const result = await db().$transaction(
    async (tx) => {
      const existing = await tx.knowledgeArticle.findMany({
        where: { id: { in: [...byId.keys()] } },
        select: { id: true },
      });
      const known = new Set(existing.map((article) => article.id));
      for (const id of known) {
        const { id: _, ...article } = byId.get(id) as ImportLine;
        await tx.knowledgeArticle.update({ where: { id }, data: article, select: { id: true } });
      }
      const fresh = [...withoutId, ...[...byId.values()].filter((line) => !known.has(line.id ?? ""))];
      await tx.knowledgeArticle.createMany({ data: fresh });
      const created = fresh.length;
      const updated = known.size;
      await recordAudit(
        {
          action: "knowledge.imported",
          actorId: user.id,
          subjectType: "knowledge_base",
          subjectId: "all",
          ip,
          details: { format: input.format, created, updated },
        },
        tx,
      );
      return { created, updated };
    },
    // A couple of thousand articles, on the embedded database too.
    { timeout: 60_000 },
  );
  return result;
}

export async function exportArticles(format: TransferFormat): Promise<string> {
  const articles = await listArticles();
  if (format === "jsonl") {
    return articles.map(({ updatedAt: _, ...article }) => `${JSON.stringify(article)}\n`).join("");
  }
  return stringify(
    articles.map((article) => ({
      id: article.id,
      question: quoteFormula(article.question),
      variants: article.variants.map(quoteFormula).join("|"),
      answer: quoteFormula(article.answer),
      tags: article.tags.map(quoteFormula).join("|"),
      enabled: article.enabled ? "true" : "false",
    })),
    { header: true, columns: [...CSV_COLUMNS] },
  );
}
