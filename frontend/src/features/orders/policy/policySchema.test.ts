import { describe, expect, it } from "vitest";
import type { PolicyDefaults, PolicyOverride } from "../types";
import {
  defaultsSchema,
  defaultsValues,
  overrideFields,
  overrideSchema,
  overrideValues,
  parsePercent,
  percentText,
  toDefaultsBody,
  toOverrideBody,
  type OverrideValues,
} from "./policySchema";

const DEFAULTS: PolicyDefaults = {
  safety_stock_method: "statistical", service_measure: "cycle", service_level: 0.95, service_level_a: 0.98,
  service_level_b: null, service_level_c: null, order_rule: "seed", review_period_days: 7, holding_rate: 0.25,
  ordering_cost: null,
};
const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? {} : Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]));

describe("percentages", () => {
  it("read and write without float noise", () => {
    expect(parsePercent("95")).toBe(0.95);
    expect(parsePercent("97.5 %")).toBe(0.975);
    expect(parsePercent("99.9")).toBe(0.999);
    expect(parsePercent("abc")).toBeNull();
    expect(percentText(0.975)).toBe("97.5");
    expect(percentText(0.999)).toBe("99.9");
    expect(percentText(null)).toBe("");
  });
});

describe("the defaults form", () => {
  it("round-trips the API's values", () => {
    const v = defaultsValues(DEFAULTS);
    expect(v.service_level).toBe("95");
    expect(v.service_level_a).toBe("98");
    expect(v.holding_rate).toBe("25");
    expect(issues(defaultsSchema.safeParse(v))).toEqual({});
    expect(toDefaultsBody(v)).toEqual({ ...DEFAULTS });
  });

  it("checks ranges and required fields", () => {
    const v = { ...defaultsValues(DEFAULTS), service_level: "", service_level_b: "45", review_period_days: "400", holding_rate: "600", ordering_cost: "1.234" };
    expect(issues(defaultsSchema.safeParse(v))).toEqual({
      service_level: "validation.required",
      service_level_b: "orders.validation.serviceLevel",
      review_period_days: "orders.validation.reviewDays",
      holding_rate: "orders.validation.holdingRate",
      ordering_cost: "orders.validation.money",
    });
  });

  it("sends an ordering cost as an exact decimal string", () => {
    expect(toDefaultsBody({ ...defaultsValues(DEFAULTS), ordering_cost: "15,000" }).ordering_cost).toBe("15000");
  });
});

describe("overrides", () => {
  const blank = overrideValues(null);

  it("need a target and at least one field; empty fields inherit (null)", () => {
    expect(issues(overrideSchema.safeParse(blank))).toEqual({
      category: "orders.validation.categoryRequired",
      service_level: "orders.validation.overrideEmpty",
    });
    const v: OverrideValues = { ...blank, category: "욕실용품", service_level: "99" };
    expect(issues(overrideSchema.safeParse(v))).toEqual({});
    const body = toOverrideBody(v);
    expect(body).toMatchObject({ scope: "category", category: "욕실용품", service_level: 0.99, safety_stock_method: null, order_rule: null });
    expect("product_id" in body).toBe(false);
  });

  it("a product override sends its product id", () => {
    const v: OverrideValues = { ...blank, scope: "product", product: { id: 9, master_sku: "BA-0006", name: "칫솔꽂이" }, safety_stock_method: "coverage" };
    expect(issues(overrideSchema.safeParse({ ...v, product: null }))).toEqual({ product: "validation.productRequired" });
    expect(toOverrideBody(v)).toMatchObject({ scope: "product", product_id: 9, safety_stock_method: "coverage", service_level: null });
  });

  it("lists the fields an existing override sets", () => {
    const o = { id: 1, scope: "category", category: "욕실용품", product_id: null, master_sku: null, product_name: null,
      ...Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, null])), service_level: 0.99, review_period_days: 14,
      updated_at: "2026-12-04T00:00:00Z" } as PolicyOverride;
    expect(overrideFields(o)).toEqual(["service_level", "review_period_days"]);
    expect(overrideValues(o)).toMatchObject({ scope: "category", category: "욕실용품", service_level: "99", review_period_days: "14", order_rule: "" });
  });
});
