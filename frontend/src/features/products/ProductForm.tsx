import { useEffect, useId } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useT } from "../../i18n";
import type { Product } from "../../client/types";
import { Button, ErrorAlert, Field, Input, Select, SuccessNote } from "../../components/ui";
import { applyServerFieldErrors } from "../../lib/forms";
import { useSuppliers } from "../suppliers/api";
import { useCategories, useCreateProduct, useUpdateProduct } from "./api";
import {
  formToProduct,
  PRODUCT_FORM_FIELDS,
  productFormSchema,
  productToForm,
  type ProductFormInput,
  type ProductFormOutput,
} from "./schema";

/**
 * Create (no `product`) or edit a product. Every writable field of the product master.
 * `readOnly` shows the values without the save button (roles that cannot write).
 */
export function ProductForm({
  product,
  readOnly = false,
  onSaved,
  onCancel,
}: {
  product?: Product;
  readOnly?: boolean;
  onSaved?: (p: Product) => void;
  onCancel?: () => void;
}) {
  const t = useT();
  const categoriesListId = useId();
  const suppliers = useSuppliers();
  const categories = useCategories();
  const create = useCreateProduct();
  const update = useUpdateProduct(product?.id ?? Number.NaN);
  const mutation = product ? update : create;

  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isDirty },
  } = useForm<ProductFormInput, unknown, ProductFormOutput>({
    resolver: zodResolver(productFormSchema),
    defaultValues: productToForm(product),
  });

  // Keep the form in step with the server copy after a save or refetch.
  useEffect(() => {
    reset(productToForm(product));
  }, [product, reset]);

  const onSubmit = handleSubmit((values) => {
    const body = formToProduct(values);
    const options = {
      onSuccess: (p: Product) => onSaved?.(p),
      onError: (e: unknown) => applyServerFieldErrors(e, setError, PRODUCT_FORM_FIELDS),
    };
    if (product) update.mutate(body, options);
    else create.mutate(body, options);
  });

  const err = (k: keyof ProductFormInput) => errors[k]?.message;
  const inv = (k: keyof ProductFormInput) => !!errors[k];

  return (
    <form onSubmit={onSubmit} noValidate data-testid="product-form">
      <fieldset disabled={readOnly || mutation.isPending} className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field label={t("product.masterSku")} error={err("master_sku")} required>
          {(id) => <Input id={id} aria-invalid={inv("master_sku")} data-testid="product-master_sku" {...register("master_sku")} />}
        </Field>
        <Field label={t("product.playautoSku")} error={err("playauto_sku")}>
          {(id) => <Input id={id} aria-invalid={inv("playauto_sku")} data-testid="product-playauto_sku" {...register("playauto_sku")} />}
        </Field>
        <Field label={t("product.name")} error={err("name")} required className="sm:col-span-2">
          {(id) => <Input id={id} aria-invalid={inv("name")} data-testid="product-name" {...register("name")} />}
        </Field>
        <Field label={t("product.category")} error={err("category")}>
          {(id) => (
            <>
              <Input id={id} list={categoriesListId} aria-invalid={inv("category")} data-testid="product-category" {...register("category")} />
              <datalist id={categoriesListId}>
                {(categories.data ?? []).map((c) => (
                  <option key={c} value={c} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label={t("product.kind")} error={err("kind")}>
          {(id) => (
            <Select id={id} data-testid="product-kind" {...register("kind")}>
              <option value="single">{t("product.kind.single")}</option>
              <option value="set">{t("product.kind.set")}</option>
            </Select>
          )}
        </Field>
        <Field label={t("product.supplier")} error={err("supplier_id")}>
          {(id) => (
            <Select id={id} data-testid="product-supplier_id" {...register("supplier_id")}>
              <option value="">{t("products.noSupplier")}</option>
              {(suppliers.data ?? []).map((s) => (
                <option key={s.id} value={String(s.id)}>
                  {s.name}
                </option>
              ))}
              {/* Keep the current value selectable while suppliers load. */}
              {product?.supplier_id != null && !suppliers.data && (
                <option value={String(product.supplier_id)}>{product.supplier_name ?? product.supplier_id}</option>
              )}
            </Select>
          )}
        </Field>
        <Field label={t("product.manufacturer")} error={err("manufacturer")}>
          {(id) => <Input id={id} aria-invalid={inv("manufacturer")} data-testid="product-manufacturer" {...register("manufacturer")} />}
        </Field>
        <Field label={t("product.leadTime")} error={err("lead_time_days")}>
          {(id) => <Input id={id} inputMode="numeric" aria-invalid={inv("lead_time_days")} data-testid="product-lead_time_days" {...register("lead_time_days")} />}
        </Field>
        <Field label={t("product.moq")} error={err("moq")} required>
          {(id) => <Input id={id} inputMode="numeric" aria-invalid={inv("moq")} data-testid="product-moq" {...register("moq")} />}
        </Field>
        <Field label={t("product.safetyStock")} error={err("safety_stock")} required>
          {(id) => <Input id={id} inputMode="numeric" aria-invalid={inv("safety_stock")} data-testid="product-safety_stock" {...register("safety_stock")} />}
        </Field>
        <Field label={t("product.packSize")} error={err("pack_size")} required>
          {(id) => <Input id={id} inputMode="numeric" aria-invalid={inv("pack_size")} data-testid="product-pack_size" {...register("pack_size")} />}
        </Field>
        <Field label={t("product.unitCost")} error={err("unit_cost")}>
          {(id) => <Input id={id} inputMode="decimal" aria-invalid={inv("unit_cost")} data-testid="product-unit_cost" {...register("unit_cost")} />}
        </Field>
        <Field label={t("product.shelfLife")} error={err("shelf_life_days")}>
          {(id) => <Input id={id} inputMode="numeric" aria-invalid={inv("shelf_life_days")} data-testid="product-shelf_life_days" {...register("shelf_life_days")} />}
        </Field>
        <label className="flex items-center gap-2 self-end pb-2 text-sm font-medium text-slate-700">
          <input type="checkbox" className="h-4 w-4 rounded border-slate-300" data-testid="product-is_active" {...register("is_active")} />
          {t("product.active")}
        </label>
      </fieldset>

      <div className="mt-4 space-y-3">
        <ErrorAlert error={mutation.error} />
        {product && update.isSuccess && !isDirty && <SuccessNote>{t("common.saved")}</SuccessNote>}
        {!readOnly && (
          <div className="flex justify-end gap-2">
            {onCancel && (
              <Button variant="secondary" onClick={onCancel}>
                {t("common.cancel")}
              </Button>
            )}
            <Button type="submit" disabled={mutation.isPending} data-testid="product-submit">
              {mutation.isPending ? t("common.saving") : t("common.save")}
            </Button>
          </div>
        )}
      </div>
    </form>
  );
}
