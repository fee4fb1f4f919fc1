/** The override form's rules (zod: messages are catalogue keys) and its request body. */
import { z } from "zod";
import type { ForecastOverrideCreate } from "../../client/types";
import { daysBetween } from "./model";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const overrideFormSchema = z
  .object({
    start_date: z.string().trim().regex(ISO_DATE, "validation.date"),
    end_date: z.string().trim().regex(ISO_DATE, "validation.date"),
    quantity: z.string().trim(),
    reason: z.string().trim().min(1, "forecasts.validation.reasonRequired").max(500, "validation.tooLong"),
  })
  .superRefine((v, ctx) => {
    const q = v.quantity.replace(/,/g, "");
    // a number ≥ 0 with at most two decimals (what the API stores)
    if (!/^\d+(\.\d{1,2})?$/.test(q)) {
      ctx.addIssue({ code: "custom", path: ["quantity"], message: "forecasts.validation.quantity" });
    }
    if (ISO_DATE.test(v.start_date) && ISO_DATE.test(v.end_date)) {
      const span = daysBetween(v.start_date, v.end_date);
      if (span < 0) ctx.addIssue({ code: "custom", path: ["end_date"], message: "forecasts.validation.endBeforeStart" });
      else if (span > 366) ctx.addIssue({ code: "custom", path: ["end_date"], message: "forecasts.validation.periodTooLong" });
    }
  });

export type OverrideFormValues = z.input<typeof overrideFormSchema>;

export function toOverrideBody(productId: number, v: OverrideFormValues): ForecastOverrideCreate {
  return {
    product_id: productId,
    start_date: v.start_date.trim(),
    end_date: v.end_date.trim(),
    // a decimal string: the API keeps it exact (two decimals)
    quantity: v.quantity.trim().replace(/,/g, ""),
    reason: v.reason.trim(),
  };
}
