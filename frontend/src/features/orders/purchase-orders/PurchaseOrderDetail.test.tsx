import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import type { Me, Role } from "../../../client/types";
import { ApiError } from "../../../lib/errors";
import { CurrentUserContext } from "../../auth/context";
import * as api from "../api";
import type { PurchaseOrderDetail } from "../types";
import { PurchaseOrderDetailView } from "./PurchaseOrderDetail";

vi.mock("../api", async (importOriginal) => {
  const mutation = () => ({ mutate: vi.fn(), reset: vi.fn(), isPending: false, isError: false, error: null });
  return {
    ...(await importOriginal<typeof import("../api")>()),
    usePurchaseOrder: vi.fn(),
    useApprove: vi.fn(mutation), useSend: vi.fn(mutation), useClose: vi.fn(mutation), useCancel: vi.fn(mutation),
    useReceive: vi.fn(mutation), useEditLines: vi.fn(mutation), useExportPurchaseOrders: vi.fn(mutation),
    useReverseReceipt: vi.fn(mutation),
  };
});

/** Typed: a change in the API contract breaks this test's build. */
const PO: PurchaseOrderDetail = {
  id: 5, po_number: "PO-20261205-0001", status: "draft", supplier: { id: 1, name: "다온생활산업" }, ordered_on: "2026-12-05",
  expected_on: "2026-12-08", note: null, late: false, line_count: 1, total_quantity: 40, received_quantity: 0, total_amount: "108800.00",
  from_proposals: true, version: 2, created_by: { id: 2, name: "이서준", email: "m@x" }, created_at: "2026-12-05T01:00:00Z",
  updated_at: "2026-12-05T01:00:00Z", approved_by: null, approved_at: null, sent_at: null, closed_at: null, cancelled_by: null,
  cancelled_at: null, cancel_reason: null,
  lines: [{
    id: 9, product_id: 1, master_sku: "BA-0006", product_name: "칫솔꽂이 2구", quantity: 40, proposed_quantity: 20, received_quantity: 0,
    open_quantity: 40, unit_cost: "2720.00", amount: "108800.00", lead_time_days: 3, expected_on: "2026-12-08", late: false, moq: 10,
    pack_size: 5, proposal: null,
  }],
  changes: [{
    id: 1, line_id: 9, product_id: 1, master_sku: "BA-0006", kind: "changed", old_quantity: 20, new_quantity: 40, reason: "프로모션",
    changed_by: { id: 2, name: "이서준", email: "m@x" }, changed_at: "2026-12-05T01:00:00Z",
  }],
  receipts: [],
};

const respond = (po: PurchaseOrderDetail) =>
  vi.mocked(api.usePurchaseOrder).mockReturnValue(
    { data: po, error: null, isPending: false, refetch: vi.fn() } as unknown as ReturnType<typeof api.usePurchaseOrder>);

function renderAs(role: Role) {
  return render(
    <CurrentUserContext.Provider value={{ role } as Me}>
      <MemoryRouter><PurchaseOrderDetailView id={5} /></MemoryRouter>
    </CurrentUserContext.Provider>,
  );
}

const actions = () => within(screen.getByTestId("po-actions")).getAllByRole("button").map((b) => b.getAttribute("data-testid"));

beforeEach(() => respond(PO));

describe("purchase order detail", () => {
  it("shows the AI proposal against the final quantity and who changed it why", () => {
    renderAs("manager");
    expect(screen.getByTestId("po-line-proposed")).toHaveTextContent("20");
    expect(screen.getByTestId("po-line-delta")).toHaveTextContent("+20");
    expect(screen.getByTestId("po-change-row")).toHaveTextContent("이서준");
    expect(screen.getByTestId("po-change-reason")).toHaveTextContent("프로모션");
  });

  it("offers each role only what it may do", () => {
    renderAs("manager");
    expect(actions()).toEqual(["po-edit", "po-approve", "po-cancel", "po-export"]);
  });

  it("staff cannot approve; viewers only export", () => {
    const { unmount } = renderAs("staff");
    expect(actions()).toEqual(["po-edit", "po-cancel", "po-export"]);
    unmount();
    renderAs("viewer");
    expect(actions()).toEqual(["po-export"]);
    expect(screen.getByTestId("po-read-only")).toBeInTheDocument();
  });

  it("approves the version on screen after confirming", () => {
    const mutate = vi.fn();
    vi.mocked(api.useApprove).mockReturnValue(
      { mutate, reset: vi.fn(), isPending: false, isError: false, error: null } as unknown as ReturnType<typeof api.useApprove>);
    renderAs("owner");
    fireEvent.click(screen.getByTestId("po-approve"));
    fireEvent.click(screen.getByTestId("po-approve-confirm"));
    expect(mutate).toHaveBeenCalledWith(2);
  });

  it("shows a refusal (409) in the server's words", () => {
    const error = new ApiError(409, "already_approved", "발주 PO-20261205-0001은(는) 이미 승인되었습니다 (이서준, 2026-12-05 10:00).");
    vi.mocked(api.useApprove).mockReturnValue(
      { mutate: vi.fn(), reset: vi.fn(), isPending: false, isError: true, error } as unknown as ReturnType<typeof api.useApprove>);
    renderAs("manager");
    expect(screen.getByTestId("error-alert")).toHaveTextContent("이미 승인되었습니다");
  });

  it("a sent order is received; a partly received one closed only by a manager", () => {
    respond({ ...PO, status: "partly_received" });
    const { unmount } = renderAs("staff");
    expect(actions()).toEqual(["po-receive", "po-export"]);
    unmount();
    renderAs("manager");
    expect(actions()).toEqual(["po-receive", "po-close", "po-export"]);
  });

  it("offers to correct a receipt that still stands, to staff and up only", () => {
    const receipt = {
      movement_id: 70, line_id: 9, product_id: 1, master_sku: "BA-0006", quantity: 20, reason: "receipt" as const,
      lot_code: "L-1", use_by: null, note: null, received_by: null, received_at: "2026-12-05T02:00:00Z", undone: false,
    };
    respond({ ...PO, status: "partly_received", receipts: [receipt, { ...receipt, movement_id: 71, undone: true }] });
    const { unmount } = renderAs("staff");
    expect(screen.getAllByTestId("po-receipt-reverse")).toHaveLength(1);  // the undone one has none
    unmount();
    renderAs("viewer");
    expect(screen.queryByTestId("po-receipt-reverse")).toBeNull();
  });
});
