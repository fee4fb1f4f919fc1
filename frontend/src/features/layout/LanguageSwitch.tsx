import { useLang, useT } from "../../i18n";
import { useSwitchLanguage } from "../auth/api";

/** Toggles Korean ⇄ English; its accessible name is the language it switches to. */
export function LanguageSwitch() {
  const [lang] = useLang();
  const switchTo = useSwitchLanguage();
  const t = useT();
  const target = lang === "ko" ? "en" : "ko";
  return (
    <button
      type="button"
      data-testid="lang-switch"
      onClick={() => switchTo(target)}
      title={t("header.switchLanguage")}
      lang={target}
      className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50"
    >
      {t(target === "en" ? "lang.en" : "lang.ko")}
    </button>
  );
}
