import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { useT } from "../../i18n";
import type { Supplier, SupplierCreate } from "../../client/types";
import { Button, ErrorAlert, Field, Input, Textarea } from "../../components/ui";
import { applyServerFieldErrors } from "../../lib/forms";
import { useCreateSupplier, useUpdateSupplier } from "./api";

const text = z.string().trim();
const opt = (max: number) => text.max(max, "validation.tooLong").transform((v) => (v === "" ? null : v));
const supplierSchema = z.object({
  name: text.min(1, "validation.required").max(200, "validation.tooLong"),
  contact_name: opt(100),
  phone: opt(50),
  email: text
    .refine((v) => v === "" || z.email().safeParse(v).success, "validation.email")
    .transform((v) => (v === "" ? null : v)),
  default_lead_time_days: text.refine((v) => /^\d+$/.test(v), "validation.nonNegative").transform(Number),
  default_moq: text.refine((v) => /^\d+$/.test(v) && Number(v) >= 1, "validation.positive").transform(Number),
  notes: opt(2000),
});
type In = z.input<typeof supplierSchema>;
type Out = z.output<typeof supplierSchema>;
const FIELDS = Object.keys(supplierSchema.shape) as (keyof In)[];

const toForm = (s?: Supplier): In => ({
  name: s?.name ?? "",
  contact_name: s?.contact_name ?? "",
  phone: s?.phone ?? "",
  email: s?.email ?? "",
  default_lead_time_days: String(s?.default_lead_time_days ?? 7),
  default_moq: String(s?.default_moq ?? 1),
  notes: s?.notes ?? "",
});

export function SupplierForm({ supplier, onDone }: { supplier?: Supplier; onDone: () => void }) {
  const t = useT();
  const create = useCreateSupplier();
  const update = useUpdateSupplier();
  const mutation = supplier ? update : create;
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<In, unknown, Out>({ resolver: zodResolver(supplierSchema), defaultValues: toForm(supplier) });

  const onSubmit = handleSubmit((v) => {
    const body: SupplierCreate = v;
    const opts = { onSuccess: onDone, onError: (e: unknown) => applyServerFieldErrors(e, setError, FIELDS) };
    if (supplier) update.mutate({ id: supplier.id, body }, opts);
    else create.mutate(body, opts);
  });

  return (
    <form onSubmit={onSubmit} noValidate data-testid="supplier-form">
      <fieldset disabled={mutation.isPending} className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field label={t("suppliers.name")} error={errors.name?.message} required className="sm:col-span-2">
          {(id) => <Input id={id} aria-invalid={!!errors.name} data-testid="supplier-name" {...register("name")} />}
        </Field>
        <Field label={t("suppliers.contactName")} error={errors.contact_name?.message}>
          {(id) => <Input id={id} data-testid="supplier-contact_name" {...register("contact_name")} />}
        </Field>
        <Field label={t("suppliers.phone")} error={errors.phone?.message}>
          {(id) => <Input id={id} type="tel" data-testid="supplier-phone" {...register("phone")} />}
        </Field>
        <Field label={t("suppliers.email")} error={errors.email?.message} className="sm:col-span-2">
          {(id) => <Input id={id} type="email" aria-invalid={!!errors.email} data-testid="supplier-email" {...register("email")} />}
        </Field>
        <Field label={t("suppliers.defaultLeadTime")} error={errors.default_lead_time_days?.message} required>
          {(id) => (
            <Input id={id} inputMode="numeric" aria-invalid={!!errors.default_lead_time_days}
              data-testid="supplier-default_lead_time_days" {...register("default_lead_time_days")} />
          )}
        </Field>
        <Field label={t("suppliers.defaultMoq")} error={errors.default_moq?.message} required>
          {(id) => (
            <Input id={id} inputMode="numeric" aria-invalid={!!errors.default_moq}
              data-testid="supplier-default_moq" {...register("default_moq")} />
          )}
        </Field>
        <Field label={t("suppliers.notes")} error={errors.notes?.message} className="sm:col-span-2">
          {(id) => <Textarea id={id} rows={3} data-testid="supplier-notes" {...register("notes")} />}
        </Field>
      </fieldset>
      <ErrorAlert error={mutation.error} className="mt-4" />
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          {t("common.cancel")}
        </Button>
        <Button type="submit" disabled={mutation.isPending} data-testid="supplier-submit">
          {mutation.isPending ? t("common.saving") : t("common.save")}
        </Button>
      </div>
    </form>
  );
}
