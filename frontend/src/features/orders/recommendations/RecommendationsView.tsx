import { useState, type ReactNode } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useNavigate } from "react-router-dom";
import { useLang, useT } from "../../../i18n";
import { Badge, Button, EmptyState, ErrorAlert, Select, Spinner } from "../../../components/ui";
import { Table, TBody, Td, Th, THead } from "../../../components/table";
import { SearchInput } from "../../../components/SearchInput";
import { compact, useUrlFilters } from "../../../lib/url";
import { formatDate, formatNumber } from "../../../lib/format";
import { cn } from "../../../lib/cn";
import { useCurrentUser } from "../../auth/context";
import { useCategories } from "../../products/api";
import { useSuppliers } from "../../suppliers/api";
import { useCreateDrafts, useRecommendations } from "../api";
import { canOperate, formatMoney, formatPercent, formatQuantity } from "../model";
import type { Recommendation } from "../types";
import type { CreatedState } from "../purchase-orders/PurchaseOrdersList";
import { DraftPanel } from "./DraftPanel";
import { draftFormSchema, draftItemFor, isSelectable, toDraftsBody, type DraftFormValues } from "./draftSchema";
import { RecommendationDetail } from "./RecommendationDetail";
import { warningText } from "./labels";

const FILTERS = ["q", "category", "supplier", "needed"] as const;
const COLUMNS = 13;

/** 발주 추천: every product's numbers, why, and drafts from the selected ones. */
export function RecommendationsView() {
  const t = useT();
  const [lang] = useLang();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const canDraft = canOperate(me.role);
  const [f, setF] = useUrlFilters(FILTERS);
  const supplierId = /^\d+$/.test(f.supplier) ? Number(f.supplier) : undefined;
  const needed = f.needed === "1";
  const recs = useRecommendations(compact({ q: f.q.trim(), category: f.category, supplier_id: supplierId, needed_only: needed || undefined }));
  const categories = useCategories();
  const suppliers = useSuppliers();
  const create = useCreateDrafts();
  const form = useForm<DraftFormValues>({ resolver: zodResolver(draftFormSchema), defaultValues: { items: [], note: "" } });
  const items = useFieldArray({ control: form.control, name: "items" });
  const selected = new Set(items.fields.map((x) => x.product_id));
  const rows = recs.data?.rows ?? [];
  const filtered = !!(f.q || f.category || supplierId || needed);

  const toggle = (r: Recommendation) => {
    const at = items.fields.findIndex((x) => x.product_id === r.product_id);
    if (at >= 0) items.remove(at);
    else items.append(draftItemFor(r));
  };
  const selectNeeded = () => {
    const add = rows.filter((r) => r.order_needed && isSelectable(r) && !selected.has(r.product_id));
    if (add.length) items.append(add.map(draftItemFor));
  };
  const onSubmit = form.handleSubmit((v) =>
    create.mutate(toDraftsBody(v), {
      onSuccess: (drafts) => {
        const state: CreatedState = { created: drafts.map((d) => ({ id: d.id, po_number: d.po_number })) };
        navigate("/orders/purchase-orders?status=draft", { state });
      },
    }),
  );

  return (
    <div data-testid="recommendations">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <SearchInput value={f.q} onChange={(q) => setF({ q })} placeholder={t("products.searchPlaceholder")}
          className="w-56" testId="rec-search" />
        <Select value={f.category} onChange={(e) => setF({ category: e.target.value })} className="w-44"
          aria-label={t("product.category")} data-testid="rec-category">
          <option value="">{t("products.allCategories")}</option>
          {(categories.data ?? []).map((c) => <option key={c} value={c}>{c}</option>)}
        </Select>
        <Select value={supplierId ? String(supplierId) : ""} onChange={(e) => setF({ supplier: e.target.value })}
          className="w-48" aria-label={t("product.supplier")} data-testid="rec-supplier">
          <option value="">{t("orders.allSuppliers")}</option>
          {(suppliers.data ?? []).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </Select>
        <label className="inline-flex items-center gap-1.5 text-sm text-slate-700">
          <input type="checkbox" checked={needed} onChange={(e) => setF({ needed: e.target.checked ? "1" : "" })}
            className="h-4 w-4 rounded border-slate-300" data-testid="rec-needed-only" />
          {t("orders.rec.neededOnly")}
        </label>
        {canDraft && (
          <Button variant="secondary" size="sm" className="ml-auto" onClick={selectNeeded}
            disabled={!rows.some((r) => r.order_needed && isSelectable(r))} data-testid="rec-select-needed">
            {t("orders.rec.selectNeeded")}
          </Button>
        )}
      </div>

      {recs.data && <Summary data={recs.data} />}
      {!canDraft && (
        <p className="mb-3 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-600" data-testid="rec-read-only">
          {t("orders.rec.readOnly")}
        </p>
      )}
      {canDraft && items.fields.length > 0 && (
        <DraftPanel form={form} items={items} onSubmit={onSubmit} mutation={create} />
      )}

      <ErrorAlert error={recs.error} onRetry={() => void recs.refetch()} className="mb-3" />
      {recs.isPending ? (
        <Spinner />
      ) : rows.length === 0 && recs.data ? (
        <EmptyState>{filtered ? t("products.noMatch") : t("orders.rec.empty")}</EmptyState>
      ) : recs.data ? (
        <Table data-testid="rec-table" className={cn(recs.isPlaceholderData && "opacity-60")}>
          <THead>
            <tr>
              {canDraft && <Th className="w-8"><span className="sr-only">{t("orders.rec.select")}</span></Th>}
              <Th>{t("stock.product")}</Th>
              <Th className="text-right"><Wrap>{t("product.onHand")}</Wrap></Th>
              <Th className="text-right"><Wrap>{t("orders.rec.onOrder")}</Wrap></Th>
              <Th className="text-right" title={t("orders.rec.ltdHint")}><Wrap>{t("orders.rec.ltd")}</Wrap></Th>
              <Th className="text-right"><Wrap>{t("product.safetyStock")}</Wrap></Th>
              <Th className="text-right" title={t("orders.rec.ropHint")}><Wrap>{t("orders.rec.rop")}</Wrap></Th>
              <Th className="text-right"><Wrap>{t("orders.rec.qty")}</Wrap></Th>
              <Th><Wrap>{t("orders.rec.orderBy")}</Wrap></Th>
              <Th><Wrap>{t("orders.rec.arrival")}</Wrap></Th>
              <Th className="text-right" title={t("orders.rec.dosHint")}><Wrap>{t("orders.rec.dos")}</Wrap></Th>
              <Th><Wrap>{t("orders.rec.state")}</Wrap></Th>
            </tr>
          </THead>
          <TBody>
            {rows.map((r) => (
              <Row key={r.product_id} r={r} lang={lang} canDraft={canDraft} checked={selected.has(r.product_id)} onToggle={toggle} />
            ))}
          </TBody>
        </Table>
      ) : null}
    </div>
  );
}

/** A header label that may wrap (the table's headers do not by default). */
function Wrap({ children }: { children: ReactNode }) {
  return <span className="block whitespace-normal">{children}</span>;
}

function Summary({ data }: { data: NonNullable<ReturnType<typeof useRecommendations>["data"]> }) {
  const t = useT();
  const [lang] = useLang();
  return (
    <div className="mb-3 flex flex-wrap items-center gap-x-5 gap-y-1 text-sm text-slate-600" data-testid="rec-summary">
      <span>{t("orders.rec.asOf", { date: formatDate(data.as_of) })}</span>
      {data.forecast_run_id !== null ? (
        <span>{t("orders.rec.forecastRun", { id: data.forecast_run_id })}</span>
      ) : (
        <Badge tone="warning" data-testid="rec-no-forecast">{t("orders.rec.noForecast")}</Badge>
      )}
      <span>
        {t("orders.rec.neededCount")}{" "}
        <strong className="text-slate-900 tabular-nums" data-testid="rec-needed-count">{formatNumber(data.needed_count, lang)}</strong>
      </span>
      <span>
        {t("orders.rec.totalAmount")} <strong className="text-slate-900 tabular-nums">{formatMoney(data.total_amount, lang)}</strong>
      </span>
    </div>
  );
}

function Row({ r, lang, canDraft, checked, onToggle }: {
  r: Recommendation;
  lang: "ko" | "en";
  canDraft: boolean;
  checked: boolean;
  onToggle: (r: Recommendation) => void;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const selectable = isSelectable(r);
  const num = (v: number | null) => formatQuantity(v, lang, 0);
  return (
    <>
      <tr data-testid="rec-row" data-product-id={r.product_id} data-needed={r.order_needed ? "true" : "false"}
        className={cn(checked && "bg-sky-50/60", r.problem && "bg-amber-50/40")}>
        {canDraft && (
          <Td>
            <input type="checkbox" className="h-4 w-4" checked={checked} disabled={!selectable && !checked}
              onChange={() => onToggle(r)} aria-label={t("orders.rec.selectFor", { sku: r.master_sku })}
              title={selectable ? undefined : t("orders.rec.notSelectable")} data-testid="rec-select" />
          </Td>
        )}
        <Td className="min-w-[13rem]">
          <div className="flex items-start gap-1.5">
            <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open}
              aria-label={open ? t("common.hideDetails") : t("common.showDetails")} title={t("orders.rec.explainToggle")}
              className="mt-0.5 w-4 shrink-0 rounded text-slate-500 hover:bg-slate-100 hover:text-slate-900" data-testid="rec-expand">
              {open ? "▾" : "▸"}
            </button>
            <div className="min-w-0">
              <div className="font-medium text-slate-900">
                {r.product_name}
                {r.abc_class && <Badge tone="neutral" className="ml-1.5" data-testid="rec-abc">{r.abc_class}</Badge>}
              </div>
              <div className="text-xs text-slate-500">
                <span className="font-mono" data-testid="rec-sku">{r.master_sku}</span>
                {r.category && <> · {r.category}</>} · {r.supplier?.name ?? t("orders.rec.noSupplier")}
              </div>
            </div>
          </div>
        </Td>
        <Td className="text-right tabular-nums">{formatNumber(r.on_hand, lang)}</Td>
        <Td className="text-right tabular-nums">{formatNumber(r.on_order, lang)}</Td>
        <Td className="text-right tabular-nums whitespace-nowrap" data-testid="rec-ltd">
          {num(r.lead_time_demand_p50)} / {num(r.lead_time_demand_quantile)}
          <div className="text-xs text-slate-500">{formatPercent(r.service_level, lang)}</div>
        </Td>
        <Td className="text-right tabular-nums">{num(r.safety_stock)}</Td>
        <Td className="text-right tabular-nums">{num(r.reorder_point)}</Td>
        <Td className="text-right tabular-nums whitespace-nowrap" data-testid="rec-qty">
          {r.order_needed ? (
            <strong className="text-slate-900">{formatNumber(r.order_qty, lang)}</strong>
          ) : (
            <span className="text-slate-400" title={t("orders.rec.nextHint")}>
              {r.next_order_qty > 0 ? t("orders.rec.next", { n: formatNumber(r.next_order_qty, lang) }) : "—"}
            </span>
          )}
        </Td>
        <Td className="tabular-nums whitespace-nowrap">{formatDate(r.order_by_date)}</Td>
        <Td className="tabular-nums whitespace-nowrap">{formatDate(r.expected_arrival)}</Td>
        <Td className="text-right tabular-nums">{formatQuantity(r.days_of_supply_after_arrival, lang, 0)}</Td>
        <Td className="whitespace-nowrap">
          <div className="flex flex-col items-start gap-1">
            {r.order_needed && <Badge tone="danger" data-testid="rec-needed">{t("orders.rec.neededNow")}</Badge>}
            {r.problem && (
              <Badge tone="warning" data-testid="rec-problem">{t("orders.rec.cannotPlan")}</Badge>
            )}
            {r.warnings.length > 0 && (
              <span className="cursor-help" title={r.warnings.map((w) => warningText(w, t)).join("\n")}>
                <Badge tone="neutral" data-testid="rec-warnings">{t("orders.rec.warnings", { n: r.warnings.length })}</Badge>
              </span>
            )}
          </div>
        </Td>
      </tr>
      {open && (
        <tr data-testid="rec-detail-row">
          <td colSpan={COLUMNS} className="bg-slate-50 px-4 py-3">
            <RecommendationDetail r={r} />
          </td>
        </tr>
      )}
    </>
  );
}
