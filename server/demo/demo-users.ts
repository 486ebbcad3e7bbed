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
