import { useState } from "react";
import { useForm, type FieldErrors, type UseFormRegister } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useLang, useT } from "../../../i18n";
import { Badge, Button, Card, EmptyState, ErrorAlert, Field, FieldMessage, Modal, Select, Spinner, SuccessNote } from "../../../components/ui";
import { Table, TBody, Td, Th, THead } from "../../../components/table";
import { formatDateTime } from "../../../lib/format";
import { useCurrentUser } from "../../auth/context";
import { ProductPicker } from "../../products/ProductPicker";
import { useCategories } from "../../products/api";
import { useDeleteOverride, usePolicy, useSaveOverride, useUpdatePolicy } from "../api";
import { canManage, formatMoney, formatPercent } from "../model";
import type { PolicyDefaults, PolicyOverride } from "../types";
import { PolicyFields } from "./PolicyFields";
import {
  defaultsSchema,
  defaultsValues,
  overrideFields,
  overrideSchema,
  overrideValues,
  toDefaultsBody,
  toOverrideBody,
  type DefaultsValues,
  type OverrideValues,
} from "./policySchema";

/** 재고 정책: the tenant's defaults and the category/product overrides (manager/owner edit). */
export function PolicyView() {
  const t = useT();
  const me = useCurrentUser();
  const canEdit = canManage(me.role);
  const policy = usePolicy();
  if (policy.isPending) return <Spinner />;
  if (!policy.data) return <ErrorAlert error={policy.error} onRetry={() => void policy.refetch()} />;
  return (
    <div className="space-y-5" data-testid="policy">
      {!canEdit && (
        <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-600" data-testid="policy-read-only">
          {t("orders.policy.readOnly")}
        </p>
      )}
      <DefaultsForm defaults={policy.data.defaults} canEdit={canEdit} />
      <Overrides overrides={policy.data.overrides} canEdit={canEdit} />
    </div>
  );
}

function DefaultsForm({ defaults, canEdit }: { defaults: PolicyDefaults; canEdit: boolean }) {
  const t = useT();
  const update = useUpdatePolicy();
  const { register, handleSubmit, reset, formState: { errors, isDirty } } = useForm<DefaultsValues>({
    resolver: zodResolver(defaultsSchema),
    defaultValues: defaultsValues(defaults),
  });
  const onSubmit = handleSubmit((v) =>
    update.mutate(toDefaultsBody(v), { onSuccess: (settings) => reset(defaultsValues(settings.defaults)) }));
  return (
    <Card title={t("orders.policy.defaultsTitle")} data-testid="policy-defaults">
      <p className="mb-4 text-sm text-slate-600">{t("orders.policy.defaultsHint")}</p>
      <form onSubmit={onSubmit} noValidate data-testid="policy-defaults-form">
        <fieldset disabled={!canEdit || update.isPending}>
          <PolicyFields register={register} errors={errors} inherit={false} idPrefix="policy" />
        </fieldset>
        {canEdit && (
          <div className="mt-4 flex flex-wrap items-center justify-end gap-3">
            <div className="mr-auto min-w-0">
              <ErrorAlert error={update.error} />
              {update.isSuccess && !isDirty && <SuccessNote>{t("orders.policy.saved")}</SuccessNote>}
            </div>
            <Button type="submit" disabled={update.isPending} data-testid="policy-save">
              {update.isPending ? t("common.saving") : t("common.save")}
            </Button>
          </div>
        )}
      </form>
    </Card>
  );
}

function Overrides({ overrides, canEdit }: { overrides: readonly PolicyOverride[]; canEdit: boolean }) {
  const t = useT();
  const [lang] = useLang();
  const [editing, setEditing] = useState<PolicyOverride | "new" | null>(null);
  const remove = useDeleteOverride();
  const [confirm, setConfirm] = useState<PolicyOverride | null>(null);
  return (
    <Card title={t("orders.policy.overridesTitle")} data-testid="policy-overrides"
      actions={canEdit && (
        <Button size="sm" onClick={() => setEditing("new")} data-testid="policy-override-add">{t("orders.policy.addOverride")}</Button>
      )}>
      <p className="mb-3 text-sm text-slate-600">{t("orders.policy.overridesHint")}</p>
      <ErrorAlert error={remove.error} className="mb-3" />
      {overrides.length === 0 ? (
        <EmptyState>{t("orders.policy.noOverrides")}</EmptyState>
      ) : (
        <Table>
          <THead>
            <tr>
              <Th>{t("orders.policy.scope")}</Th>
              <Th>{t("orders.policy.target")}</Th>
              <Th>{t("orders.policy.settings")}</Th>
              <Th>{t("orders.policy.updatedAt")}</Th>
              {canEdit && <Th><span className="sr-only">{t("common.actions")}</span></Th>}
            </tr>
          </THead>
          <TBody>
            {overrides.map((o) => (
              <tr key={o.id} data-testid="policy-override-row" data-override-id={o.id}>
                <Td><Badge tone={o.scope === "product" ? "info" : "neutral"}>{t(`orders.policy.scope.${o.scope === "product" ? "product" : "category"}`)}</Badge></Td>
                <Td data-testid="policy-override-target">
                  {o.scope === "product" ? (
                    <><span className="font-mono text-xs text-slate-500">{o.master_sku}</span> {o.product_name}</>
                  ) : o.category}
                </Td>
                <Td>
                  <div className="flex flex-wrap gap-1">
                    {overrideFields(o).map((k) => (
                      <Badge key={k} tone="neutral" data-testid="policy-override-field">{fieldText(k, o, t, lang)}</Badge>
                    ))}
                  </div>
                </Td>
                <Td className="tabular-nums whitespace-nowrap">{formatDateTime(o.updated_at, lang)}</Td>
                {canEdit && (
                  <Td className="whitespace-nowrap text-right">
                    <Button variant="ghost" size="sm" onClick={() => setEditing(o)} data-testid="policy-override-edit">{t("common.edit")}</Button>
                    <Button variant="ghost" size="sm" onClick={() => setConfirm(o)} disabled={remove.isPending}
                      data-testid="policy-override-remove">{t("common.remove")}</Button>
                  </Td>
                )}
              </tr>
            ))}
          </TBody>
        </Table>
      )}
      <Modal open={editing !== null} onClose={() => setEditing(null)} wide data-testid="policy-override-dialog"
        title={editing === "new" ? t("orders.policy.addOverride") : t("orders.policy.editOverride")}>
        {editing !== null && (
          <OverrideForm existing={editing === "new" ? null : editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
      <Modal open={confirm !== null} onClose={() => setConfirm(null)} title={t("orders.policy.removeTitle")}
        data-testid="policy-override-remove-dialog">
        <p className="text-sm text-slate-700">{t("orders.policy.removeConfirm")}</p>
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirm(null)}>{t("common.cancel")}</Button>
          <Button variant="danger" data-testid="policy-override-remove-confirm"
            onClick={() => {
              if (confirm) remove.mutate(confirm.id);
              setConfirm(null);
            }}>
            {t("common.remove")}
          </Button>
        </div>
      </Modal>
    </Card>
  );
}

function fieldText(key: ReturnType<typeof overrideFields>[number], o: PolicyOverride, t: ReturnType<typeof useT>, lang: "ko" | "en"): string {
  switch (key) {
    case "safety_stock_method":
      return `${t("orders.policy.method")}: ${t(`orders.method.${o.safety_stock_method!}`)}`;
    case "service_measure":
      return `${t("orders.policy.measure")}: ${t(`orders.measure.${o.service_measure!}`)}`;
    case "order_rule":
      return `${t("orders.policy.orderRule")}: ${t(`orders.rule.${o.order_rule!}`)}`;
    case "service_level":
      return `${t("orders.policy.serviceLevel")} ${formatPercent(o.service_level, lang)}`;
    case "service_level_a":
    case "service_level_b":
    case "service_level_c":
      return `${t("orders.policy.levelAbc", { cls: key.slice(-1).toUpperCase() })} ${formatPercent(o[key], lang)}`;
    case "review_period_days":
      return `${t("orders.policy.reviewPeriod")} ${t("common.days", { n: o.review_period_days ?? 0 })}`;
    case "holding_rate":
      return `${t("orders.policy.holdingShort")} ${formatPercent(o.holding_rate, lang)}`;
    case "ordering_cost":
      return `${t("orders.policy.orderingCostShort")} ${formatMoney(o.ordering_cost, lang)}`;
  }
}

function OverrideForm({ existing, onDone }: { existing: PolicyOverride | null; onDone: () => void }) {
  const t = useT();
  const save = useSaveOverride();
  const categories = useCategories();
  const { register, handleSubmit, watch, setValue, formState: { errors } } = useForm<OverrideValues>({
    resolver: zodResolver(overrideSchema),
    defaultValues: overrideValues(existing),
  });
  const scope = watch("scope");
  const product = watch("product");
  const fixed = existing !== null; // the target of an existing override stays
  const onSubmit = handleSubmit((v) => save.mutate(toOverrideBody(v), { onSuccess: onDone }));
  return (
    <form onSubmit={onSubmit} noValidate data-testid="policy-override-form">
      <div className="mb-4 grid grid-cols-1 gap-4 sm:grid-cols-3">
        <Field label={t("orders.policy.scope")} required>
          {(id) => (
            <Select id={id} disabled={fixed} data-testid="policy-override-scope" {...register("scope")}>
              <option value="category">{t("orders.policy.scope.category")}</option>
              <option value="product">{t("orders.policy.scope.product")}</option>
            </Select>
          )}
        </Field>
        {scope === "category" ? (
          <Field label={t("product.category")} error={errors.category?.message} required className="sm:col-span-2">
            {(id) => (
              <Select id={id} disabled={fixed} aria-invalid={!!errors.category} data-testid="policy-override-category" {...register("category")}>
                <option value="">{t("common.select")}</option>
                {[...new Set([...(categories.data ?? []), ...(existing?.category ? [existing.category] : [])])].map((c) => (
                  <option key={c} value={c}>{c}</option>
                ))}
              </Select>
            )}
          </Field>
        ) : (
          <div className="sm:col-span-2">
            <span className="mb-1 block text-sm font-medium text-slate-700">{t("stock.product")}<span className="ml-0.5 text-red-500">*</span></span>
            <ProductPicker value={product} disabled={fixed} invalid={!!errors.product} testId="policy-override-product"
              onChange={(p) => setValue("product", p ? { id: p.id, master_sku: p.master_sku, name: p.name } : null, { shouldValidate: true })} />
            <FieldMessage message={errors.product?.message} />
          </div>
        )}
      </div>
      <p className="mb-3 text-sm text-slate-600">{t("orders.policy.overrideFormHint")}</p>
      <PolicyFields register={register as unknown as UseFormRegister<DefaultsValues>}
        errors={errors as FieldErrors<DefaultsValues>} inherit idPrefix="policy-override" />
      <ErrorAlert error={save.error} className="mt-3" />
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>{t("common.cancel")}</Button>
        <Button type="submit" disabled={save.isPending} data-testid="policy-override-save">
          {save.isPending ? t("common.saving") : t("common.save")}
        </Button>
      </div>
    </form>
  );
}
