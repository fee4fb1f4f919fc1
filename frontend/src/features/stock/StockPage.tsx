import { useState } from "react";
import { Link } from "react-router-dom";
import { useLang, useT } from "../../i18n";
import type { Movement, MovementReason } from "../../client/types";
import { Badge, Button, Card, EmptyState, ErrorAlert, Input, PageHeader, Select, Spinner } from "../../components/ui";
import { Pagination, Table, TBody, Td, Th, THead } from "../../components/table";
import { SearchInput } from "../../components/SearchInput";
import { compact, pageFrom, useUrlFilters } from "../../lib/url";
import { formatDate, formatNumber } from "../../lib/format";
import { cn } from "../../lib/cn";
import { useCurrentUser } from "../auth/context";
import { can } from "../auth/roles";
import { useCategories, useProduct } from "../products/api";
import { ProductPicker, type PickedProduct } from "../products/ProductPicker";
import { useBalances, useMovements, useUndoMovement } from "./api";
import { MovementForm } from "./MovementForm";
import { MovementTable } from "./MovementTable";

const BALANCE_FILTERS = ["q", "category", "page"] as const;
const LEDGER_FILTERS = ["m_product", "m_reason", "m_from", "m_to", "m_page"] as const;
const ALL_REASONS: readonly MovementReason[] = [
  "inbound", "outbound", "set_consumption", "adjustment", "stock_count", "undo", "receipt",
];
const PAGE_SIZE = 25; // two tables on one page: keep each short

export function StockPage() {
  const t = useT();
  const me = useCurrentUser();
  const canMove = can(me.role, "moveStock");
  const [preset, setPreset] = useState<{ product: PickedProduct; nonce: number } | null>(null);

  return (
    <div className="space-y-6" data-testid="stock-page">
      <PageHeader title={t("stock.title")} subtitle={t("stock.subtitle")} />
      {canMove ? (
        <MovementForm preset={preset} />
      ) : (
        <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-600">{t("stock.noPermission")}</p>
      )}
      <Balances
        onPick={
          canMove
            ? (product) => {
                setPreset({ product, nonce: Date.now() });
                window.scrollTo({ top: 0, behavior: "smooth" });
              }
            : undefined
        }
      />
      <Ledger canUndo={canMove} />
    </div>
  );
}

function Balances({ onPick }: { onPick?: (p: PickedProduct) => void }) {
  const t = useT();
  const [lang] = useLang();
  const [f, setF] = useUrlFilters(BALANCE_FILTERS, "page");
  const balances = useBalances(compact({ q: f.q, category: f.category, page: pageFrom(f.page), page_size: PAGE_SIZE }));
  const categories = useCategories();

  return (
    <Card title={t("stock.balances")}>
      <div className="mb-3 flex flex-wrap gap-2">
        <SearchInput value={f.q} onChange={(q) => setF({ q })} placeholder={t("products.searchPlaceholder")}
          className="w-64" testId="balances-search" />
        <Select value={f.category} onChange={(e) => setF({ category: e.target.value })} className="w-48"
          aria-label={t("product.category")} data-testid="balances-category">
          <option value="">{t("products.allCategories")}</option>
          {(categories.data ?? []).map((c) => (
            <option key={c} value={c}>{c}</option>
          ))}
        </Select>
      </div>
      <ErrorAlert error={balances.error} onRetry={() => void balances.refetch()} className="mb-3" />
      {balances.isPending ? (
        <Spinner />
      ) : balances.data && balances.data.items.length === 0 ? (
        <EmptyState>{f.q || f.category ? t("products.noMatch") : t("stock.balancesEmpty")}</EmptyState>
      ) : balances.data ? (
        <>
          <Table data-testid="balances-table" className={cn(balances.isPlaceholderData && "opacity-60")}>
            <THead>
              <tr>
                <Th>{t("product.masterSku")}</Th>
                <Th>{t("product.name")}</Th>
                <Th>{t("product.category")}</Th>
                <Th>{t("product.kind")}</Th>
                <Th className="text-right">{t("product.onHand")}</Th>
                <Th className="text-right">{t("product.safetyStock")}</Th>
                <Th>{t("stock.nearestUseBy")}</Th>
                {onPick && <Th />}
              </tr>
            </THead>
            <TBody>
              {balances.data.items.map((b) => {
                const low = b.on_hand < b.safety_stock;
                return (
                  <tr key={b.product_id} data-testid="balance-row">
                    <Td className="font-mono text-xs">
                      <Link to={`/products/${b.product_id}`} className="text-sky-700 hover:underline">{b.master_sku}</Link>
                    </Td>
                    <Td className="font-medium">{b.name}</Td>
                    <Td>{b.category ?? "—"}</Td>
                    <Td>{t(`product.kind.${b.kind}`)}</Td>
                    <Td className={cn("text-right font-medium tabular-nums", low && "text-amber-700", b.on_hand < 0 && "text-red-700")}>
                      {formatNumber(b.on_hand, lang)}
                      {low && (
                        <Badge tone="warning" className="ml-2" data-testid="low-stock-badge">{t("stock.lowStock")}</Badge>
                      )}
                    </Td>
                    <Td className="text-right tabular-nums">{formatNumber(b.safety_stock, lang)}</Td>
                    <Td className="tabular-nums">{formatDate(b.nearest_use_by)}</Td>
                    {onPick && (
                      <Td className="text-right">
                        <Button variant="ghost" size="sm" data-testid="balance-pick"
                          onClick={() => onPick({ id: b.product_id, master_sku: b.master_sku, name: b.name, kind: b.kind })}>
                          {t("stock.recordMovement")}
                        </Button>
                      </Td>
                    )}
                  </tr>
                );
              })}
            </TBody>
          </Table>
          <Pagination page={balances.data.page} pageSize={balances.data.page_size} total={balances.data.total}
            onPage={(page) => setF({ page })} testId="balances-pagination" />
        </>
      ) : null}
    </Card>
  );
}

function Ledger({ canUndo }: { canUndo: boolean }) {
  const t = useT();
  const [f, setF] = useUrlFilters(LEDGER_FILTERS, "m_page");
  const productId = f.m_product ? Number(f.m_product) : undefined;
  const reason = (ALL_REASONS as readonly string[]).includes(f.m_reason) ? (f.m_reason as MovementReason) : undefined;
  const movements = useMovements(
    compact({
      product_id: productId,
      reason,
      date_from: f.m_from,
      date_to: f.m_to,
      page: pageFrom(f.m_page),
      page_size: PAGE_SIZE,
    }),
  );
  const filterProduct = useProduct(productId ?? Number.NaN);
  const picked: PickedProduct | null = productId
    ? filterProduct.data
      ? { id: productId, master_sku: filterProduct.data.master_sku, name: filterProduct.data.name }
      : { id: productId, master_sku: `#${productId}`, name: "" }
    : null;
  const undo = useUndoMovement();

  const onUndo = (m: Movement) => {
    if (window.confirm(t("stock.undoConfirm"))) undo.mutate({ id: m.id });
  };

  return (
    <Card title={t("stock.ledger")} data-testid="ledger">
      <div className="mb-3 grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-[minmax(16rem,1fr)_12rem_10rem_10rem_auto]">
        <ProductPicker value={picked} onChange={(p) => setF({ m_product: p?.id ?? null })} testId="ledger-product" />
        <Select value={reason ?? ""} onChange={(e) => setF({ m_reason: e.target.value })}
          aria-label={t("stock.reason")} data-testid="ledger-reason">
          <option value="">{t("stock.allReasons")}</option>
          {ALL_REASONS.map((r) => (
            <option key={r} value={r}>{t(`reason.${r}`)}</option>
          ))}
        </Select>
        <Input type="date" value={f.m_from} onChange={(e) => setF({ m_from: e.target.value })}
          aria-label={t("common.from")} title={t("common.from")} data-testid="ledger-from" />
        <Input type="date" value={f.m_to} onChange={(e) => setF({ m_to: e.target.value })}
          aria-label={t("common.to")} title={t("common.to")} data-testid="ledger-to" />
        <Button variant="ghost" onClick={() => setF({ m_product: null, m_reason: null, m_from: null, m_to: null })}>
          {t("common.reset")}
        </Button>
      </div>
      <ErrorAlert error={movements.error ?? undo.error} onRetry={() => void movements.refetch()} className="mb-3" />
      {movements.isPending ? (
        <Spinner />
      ) : movements.data && movements.data.items.length === 0 ? (
        <EmptyState>{t("stock.ledgerEmpty")}</EmptyState>
      ) : movements.data ? (
        <>
          <MovementTable
            movements={movements.data.items}
            onUndo={canUndo ? onUndo : undefined}
            undoingId={undo.isPending ? undo.variables?.id : null}
            dimmed={movements.isPlaceholderData}
          />
          <Pagination page={movements.data.page} pageSize={movements.data.page_size} total={movements.data.total}
            onPage={(p) => setF({ m_page: p })} testId="ledger-pagination" />
        </>
      ) : null}
    </Card>
  );
}
