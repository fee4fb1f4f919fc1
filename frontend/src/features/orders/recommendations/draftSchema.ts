/** The "create PO drafts" form: the selected recommendations, each with an optional changed
 * quantity (a changed quantity needs a reason). Messages are catalogue keys. */
import { z } from "zod";
import { parseWhole } from "../purchase-orders/schemas";
import type { DraftsBody, Recommendation } from "../types";

const item = z.object({
  product_id: z.number(),
  // shown in the selection, also for rows the current filters hide
  master_sku: z.string(),
  product_name: z.string(),
  supplier_name: z.string(),
  proposed: z.number(),
  moq: z.number(),
  pack_size: z.number(),
  quantity: z.string(),
  reason: z.string(),
});

export const draftFormSchema = z
  .object({
    items: z.array(item).min(1, "orders.validation.selectProducts").max(500, "orders.validation.tooMany"),
    note: z.string().trim().max(500, "validation.tooLong"),
  })
  .superRefine((v, ctx) => {
    v.items.forEach((it, i) => {
      const q = parseWhole(it.quantity);
      if (q === null || q < 1) {
        ctx.addIssue({ code: "custom", path: ["items", i, "quantity"], message: "validation.positive" });
        return;
      }
      if (q < Math.max(it.moq, 1)) {
        ctx.addIssue({ code: "custom", path: ["items", i, "quantity"], message: "orders.validation.belowMoq" });
      } else if (q % Math.max(it.pack_size, 1) !== 0) {
        ctx.addIssue({ code: "custom", path: ["items", i, "quantity"], message: "orders.validation.packSize" });
      }
      if (q !== it.proposed && it.reason.trim() === "") {
        ctx.addIssue({ code: "custom", path: ["items", i, "reason"], message: "orders.validation.reasonForChange" });
      }
      if (it.reason.trim().length > 500) {
        ctx.addIssue({ code: "custom", path: ["items", i, "reason"], message: "validation.tooLong" });
      }
    });
  });

export type DraftFormValues = z.input<typeof draftFormSchema>;
export type DraftItemValues = DraftFormValues["items"][number];

/** What goes on the order unless the user changes it: the quantity needed now, else the next order's. */
export function proposedQuantity(r: Recommendation): number {
  return r.order_needed ? r.order_qty : r.next_order_qty;
}

/** A product can be put on a draft when it can be planned and has a supplier. */
export function isSelectable(r: Recommendation): boolean {
  return r.problem === null && r.supplier !== null;
}

export function draftItemFor(r: Recommendation): DraftItemValues {
  const proposed = proposedQuantity(r);
  return {
    product_id: r.product_id, master_sku: r.master_sku, product_name: r.product_name,
    supplier_name: r.supplier?.name ?? "", proposed, moq: r.moq, pack_size: r.pack_size,
    quantity: proposed > 0 ? String(proposed) : "", reason: "",
  };
}

/** The request: quantity and reason only where the user changed the recommendation. */
export function toDraftsBody(v: DraftFormValues): DraftsBody {
  return {
    items: v.items.map((it) => {
      const q = parseWhole(it.quantity);
      return q !== null && q !== it.proposed
        ? { product_id: it.product_id, quantity: q, reason: it.reason.trim() }
        : { product_id: it.product_id };
    }),
    note: v.note.trim() || null,
  };
}
