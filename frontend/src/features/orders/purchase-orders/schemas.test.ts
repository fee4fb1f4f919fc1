import { describe, expect, it } from "vitest";
import type { PurchaseOrderDetail } from "../types";
import {
  cancelSchema,
  editLinesDefaults,
  editLinesSchema,
  parseWhole,
  receiveDefaults,
  receiveSchema,
  toLinesEdit,
  toReceiveBody,
  type EditLinesValues,
  type ReceiveValues,
} from "./schemas";

const errorsOf = (schema: typeof editLinesSchema | typeof receiveSchema | typeof cancelSchema, v: unknown) => {
  const r = schema.safeParse(v);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
};

const line = (id: number, quantity: number, extra: Partial<PurchaseOrderDetail["lines"][number]> = {}) =>
  ({
    id, product_id: id * 10, master_sku: `SKU-${id}`, product_name: `상품 ${id}`, quantity, proposed_quantity: quantity,
    received_quantity: 0, open_quantity: quantity, unit_cost: "1000", amount: String(quantity * 1000), lead_time_days: 7,
    expected_on: "2026-12-20", late: false, moq: 10, pack_size: 5, proposal: null, ...extra,
  }) as PurchaseOrderDetail["lines"][number];

const po = (lines: PurchaseOrderDetail["lines"]) => ({ id: 1, version: 3, lines }) as PurchaseOrderDetail;

describe("parseWhole", () => {
  it("reads whole numbers with thousands separators", () => {
    expect(parseWhole(" 1,200 ")).toBe(1200);
    expect(parseWhole("0")).toBe(0);
    expect(parseWhole("1.5")).toBeNull();
    expect(parseWhole("-3")).toBeNull();
    expect(parseWhole("")).toBeNull();
  });
});

describe("editing a draft's quantities", () => {
  const base = editLinesDefaults(po([line(1, 100), line(2, 50)]));
  const edit = (changes: Partial<EditLinesValues["lines"][number]>[], reason = "프로모션"): EditLinesValues => ({
    lines: base.lines.map((l, i) => ({ ...l, ...(changes[i] ?? {}) })),
    reason,
  });

  it("sends only what changed, with the reason and the version looked at", () => {
    const v = edit([{ quantity: "120" }, {}]);
    expect(errorsOf(editLinesSchema, v)).toEqual({});
    expect(toLinesEdit(v, 3)).toEqual({ reason: "프로모션", version: 3, update: [{ line_id: 1, quantity: 120 }], add: [], remove: [] });
  });

  it("removes lines", () => {
    const v = edit([{}, { remove: true, quantity: "garbage" }]);
    expect(errorsOf(editLinesSchema, v)).toEqual({});
    expect(toLinesEdit(v, 3).remove).toEqual([2]);
  });

  it("requires a reason and a change", () => {
    expect(errorsOf(editLinesSchema, edit([{ quantity: "120" }], "  "))).toEqual({ reason: "orders.validation.reasonRequired" });
    expect(errorsOf(editLinesSchema, edit([]))).toEqual({ lines: "orders.validation.noChanges" });
  });

  it("checks whole positive numbers, the MOQ and the pack size", () => {
    expect(errorsOf(editLinesSchema, edit([{ quantity: "0" }]))["lines.0.quantity"]).toBe("validation.positive");
    expect(errorsOf(editLinesSchema, edit([{ quantity: "12.5" }]))["lines.0.quantity"]).toBe("validation.positive");
    expect(errorsOf(editLinesSchema, edit([{ quantity: "5" }]))["lines.0.quantity"]).toBe("orders.validation.belowMoq");
    expect(errorsOf(editLinesSchema, edit([{ quantity: "101" }]))["lines.0.quantity"]).toBe("orders.validation.packSize");
  });

  it("refuses to remove every line", () => {
    expect(errorsOf(editLinesSchema, edit([{ remove: true }, { remove: true }]))).toEqual({ lines: "orders.validation.lastLine" });
  });
});

describe("receiving", () => {
  const order = po([line(1, 100, { received_quantity: 40, open_quantity: 60 }), line(2, 50), line(3, 20, { open_quantity: 0 })]);
  const base = receiveDefaults(order);
  const receive = (changes: Partial<ReceiveValues["lines"][number]>[], note = ""): ReceiveValues => ({
    lines: base.lines.map((l, i) => ({ ...l, ...(changes[i] ?? {}) })),
    note,
  });

  it("proposes every open line's open quantity", () => {
    expect(base.lines.map((l) => [l.line_id, l.quantity])).toEqual([[1, "60"], [2, "50"]]);
  });

  it("books lines with a quantity, with lot and use-by when given", () => {
    const v = receive([{ quantity: "30", lot_code: " LOT-7 ", use_by: "2027-06-30" }, { quantity: "" }], " 1차 ");
    expect(errorsOf(receiveSchema, v)).toEqual({});
    expect(toReceiveBody(v)).toEqual({
      lines: [{ line_id: 1, quantity: 30, lot_code: "LOT-7", use_by: "2027-06-30" }],
      note: "1차",
    });
  });

  it("refuses more than is open, nothing at all, and bad dates", () => {
    expect(errorsOf(receiveSchema, receive([{ quantity: "61" }]))["lines.0.quantity"]).toBe("orders.validation.overReceipt");
    expect(errorsOf(receiveSchema, receive([{ quantity: "0" }, { quantity: "" }]))).toEqual({ lines: "orders.validation.nothingToReceive" });
    expect(errorsOf(receiveSchema, receive([{ quantity: "x" }]))["lines.0.quantity"]).toBe("validation.nonNegative");
    expect(errorsOf(receiveSchema, receive([{ use_by: "30/06/2027" }]))["lines.0.use_by"]).toBe("validation.date");
  });
});

describe("cancelling", () => {
  it("needs a reason", () => {
    expect(errorsOf(cancelSchema, { reason: "" })).toEqual({ reason: "orders.validation.reasonRequired" });
    expect(errorsOf(cancelSchema, { reason: "공급 중단" })).toEqual({});
  });
});
