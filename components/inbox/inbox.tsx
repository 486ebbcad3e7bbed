"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useI18n } from "../i18n/i18n-provider";
import { ConversationList, useConversations } from "./conversation-list";
import { ConversationView } from "./conversation-view";

/** The agent's inbox: conversations on the left, the open one on the right; both update live. */
export function Inbox() {
  const { t } = useI18n();
  const router = useRouter();
  const pathname = usePathname();
  const selectedId = useSearchParams().get("c");
  const conversations = useConversations();
  const selected = conversations.data?.items.find((conversation) => conversation.id === selectedId);
  return (
    <div className="inbox">
      <aside className="inbox-list">
        <ConversationList
          conversations={conversations}
          selectedId={selectedId}
          onSelect={(id) => router.replace(`${pathname}?c=${id}`)}
        />
      </aside>
      {selected ? (
        <ConversationView key={selected.id} conversation={selected} />
      ) : (
        <section className="conversation-view conversation-empty">
          <p className="muted">{t("inbox.pick")}</p>
        </section>
      )}
    </div>
  );
}
