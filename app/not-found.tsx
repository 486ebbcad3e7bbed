import Link from "next/link";
import { getRequestLocale } from "@/components/i18n/get-request-locale";
import { getMessages } from "@/components/i18n/messages";

export default async function NotFound() {
  const messages = getMessages(await getRequestLocale());
  return (
    <section className="page status-page">
      <h1>404 · {messages["notFound.title"]}</h1>
      <Link href="/inbox">{messages["common.back"]}</Link>
    </section>
  );
}
