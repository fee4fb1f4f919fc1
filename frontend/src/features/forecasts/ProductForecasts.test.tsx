import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { setLanguage } from "../../i18n";
import type { ForecastRowPage } from "../../client/types";
import { ApiError } from "../../lib/errors";
import { useProductForecasts } from "./api";
import { ProductForecasts } from "./ProductForecasts";

vi.mock("./api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./api")>()),
  useProductForecasts: vi.fn(),
}));
vi.mock("../products/api", () => ({
  useCategories: () => ({ data: ["과일", "채소"] }),
}));

/** Typed: a change in the API contract breaks this test's build. */
const PAGE: ForecastRowPage = {
  items: [
    {
      product_id: 11, master_sku: "BA-0001", name: "사과 1kg", category: "과일", pattern: "smooth", kind: "backtested",
      model: "ETS", reason: { ko: "ETS: 백테스트 MAE 1.2, 차선 Theta 1.5 (-20%)", en: "ETS: backtest MAE 1.2 vs Theta 1.5 (-20%)" }, wape: 0.1234,
      totals: [
        { days: 7, mean: 70.04, p10: 60, p50: 69, p90: 81.26 },
        { days: 30, mean: 300, p10: 250.5, p50: 298, p90: 360 },
        { days: 60, mean: 600, p10: 520, p50: 598, p90: 690 },
        { days: 90, mean: 900, p10: 790, p50: 897, p90: 1020 },
      ],
      overridden: true,
    },
    {
      product_id: 12, master_sku: "BA-0002", name: "새 상품", category: null, pattern: "intermittent", kind: "new",
      model: "CrostonSBA", reason: { ko: "이력이 짧아 백테스트 없이: 이 상품의 판매 속도에 카테고리의 패턴을 적용",
        en: "Too little history for a backtest: its own sales rate, shaped like its category" },
      wape: null, totals: [{ days: 7, mean: 3, p10: 0, p50: 2, p90: 7 }], overridden: false,
    },
  ],
  total: 2,
  page: 1,
  page_size: 50,
};

type Result = ReturnType<typeof useProductForecasts>;
const mocked = vi.mocked(useProductForecasts);
const respond = (r: Partial<Result>) =>
  mocked.mockReturnValue({ data: undefined, error: null, isPending: false, isPlaceholderData: false, refetch: vi.fn(), ...r } as Result);

function Where() {
  const l = useLocation();
  return <div data-testid="where">{l.pathname + l.search}</div>;
}

function renderList(url = "/forecasts") {
  return render(
    <MemoryRouter initialEntries={[url]}>
      <Routes>
        <Route path="/forecasts" element={<ProductForecasts models={["CrostonSBA", "ETS"]} emptyAction={<button>run</button>} />} />
        <Route path="*" element={null} />
      </Routes>
      <Where />
    </MemoryRouter>,
  );
}

beforeEach(() => mocked.mockReset());
afterEach(() => act(() => setLanguage("ko", false)));

describe("product forecast list", () => {
  it("renders a row per product from the API response", () => {
    respond({ data: PAGE });
    renderList();
    const rows = screen.getAllByTestId("forecast-row");
    expect(rows).toHaveLength(2);
    const first = within(rows[0]);
    expect(rows[0]).toHaveTextContent("BA-0001");
    expect(rows[0]).toHaveTextContent("사과 1kg");
    expect(first.getByTestId("forecast-pattern-label")).toHaveTextContent("평탄");
    expect(rows[0]).toHaveTextContent("ETS");
    expect(rows[0]).toHaveTextContent("12.3%");
    expect(first.getByTestId("forecast-total-7")).toHaveTextContent("70 (60–81.3)");
    expect(first.getByTestId("forecast-total-30")).toHaveTextContent("300 (250.5–360)");
    expect(first.getByTestId("forecast-overridden")).toHaveTextContent("수정됨");

    const second = within(rows[1]);
    expect(rows[1]).toHaveTextContent("미분류");
    expect(second.getByTestId("forecast-pattern-label")).toHaveTextContent("간헐");
    expect(rows[1]).toHaveTextContent("신규 (이력 부족)");
    expect(second.getByTestId("forecast-total-90")).toHaveTextContent("—");
    expect(second.queryByTestId("forecast-overridden")).not.toBeInTheDocument();
  });

  it("sends the URL's filters to the API and keeps new ones in the URL", () => {
    respond({ data: PAGE });
    renderList("/forecasts?pattern=lumpy&model=ETS&page=2");
    expect(mocked).toHaveBeenLastCalledWith({ pattern: "lumpy", model: "ETS", page: 2, page_size: 50 });
    fireEvent.change(screen.getByTestId("forecast-pattern"), { target: { value: "smooth" } });
    // a new filter goes back to page 1
    expect(screen.getByTestId("where")).toHaveTextContent("/forecasts?pattern=smooth&model=ETS");
    expect(mocked).toHaveBeenLastCalledWith({ pattern: "smooth", model: "ETS", page: 1, page_size: 50 });
  });

  it("opens the product's forecast on a row click", () => {
    respond({ data: PAGE });
    renderList();
    fireEvent.click(screen.getAllByTestId("forecast-row")[1]);
    expect(screen.getByTestId("where")).toHaveTextContent("/forecasts/products/12");
  });

  it("shows the empty state with the run button when no run has succeeded", () => {
    respond({ error: new ApiError(404, "no_forecast", "예측을 찾을 수 없습니다") });
    renderList();
    expect(screen.getByTestId("forecast-empty")).toHaveTextContent("아직 예측이 없습니다");
    expect(screen.getByRole("button", { name: "run" })).toBeInTheDocument();
    expect(screen.queryByTestId("forecast-table")).not.toBeInTheDocument();
  });

  it("speaks English when switched", () => {
    respond({ data: PAGE });
    renderList();
    act(() => setLanguage("en", false));
    const rows = screen.getAllByTestId("forecast-row");
    expect(within(rows[0]).getByTestId("forecast-pattern-label")).toHaveTextContent("Smooth");
    expect(rows[1]).toHaveTextContent("Uncategorised");
    expect(within(rows[0]).getByTestId("forecast-overridden")).toHaveTextContent("Overridden");
  });
});
