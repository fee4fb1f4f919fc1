import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";
import { setLanguage } from "../../../i18n";
import type { Me, Role } from "../../../client/types";
import { CurrentUserContext } from "../../auth/context";
import { useCreateDrafts, useRecommendations } from "../api";
import type { Recommendation, Recommendations } from "../types";
import { RecommendationsView } from "./RecommendationsView";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  useRecommendations: vi.fn(),
  useCreateDrafts: vi.fn(),
}));
vi.mock("../../products/api", () => ({ useCategories: () => ({ data: ["욕실용품"] }) }));
vi.mock("../../suppliers/api", () => ({ useSuppliers: () => ({ data: [{ id: 1, name: "다온생활산업" }] }) }));

const row = (over: Partial<Recommendation>): Recommendation => ({
  product_id: 1, master_sku: "BA-0006", product_name: "칫솔꽂이 2구", category: "욕실용품", lead_time_source: "product", lead_time_observed: null,
  supplier: { id: 1, name: "다온생활산업" }, abc_class: "C", on_hand: 4, on_order: 0, position: 4, lead_time_days: 3,
  lead_time_sd: 0, moq: 10, pack_size: 5, unit_cost: "2720.00", forecast_run_id: 1, forecast_overridden: false, mu: 1.9,
  sigma: 2, lead_time_demand: 5.7, lead_time_demand_p50: 5, lead_time_demand_quantile: 11, method: "statistical",
  service_measure: "cycle", service_level: 0.95, service_level_source: "abc:C", order_rule: "seed", review_period_days: 7,
  safety_factor: 1.645, safety_stock: 5.7, reorder_point: 11.4, target_stock: 13, eoq: null, order_qty: 20, order_needed: true,
  next_order_qty: 20, order_by_date: "2026-12-05", expected_arrival: "2026-12-08", days_of_supply: 2,
  days_of_supply_after_arrival: 12.5, excess: -7, stockout_date: "2026-12-07", amount: "54400.00", warnings: [],
  explain_ko: ["안전재고 SS = 1.65 × 2 × √3 = 5.7"], explain_en: ["SS = 1.65 × 2 × √3 = 5.7"], problem: null, ...over,
});

/** Typed: a change in the API contract breaks this test's build. */
const DATA: Recommendations = {
  as_of: "2026-12-05", forecast_run_id: 1, needed_count: 1, total_amount: "54400.00",
  rows: [
    row({}),
    row({ product_id: 2, master_sku: "BA-0099", product_name: "리드타임 없는 상품", supplier: null, order_needed: false, order_qty: 0,
      warnings: ["no_supplier"], explain_ko: [], explain_en: [],
      problem: { code: "no_lead_time", ko: "리드타임이 없어 계획할 수 없습니다.", en: "No lead time: cannot plan." } }),
  ],
};

const mutate = vi.fn();
beforeEach(() => {
  mutate.mockReset();
  vi.mocked(useRecommendations).mockReturnValue(
    { data: DATA, error: null, isPending: false, isPlaceholderData: false, refetch: vi.fn() } as unknown as ReturnType<typeof useRecommendations>);
  vi.mocked(useCreateDrafts).mockReturnValue(
    { mutate, isPending: false, error: null } as unknown as ReturnType<typeof useCreateDrafts>);
});
afterEach(() => act(() => setLanguage("ko", false)));

function Where() {
  const l = useLocation();
  return <div data-testid="where">{l.pathname + l.search}</div>;
}

function renderView(role: Role = "staff") {
  return render(
    <CurrentUserContext.Provider value={{ role } as Me}>
      <MemoryRouter initialEntries={["/orders"]}>
        <Routes>
          <Route path="/orders" element={<RecommendationsView />} />
          <Route path="*" element={<Where />} />
        </Routes>
      </MemoryRouter>
    </CurrentUserContext.Provider>,
  );
}

describe("recommendations", () => {
  it("shows the numbers, the badge and why a product cannot be planned", () => {
    renderView();
    const [first, second] = screen.getAllByTestId("rec-row");
    expect(within(first).getByTestId("rec-needed")).toHaveTextContent("지금 발주");
    expect(within(first).getByTestId("rec-qty")).toHaveTextContent("20");
    expect(within(first).getByTestId("rec-ltd")).toHaveTextContent("5 / 11");
    expect(within(second).getByTestId("rec-problem")).toHaveTextContent("계획 불가");
    expect(within(second).getByTestId("rec-select")).toBeDisabled();
    fireEvent.click(within(second).getByTestId("rec-expand"));
    expect(screen.getByTestId("rec-problem-text")).toHaveTextContent("리드타임이 없어 계획할 수 없습니다.");
  });

  it("explains each number in the app's language", () => {
    renderView();
    fireEvent.click(within(screen.getAllByTestId("rec-row")[0]).getByTestId("rec-expand"));
    expect(screen.getByTestId("rec-explain-line")).toHaveTextContent("안전재고 SS = 1.65 × 2 × √3 = 5.7");
    expect(screen.getByTestId("rec-detail")).toHaveTextContent("ABC C 등급");
    act(() => setLanguage("en", false));
    expect(screen.getByTestId("rec-explain-line")).toHaveTextContent(/^SS = 1.65/);
    expect(screen.getByTestId("rec-detail")).toHaveTextContent("ABC class C");
  });

  it("a changed quantity needs a reason before drafts are created", async () => {
    renderView();
    fireEvent.click(screen.getByTestId("rec-select-needed"));
    const item = screen.getByTestId("rec-draft-item");
    expect(within(item).getByTestId("rec-draft-quantity")).toHaveValue("20");
    fireEvent.change(within(item).getByTestId("rec-draft-quantity"), { target: { value: "40" } });
    fireEvent.click(screen.getByTestId("rec-create-drafts"));
    expect(await screen.findByText("추천과 다른 수량에는 사유가 필요합니다.")).toBeInTheDocument();
    expect(mutate).not.toHaveBeenCalled();

    fireEvent.change(within(item).getByTestId("rec-draft-reason"), { target: { value: "프로모션" } });
    fireEvent.click(screen.getByTestId("rec-create-drafts"));
    await waitFor(() => expect(mutate).toHaveBeenCalledTimes(1));
    expect(mutate.mock.calls[0][0]).toEqual({ items: [{ product_id: 1, quantity: 40, reason: "프로모션" }], note: null });
  });

  it("goes to the new drafts once created", async () => {
    mutate.mockImplementation((_body, opts: { onSuccess: (d: unknown) => void }) =>
      opts.onSuccess([{ id: 31, po_number: "PO-20261205-0001" }]));
    renderView();
    fireEvent.click(within(screen.getAllByTestId("rec-row")[0]).getByTestId("rec-select"));
    fireEvent.click(screen.getByTestId("rec-create-drafts"));
    expect(await screen.findByTestId("where")).toHaveTextContent("/orders/purchase-orders?status=draft");
    expect(mutate.mock.calls[0][0]).toEqual({ items: [{ product_id: 1 }], note: null });
  });

  it("viewers read but cannot select or create drafts", () => {
    renderView("viewer");
    expect(screen.getByTestId("rec-read-only")).toBeInTheDocument();
    expect(screen.queryByTestId("rec-select")).not.toBeInTheDocument();
    expect(screen.queryByTestId("rec-select-needed")).not.toBeInTheDocument();
  });
});
