import { cloneElement, isValidElement, type ReactNode } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import type { ForecastDetail, Me, Role } from "../../client/types";
import { CurrentUserContext } from "../auth/context";
import { useCreateOverride, useProductForecast, useWithdrawOverride } from "./api";
import { ForecastDetailView } from "./ForecastDetail";

vi.mock("./api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./api")>()),
  useProductForecast: vi.fn(),
  useCategoryForecast: vi.fn(() => ({ isPending: true })),
  useCreateOverride: vi.fn(),
  useWithdrawOverride: vi.fn(),
}));

const RUN: ForecastDetail["run"] = {
  id: 3, status: "succeeded", trigger: "manual", horizon: 90, products: 2, history_start: "2026-01-01",
  history_end: "2026-11-20", metrics: { wape: 0.3 }, live_metrics: null, model_counts: { ETS: 2 }, upload_ids: [1],
  model_version: "3", mlflow_run_id: "abc", job_id: 9, created_by_name: "박지민", created_at: "2026-11-21T00:00:00Z",
  finished_at: "2026-11-21T00:05:00Z", error: null, live_days: 0,
};

const DETAIL: ForecastDetail = {
  run: RUN,
  row: {
    product_id: 11, master_sku: "BA-0001", name: "사과 1kg", category: "과일", pattern: "erratic", kind: "backtested",
    model: "ETS", reason: { ko: "ETS: 백테스트 MAE 1.2, 차선 Theta 1.5 (-20%)", en: "ETS: backtest MAE 1.2 vs Theta 1.5 (-20%)" }, wape: 0.25,
    totals: [{ days: 7, mean: 14, p10: 10, p50: 13.5, p90: 19 }], overridden: true,
  },
  history: [
    { day: "2026-11-19", quantity: 2, stockout: false },
    { day: "2026-11-20", quantity: 0, stockout: true },
  ],
  forecast: Array.from({ length: 7 }, (_, i) => ({
    day: `2026-11-${21 + i}`, mean: 2, p10: 1, p50: 2, p90: 3, override: i < 2 ? 5 : null, effective: i < 2 ? 5 : 2,
  })),
  scores: [
    { source: "backtest", model: "ETS", selected: true, days: 28, wape: 0.25, smape: 0.4, mae: 1.2, rmse: 1.6, mase: 0.8, bias: -0.05, coverage: 0.78 },
    { source: "backtest", model: "Theta", selected: false, days: 28, wape: 0.31, mae: 1.5 },
    { source: "live", model: "ETS", selected: true, days: 5, wape: 0.4 },
    { source: "override", model: "Override", selected: true, days: 2, wape: 0.2 },
  ],
  overrides: [
    { id: 2, product_id: 11, run_id: 3, start_date: "2026-11-21", end_date: "2026-11-22", quantity: "5.00", ai_quantity: 2,
      reason: "방송", created_by_name: "박지민", created_at: "2026-11-21T01:00:00Z", withdrawn_by_name: null, withdrawn_at: null },
    { id: 1, product_id: 11, run_id: 3, start_date: "2026-11-23", end_date: "2026-11-24", quantity: "9", ai_quantity: 2.04,
      reason: "행사", created_by_name: "김하나", created_at: "2026-11-20T01:00:00Z", withdrawn_by_name: "박지민",
      withdrawn_at: "2026-11-21T02:00:00Z" },
  ],
};

// jsdom lays nothing out: give the chart a fixed size instead of measuring its container.
vi.mock("recharts", async (importOriginal) => ({
  ...(await importOriginal<typeof import("recharts")>()),
  ResponsiveContainer: ({ children }: { children: ReactNode }) =>
    isValidElement<{ width?: number; height?: number }>(children) ? cloneElement(children, { width: 800, height: 320 }) : null,
}));

beforeEach(() => {
  vi.mocked(useProductForecast).mockReturnValue({ data: DETAIL, isPending: false, error: null } as unknown as ReturnType<typeof useProductForecast>);
  const mutation = { mutate: vi.fn(), isPending: false, isSuccess: false, error: null };
  vi.mocked(useCreateOverride).mockReturnValue(mutation as unknown as ReturnType<typeof useCreateOverride>);
  vi.mocked(useWithdrawOverride).mockReturnValue(mutation as unknown as ReturnType<typeof useWithdrawOverride>);
});

function renderDetail(role: Role) {
  const me = { id: 1, role, name: "x", email: "x@example.com", language: "ko" } as Me;
  return render(
    <CurrentUserContext.Provider value={me}>
      <MemoryRouter>
        <ForecastDetailView target={{ kind: "product", id: 11 }} />
      </MemoryRouter>
    </CurrentUserContext.Provider>,
  );
}

describe("forecast detail", () => {
  it("shows the chart, why the model, the candidates, live scores, totals and overrides", () => {
    renderDetail("staff");
    const chart = screen.getByTestId("forecast-chart");
    expect(chart).toHaveAttribute("data-rows", "9");
    expect(chart).toHaveAttribute("data-forecast-start", "2026-11-21");
    expect(chart.querySelector("svg")).not.toBeNull();
    // legend: stock-out days and the override line appear because the data has them
    for (const label of ["실제 판매", "품절일", "p10–p90 구간", "예측 평균", "중앙값 (p50)", "수정 반영", "예측 시작"]) {
      expect(chart).toHaveTextContent(label);
    }
    expect(screen.getByTestId("forecast-detail-pattern")).toHaveTextContent("변동");
    expect(screen.getByTestId("forecast-detail-reason")).toHaveTextContent("ETS: 백테스트 MAE 1.2, 차선 Theta 1.5 (-20%)");

    const candidates = screen.getAllByTestId("forecast-score-row");
    expect(candidates.map((r) => r.dataset.selected)).toEqual(["true", "false"]);
    expect(candidates[0]).toHaveTextContent("25.0%");
    expect(candidates[0]).toHaveTextContent("-5.0%");
    expect(candidates[0]).toHaveTextContent("0.80");
    const live = screen.getAllByTestId("forecast-live-row");
    expect(live[0]).toHaveTextContent("AI 예측 (ETS)");
    expect(live[1]).toHaveTextContent("수정 반영 예측");

    const week = screen.getAllByTestId("forecast-total-row")[0];
    expect(week).toHaveTextContent("14");
    expect(week).toHaveTextContent("20"); // with the overrides: 5 + 5 + 5 × 2

    const items = screen.getAllByTestId("override-item");
    expect(items.map((i) => i.dataset.withdrawn)).toEqual(["false", "true"]);
    expect(within(items[0]).getByTestId("override-change")).toHaveTextContent("하루 2 → 5");
    expect(within(items[0]).getByTestId("override-withdraw")).toBeInTheDocument();
    expect(within(items[1]).getByTestId("override-withdrawn")).toHaveTextContent("박지민님이");
    expect(within(items[1]).queryByTestId("override-withdraw")).not.toBeInTheDocument();
    expect(screen.getByTestId("override-form")).toBeInTheDocument();
  });

  it("is read only for a viewer", () => {
    renderDetail("viewer");
    expect(screen.queryByTestId("override-form")).not.toBeInTheDocument();
    expect(screen.getByTestId("override-read-only")).toBeInTheDocument();
    expect(screen.queryByTestId("override-withdraw")).not.toBeInTheDocument();
  });
});
