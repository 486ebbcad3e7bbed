import { Suspense } from "react";
import { Inbox } from "@/components/inbox/inbox";

export default function InboxPage() {
  return (
    <Suspense>
      <Inbox />
    </Suspense>
  );
}
