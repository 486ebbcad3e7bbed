/** A client id per send attempt: the server stores it, so a retried request never sends twice. */
export const newClientMsgId = () => `web${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
