import { z } from "zod";
import type { Product, ProductCreate } from "../../client/types";

// Form inputs are strings; the schema validates them and outputs the API's types.
// Messages are i18n catalogue keys (translated where they are shown).
const text = z.string().trim();
const requiredText = (max: number) => text.min(1, "validation.required").max(max, "validation.tooLong");
const optionalText = (max: number) =>
  text.max(max, "validation.tooLong").transform((v) => (v === "" ? null : v));
const isInt = (v: string) => /^\d+$/.test(v);
const intAtLeast = (min: number, message: "validation.nonNegative" | "validation.positive") =>
  text.refine((v) => isInt(v) && Number(v) >= min, message).transform(Number);
const optionalInt = text
  .refine((v) => v === "" || isInt(v), "validation.nonNegative")
  .transform((v) => (v === "" ? null : Number(v)));

export const productFormSchema = z.object({
  master_sku: requiredText(64),
  playauto_sku: optionalText(64),
  name: requiredText(200),
  category: optionalText(100),
  kind: z.enum(["single", "set"]),
  supplier_id: text.transform((v) => (v === "" ? null : Number(v))),
  lead_time_days: optionalInt,
  moq: intAtLeast(1, "validation.positive"),
  safety_stock: intAtLeast(0, "validation.nonNegative"),
  manufacturer: optionalText(200),
  unit_cost: text
    .refine((v) => v === "" || /^\d{1,12}(\.\d{1,4})?$/.test(v), "validation.decimal")
    .transform((v) => (v === "" ? null : v)),
  shelf_life_days: optionalInt,
  pack_size: intAtLeast(1, "validation.positive"),
  is_active: z.boolean(),
});

export type ProductFormInput = z.input<typeof productFormSchema>;
export type ProductFormOutput = z.output<typeof productFormSchema>;

export const PRODUCT_FORM_FIELDS = Object.keys(productFormSchema.shape) as (keyof ProductFormInput)[];

const str = (v: string | number | null | undefined) => (v === null || v === undefined ? "" : String(v));

export function productToForm(p?: Product): ProductFormInput {
  return {
    master_sku: p?.master_sku ?? "",
    playauto_sku: str(p?.playauto_sku),
    name: p?.name ?? "",
    category: str(p?.category),
    kind: p?.kind ?? "single",
    supplier_id: str(p?.supplier_id),
    lead_time_days: str(p?.lead_time_days),
    moq: str(p?.moq ?? 1),
    safety_stock: str(p?.safety_stock ?? 0),
    manufacturer: str(p?.manufacturer),
    unit_cost: str(p?.unit_cost),
    shelf_life_days: str(p?.shelf_life_days),
    pack_size: str(p?.pack_size ?? 1),
    is_active: p?.is_active ?? true,
  };
}

/** The validated form is exactly a ProductCreate body (also valid as a PATCH). */
export function formToProduct(v: ProductFormOutput): ProductCreate {
  return v;
}
