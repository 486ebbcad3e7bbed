// A supervisor keeps the bot's knowledge base as a file: imports a CSV or JSONL, exports it, edits it
// in a spreadsheet and imports it again without duplicates; a file with one bad line changes nothing.
import { describe, expect, it } from "vitest";
import { db } from "../../db/db";
import { AppError } from "../../errors";
import { seedSignedInUser } from "../../testing/seed";
import { setupTestDatabase } from "../../testing/test-database";
import { seedDemoKnowledge } from "./demo-knowledge";
import { updateArticle } from "./knowledge-articles";
import { currentKnowledge } from "./knowledge-index";
import { exportArticles, importArticles } from "./knowledge-transfer";
import { answeringArticle } from "./retrieve-knowledge";

setupTestDatabase();

const CSV = `id,question,variants,answer,tags,enabled
kb-wrap,可以包装成礼物吗？,能送礼包装吗|有礼盒吗,可以，下单备注“礼物包装”，免费提供礼盒。,礼品,true
,周末发货吗？,"周六发货吗
周日发不发货",周末正常发货。,,
`;

describe("the knowledge base as a file", () => {
  it("imports a CSV, exports it, and a re-import updates instead of duplicating", async () => {
    const { sessionUser } = await seedSignedInUser({ role: "SUPERVISOR" });
    expect(await importArticles(sessionUser, { format: "csv", content: CSV }, null)).toEqual({
      created: 2,
      updated: 0,
    });
    const wrap = await db().knowledgeArticle.findUniqueOrThrow({ where: { id: "kb-wrap" } });
    expect(wrap).toMatchObject({ variants: ["能送礼包装吗", "有礼盒吗"], tags: ["礼品"], enabled: true });
    const weekend = await db().knowledgeArticle.findFirstOrThrow({ where: { question: "周末发货吗？" } });
    expect(weekend.variants).toEqual(["周六发货吗", "周日发不发货"]);

    const jsonl = await exportArticles("jsonl");
    const edited = jsonl.replace("免费提供礼盒", "礼盒 5 元");
    expect(await importArticles(sessionUser, { format: "jsonl", content: edited }, null)).toEqual({
      created: 0,
      updated: 2,
    });
    expect(await db().knowledgeArticle.count()).toBe(2);
    expect((await db().knowledgeArticle.findUniqueOrThrow({ where: { id: "kb-wrap" } })).answer).toContain("礼盒 5 元");

    const csv = await exportArticles("csv");
    expect(csv.split("\n")[0]).toBe("id,question,variants,answer,tags,enabled");
    expect(await importArticles(sessionUser, { format: "csv", content: csv }, null)).toEqual({
      created: 0,
      updated: 2,
    });
    expect(await db().auditLog.count({ where: { action: "knowledge.imported" } })).toBe(3);
  });

  it("a file with a bad line is refused whole, naming the line", async () => {
    const { sessionUser } = await seedSignedInUser({ role: "SUPERVISOR" });
    const before = await db().knowledgeArticle.count();
    const content = [
      JSON.stringify({ id: "kb-ok", question: "有门店吗？", answer: "目前只有线上店。" }),
      JSON.stringify({ id: "kb-bad", question: "", answer: "没有问题的答案" }),
      "{not json",
    ].join("\n");
    const refused = await importArticles(sessionUser, { format: "jsonl", content }, null).catch((error) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).issues?.map((issue) => issue.path)).toEqual(["line 2: question", "line 3"]);
    expect(await db().knowledgeArticle.count()).toBe(before);
  });

  it("a cell a spreadsheet would run as a formula is exported inert and imported back as written", async () => {
    const { sessionUser } = await seedSignedInUser({ role: "SUPERVISOR" });
    const content = JSON.stringify({
      id: "kb-formula",
      question: "=HYPERLINK(1)",
      variants: ["+86 能发吗"],
      answer: "-",
    });
    await importArticles(sessionUser, { format: "jsonl", content }, null);
    const csv = await exportArticles("csv");
    expect(csv).toContain("'=HYPERLINK(1)");
    expect(csv).toContain("'+86 能发吗");
    await importArticles(sessionUser, { format: "csv", content: csv }, null);
    expect(await db().knowledgeArticle.findUniqueOrThrow({ where: { id: "kb-formula" } })).toMatchObject({
      question: "=HYPERLINK(1)",
      variants: ["+86 能发吗"],
      answer: "-",
    });
  });

  it("the bot stops answering from an article that is switched off", async () => {
    const { sessionUser } = await seedSignedInUser({ role: "SUPERVISOR" });
    await seedDemoKnowledge();
    const question = "保温杯可以用洗碗机洗吗";
    expect(answeringArticle((await currentKnowledge()).index, question)).toBe("kb-cup-dishwasher");
    await updateArticle(sessionUser, "kb-cup-dishwasher", { enabled: false }, null);
    expect(answeringArticle((await currentKnowledge()).index, question)).toBeNull();
  });
});
