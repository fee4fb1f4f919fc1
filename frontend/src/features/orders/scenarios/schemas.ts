/** The scenario-run and what-if forms (zod: messages are catalogue keys). */
import { z } from "zod";
import { parsePercent } from "../policy/policySchema";
import { parseWhole } from "../purchase-orders/schemas";
import type { ScenarioRequest, WhatIfRequest } from "../types";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const scenarioSchema = z
  .object({ service_level: z.string(), lead_time_days: z.string(), days: z.string() })
  .superRefine((v, ctx) => {
    if (v.service_level.trim() !== "") {
      const level = parsePercent(v.service_level);
      if (level === null || level < 0.5 || level > 0.999) {
        ctx.addIssue({ code: "custom", path: ["service_level"], message: "orders.validation.serviceLevel" });
      }
    }
    if (v.lead_time_days.trim() !== "") {
      const lead = parseWhole(v.lead_time_days);
      if (lead === null || lead < 1 || lead > 365) {
        ctx.addIssue({ code: "custom", path: ["lead_time_days"], message: "orders.validation.leadTime" });
      }
    }
    const days = parseWhole(v.days);
    if (days === null || days < 28 || days > 1095) {
      ctx.addIssue({ code: "custom", path: ["days"], message: "orders.validation.replayDays" });
    }
  });
export type ScenarioValues = z.input<typeof scenarioSchema>;
export const SCENARIO_DEFAULTS: ScenarioValues = { service_level: "", lead_time_days: "", days: "180" };

export function toScenarioBody(v: ScenarioValues): ScenarioRequest {
  return {
    service_level: v.service_level.trim() === "" ? null : parsePercent(v.service_level),
    lead_time_days: v.lead_time_days.trim() === "" ? null : parseWhole(v.lead_time_days),
    days: parseWhole(v.days) ?? 180,
  };
}

export const whatIfSchema = z
  .object({
    product: z.object({ id: z.number(), master_sku: z.string(), name: z.string() }).nullable(),
    quantity: z.string(),
    order_date: z.string(),
  })
  .superRefine((v, ctx) => {
    if (v.product === null) ctx.addIssue({ code: "custom", path: ["product"], message: "validation.productRequired" });
    const q = parseWhole(v.quantity);
    if (q === null || q < 1) ctx.addIssue({ code: "custom", path: ["quantity"], message: "validation.positive" });
    if (v.order_date.trim() !== "" && !ISO_DATE.test(v.order_date.trim())) {
      ctx.addIssue({ code: "custom", path: ["order_date"], message: "validation.date" });
    }
  });
export type WhatIfValues = z.input<typeof whatIfSchema>;

export function toWhatIfBody(v: WhatIfValues): WhatIfRequest {
  return {
    product_id: v.product?.id ?? 0,
    quantity: parseWhole(v.quantity) ?? 0,
    order_date: v.order_date.trim() || null,
  };
}
