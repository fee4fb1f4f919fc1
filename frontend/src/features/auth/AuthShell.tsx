import type { ReactNode } from "react";
import { useT } from "../../i18n";
import { LanguageSwitch } from "../layout/LanguageSwitch";

/** Centered card layout for the public login / signup pages. */
export function AuthShell({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  const t = useT();
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-slate-100 px-4 py-10">
      <div className="absolute top-4 right-4">
        <LanguageSwitch />
      </div>
      <div className="mb-6 text-center">
        <div className="text-2xl font-bold tracking-tight text-slate-800">{t("app.name")}</div>
        <div className="text-sm text-slate-500">{t("app.tagline")}</div>
      </div>
      <main className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold text-slate-900">{title}</h1>
        {subtitle && <p className="mt-1 text-sm text-slate-500">{subtitle}</p>}
        <div className="mt-5">{children}</div>
      </main>
    </div>
  );
}
