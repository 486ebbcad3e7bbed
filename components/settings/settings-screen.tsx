"use client";

import { useState } from "react";
import { useI18n } from "../i18n/i18n-provider";
import type { MessageKey } from "../i18n/messages";
import { AnomalyRulesPanel } from "./anomaly-rules-panel";
import { ApiKeysPanel } from "./api-keys-panel";
import { ChannelsPanel } from "./channels-panel";
import { CouponStocksPanel } from "./coupon-stocks-panel";
import { KnowledgePanel } from "./knowledge-panel";
import { PayMerchantsPanel } from "./pay-merchants-panel";
import { RemedyLimitsPanel } from "./remedy-limits-panel";
import { TeamsPanel } from "./teams-panel";
import { UsersPanel } from "./users-panel";
import { WebhooksPanel } from "./webhooks-panel";

type Role = "AGENT" | "SUPERVISOR" | "ADMIN";
const TABS = [
  "users",
  "teams",
  "channels",
  "payMerchants",
  "remedyLimits",
  "couponStocks",
  "anomalyRules",
  "knowledge",
  "apiKeys",
  "webhooks",
] as const;
type Tab = (typeof TABS)[number];
const TAB_LABELS: Record<Tab, MessageKey> = {
  users: "settings.users",
  teams: "settings.teams",
  channels: "settings.channels",
  payMerchants: "settings.payMerchants",
  remedyLimits: "settings.remedyLimits",
  couponStocks: "settings.couponStocks",
  anomalyRules: "settings.anomalyRules",
  knowledge: "settings.knowledge",
  apiKeys: "settings.apiKeys",
  webhooks: "settings.webhooks",
};

export function SettingsScreen(props: {
  canManageUsers: boolean;
  canManageTeams: boolean;
  canManageChannels: boolean;
  canManageApiKeys: boolean;
  canManageRemedyLimits: boolean;
  canManageCouponStocks: boolean;
  canManagePayMerchants: boolean;
  canManageAnomalyRules: boolean;
  canManageWebhooks: boolean;
  canManageKnowledge: boolean;
  assignableRoles: Role[];
}) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>("users");
  return (
    <section className="page" data-testid="settings">
      <h1>{t("settings.title")}</h1>
      <div className="tabs" role="tablist">
        {TABS.filter(
          (name) =>
            (name !== "apiKeys" || props.canManageApiKeys) &&
            (name !== "webhooks" || props.canManageWebhooks) &&
            (name !== "knowledge" || props.canManageKnowledge),
        ).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className={tab === name ? "tab tab-active" : "tab"}
            onClick={() => setTab(name)}
          >
            {t(TAB_LABELS[name])}
          </button>
        ))}
      </div>
      {tab === "users" && <UsersPanel canManage={props.canManageUsers} assignableRoles={props.assignableRoles} />}
      {tab === "teams" && <TeamsPanel canManage={props.canManageTeams} />}
      {tab === "channels" && <ChannelsPanel canManage={props.canManageChannels} />}
      {tab === "payMerchants" && <PayMerchantsPanel canManage={props.canManagePayMerchants} />}
      {tab === "remedyLimits" && <RemedyLimitsPanel canManage={props.canManageRemedyLimits} />}
      {tab === "couponStocks" && <CouponStocksPanel canManage={props.canManageCouponStocks} />}
      {tab === "anomalyRules" && <AnomalyRulesPanel canManage={props.canManageAnomalyRules} />}
      {tab === "knowledge" && props.canManageKnowledge && <KnowledgePanel />}
      {tab === "apiKeys" && props.canManageApiKeys && <ApiKeysPanel />}
      {tab === "webhooks" && props.canManageWebhooks && <WebhooksPanel />}
    </section>
  );
}
