import { Link, useLocation, useNavigate } from "react-router-dom";
import { useLang, useT } from "../../../i18n";
import { Badge, Button, EmptyState, ErrorAlert, Select, Spinner, SuccessNote } from "../../../components/ui";
import { Pagination, Table, TBody, Td, Th, THead } from "../../../components/table";
import { SearchInput } from "../../../components/SearchInput";
import { compact, pageFrom, useUrlFilters } from "../../../lib/url";
import { formatDate, formatNumber } from "../../../lib/format";
import { cn } from "../../../lib/cn";
import { useSuppliers } from "../../suppliers/api";
import { usePurchaseOrders, useExportPurchaseOrders } from "../api";
import { formatMoney, PO_STATUSES, statusFilter } from "../model";
import type { PurchaseOrder } from "../types";
import { LateBadge, StatusBadge } from "./StatusBadge";

const FILTERS = ["status", "supplier", "late", "q", "page"] as const;
const PAGE_SIZE = 30;

/** What the recommendations tab passes along after creating drafts. */
export interface CreatedState {
  created?: { id: number; po_number: string }[];
}

/** Where a PO's detail page returns to (the list with its filters). */
export interface PoBackState {
  back?: string;
}

/** 발주서: every purchase order, filters and PO-number search in the URL, the 발주표 export. */
export function PurchaseOrdersList() {
  const t = useT();
  const [lang] = useLang();
  const navigate = useNavigate();
  const location = useLocation();
  const [f, setF] = useUrlFilters(FILTERS, "page");
  const status = statusFilter(f.status);
  const supplierId = /^\d+$/.test(f.supplier) ? Number(f.supplier) : undefined;
  const late = f.late === "1" ? true : undefined;
  const orders = usePurchaseOrders(
    compact({ status: status.statuses, supplier_id: supplierId, late, q: f.q.trim(), page: pageFrom(f.page), page_size: PAGE_SIZE }),
  );
  const suppliers = useSuppliers();
  const exporter = useExportPurchaseOrders();
  const filtered = !!(status.key || supplierId || late || f.q);
  const created = (location.state as CreatedState | null)?.created ?? [];
  const createdIds = new Set(created.map((c) => c.id));
  const back: PoBackState = { back: location.pathname + location.search };
  const open = (po: PurchaseOrder) => navigate(`/orders/purchase-orders/${po.id}`, { state: back });

  return (
    <div data-testid="po-list">
      {created.length > 0 && (
        <div className="mb-3" data-testid="po-created">
          <SuccessNote>
            {t("orders.po.createdNote", { n: created.length, numbers: created.map((c) => c.po_number).join(", ") })}
          </SuccessNote>
        </div>
      )}
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <SearchInput value={f.q} onChange={(q) => setF({ q })} placeholder={t("orders.po.searchPlaceholder")}
          className="w-56" testId="po-search" />
        <Select value={status.key} onChange={(e) => setF({ status: e.target.value })} className="w-40"
          aria-label={t("orders.po.status")} data-testid="po-status-filter">
          <option value="">{t("orders.po.allStatuses")}</option>
          <option value="open">{t("orders.po.openStatuses")}</option>
          {PO_STATUSES.map((s) => (
            <option key={s} value={s}>{t(`orders.status.${s}`)}</option>
          ))}
        </Select>
        <Select value={supplierId ? String(supplierId) : ""} onChange={(e) => setF({ supplier: e.target.value })}
          className="w-48" aria-label={t("product.supplier")} data-testid="po-supplier-filter">
          <option value="">{t("orders.allSuppliers")}</option>
          {(suppliers.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>{s.name}</option>
          ))}
        </Select>
        <label className="inline-flex items-center gap-1.5 text-sm text-slate-700">
          <input type="checkbox" checked={!!late} onChange={(e) => setF({ late: e.target.checked ? "1" : "" })}
            className="h-4 w-4 rounded border-slate-300" data-testid="po-late-filter" />
          {t("orders.po.lateOnly")}
        </label>
        <Button variant="secondary" className="ml-auto" disabled={exporter.isPending || orders.data?.total === 0}
          onClick={() => exporter.mutate({ query: compact({ status: status.statuses, supplier_id: supplierId, late }) })}
          data-testid="po-export-list">
          {exporter.isPending ? t("orders.po.exporting") : t("orders.po.exportList")}
        </Button>
      </div>
      <ErrorAlert error={exporter.error} className="mb-3" />
      <ErrorAlert error={orders.error} onRetry={() => void orders.refetch()} className="mb-3" />
      {orders.isPending ? (
        <Spinner />
      ) : orders.data && orders.data.items.length === 0 ? (
        <EmptyState>{filtered ? t("orders.po.noMatch") : t("orders.po.empty")}</EmptyState>
      ) : orders.data ? (
        <>
          <Table data-testid="po-table" className={cn(orders.isPlaceholderData && "opacity-60")}>
            <THead>
              <tr>
                <Th>{t("orders.po.number")}</Th>
                <Th>{t("orders.po.status")}</Th>
                <Th>{t("product.supplier")}</Th>
                <Th>{t("orders.po.orderedOn")}</Th>
                <Th>{t("orders.po.expectedOn")}</Th>
                <Th className="text-right">{t("orders.po.lines")}</Th>
                <Th className="text-right">{t("orders.po.received")}</Th>
                <Th className="text-right">{t("orders.po.amount")}</Th>
              </tr>
            </THead>
            <TBody>
              {orders.data.items.map((po) => (
                <tr key={po.id} onClick={() => open(po)} data-testid="po-row" data-po-id={po.id} data-status={po.status}
                  className={cn("cursor-pointer hover:bg-slate-50", createdIds.has(po.id) && "bg-emerald-50/60")}>
                  <Td className="whitespace-nowrap">
                    <Link to={`/orders/purchase-orders/${po.id}`} state={back} onClick={(e) => e.stopPropagation()}
                      className="font-mono text-xs text-sky-700 hover:underline" data-testid="po-number">
                      {po.po_number}
                    </Link>
                    {po.from_proposals && <Badge tone="info" className="ml-1.5">{t("orders.po.fromAi")}</Badge>}
                  </Td>
                  <Td className="whitespace-nowrap">
                    <StatusBadge status={po.status} />
                    {po.late && <LateBadge className="ml-1" />}
                  </Td>
                  <Td>{po.supplier.name}</Td>
                  <Td className="tabular-nums whitespace-nowrap">{formatDate(po.ordered_on)}</Td>
                  <Td className={cn("tabular-nums whitespace-nowrap", po.late && "font-medium text-red-700")}>
                    {formatDate(po.expected_on)}
                  </Td>
                  <Td className="text-right tabular-nums">
                    {t("orders.po.linesValue", { lines: po.line_count, qty: formatNumber(po.total_quantity, lang) })}
                  </Td>
                  <Td className="text-right tabular-nums">
                    {formatNumber(po.received_quantity, lang)} / {formatNumber(po.total_quantity, lang)}
                  </Td>
                  <Td className="text-right tabular-nums whitespace-nowrap">{formatMoney(po.total_amount, lang)}</Td>
                </tr>
              ))}
            </TBody>
          </Table>
          <Pagination page={orders.data.page} pageSize={orders.data.page_size} total={orders.data.total}
            onPage={(page) => setF({ page })} testId="po-pagination" />
        </>
      ) : null}
    </div>
  );
}
