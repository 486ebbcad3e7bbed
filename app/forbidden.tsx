import Link from "next/link";
import { getRequestLocale } from "@/components/i18n/get-request-locale";
import { getMessages } from "@/components/i18n/messages";

export default async function Forbidden() {
  const messages = getMessages(await getRequestLocale());
  return (
    <section className="page status-page" data-testid="forbidden">
      <h1>403 · {messages["forbidden.title"]}</h1>
      <p>{messages["forbidden.body"]}</p>
      <Link href="/inbox">{messages["common.back"]}</Link>
    </section>
  );
}
