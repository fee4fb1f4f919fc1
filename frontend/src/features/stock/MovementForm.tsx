import { useEffect } from "react";
import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { useT } from "../../i18n";
import type { ManualReason, MovementCreate } from "../../client/types";
import { Button, Card, ErrorAlert, Field, Input, Select, SuccessNote } from "../../components/ui";
import { ProductPicker, type PickedProduct } from "../products/ProductPicker";
import { useRecordMovement } from "./api";

export const MANUAL_REASONS: readonly ManualReason[] = ["inbound", "outbound", "adjustment", "stock_count"];

export const movementFormSchema = z
  .object({
    product: z
      .object({ id: z.number(), master_sku: z.string(), name: z.string(), kind: z.enum(["single", "set"]).optional() })
      .nullable()
      .refine((v) => v !== null, "validation.productRequired"),
    reason: z.enum(["inbound", "outbound", "adjustment", "stock_count"]),
    quantity: z.string().trim(),
    lot_code: z.string().trim().max(64, "validation.tooLong"),
    use_by: z.string().trim(),
    note: z.string().trim().max(500, "validation.tooLong"),
  })
  .superRefine((v, ctx) => {
    const q = v.quantity.replace("−", "-");
    const issue = (path: "quantity" | "note" | "use_by" | "reason", message: string) =>
      ctx.addIssue({ code: "custom", path: [path], message });
    // A set has no stock of its own: only its outbound is recorded (consuming the components).
    if (v.product?.kind === "set" && v.reason !== "outbound") issue("reason", "stock.setOutboundOnly");
    if (v.reason === "inbound" || v.reason === "outbound") {
      if (!/^\d+$/.test(q) || Number(q) < 1) issue("quantity", "validation.positive");
    } else if (v.reason === "adjustment") {
      if (!/^-?\d+$/.test(q) || Number(q) === 0) issue("quantity", "validation.nonZero");
      if (!v.note) issue("note", "validation.noteRequired");
    } else if (!/^\d+$/.test(q)) {
      issue("quantity", "validation.nonNegative");
    }
    if (v.use_by && !/^\d{4}-\d{2}-\d{2}$/.test(v.use_by)) issue("use_by", "validation.date");
  });

export type MovementFormValues = z.input<typeof movementFormSchema>;

/** Form values → API body (lot / use-by only for inbound). */
export function toMovementBody(v: MovementFormValues): MovementCreate {
  if (!v.product) throw new Error("product required");
  const inbound = v.reason === "inbound";
  return {
    product_id: v.product.id,
    reason: v.reason,
    quantity: Number(v.quantity.trim().replace("−", "-")),
    note: v.note.trim() || null,
    lot_code: inbound && v.lot_code.trim() ? v.lot_code.trim() : null,
    use_by: inbound && v.use_by ? v.use_by : null,
  };
}

const EMPTY: MovementFormValues = { product: null, reason: "inbound", quantity: "", lot_code: "", use_by: "", note: "" };

export function MovementForm({ preset }: { preset: { product: PickedProduct; nonce: number } | null }) {
  const t = useT();
  const record = useRecordMovement();
  const {
    register,
    control,
    handleSubmit,
    watch,
    reset,
    setValue,
    formState: { errors },
  } = useForm<MovementFormValues>({ resolver: zodResolver(movementFormSchema), defaultValues: EMPTY });
  const reason = watch("reason");
  const product = watch("product");
  const isSet = product?.kind === "set";

  useEffect(() => {
    if (isSet) setValue("reason", "outbound");
  }, [isSet, setValue]);

  useEffect(() => {
    if (preset) setValue("product", preset.product, { shouldValidate: false });
  }, [preset, setValue]);

  const onSubmit = handleSubmit((v) => {
    record.mutate(toMovementBody(v), {
      // Keep product and reason for quick successive entries.
      onSuccess: () => reset({ ...EMPTY, product: v.product, reason: v.reason }),
    });
  });

  // Balances after the movement (a set's outbound reports its components' balances).
  const balances = (record.data ?? [])
    .filter((m) => m.balance_after != null)
    .map((m) => `${m.master_sku}: ${m.balance_after}`)
    .join(", ");

  return (
    <Card title={t("stock.recordMovement")}>
      <form onSubmit={onSubmit} noValidate data-testid="movement-form">
        <fieldset disabled={record.isPending} className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-4">
          <Field label={t("stock.product")} error={errors.product?.message} required className="md:col-span-2">
            {(id) => (
              <Controller
                control={control}
                name="product"
                render={({ field }) => (
                  <ProductPicker inputId={id} value={field.value} onChange={field.onChange} invalid={!!errors.product}
                    testId="movement-product" />
                )}
              />
            )}
          </Field>
          <Field label={t("stock.reason")} error={errors.reason?.message} required>
            {(id) => (
              <Select id={id} data-testid="movement-reason" {...register("reason")}>
                {MANUAL_REASONS.map((r) => (
                  <option key={r} value={r} disabled={isSet && r !== "outbound"}>
                    {t(`reason.${r}`)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label={t("stock.quantity")} hint={t(`stock.quantityHint.${reason}`)} error={errors.quantity?.message} required>
            {(id) => (
              <Input id={id} inputMode={reason === "adjustment" ? "text" : "numeric"} aria-invalid={!!errors.quantity}
                data-testid="movement-quantity" {...register("quantity")} />
            )}
          </Field>
          {reason === "inbound" && (
            <>
              <Field label={t("stock.lotCode")} error={errors.lot_code?.message}>
                {(id) => <Input id={id} data-testid="movement-lot_code" {...register("lot_code")} />}
              </Field>
              <Field label={t("stock.useBy")} error={errors.use_by?.message}>
                {(id) => <Input id={id} type="date" aria-invalid={!!errors.use_by} data-testid="movement-use_by" {...register("use_by")} />}
              </Field>
            </>
          )}
          <Field
            label={t("stock.note")}
            hint={reason === "adjustment" ? t("stock.noteRequiredHint") : undefined}
            error={errors.note?.message}
            required={reason === "adjustment"}
            className={reason === "inbound" ? "md:col-span-2" : "md:col-span-2 xl:col-span-4"}
          >
            {(id) => <Input id={id} aria-invalid={!!errors.note} data-testid="movement-note" {...register("note")} />}
          </Field>
        </fieldset>
        {isSet && <p className="mt-3 text-sm text-sky-800" data-testid="movement-set-hint">{t("stock.setOutboundOnly")}</p>}
        <div className="mt-4 flex flex-wrap items-center justify-end gap-3">
          <div className="mr-auto min-w-0">
            <ErrorAlert error={record.error} />
            {record.isSuccess && (
              <SuccessNote>
                {balances ? t("stock.recorded", { balances }) : t("stock.recordedNoBalance")}
              </SuccessNote>
            )}
          </div>
          <Button type="submit" disabled={record.isPending} data-testid="movement-submit">
            {record.isPending ? t("stock.submitting") : t("stock.submit")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
