/** The demo's people; the README prints these credentials. */
export const DEMO_PASSWORD = "loopdesk-demo";

export const DEMO_TEAMS = [
  { name: "售前咨询", skills: ["presale"] },
  { name: "售后服务", skills: ["aftersale", "logistics"] },
] as const;

export const DEMO_USERS = [
  { email: "admin@loopdesk.demo", name: "管理员 Admin", role: "ADMIN", teams: [] },
  { email: "supervisor@loopdesk.demo", name: "陈主管 Chen", role: "SUPERVISOR", teams: ["售前咨询", "售后服务"] },
  { email: "agent1@loopdesk.demo", name: "李娜 Li Na", role: "AGENT", teams: ["售前咨询"] },
  { email: "agent2@loopdesk.demo", name: "王强 Wang Qiang", role: "AGENT", teams: ["售后服务"] },
] as const;

/** Shared with everyone (no owner, no team). */
export const DEMO_CANNED_REPLIES = [
  { shortcut: "hi", title: "问候", body: "{{customer.name}}您好，我是客服{{agent.name}}，很高兴为您服务～" },
  {
    shortcut: "ship",
    title: "发货进度",
    body: "{{customer.name}}您好，您的订单 {{order.no}} 我们已在加急处理，发货后会第一时间通知您。",
  },
  { shortcut: "wait", title: "请稍等", body: "请稍等，我这边马上帮您查询一下。" },
  { shortcut: "bye", title: "结束语", body: "感谢您的咨询，祝您生活愉快！如有其他问题随时联系我们。" },
] as const;
