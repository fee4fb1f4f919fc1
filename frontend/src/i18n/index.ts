import { useCallback, useSyncExternalStore } from "react";
import { ko, type MessageKey, type Messages } from "./ko";
import { en } from "./en";
import { getLanguage, setLanguage, subscribeLanguage, type Lang } from "./store";

export type { MessageKey, Messages } from "./ko";
export type { Lang } from "./store";
export { setLanguage, getLanguage } from "./store";

export const catalogues: Record<Lang, Messages> = { ko, en };

export type Params = Record<string, string | number>;

/** Look up `key` in `lang`'s catalogue and fill `{name}` placeholders. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const template = catalogues[lang][key] ?? ko[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(ko, key);
}

export function useLang(): [Lang, (lang: Lang) => void] {
  const lang = useSyncExternalStore(subscribeLanguage, getLanguage, getLanguage);
  return [lang, setLanguage];
}

export type TFunction = (key: MessageKey, params?: Params) => string;

/** `const t = useT(); t("nav.products")` — re-renders when the language changes. */
export function useT(): TFunction {
  const [lang] = useLang();
  return useCallback((key: MessageKey, params?: Params) => translate(lang, key, params), [lang]);
}
