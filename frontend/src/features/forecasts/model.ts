/**
 * Forecasts: the pure logic behind the pages (number formats, the fan chart's rows, run phases,
 * the override form's rules, the model-choice reason in the UI language). Records are the API's
 * generated types (client/types).
 */
import { translate, type Lang, type MessageKey } from "../../i18n";
import type {
  AccuracyRow,
  ForecastDay,
  ForecastMetrics,
  ForecastRun,
  ForecastRunStatus,
  ForecastTotal,
  HistoryDay,
  Job,
} from "../../client/types";

export const HORIZONS = [7, 30, 60, 90] as const;
export type Horizon = (typeof HORIZONS)[number];
export const DEFAULT_HORIZON: Horizon = 90;

/** Demand patterns (Syntetos–Boylan) as the API names them. */
export const PATTERNS = ["smooth", "erratic", "intermittent", "lumpy", "zero"] as const;
export type Pattern = (typeof PATTERNS)[number];

export function isPattern(value: string | null | undefined): value is Pattern {
  return !!value && (PATTERNS as readonly string[]).includes(value);
}

/** The category the API calls "(none)": products without a category. */
export const NO_CATEGORY = "(none)";

// ---------------------------------------------------------------- numbers

const locales: Record<Lang, string> = { ko: "ko-KR", en: "en-US" };

/** A share (WAPE, bias, coverage, sMAPE) as a percent with one decimal: 0.1234 → "12.3%". */
export function formatShare(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return new Intl.NumberFormat(locales[lang], {
    style: "percent",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(value);
}

/** A quantity with at most one decimal: 12 → "12", 12.345 → "12.3", 1234.5 → "1,234.5". */
export function formatQty(value: number | string | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || value === "") return "—";
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return "—";
  // -0.04 rounds to "-0": show "0"
  const rounded = Math.round(n * 10) / 10 || 0;
  return new Intl.NumberFormat(locales[lang], { maximumFractionDigits: 1 }).format(rounded);
}

/** A scaled error (MASE) with two decimals. */
export function formatRatio(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return new Intl.NumberFormat(locales[lang], { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

export type MetricKey = keyof ForecastMetrics;
export const METRIC_KEYS: readonly MetricKey[] = ["wape", "smape", "mae", "rmse", "mase", "bias", "coverage"];

/** One accuracy measure as shown: shares as percent, MAE/RMSE as quantities, MASE as a ratio. */
export function formatMetric(key: MetricKey, value: number | null | undefined, lang: Lang): string {
  switch (key) {
    case "wape":
    case "smape":
    case "bias":
    case "coverage":
      return formatShare(value, lang);
    case "mae":
    case "rmse":
      return formatQty(value, lang);
    case "mase":
      return formatRatio(value, lang);
  }
}

/** The total for `days` days, if the run forecast that far. */
export function totalFor(totals: readonly ForecastTotal[], days: number): ForecastTotal | undefined {
  return totals.find((t) => t.days === days);
}

/** A lead-time total as "mean (p10–p90)": "123.4 (98–150.2)". */
export function formatTotal(total: ForecastTotal | undefined, lang: Lang): string {
  if (!total) return "—";
  return `${formatQty(total.mean, lang)} (${formatQty(total.p10, lang)}–${formatQty(total.p90, lang)})`;
}

/** The planned total over the first `days` forecast days, overrides applied (`effective`). */
export function effectiveTotal(forecast: readonly Pick<ForecastDay, "effective">[], days: number): number | null {
  if (forecast.length < days) return null;
  return forecast.slice(0, days).reduce((sum, d) => sum + d.effective, 0);
}

// ---------------------------------------------------------------- the fan chart

export interface FanRow {
  day: string;
  /** sold that day (history only) */
  actual: number | null;
  /** the day's sales when the product was out of stock (a marker), else null */
  stockout: number | null;
  mean: number | null;
  p50: number | null;
  /** [p10, p90] for the band, null outside the forecast */
  band: [number, number] | null;
  /** the quantity people set for the day, where an override applies */
  override: number | null;
}

export interface FanChart {
  rows: FanRow[];
  /** the first forecast day (the reference line), or null without a forecast */
  forecastStart: string | null;
}

const EMPTY_ROW: Omit<FanRow, "day"> = {
  actual: null,
  stockout: null,
  mean: null,
  p50: null,
  band: null,
  override: null,
};

/**
 * Merges the last `historyDays` days of history and the forecast into one row per day, sorted by
 * day (both are keyed by ISO date, so they sort as strings). A day in both keeps both parts.
 */
export function buildFanChart(
  history: readonly HistoryDay[],
  forecast: readonly ForecastDay[],
  historyDays = 120,
): FanChart {
  const byDay = new Map<string, FanRow>();
  const row = (day: string) => {
    let r = byDay.get(day);
    if (!r) {
      r = { day, ...EMPTY_ROW };
      byDay.set(day, r);
    }
    return r;
  };
  const past = [...history].sort((a, b) => a.day.localeCompare(b.day)).slice(-historyDays);
  for (const h of past) {
    const r = row(h.day);
    r.actual = h.quantity;
    r.stockout = h.stockout ? h.quantity : null;
  }
  for (const f of forecast) {
    const r = row(f.day);
    r.mean = f.mean;
    r.p50 = f.p50;
    r.band = [f.p10, f.p90];
    r.override = f.override ?? null;
  }
  const rows = [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
  const forecastStart = forecast.length ? forecast.reduce((m, f) => (f.day < m ? f.day : m), forecast[0].day) : null;
  return { rows, forecastStart };
}

/** Runs of consecutive stock-out days in the chart's rows (to shade them). */
export function stockoutSpans(rows: readonly Pick<FanRow, "day" | "stockout">[]): { start: string; end: string }[] {
  const spans: { start: string; end: string }[] = [];
  let open: { start: string; end: string } | null = null;
  for (const r of rows) {
    if (r.stockout !== null) {
      if (open) open.end = r.day;
      else spans.push((open = { start: r.day, end: r.day }));
    } else {
      open = null;
    }
  }
  return spans;
}

// ---------------------------------------------------------------- runs

export function isActiveRun(run: Pick<ForecastRun, "status"> | null | undefined): boolean {
  return run?.status === "queued" || run?.status === "running";
}

export const RUN_STATUS_TONE: Record<ForecastRunStatus, "neutral" | "info" | "success" | "danger"> = {
  queued: "neutral",
  running: "info",
  succeeded: "success",
  failed: "danger",
};

export interface RunPhase {
  label: MessageKey;
  percent: number;
}

/**
 * What the worker is doing, from the run's job: it reports 2 (reading sales) → 5 (engine starts)
 * → 5…90 (backtests and model choice per product) → 92 (saving) → 100.
 */
export function runPhase(job: Pick<Job, "status" | "progress"> | null | undefined): RunPhase {
  if (!job || job.status === "queued") return { label: "forecasts.phase.queued", percent: 0 };
  if (job.status === "succeeded") return { label: "forecasts.phase.done", percent: 100 };
  const percent = Math.max(0, Math.min(100, job.progress));
  if (percent < 5) return { label: "forecasts.phase.reading", percent };
  if (percent < 90) return { label: "forecasts.phase.modelling", percent };
  return { label: "forecasts.phase.storing", percent };
}

/** The newest succeeded run among `runs` (newest first), the one every view shows. */
export function latestSucceeded(runs: readonly ForecastRun[]): ForecastRun | undefined {
  return runs.find((r) => r.status === "succeeded");
}

/** Model → count, biggest first. */
export function modelMix(counts: ForecastRun["model_counts"]): { model: string; count: number; share: number }[] {
  const entries = Object.entries(counts ?? {});
  const total = entries.reduce((s, [, n]) => s + n, 0);
  return entries
    .map(([model, count]) => ({ model, count, share: total ? count / total : 0 }))
    .sort((a, b) => b.count - a.count || a.model.localeCompare(b.model));
}

// ---------------------------------------------------------------- text

/** A message the API gives in both languages (a failed run's `error`), in the UI language. */
export function messageText(message: ForecastRun["error"], lang: Lang): string {
  if (!message) return "";
  return (lang === "en" ? message.en : message.ko) || message.ko || message.en;
}

export function categoryLabel(category: string | null | undefined, lang: Lang): string {
  if (!category || category === NO_CATEGORY) return translate(lang, "forecasts.uncategorised");
  return category;
}

export function patternLabel(pattern: string | null | undefined, lang: Lang): string {
  if (!pattern) return "—";
  return isPattern(pattern) ? translate(lang, `forecasts.pattern.${pattern}`) : pattern;
}

/** The API explains each model choice in Korean and English (forecasting.core.selection). */
export function reasonText(reason: { ko: string; en: string } | null | undefined, lang: Lang): string {
  return reason ? reason[lang] : "";
}

// ---------------------------------------------------------------- dates

const DAY_MS = 86_400_000;

/** Days from `a` to `b` (ISO dates). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- accuracy

export interface TrendRow {
  runId: number;
  label: string;
  day: string;
  backtestWape: number | null;
  liveWape: number | null;
  backtestCoverage: number | null;
  liveCoverage: number | null;
}

/** One point per run for the accuracy trend, oldest first (as the API lists them). */
export function accuracyTrendRows(rows: readonly Pick<AccuracyRow, "run_id" | "created_at" | "backtest" | "live">[]): TrendRow[] {
  return [...rows]
    .sort((a, b) => a.run_id - b.run_id)
    .map((r) => ({
      runId: r.run_id,
      label: `#${r.run_id}`,
      day: r.created_at.slice(0, 10),
      backtestWape: r.backtest?.wape ?? null,
      liveWape: r.live?.wape ?? null,
      backtestCoverage: r.backtest?.coverage ?? null,
      liveCoverage: r.live?.coverage ?? null,
    }));
}
