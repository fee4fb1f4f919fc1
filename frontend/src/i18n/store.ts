/** The current UI language, outside React (the API client reads it for Accept-Language). */
export type Lang = "ko" | "en";
export const LANG_STORAGE_KEY = "smartstock.lang";
export const DEFAULT_LANG: Lang = "ko";

function isLang(v: unknown): v is Lang {
  return v === "ko" || v === "en";
}

function readStored(): Lang | null {
  try {
    const v = globalThis.localStorage?.getItem(LANG_STORAGE_KEY);
    return isLang(v) ? v : null;
  } catch {
    return null;
  }
}

let current: Lang = readStored() ?? DEFAULT_LANG;
const listeners = new Set<() => void>();

function applyToDocument(lang: Lang): void {
  if (typeof document !== "undefined") document.documentElement.lang = lang;
}
applyToDocument(current);

export function getLanguage(): Lang {
  return current;
}

/** True when the user picked a language explicitly (so the account's default must not override it). */
export function hasStoredLanguage(): boolean {
  return readStored() !== null;
}

export function setLanguage(lang: Lang, persist = true): void {
  if (persist) {
    try {
      globalThis.localStorage?.setItem(LANG_STORAGE_KEY, lang);
    } catch {
      /* storage unavailable: keep it in memory */
    }
  }
  if (lang === current) return;
  current = lang;
  applyToDocument(lang);
  listeners.forEach((l) => l());
}

export function subscribeLanguage(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
