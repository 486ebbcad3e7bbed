export const userKeys = {
  all: ["users"] as const,
  list: () => [...userKeys.all, "list"] as const,
};

export const teamKeys = {
  all: ["teams"] as const,
  list: () => [...teamKeys.all, "list"] as const,
};

export const conversationKeys = {
  all: ["conversations"] as const,
  lists: () => [...conversationKeys.all, "list"] as const,
  list: (query: string) => [...conversationKeys.all, "list", query] as const,
  counts: () => [...conversationKeys.all, "counts"] as const,
  one: (conversationId: string) => [...conversationKeys.all, "one", conversationId] as const,
  messages: (conversationId: string) => [...conversationKeys.all, "messages", conversationId] as const,
  botRuns: (conversationId: string) => [...conversationKeys.all, "bot-runs", conversationId] as const,
  recommendations: (conversationId: string) => [...conversationKeys.all, "recommendations", conversationId] as const,
  copilot: (conversationId: string) => [...conversationKeys.all, "copilot", conversationId] as const,
};

export const channelKeys = {
  all: ["channels"] as const,
  list: () => [...channelKeys.all, "list"] as const,
  templates: (channelId: string) => [...channelKeys.all, "templates", channelId] as const,
};

/** A conversation's template / subscription messages, filled in for its customer. */
export const templateKeys = {
  forConversation: (conversationId: string) => ["templates", "conversation", conversationId] as const,
};

export const colleagueKeys = {
  all: ["colleagues"] as const,
};

export const cannedReplyKeys = {
  all: ["canned-replies"] as const,
  forConversation: (conversationId: string) => [...cannedReplyKeys.all, conversationId] as const,
};

export const customerKeys = {
  all: ["customers"] as const,
  profile: (customerId: string) => [...customerKeys.all, "profile", customerId] as const,
  orders: (customerId: string) => [...customerKeys.all, "orders", customerId] as const,
};

export const searchKeys = {
  all: ["search"] as const,
  query: (q: string) => [...searchKeys.all, q] as const,
};

export const apiKeyKeys = {
  all: ["api-keys"] as const,
  list: () => [...apiKeyKeys.all, "list"] as const,
};

export const orderKeys = {
  all: ["orders"] as const,
  list: (query: string) => [...orderKeys.all, "list", query] as const,
  story: (orderNo: string) => [...orderKeys.all, "story", orderNo] as const,
};

export const remedyKeys = {
  all: ["remedies"] as const,
  list: (query: string) => [...remedyKeys.all, query] as const,
};

export const couponStockKeys = {
  all: ["coupon-stocks"] as const,
};

export const remedyLimitKeys = {
  all: ["remedy-limits"] as const,
};

export const payMerchantKeys = {
  all: ["pay-merchants"] as const,
};

export const anomalyKeys = {
  all: ["anomalies"] as const,
  list: (query: string) => [...anomalyKeys.all, "list", query] as const,
  rules: () => [...anomalyKeys.all, "rules"] as const,
};

export const webhookKeys = {
  all: ["webhooks"] as const,
  list: () => [...webhookKeys.all, "list"] as const,
  deliveries: (subscriptionId: string) => [...webhookKeys.all, "deliveries", subscriptionId] as const,
};

export const knowledgeKeys = {
  all: ["knowledge"] as const,
  articles: () => [...knowledgeKeys.all, "articles"] as const,
  questions: () => [...knowledgeKeys.all, "questions"] as const,
};
