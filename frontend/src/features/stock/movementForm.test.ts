import { describe, expect, it } from "vitest";
import { movementFormSchema, toMovementBody, type MovementFormValues } from "./MovementForm";

const base: MovementFormValues = {
  product: { id: 7, master_sku: "A-1", name: "사과" },
  reason: "inbound",
  quantity: "5",
  lot_code: "L1",
  use_by: "2027-01-31",
  note: "",
};
const errorsOf = (v: MovementFormValues) => {
  const r = movementFormSchema.safeParse(v);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("movement form rules", () => {
  it("accepts a positive inbound with lot and use-by", () => {
    expect(errorsOf(base)).toEqual({});
    expect(toMovementBody(base)).toEqual({ product_id: 7, reason: "inbound", quantity: 5, note: null, lot_code: "L1", use_by: "2027-01-31" });
  });
  it("rejects zero or negative inbound/outbound", () => {
    expect(errorsOf({ ...base, quantity: "0" }).quantity).toBe("validation.positive");
    expect(errorsOf({ ...base, reason: "outbound", quantity: "-2" }).quantity).toBe("validation.positive");
  });
  it("adjustment: signed non-zero with a required note", () => {
    expect(errorsOf({ ...base, reason: "adjustment", quantity: "-3", note: "파손" })).toEqual({});
    expect(errorsOf({ ...base, reason: "adjustment", quantity: "0", note: "x" }).quantity).toBe("validation.nonZero");
    expect(errorsOf({ ...base, reason: "adjustment", quantity: "2" }).note).toBe("validation.noteRequired");
  });
  it("stock count accepts zero", () => {
    expect(errorsOf({ ...base, reason: "stock_count", quantity: "0" })).toEqual({});
    expect(errorsOf({ ...base, reason: "stock_count", quantity: "-1" }).quantity).toBe("validation.nonNegative");
  });
  it("drops lot and use-by when not inbound", () => {
    const body = toMovementBody({ ...base, reason: "outbound" });
    expect(body.lot_code).toBeNull();
    expect(body.use_by).toBeNull();
  });
  it("requires a product", () => {
    expect(errorsOf({ ...base, product: null }).product).toBe("validation.productRequired");
  });
  it("allows only outbound on a set", () => {
    const set = { id: 9, master_sku: "SET-1", name: "선물세트", kind: "set" as const };
    expect(errorsOf({ ...base, product: set, lot_code: "", use_by: "" }).reason).toBe("stock.setOutboundOnly");
    expect(errorsOf({ ...base, product: set, reason: "outbound", lot_code: "", use_by: "" })).toEqual({});
  });
});
