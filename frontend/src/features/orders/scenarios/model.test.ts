import { describe, expect, it } from "vitest";
import type { CurvePoint, ScenarioPolicy } from "../types";
import { bestPolicy, curveRows, inventorySaving } from "./model";
import { toScenarioBody, toWhatIfBody, scenarioSchema, whatIfSchema } from "./schemas";

const point = (key: CurvePoint["key"], target: number, units: number | null, reached = units !== null): CurvePoint =>
  ({ key, fill_rate_target: target, avg_inventory_units: units, achieved_fill_rate: target, reached }) as CurvePoint;

const CURVE = [
  point("smartstock", 0.95, 75), point("coverage", 0.95, 120), point("minmax", 0.95, 100),
  point("smartstock", 0.9, 60), point("coverage", 0.9, 90), point("minmax", 0.9, null),
  point("smartstock", 0.98, 110), point("coverage", 0.98, 200, false), point("minmax", 0.98, null),
];

describe("the inventory curve", () => {
  it("pivots to one row per target, in order, a missed target as null", () => {
    expect(curveRows(CURVE)).toEqual([
      { target: 0.9, smartstock: 60, coverage: 90, minmax: null },
      { target: 0.95, smartstock: 75, coverage: 120, minmax: 100 },
      { target: 0.98, smartstock: 110, coverage: null, minmax: null },
    ]);
  });

  it("measures the saving against the best baseline at the same target", () => {
    expect(inventorySaving(CURVE, 0.95)).toBeCloseTo(0.25); // 75 vs min(120, 100)
    expect(inventorySaving(CURVE, 0.9)).toBeCloseTo(1 - 60 / 90);
    expect(inventorySaving(CURVE, 0.98)).toBeNull(); // no baseline reaches 98 %
    expect(inventorySaving(CURVE, 0.97)).toBeNull(); // not on the curve
    expect(inventorySaving([point("smartstock", 0.95, 130), point("coverage", 0.95, 100)], 0.95)).toBeCloseTo(-0.3);
  });
});

describe("the best policy per metric", () => {
  const policy = (key: ScenarioPolicy["key"], over: Partial<ScenarioPolicy>): ScenarioPolicy =>
    ({ key, label_ko: key, label_en: key, fill_rate: 0.9, stockout_rate: 0.02, avg_inventory_units: 100,
      avg_inventory_value: null, days_of_supply: 20, holding_cost: null, orders: 10, ...over }) as ScenarioPolicy;
  const policies = [
    policy("smartstock", { fill_rate: 0.951, avg_inventory_units: 80, orders: 12 }),
    policy("coverage", { fill_rate: 0.93, avg_inventory_units: 120, orders: 9 }),
    policy("minmax", { fill_rate: 0.94, avg_inventory_units: 110, orders: 9 }),
  ];

  it("higher fill rate, lower inventory win", () => {
    expect(bestPolicy(policies, "fill_rate")).toBe("smartstock");
    expect(bestPolicy(policies, "avg_inventory_units")).toBe("smartstock");
  });

  it("no winner on a tie or without values", () => {
    expect(bestPolicy(policies, "orders")).toBeNull(); // 9 and 9
    expect(bestPolicy(policies, "holding_cost")).toBeNull();
    expect(bestPolicy(policies, "stockout_rate")).toBeNull();
  });
});

describe("the scenario and what-if forms", () => {
  const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
    r.success ? {} : Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]));

  it("empty fields mean the company's level and each product's lead time", () => {
    const v = { service_level: "", lead_time_days: "", days: "180" };
    expect(issues(scenarioSchema.safeParse(v))).toEqual({});
    expect(toScenarioBody(v)).toEqual({ service_level: null, lead_time_days: null, days: 180 });
    expect(toScenarioBody({ service_level: "97.5", lead_time_days: "14", days: "365" }))
      .toEqual({ service_level: 0.975, lead_time_days: 14, days: 365 });
  });

  it("bounds", () => {
    expect(issues(scenarioSchema.safeParse({ service_level: "40", lead_time_days: "0", days: "10" }))).toEqual({
      service_level: "orders.validation.serviceLevel",
      lead_time_days: "orders.validation.leadTime",
      days: "orders.validation.replayDays",
    });
  });

  it("what-if needs a product and a quantity", () => {
    expect(issues(whatIfSchema.safeParse({ product: null, quantity: "", order_date: "" }))).toEqual({
      product: "validation.productRequired", quantity: "validation.positive",
    });
    expect(toWhatIfBody({ product: { id: 3, master_sku: "A", name: "a" }, quantity: "500", order_date: "" }))
      .toEqual({ product_id: 3, quantity: 500, order_date: null });
  });
});
