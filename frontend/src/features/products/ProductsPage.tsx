import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useLang, useT } from "../../i18n";
import { Badge, Button, EmptyState, ErrorAlert, Modal, PageHeader, Select, Spinner } from "../../components/ui";
import { Pagination, Table, TBody, Td, Th, THead } from "../../components/table";
import { SearchInput } from "../../components/SearchInput";
import { compact, pageFrom, useUrlFilters } from "../../lib/url";
import { formatNumber } from "../../lib/format";
import { cn } from "../../lib/cn";
import type { ProductKind } from "../../client/types";
import { useCurrentUser } from "../auth/context";
import { can } from "../auth/roles";
import { PRODUCT_EXPORT_URL, useCategories, useProducts } from "./api";
import { ProductForm } from "./ProductForm";
import { ImportDialog } from "./ImportDialog";
import { ProductsTabs } from "./ProductsTabs";

const FILTERS = ["q", "category", "kind", "page"] as const;
const PAGE_SIZE = 50;

export function ProductsPage() {
  const t = useT();
  const [lang] = useLang();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const canWrite = can(me.role, "writeCatalog");
  const [filters, setFilters] = useUrlFilters(FILTERS, "page");
  const page = pageFrom(filters.page);
  const kind = filters.kind === "single" || filters.kind === "set" ? (filters.kind as ProductKind) : undefined;
  const products = useProducts(
    compact({ q: filters.q, category: filters.category, kind, page, page_size: PAGE_SIZE }),
  );
  const categories = useCategories();
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const filtered = !!(filters.q || filters.category || kind);

  return (
    <div data-testid="products-page">
      <PageHeader
        title={t("products.title")}
        subtitle={t("products.subtitle")}
        actions={
          <>
            <a
              href={PRODUCT_EXPORT_URL}
              download
              className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50"
              data-testid="products-export"
            >
              {t("products.export")}
            </a>
            {canWrite && (
              <Button variant="secondary" onClick={() => setImporting(true)} data-testid="products-import">
                {t("products.import")}
              </Button>
            )}
            {canWrite && (
              <Button onClick={() => setCreating(true)} data-testid="product-new">
                {t("products.new")}
              </Button>
            )}
          </>
        }
      />
      <ProductsTabs />

      <div className="mb-3 flex flex-wrap gap-2">
        <SearchInput
          value={filters.q}
          onChange={(q) => setFilters({ q })}
          placeholder={t("products.searchPlaceholder")}
          className="w-64"
          testId="products-search"
        />
        <Select
          value={filters.category}
          onChange={(e) => setFilters({ category: e.target.value })}
          className="w-48"
          aria-label={t("product.category")}
          data-testid="products-category"
        >
          <option value="">{t("products.allCategories")}</option>
          {(categories.data ?? []).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </Select>
        <Select
          value={kind ?? ""}
          onChange={(e) => setFilters({ kind: e.target.value })}
          className="w-36"
          aria-label={t("product.kind")}
          data-testid="products-kind"
        >
          <option value="">{t("common.all")}</option>
          <option value="single">{t("product.kind.single")}</option>
          <option value="set">{t("product.kind.set")}</option>
        </Select>
      </div>

      <ErrorAlert error={products.error} onRetry={() => void products.refetch()} className="mb-3" />
      {products.isPending ? (
        <Spinner />
      ) : products.data && products.data.items.length === 0 ? (
        <EmptyState>{filtered ? t("products.noMatch") : t("products.empty")}</EmptyState>
      ) : products.data ? (
        <>
          <Table data-testid="products-table" className={cn(products.isPlaceholderData && "opacity-60")}>
            <THead>
              <tr>
                <Th>{t("product.masterSku")}</Th>
                <Th>{t("product.name")}</Th>
                <Th>{t("product.category")}</Th>
                <Th>{t("product.kind")}</Th>
                <Th>{t("product.supplier")}</Th>
                <Th className="text-right">{t("product.leadTime")}</Th>
                <Th className="text-right">{t("product.moqShort")}</Th>
                <Th className="text-right">{t("product.safetyStock")}</Th>
                <Th className="text-right">{t("product.onHand")}</Th>
              </tr>
            </THead>
            <TBody>
              {products.data.items.map((p) => (
                <tr
                  key={p.id}
                  className="cursor-pointer hover:bg-slate-50"
                  onClick={() => navigate(`/products/${p.id}`)}
                  data-testid="product-row"
                >
                  <Td className="font-mono text-xs">
                    <Link to={`/products/${p.id}`} className="text-sky-700 hover:underline" onClick={(e) => e.stopPropagation()}>
                      {p.master_sku}
                    </Link>
                  </Td>
                  <Td className="font-medium">{p.name}</Td>
                  <Td>{p.category ?? "—"}</Td>
                  <Td>
                    <Badge tone={p.kind === "set" ? "info" : "neutral"}>{t(`product.kind.${p.kind}`)}</Badge>
                  </Td>
                  <Td>{p.supplier_name ?? "—"}</Td>
                  <Td className="text-right tabular-nums">{p.lead_time_days ?? "—"}</Td>
                  <Td className="text-right tabular-nums">{formatNumber(p.moq, lang)}</Td>
                  <Td className="text-right tabular-nums">{formatNumber(p.safety_stock, lang)}</Td>
                  {p.kind === "set" ? (
                    // A set has no stock of its own (its components do).
                    <Td className="text-right text-slate-400" title={t("products.setNoStock")}>—</Td>
                  ) : (
                    <Td
                      className={cn(
                        "text-right font-medium tabular-nums",
                        p.on_hand < p.safety_stock && "text-amber-700",
                        p.on_hand < 0 && "text-red-700",
                      )}
                    >
                      {formatNumber(p.on_hand, lang)}
                    </Td>
                  )}
                </tr>
              ))}
            </TBody>
          </Table>
          <Pagination
            page={products.data.page}
            pageSize={products.data.page_size}
            total={products.data.total}
            onPage={(p) => setFilters({ page: p })}
          />
        </>
      ) : null}

      <Modal open={creating} onClose={() => setCreating(false)} title={t("products.newTitle")} wide data-testid="product-new-dialog">
        <ProductForm
          onCancel={() => setCreating(false)}
          onSaved={(p) => {
            setCreating(false);
            navigate(`/products/${p.id}`);
          }}
        />
      </Modal>
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
    </div>
  );
}
