/**
 * The policy forms (tenant defaults and category/product overrides). Levels and the holding rate
 * are entered as percentages ("95" → 0.95); an empty optional field means "inherit". Messages
 * are catalogue keys.
 */
import { z } from "zod";
import type {
  OrderRule,
  PolicyDefaults,
  PolicyOverride,
  PolicyOverrideBody,
  PolicyUpdate,
  SafetyStockMethod,
  ServiceMeasure,
} from "../types";

export const METHODS: readonly SafetyStockMethod[] = ["statistical", "lead_time_variability", "forecast_quantile", "coverage"];
export const MEASURES: readonly ServiceMeasure[] = ["cycle", "fill_rate"];
export const RULES: readonly OrderRule[] = ["seed", "eoq"];

const DECIMAL = /^\d+(\.\d+)?$/;
const MONEY = /^\d+(\.\d{1,2})?$/;

/** "97.5" → 0.975; null when not a number. */
export function parsePercent(text: string): number | null {
  const s = text.trim().replace(/%$/, "").trim();
  if (!DECIMAL.test(s)) return null;
  return Math.round(Number(s) * 100) / 10_000;
}

/** 0.975 → "97.5"; "" for null. */
export function percentText(value: number | null | undefined): string {
  if (value === null || value === undefined) return "";
  return String(Math.round(value * 10_000) / 100);
}

export const LEVEL_FIELDS = ["service_level", "service_level_a", "service_level_b", "service_level_c"] as const;

const fields = {
  safety_stock_method: z.union([z.literal(""), z.enum(METHODS as [SafetyStockMethod, ...SafetyStockMethod[]])]),
  service_measure: z.union([z.literal(""), z.enum(MEASURES as [ServiceMeasure, ...ServiceMeasure[]])]),
  service_level: z.string(),
  service_level_a: z.string(),
  service_level_b: z.string(),
  service_level_c: z.string(),
  order_rule: z.union([z.literal(""), z.enum(RULES as [OrderRule, ...OrderRule[]])]),
  review_period_days: z.string(),
  holding_rate: z.string(),
  ordering_cost: z.string(),
};

type Fields = { [K in keyof typeof fields]: z.input<(typeof fields)[K]> };
type Ctx = z.RefinementCtx;

/** Checks every filled field; `required` lists the fields that may not be left empty. */
function checkFields(v: Fields, ctx: Ctx, required: readonly (keyof Fields)[]) {
  for (const key of required) {
    if (v[key].trim() === "") ctx.addIssue({ code: "custom", path: [key], message: "validation.required" });
  }
  for (const key of LEVEL_FIELDS) {
    if (v[key].trim() === "") continue;
    const level = parsePercent(v[key]);
    if (level === null || level < 0.5 || level > 0.999) {
      ctx.addIssue({ code: "custom", path: [key], message: "orders.validation.serviceLevel" });
    }
  }
  if (v.review_period_days.trim() !== "") {
    const s = v.review_period_days.trim();
    if (!/^\d+$/.test(s) || Number(s) > 365) {
      ctx.addIssue({ code: "custom", path: ["review_period_days"], message: "orders.validation.reviewDays" });
    }
  }
  if (v.holding_rate.trim() !== "") {
    const rate = parsePercent(v.holding_rate);
    if (rate === null || rate > 5) ctx.addIssue({ code: "custom", path: ["holding_rate"], message: "orders.validation.holdingRate" });
  }
  if (v.ordering_cost.trim() !== "" && !MONEY.test(v.ordering_cost.trim().replace(/,/g, ""))) {
    ctx.addIssue({ code: "custom", path: ["ordering_cost"], message: "orders.validation.money" });
  }
}

// --- tenant defaults ---------------------------------------------------------------------------

export const defaultsSchema = z.object(fields).superRefine((v, ctx) =>
  checkFields(v, ctx, ["safety_stock_method", "service_measure", "service_level", "order_rule", "review_period_days", "holding_rate"]),
);
export type DefaultsValues = z.input<typeof defaultsSchema>;

function toValues(p: Partial<PolicyDefaults> | PolicyOverride): Fields {
  return {
    safety_stock_method: p.safety_stock_method ?? "",
    service_measure: p.service_measure ?? "",
    service_level: percentText(p.service_level),
    service_level_a: percentText(p.service_level_a),
    service_level_b: percentText(p.service_level_b),
    service_level_c: percentText(p.service_level_c),
    order_rule: p.order_rule ?? "",
    review_period_days: p.review_period_days === null || p.review_period_days === undefined ? "" : String(p.review_period_days),
    holding_rate: percentText(p.holding_rate),
    ordering_cost: p.ordering_cost === null || p.ordering_cost === undefined ? "" : String(Number(p.ordering_cost)),
  };
}

export const defaultsValues = (d: PolicyDefaults): DefaultsValues => toValues(d);

/** The request: every field (an empty optional one as null: inherit / not set). */
function toBody(v: Fields): PolicyUpdate {
  const text = (s: string) => (s.trim() === "" ? null : s.trim());
  return {
    safety_stock_method: v.safety_stock_method || null,
    service_measure: v.service_measure || null,
    service_level: text(v.service_level) === null ? null : parsePercent(v.service_level),
    service_level_a: text(v.service_level_a) === null ? null : parsePercent(v.service_level_a),
    service_level_b: text(v.service_level_b) === null ? null : parsePercent(v.service_level_b),
    service_level_c: text(v.service_level_c) === null ? null : parsePercent(v.service_level_c),
    order_rule: v.order_rule || null,
    review_period_days: text(v.review_period_days) === null ? null : Number(v.review_period_days.trim()),
    holding_rate: text(v.holding_rate) === null ? null : parsePercent(v.holding_rate),
    ordering_cost: text(v.ordering_cost)?.replace(/,/g, "") ?? null,
  };
}

export const toDefaultsBody = (v: DefaultsValues): PolicyUpdate => toBody(v);

// --- overrides ---------------------------------------------------------------------------------

export const overrideSchema = z
  .object({
    ...fields,
    scope: z.enum(["category", "product"]),
    category: z.string(),
    product: z.object({ id: z.number(), master_sku: z.string(), name: z.string() }).nullable(),
  })
  .superRefine((v, ctx) => {
    if (v.scope === "category" && v.category.trim() === "") {
      ctx.addIssue({ code: "custom", path: ["category"], message: "orders.validation.categoryRequired" });
    }
    if (v.scope === "product" && v.product === null) {
      ctx.addIssue({ code: "custom", path: ["product"], message: "validation.productRequired" });
    }
    checkFields(v, ctx, []);
    const keys = Object.keys(fields) as (keyof Fields)[];
    if (keys.every((k) => v[k].trim() === "")) {
      ctx.addIssue({ code: "custom", path: ["service_level"], message: "orders.validation.overrideEmpty" });
    }
  });
export type OverrideValues = z.input<typeof overrideSchema>;

export function overrideValues(o: PolicyOverride | null, scope: "category" | "product" = "category"): OverrideValues {
  const empty: Fields = toValues({} as Partial<PolicyDefaults>);
  if (!o) return { ...empty, scope, category: "", product: null };
  return {
    ...toValues(o),
    scope: o.scope === "product" ? "product" : "category",
    category: o.category ?? "",
    product: o.product_id !== null ? { id: o.product_id, master_sku: o.master_sku ?? "", name: o.product_name ?? "" } : null,
  };
}

export function toOverrideBody(v: OverrideValues): PolicyOverrideBody {
  const base = toBody(v);
  return v.scope === "category"
    ? { ...base, scope: "category", category: v.category.trim() }
    : { ...base, scope: "product", product_id: v.product?.id ?? null };
}

/** The fields an override sets (the others inherit), for the overrides table. */
export function overrideFields(o: PolicyOverride): (keyof Fields)[] {
  return (Object.keys(fields) as (keyof Fields)[]).filter((k) => o[k] !== null);
}
