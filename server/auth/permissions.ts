import type { Role } from "../generated/prisma/enums";

/** What each role may do; checked on the server for every route and socket event. */
const GRANTS = {
  "console.use": ["AGENT", "SUPERVISOR", "ADMIN"],
  "settings.view": ["SUPERVISOR", "ADMIN"],
  "users.view": ["SUPERVISOR", "ADMIN"],
  /** Create agents, change their teams and capacity; admins also manage supervisors and admins. */
  "users.manage": ["SUPERVISOR", "ADMIN"],
  "teams.manage": ["SUPERVISOR", "ADMIN"],
  "roles.manage": ["ADMIN"],
  "channels.manage": ["ADMIN"],
  /** Connect WeChat Pay merchants (their keys are secrets). */
  "pay_merchants.manage": ["ADMIN"],
  /** Send LoopDesk's events to the brand's systems: subscriptions, the delivery log, replays. */
  "webhooks.manage": ["ADMIN"],
  /** Create and revoke keys for the open API. */
  "api_keys.manage": ["ADMIN"],
  "dashboard.view": ["SUPERVISOR", "ADMIN"],
  "conversations.view_private": ["SUPERVISOR", "ADMIN"],
  /** Transfer, resolve or take over a conversation someone else is handling. */
  "conversations.reassign": ["SUPERVISOR", "ADMIN"],
  /** See a customer's full phone number (each reveal is audited). */
  "customers.reveal_phone": ["SUPERVISOR", "ADMIN"],
  "customers.merge": ["SUPERVISOR", "ADMIN"],
  /** Approve or decline a remedy (refund, reship, coupon) over its giver's caps. */
  "remedies.approve": ["SUPERVISOR", "ADMIN"],
  /** Change the anomaly rules' thresholds, severities and switches. */
  "anomaly_rules.manage": ["SUPERVISOR", "ADMIN"],
  /** Change each role's remedy caps. */
  "remedy_limits.manage": ["ADMIN"],
  /** Edit the bot's knowledge base, import and export it, see what it answered and missed. */
  "knowledge.manage": ["SUPERVISOR", "ADMIN"],
  /** Add the WeChat Pay coupon stocks agents may issue, switch them off. */
  "coupon_stocks.manage": ["ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof GRANTS;

export function can(role: Role, permission: Permission): boolean {
  return (GRANTS[permission] as readonly Role[]).includes(role);
}

/** Everything a role may do: what the console shows or hides (the server checks again on each request). */
export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(GRANTS) as Permission[]).filter((permission) => can(role, permission));
}

const RANK: Record<Role, number> = { AGENT: 0, SUPERVISOR: 1, ADMIN: 2 };

/** A supervisor manages agents; only an admin manages supervisors and admins. */
export function canManageRole(actor: Role, target: Role): boolean {
  if (!can(actor, "users.manage")) return false;
  return actor === "ADMIN" || RANK[target] < RANK[actor];
}
