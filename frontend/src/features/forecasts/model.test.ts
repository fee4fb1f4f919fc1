import { describe, expect, it } from "vitest";
import type { AccuracyRow, ForecastDay, ForecastTotal, HistoryDay } from "../../client/types";
import {
  accuracyTrendRows,
  addDays,
  buildFanChart,
  categoryLabel,
  daysBetween,
  effectiveTotal,
  formatMetric,
  formatQty,
  formatShare,
  formatTotal,
  isActiveRun,
  latestSucceeded,
  messageText,
  modelMix,
  patternLabel,
  reasonText,
  runPhase,
  stockoutSpans,
  totalFor,
} from "./model";

const day = (d: number) => `2026-11-${String(d).padStart(2, "0")}`;
const hist = (d: number, quantity: number, stockout = false): HistoryDay => ({ day: day(d), quantity, stockout });
const fc = (d: number, mean: number, override: number | null = null): ForecastDay => ({
  day: day(d), mean, p10: mean - 1, p50: mean - 0.5, p90: mean + 2, override, effective: override ?? mean,
});

describe("fan chart rows", () => {
  it("puts history first, then the forecast, one row per day", () => {
    const { rows, forecastStart } = buildFanChart([hist(2, 4), hist(1, 3), hist(3, 0, true)], [fc(4, 5), fc(5, 6, 9)]);
    expect(rows.map((r) => r.day)).toEqual([day(1), day(2), day(3), day(4), day(5)]);
    expect(forecastStart).toBe(day(4));
    // history: actual, stock-out marker only on stock-out days, no forecast parts
    expect(rows[0]).toEqual({ day: day(1), actual: 3, stockout: null, mean: null, p50: null, band: null, override: null });
    expect(rows[2].stockout).toBe(0);
    expect(rows[2].actual).toBe(0);
    // forecast: band [p10, p90], mean, p50, override where one applies
    expect(rows[3]).toEqual({ day: day(4), actual: null, stockout: null, mean: 5, p50: 4.5, band: [4, 7], override: null });
    expect(rows[4].override).toBe(9);
  });

  it("keeps only the last `historyDays` days of history", () => {
    const history = Array.from({ length: 10 }, (_, i) => hist(i + 1, i));
    const { rows } = buildFanChart(history, [fc(11, 1)], 3);
    expect(rows.map((r) => r.day)).toEqual([day(8), day(9), day(10), day(11)]);
  });

  it("merges a day present in both (history and forecast)", () => {
    const { rows } = buildFanChart([hist(4, 2)], [fc(4, 5)]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actual: 2, mean: 5 });
  });

  it("has no forecast start without a forecast", () => {
    expect(buildFanChart([hist(1, 1)], [])).toEqual({
      rows: [{ day: day(1), actual: 1, stockout: null, mean: null, p50: null, band: null, override: null }],
      forecastStart: null,
    });
    expect(buildFanChart([], []).rows).toEqual([]);
  });
});

describe("stock-out shading", () => {
  it("groups consecutive stock-out days", () => {
    const { rows } = buildFanChart(
      [hist(1, 2, true), hist(2, 0, true), hist(3, 5), hist(4, 0, true), hist(5, 3)],
      [fc(6, 1)],
    );
    expect(stockoutSpans(rows)).toEqual([
      { start: day(1), end: day(2) },
      { start: day(4), end: day(4) },
    ]);
    expect(stockoutSpans(buildFanChart([hist(1, 1)], []).rows)).toEqual([]);
  });
});

describe("number formats", () => {
  const total = (days: number, mean: number, p10: number, p90: number): ForecastTotal => ({ days, mean, p10, p50: mean, p90 });

  it("shows a total as mean (p10–p90) with at most one decimal", () => {
    expect(formatTotal(total(7, 12.345, 8, 17.56), "ko")).toBe("12.3 (8–17.6)");
    expect(formatTotal(total(90, 1234.5, 1000, 1500), "en")).toBe("1,234.5 (1,000–1,500)");
    expect(formatTotal(undefined, "ko")).toBe("—");
  });

  it("finds the total for a horizon", () => {
    const totals = [total(7, 1, 0, 2), total(30, 5, 3, 8)];
    expect(totalFor(totals, 30)?.mean).toBe(5);
    expect(totalFor(totals, 90)).toBeUndefined();
  });

  it("shows shares as percent with one decimal", () => {
    expect(formatShare(0.1234, "ko")).toBe("12.3%");
    expect(formatShare(0.8, "en")).toBe("80.0%");
    expect(formatShare(-0.052, "en")).toBe("-5.2%");
    expect(formatShare(null, "ko")).toBe("—");
    expect(formatShare(Number.POSITIVE_INFINITY, "ko")).toBe("—");
  });

  it("shows quantities with at most one decimal", () => {
    expect(formatQty(12, "ko")).toBe("12");
    expect(formatQty(12.06, "ko")).toBe("12.1");
    expect(formatQty("3.50", "en")).toBe("3.5");
    expect(formatQty(-0.04, "en")).toBe("0");
    expect(formatQty(null, "en")).toBe("—");
  });

  it("formats each metric by its kind", () => {
    expect(formatMetric("wape", 0.25, "ko")).toBe("25.0%");
    expect(formatMetric("smape", 0.5, "ko")).toBe("50.0%");
    expect(formatMetric("mae", 1.26, "ko")).toBe("1.3");
    expect(formatMetric("mase", 0.8567, "ko")).toBe("0.86");
    expect(formatMetric("coverage", undefined, "ko")).toBe("—");
  });

  it("sums the effective forecast over a horizon", () => {
    const forecast = [fc(1, 2), fc(2, 2, 5), fc(3, 2)];
    expect(effectiveTotal(forecast, 2)).toBe(7);
    expect(effectiveTotal(forecast, 7)).toBeNull();
  });
});

describe("labels", () => {
  it("names patterns and the uncategorised category", () => {
    expect(patternLabel("intermittent", "ko")).toBe("간헐");
    expect(patternLabel("lumpy", "en")).toBe("Lumpy");
    expect(patternLabel("zero", "ko")).toBe("수요 없음");
    expect(patternLabel(null, "ko")).toBe("—");
    expect(categoryLabel("(none)", "ko")).toBe("미분류");
    expect(categoryLabel(null, "en")).toBe("Uncategorised");
    expect(categoryLabel("과일", "ko")).toBe("과일");
  });

  it("shows a failed run's error in the UI language", () => {
    expect(messageText({ ko: "판매 이력이 없습니다.", en: "There is no sales history." }, "ko")).toBe("판매 이력이 없습니다.");
    expect(messageText({ ko: "판매 이력이 없습니다.", en: "There is no sales history." }, "en")).toBe("There is no sales history.");
    expect(messageText(null, "en")).toBe("");
  });

  it("shows the model-choice reason in the UI language", () => {
    const reason = { ko: "ETS: 백테스트 MAE 1.23, 차선 Theta 1.5 (-18%)", en: "ETS: backtest MAE 1.23 vs Theta 1.5 (-18%)" };
    expect(reasonText(reason, "ko")).toBe(reason.ko);
    expect(reasonText(reason, "en")).toBe(reason.en);
    expect(reasonText(null, "ko")).toBe("");
  });
});

describe("runs", () => {
  it("knows an active run", () => {
    expect(isActiveRun({ status: "queued" })).toBe(true);
    expect(isActiveRun({ status: "running" })).toBe(true);
    expect(isActiveRun({ status: "failed" })).toBe(false);
    expect(isActiveRun(null)).toBe(false);
  });

  it("maps the job's progress to a phase", () => {
    expect(runPhase(undefined)).toEqual({ label: "forecasts.phase.queued", percent: 0 });
    expect(runPhase({ status: "running", progress: 2 })).toEqual({ label: "forecasts.phase.reading", percent: 2 });
    expect(runPhase({ status: "running", progress: 47 })).toEqual({ label: "forecasts.phase.modelling", percent: 47 });
    expect(runPhase({ status: "running", progress: 92 })).toEqual({ label: "forecasts.phase.storing", percent: 92 });
    expect(runPhase({ status: "succeeded", progress: 92 })).toEqual({ label: "forecasts.phase.done", percent: 100 });
  });

  it("orders the model mix biggest first", () => {
    expect(modelMix({ Theta: 2, ETS: 6, TSB: 2 })).toEqual([
      { model: "ETS", count: 6, share: 0.6 },
      { model: "Theta", count: 2, share: 0.2 },
      { model: "TSB", count: 2, share: 0.2 },
    ]);
    expect(modelMix(null)).toEqual([]);
  });

  it("finds the newest succeeded run", () => {
    const run = (id: number, status: "succeeded" | "failed") => ({ id, status }) as Parameters<typeof latestSucceeded>[0][number];
    expect(latestSucceeded([run(3, "failed"), run(2, "succeeded"), run(1, "succeeded")])?.id).toBe(2);
    expect(latestSucceeded([run(3, "failed")])).toBeUndefined();
  });

  it("builds the accuracy trend oldest first", () => {
    const rows: AccuracyRow[] = [
      { run_id: 5, created_at: "2026-11-20T01:00:00Z", backtest: { wape: 0.3, coverage: 0.8 }, live: null, live_days: 0 },
      { run_id: 4, created_at: "2026-11-13T01:00:00Z", backtest: { wape: 0.35 }, live: { wape: 0.4, coverage: 0.7 }, live_days: 7 },
    ];
    expect(accuracyTrendRows(rows)).toEqual([
      { runId: 4, label: "#4", day: "2026-11-13", backtestWape: 0.35, liveWape: 0.4, backtestCoverage: null, liveCoverage: 0.7 },
      { runId: 5, label: "#5", day: "2026-11-20", backtestWape: 0.3, liveWape: null, backtestCoverage: 0.8, liveCoverage: null },
    ]);
  });

  it("counts days between ISO dates", () => {
    expect(daysBetween("2026-11-30", "2026-12-02")).toBe(2);
    expect(addDays("2026-12-30", 6)).toBe("2027-01-05");
  });
});
