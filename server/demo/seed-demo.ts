import { seedDemoKnowledge } from "../ai/knowledge/demo-knowledge";
import { hashPassword } from "../auth/password";
import { db } from "../db/db";
import { getConfig } from "../env";
import { createLogger } from "../logger";
import {
  DEMO_COUPON_STOCK,
  DEMO_MINI_PROGRAM,
  DEMO_MP_TEMPLATE_ID,
  DEMO_OA_TEMPLATE_ID,
  DEMO_OFFICIAL_ACCOUNT,
} from "./demo-channels";
import { DEMO_CANNED_REPLIES, DEMO_PASSWORD, DEMO_TEAMS, DEMO_USERS } from "./demo-users";

const log = createLogger("demo");

/** Creates the demo teams and users once; later runs keep whatever was changed since. */
export async function seedDemo(): Promise<void> {
  const teamIds = new Map<string, string>();
  for (const team of DEMO_TEAMS) {
    const row = await db().team.upsert({
      where: { name: team.name },
      create: { name: team.name, skills: [...team.skills] },
      update: {},
    });
    teamIds.set(team.name, row.id);
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const user of DEMO_USERS) {
    const exists = await db().user.findUnique({ where: { email: user.email }, select: { id: true } });
    if (exists) continue;
    await db().user.create({
      data: {
        email: user.email,
        name: user.name,
        role: user.role,
        passwordHash,
        teams: { create: user.teams.map((name) => ({ teamId: teamIds.get(name) as string })) },
      },
    });
  }
  if ((await db().cannedReply.count()) === 0) {
    await db().cannedReply.createMany({ data: DEMO_CANNED_REPLIES.map((reply) => ({ ...reply })) });
  }
  // The stock the demo's WeChat Pay merchant created, when that merchant is the one configured.
  if (getConfig().wechatPay?.mchId === DEMO_COUPON_STOCK.mchId) {
    await db().couponStock.upsert({
      where: { stockId: DEMO_COUPON_STOCK.stockId },
      create: DEMO_COUPON_STOCK,
      update: {},
    });
  }
  log.info({ users: DEMO_USERS.map((user) => user.email), password: DEMO_PASSWORD }, "demo users ready");
}

/** The template messages the demo accounts picked in the sandbox, so the fallback can be tried. */
export async function seedDemoTemplates(): Promise<void> {
  const templates = [
    {
      appId: DEMO_OFFICIAL_ACCOUNT.appId,
      templateId: DEMO_OA_TEMPLATE_ID,
      title: "售后服务跟进",
      fields: [
        { key: "first", label: "标题", value: "{{customer.name}}，您好，您的咨询有新进展" },
        { key: "keyword1", label: "服务类型", value: "售后咨询" },
        { key: "keyword2", label: "处理进度", value: "" },
        { key: "remark", label: "备注", value: "回复本公众号即可继续与客服沟通" },
      ],
    },
    {
      appId: DEMO_MINI_PROGRAM.appId,
      templateId: DEMO_MP_TEMPLATE_ID,
      title: "订单状态通知",
      // Buyers who subscribed at checkout hear of their parcels' milestones.
      forParcelUpdates: true,
      fields: [
        { key: "thing1", label: "订单状态", value: "{{parcel.status}}" },
        { key: "character_string2", label: "订单号", value: "{{order.no}}" },
        { key: "thing3", label: "温馨提示", value: "点击查看订单详情" },
      ],
    },
  ];
  for (const { appId, ...template } of templates) {
    const channel = await db().channelAccount.findFirst({ where: { appId }, select: { id: true } });
    if (!channel) continue;
    await db().messageTemplate.upsert({
      where: { channelAccountId_templateId: { channelAccountId: channel.id, templateId: template.templateId } },
      create: { channelAccountId: channel.id, ...template },
      update: {},
    });
  }
}

/**
 * The demo shop's knowledge base, on a first run (an emptied one is left empty), and with it the
 * bot on the Official Account, so customers there meet it first.
 */
export async function seedDemoKnowledgeBase(options: { bot: boolean }): Promise<void> {
  if ((await db().knowledgeArticle.count()) > 0) return;
  const added = await seedDemoKnowledge();
  if (options.bot) {
    await db().channelAccount.updateMany({
      where: { appId: DEMO_OFFICIAL_ACCOUNT.appId, kind: "OFFICIAL_ACCOUNT" },
      data: { startsWithBot: true },
    });
  }
  log.info({ articles: added, bot: options.bot }, "demo knowledge base ready");
}
