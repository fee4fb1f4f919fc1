import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useLang, useT } from "../../i18n";
import type { ForecastDay, ForecastOverride } from "../../client/types";
import { Button, Card, EmptyState, ErrorAlert, Field, Input, Modal, SuccessNote, Textarea } from "../../components/ui";
import { formatDate, formatDateTime } from "../../lib/format";
import { applyServerFieldErrors } from "../../lib/forms";
import { cn } from "../../lib/cn";
import { useCurrentUser } from "../auth/context";
import { can } from "../auth/roles";
import { useCreateOverride, useWithdrawOverride } from "./api";
import { addDays, formatQty } from "./model";
import { overrideFormSchema, toOverrideBody, type OverrideFormValues } from "./overrideSchema";

const FIELDS = ["start_date", "end_date", "quantity", "reason"] as const;

/** A product's overrides: the form (staff and above) and every override, withdrawn ones greyed. */
export function OverridesPanel({ productId, overrides, forecast }: {
  productId: number;
  overrides: readonly ForecastOverride[];
  forecast: readonly ForecastDay[];
}) {
  const t = useT();
  const me = useCurrentUser();
  const canEdit = can(me.role, "forecast");
  const firstDay = forecast[0]?.day ?? new Date().toISOString().slice(0, 10);
  const lastDay = forecast[forecast.length - 1]?.day;
  return (
    <Card title={t("forecasts.overrides.title")} data-testid="override-panel">
      <p className="mb-4 text-sm text-slate-600">{t("forecasts.overrides.hint")}</p>
      {canEdit ? (
        <OverrideForm productId={productId} firstDay={firstDay} lastDay={lastDay} />
      ) : (
        <p className="mb-4 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-600" data-testid="override-read-only">
          {t("forecasts.overrides.readOnly")}
        </p>
      )}
      <OverrideList overrides={overrides} canEdit={canEdit} />
    </Card>
  );
}

export function OverrideForm({ productId, firstDay, lastDay }: { productId: number; firstDay: string; lastDay?: string }) {
  const t = useT();
  const create = useCreateOverride();
  const defaults: OverrideFormValues = { start_date: firstDay, end_date: addDays(firstDay, 6), quantity: "", reason: "" };
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<OverrideFormValues>({ resolver: zodResolver(overrideFormSchema), defaultValues: defaults });

  const onSubmit = handleSubmit((v) => {
    create.mutate(toOverrideBody(productId, v), {
      onSuccess: () => reset(defaults),
      onError: (e) => applyServerFieldErrors(e, setError, FIELDS),
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mb-5" data-testid="override-form">
      <fieldset disabled={create.isPending} className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <Field label={t("forecasts.overrides.start")} error={errors.start_date?.message} required>
          {(id) => (
            <Input id={id} type="date" min={firstDay} max={lastDay} aria-invalid={!!errors.start_date}
              data-testid="override-start" {...register("start_date")} />
          )}
        </Field>
        <Field label={t("forecasts.overrides.end")} error={errors.end_date?.message} required>
          {(id) => (
            <Input id={id} type="date" min={firstDay} aria-invalid={!!errors.end_date}
              data-testid="override-end" {...register("end_date")} />
          )}
        </Field>
        <Field label={t("forecasts.overrides.quantity")} hint={t("forecasts.overrides.quantityHint")}
          error={errors.quantity?.message} required>
          {(id) => (
            <Input id={id} inputMode="decimal" aria-invalid={!!errors.quantity}
              data-testid="override-quantity" {...register("quantity")} />
          )}
        </Field>
        <Field label={t("forecasts.overrides.reason")} error={errors.reason?.message} required className="md:col-span-3">
          {(id) => (
            <Textarea id={id} rows={2} maxLength={500} placeholder={t("forecasts.overrides.reasonPlaceholder")}
              aria-invalid={!!errors.reason} data-testid="override-reason" {...register("reason")} />
          )}
        </Field>
      </fieldset>
      <div className="mt-3 flex flex-wrap items-center justify-end gap-3">
        <div className="mr-auto min-w-0">
          <ErrorAlert error={create.error} />
          {create.isSuccess && <SuccessNote>{t("forecasts.overrides.saved")}</SuccessNote>}
        </div>
        <Button type="submit" disabled={create.isPending} data-testid="override-submit">
          {create.isPending ? t("common.saving") : t("forecasts.overrides.submit")}
        </Button>
      </div>
    </form>
  );
}

function OverrideList({ overrides, canEdit }: { overrides: readonly ForecastOverride[]; canEdit: boolean }) {
  const t = useT();
  const [lang] = useLang();
  const withdraw = useWithdrawOverride();
  const [confirm, setConfirm] = useState<ForecastOverride | null>(null);
  if (overrides.length === 0) return <EmptyState>{t("forecasts.overrides.empty")}</EmptyState>;
  return (
    <>
      <ErrorAlert error={withdraw.error} className="mb-2" />
      <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" data-testid="override-list">
        {overrides.map((o) => {
          const withdrawn = o.withdrawn_at !== null;
          return (
            <li key={o.id} className={cn("flex flex-wrap items-start justify-between gap-3 px-3 py-2.5 text-sm", withdrawn && "bg-slate-50 text-slate-400")}
              data-testid="override-item" data-override-id={o.id} data-withdrawn={withdrawn ? "true" : "false"}>
              <div className="min-w-0">
                <p className={cn("font-medium", withdrawn ? "text-slate-400 line-through" : "text-slate-800")}>
                  <span className="tabular-nums">{formatDate(o.start_date)} ~ {formatDate(o.end_date)}</span>
                  <span className="ml-2 tabular-nums" data-testid="override-change">
                    {t("forecasts.overrides.change", { ai: formatQty(o.ai_quantity, lang), qty: formatQty(o.quantity, lang) })}
                  </span>
                </p>
                <p className="mt-0.5 break-words" data-testid="override-reason-text">{o.reason}</p>
                <p className="mt-0.5 text-xs text-slate-500">
                  {t("forecasts.overrides.by", { who: o.created_by_name || "—", when: formatDateTime(o.created_at, lang) })}
                  {withdrawn && (
                    <span className="ml-2" data-testid="override-withdrawn">
                      · {t("forecasts.overrides.withdrawnBy", {
                        who: o.withdrawn_by_name || "—",
                        when: formatDateTime(o.withdrawn_at, lang),
                      })}
                    </span>
                  )}
                </p>
              </div>
              {canEdit && !withdrawn && (
                <Button variant="secondary" size="sm" onClick={() => setConfirm(o)}
                  disabled={withdraw.isPending} data-testid="override-withdraw">
                  {t("forecasts.overrides.withdraw")}
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      <Modal open={confirm !== null} onClose={() => setConfirm(null)} title={t("forecasts.overrides.withdrawTitle")}
        data-testid="override-withdraw-dialog">
        <p className="text-sm text-slate-700">{t("forecasts.overrides.withdrawConfirm")}</p>
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirm(null)}>{t("common.cancel")}</Button>
          <Button variant="danger" data-testid="override-withdraw-confirm"
            onClick={() => {
              if (confirm) withdraw.mutate(confirm.id);
              setConfirm(null);
            }}>
            {t("forecasts.overrides.withdraw")}
          </Button>
        </div>
      </Modal>
    </>
  );
}
