import { describe, expect, it } from "vitest";
import type { Recommendation } from "../types";
import { draftFormSchema, draftItemFor, isSelectable, proposedQuantity, toDraftsBody, type DraftFormValues } from "./draftSchema";

const rec = (over: Partial<Recommendation> = {}): Recommendation =>
  ({
    product_id: 7, master_sku: "BA-0006", product_name: "칫솔꽂이", supplier: { id: 1, name: "다온생활산업" },
    moq: 10, pack_size: 5, order_qty: 20, order_needed: true, next_order_qty: 25, problem: null, ...over,
  }) as Recommendation;

const errorsOf = (v: DraftFormValues) => {
  const r = draftFormSchema.safeParse(v);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
};
const form = (quantity: string, reason = ""): DraftFormValues => ({ items: [{ ...draftItemFor(rec()), quantity, reason }], note: "" });

describe("which quantity a draft proposes", () => {
  it("the quantity needed now, else the next order's", () => {
    expect(proposedQuantity(rec())).toBe(20);
    expect(proposedQuantity(rec({ order_needed: false, order_qty: 0 }))).toBe(25);
  });

  it("starts from the proposal, empty when there is nothing to propose", () => {
    expect(draftItemFor(rec()).quantity).toBe("20");
    expect(draftItemFor(rec({ order_needed: false, order_qty: 0, next_order_qty: 0 })).quantity).toBe("");
  });

  it("only plannable products with a supplier can be selected", () => {
    expect(isSelectable(rec())).toBe(true);
    expect(isSelectable(rec({ supplier: null }))).toBe(false);
    expect(isSelectable(rec({ problem: { code: "no_lead_time", ko: "리드타임 없음", en: "no lead time" } }))).toBe(false);
  });
});

describe("the drafts form", () => {
  it("sends the recommendation as is without quantity or reason", () => {
    const v = form("20");
    expect(errorsOf(v)).toEqual({});
    expect(toDraftsBody({ ...v, note: "  월말 발주 " })).toEqual({ items: [{ product_id: 7 }], note: "월말 발주" });
  });

  it("a changed quantity needs a reason, and is sent with it", () => {
    expect(errorsOf(form("40"))).toEqual({ "items.0.reason": "orders.validation.reasonForChange" });
    expect(errorsOf(form("40", "   "))).toEqual({ "items.0.reason": "orders.validation.reasonForChange" });
    const v = form("1,000", " 프로모션 ");
    expect(errorsOf(v)).toEqual({});
    expect(toDraftsBody(v)).toEqual({ items: [{ product_id: 7, quantity: 1000, reason: "프로모션" }], note: null });
  });

  it("checks whole positive quantities, the MOQ and the pack size", () => {
    expect(errorsOf(form("", "x"))["items.0.quantity"]).toBe("validation.positive");
    expect(errorsOf(form("0", "x"))["items.0.quantity"]).toBe("validation.positive");
    expect(errorsOf(form("2.5", "x"))["items.0.quantity"]).toBe("validation.positive");
    expect(errorsOf(form("5", "x"))["items.0.quantity"]).toBe("orders.validation.belowMoq");
    expect(errorsOf(form("22", "x"))["items.0.quantity"]).toBe("orders.validation.packSize");
  });

  it("needs at least one product", () => {
    expect(errorsOf({ items: [], note: "" })).toEqual({ items: "orders.validation.selectProducts" });
  });
});
