import type { FormEventHandler } from "react";
import type { UseFieldArrayReturn, UseFormReturn } from "react-hook-form";
import type { UseMutationResult } from "@tanstack/react-query";
import { useLang, useT } from "../../../i18n";
import { Button, Card, ErrorAlert, FieldMessage, Input } from "../../../components/ui";
import { Table, TBody, Td, Th, THead } from "../../../components/table";
import { formatNumber } from "../../../lib/format";
import { parseWhole } from "../purchase-orders/schemas";
import type { CreatedDrafts, DraftsBody } from "../types";
import type { DraftFormValues } from "./draftSchema";

/**
 * The selected recommendations before they become drafts: each quantity can be changed (a
 * changed quantity needs a reason, recorded with who and when); one draft per supplier.
 */
export function DraftPanel({ form, items, onSubmit, mutation }: {
  form: UseFormReturn<DraftFormValues>;
  items: UseFieldArrayReturn<DraftFormValues, "items">;
  onSubmit: FormEventHandler<HTMLFormElement>;
  mutation: UseMutationResult<CreatedDrafts, Error, DraftsBody>;
}) {
  const t = useT();
  const [lang] = useLang();
  const { register, watch, formState: { errors } } = form;
  const values = watch("items");
  const suppliers = new Set(items.fields.map((x) => x.supplier_name)).size;
  return (
    <Card className="mb-4" data-testid="rec-draft-panel"
      title={t("orders.rec.draftTitle", { n: items.fields.length })}
      actions={<span className="text-xs text-slate-500">{t("orders.rec.draftSuppliers", { n: suppliers })}</span>}>
      <form onSubmit={onSubmit} noValidate data-testid="rec-draft-form">
        <Table>
          <THead>
            <tr>
              <Th>{t("stock.product")}</Th>
              <Th>{t("product.supplier")}</Th>
              <Th className="text-right">{t("orders.po.proposed")}</Th>
              <Th>{t("orders.rec.orderQty")}</Th>
              <Th>{t("orders.rec.changeReason")}</Th>
              <Th><span className="sr-only">{t("common.remove")}</span></Th>
            </tr>
          </THead>
          <TBody>
            {items.fields.map((field, i) => {
              const current = values?.[i];
              const q = parseWhole(current?.quantity ?? "");
              const changed = q !== field.proposed;
              const e = errors.items?.[i];
              return (
                <tr key={field.id} data-testid="rec-draft-item" data-product-id={field.product_id}>
                  <Td>
                    <div className="font-medium">{field.product_name}</div>
                    <div className="font-mono text-xs text-slate-500">
                      {field.master_sku} · MOQ {formatNumber(field.moq, lang)} · {t("orders.po.pack", { n: formatNumber(field.pack_size, lang) })}
                    </div>
                  </Td>
                  <Td>{field.supplier_name}</Td>
                  <Td className="text-right tabular-nums">{formatNumber(field.proposed, lang)}</Td>
                  <Td>
                    <Input inputMode="numeric" className="w-24" aria-invalid={!!e?.quantity}
                      aria-label={t("orders.rec.orderQtyFor", { sku: field.master_sku })}
                      data-testid="rec-draft-quantity" {...register(`items.${i}.quantity`)} />
                    <FieldMessage message={e?.quantity?.message} />
                  </Td>
                  <Td className="min-w-[14rem]">
                    <Input maxLength={500} disabled={!changed} aria-invalid={!!e?.reason}
                      placeholder={changed ? t("orders.rec.reasonPlaceholder") : t("orders.rec.reasonUnchanged")}
                      aria-label={t("orders.rec.reasonFor", { sku: field.master_sku })}
                      data-testid="rec-draft-reason" {...register(`items.${i}.reason`)} />
                    <FieldMessage message={e?.reason?.message} />
                  </Td>
                  <Td>
                    <Button variant="ghost" size="sm" onClick={() => items.remove(i)} data-testid="rec-draft-remove"
                      aria-label={t("common.remove")}>✕</Button>
                  </Td>
                </tr>
              );
            })}
          </TBody>
        </Table>
        <FieldMessage message={errors.items?.root?.message ?? errors.items?.message} />
        <div className="mt-3 flex flex-wrap items-end gap-3">
          <div className="min-w-[16rem] flex-1">
            <label className="mb-1 block text-sm font-medium text-slate-700" htmlFor="rec-draft-note">{t("orders.po.note")}</label>
            <Input id="rec-draft-note" maxLength={500} data-testid="rec-draft-note" {...register("note")} />
            <FieldMessage message={errors.note?.message} />
          </div>
          <Button variant="secondary" onClick={() => items.replace([])} data-testid="rec-draft-clear">
            {t("orders.rec.clearSelection")}
          </Button>
          <Button type="submit" disabled={mutation.isPending} data-testid="rec-create-drafts">
            {mutation.isPending ? t("orders.rec.creating") : t("orders.rec.createDrafts")}
          </Button>
        </div>
        <ErrorAlert error={mutation.error} className="mt-3" />
      </form>
    </Card>
  );
}
