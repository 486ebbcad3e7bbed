import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getRequestLocale } from "@/components/i18n/get-request-locale";
// Served from this origin, split by unicode-range: a browser fetches only the glyphs a page uses,
// and only when the system has no Chinese font of its own (those come first in the font stack).
import "@fontsource/noto-sans-sc/400.css";
import "@fontsource/noto-sans-sc/700.css";
import "./globals.css";

export const metadata: Metadata = { title: "LoopDesk", description: "微信生态客服工作台" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang={await getRequestLocale()}>
      <body>{children}</body>
    </html>
  );
}
