import { LoginForm } from "@/components/auth/login-form";
import { getRequestLocale } from "@/components/i18n/get-request-locale";
import { I18nProvider } from "@/components/i18n/i18n-provider";
import { getMessages } from "@/components/i18n/messages";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ ended?: string }> }) {
  const locale = await getRequestLocale();
  const { ended } = await searchParams;
  return (
    <I18nProvider locale={locale} messages={getMessages(locale)}>
      <LoginForm sessionEnded={ended === "1"} />
    </I18nProvider>
  );
}
