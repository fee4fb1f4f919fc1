import type { Lang } from "../i18n";

const locales: Record<Lang, string> = { ko: "ko-KR", en: "en-US" };

export function formatDateTime(value: string | null | undefined, lang: Lang): string {
  if (!value) return "—";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(locales[lang], {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(d);
}

/** A calendar date (YYYY-MM-DD) is shown as is: it has no time zone. */
export function formatDate(value: string | null | undefined): string {
  return value ? value.slice(0, 10) : "—";
}

export function formatNumber(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return "—";
  return new Intl.NumberFormat(locales[lang]).format(value);
}

/** Signed quantity: "+5", "−3" (typographic minus), "0". */
export function formatSigned(value: number, lang: Lang): string {
  const abs = formatNumber(Math.abs(value), lang);
  if (value > 0) return `+${abs}`;
  if (value < 0) return `−${abs}`;
  return abs;
}

