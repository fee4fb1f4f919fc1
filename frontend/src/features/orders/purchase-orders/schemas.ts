/** The purchase-order forms' rules (zod: messages are catalogue keys) and their request bodies. */
import { z } from "zod";
import type { CancelBody, LinesEdit, PurchaseOrderDetail, ReceiveBody } from "../types";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const WHOLE = /^\d+$/;
const reason = z.string().trim().min(1, "orders.validation.reasonRequired").max(500, "validation.tooLong");

/** "1,200" → 1200; null when not a whole number ≥ 0. */
export function parseWhole(text: string): number | null {
  const s = text.trim().replace(/,/g, "");
  return WHOLE.test(s) ? Number(s) : null;
}

// --- editing a draft's quantities ------------------------------------------------------------

const editLine = z.object({
  line_id: z.number(),
  original: z.number(),
  moq: z.number(),
  pack_size: z.number(),
  quantity: z.string(),
  remove: z.boolean(),
});

export const editLinesSchema = z
  .object({ lines: z.array(editLine), reason })
  .superRefine((v, ctx) => {
    let changed = false;
    v.lines.forEach((line, i) => {
      if (line.remove) {
        changed = true;
        return;
      }
      const q = parseWhole(line.quantity);
      if (q === null || q < 1) {
        ctx.addIssue({ code: "custom", path: ["lines", i, "quantity"], message: "validation.positive" });
        return;
      }
      if (q < Math.max(line.moq, 1)) {
        ctx.addIssue({ code: "custom", path: ["lines", i, "quantity"], message: "orders.validation.belowMoq" });
      } else if (q % Math.max(line.pack_size, 1) !== 0) {
        ctx.addIssue({ code: "custom", path: ["lines", i, "quantity"], message: "orders.validation.packSize" });
      }
      if (q !== line.original) changed = true;
    });
    if (v.lines.length > 0 && v.lines.every((l) => l.remove)) {
      ctx.addIssue({ code: "custom", path: ["lines"], message: "orders.validation.lastLine" });
    } else if (!changed) {
      ctx.addIssue({ code: "custom", path: ["lines"], message: "orders.validation.noChanges" });
    }
  });

export type EditLinesValues = z.input<typeof editLinesSchema>;

export function editLinesDefaults(po: PurchaseOrderDetail): EditLinesValues {
  return {
    lines: po.lines.map((l) => ({
      line_id: l.id, original: l.quantity, moq: l.moq, pack_size: l.pack_size, quantity: String(l.quantity), remove: false,
    })),
    reason: "",
  };
}

export function toLinesEdit(v: EditLinesValues, version: number): LinesEdit {
  const update = v.lines
    .filter((l) => !l.remove && parseWhole(l.quantity) !== l.original)
    .map((l) => ({ line_id: l.line_id, quantity: parseWhole(l.quantity) as number }));
  return { reason: v.reason.trim(), version, update, add: [], remove: v.lines.filter((l) => l.remove).map((l) => l.line_id) };
}

// --- receiving ---------------------------------------------------------------------------------

const receiveLine = z.object({
  line_id: z.number(),
  open: z.number(),
  quantity: z.string(),
  lot_code: z.string().trim().max(64, "validation.tooLong"),
  use_by: z.string().trim(),
});

export const receiveSchema = z
  .object({ lines: z.array(receiveLine), note: z.string().trim().max(500, "validation.tooLong") })
  .superRefine((v, ctx) => {
    let any = false;
    v.lines.forEach((line, i) => {
      const text = line.quantity.trim();
      if (text === "") return;
      const q = parseWhole(text);
      if (q === null) {
        ctx.addIssue({ code: "custom", path: ["lines", i, "quantity"], message: "validation.nonNegative" });
        return;
      }
      if (q > line.open) ctx.addIssue({ code: "custom", path: ["lines", i, "quantity"], message: "orders.validation.overReceipt" });
      if (q > 0) any = true;
      if (line.use_by.trim() !== "" && !ISO_DATE.test(line.use_by.trim())) {
        ctx.addIssue({ code: "custom", path: ["lines", i, "use_by"], message: "validation.date" });
      }
    });
    if (!any) ctx.addIssue({ code: "custom", path: ["lines"], message: "orders.validation.nothingToReceive" });
  });

export type ReceiveValues = z.input<typeof receiveSchema>;

/** Every open line, its whole open quantity proposed. */
export function receiveDefaults(po: PurchaseOrderDetail): ReceiveValues {
  return {
    lines: po.lines
      .filter((l) => l.open_quantity > 0)
      .map((l) => ({ line_id: l.id, open: l.open_quantity, quantity: String(l.open_quantity), lot_code: "", use_by: "" })),
    note: "",
  };
}

export function toReceiveBody(v: ReceiveValues): ReceiveBody {
  return {
    lines: v.lines
      .map((l) => ({ l, q: parseWhole(l.quantity) ?? 0 }))
      .filter(({ q }) => q > 0)
      .map(({ l, q }) => ({
        line_id: l.line_id,
        quantity: q,
        lot_code: l.lot_code.trim() || null,
        use_by: l.use_by.trim() || null,
      })),
    note: v.note.trim() || null,
  };
}

// --- cancelling --------------------------------------------------------------------------------

export const cancelSchema = z.object({ reason });
export type CancelValues = z.input<typeof cancelSchema>;

export function toCancelBody(v: CancelValues, version: number): CancelBody {
  return { reason: v.reason.trim(), version };
}
