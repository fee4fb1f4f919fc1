import type { ReactNode } from "react";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { useLang, useT, type Lang } from "../../i18n";
import type { ForecastRow } from "../../client/types";
import { Badge, EmptyState, ErrorAlert, Select, Spinner } from "../../components/ui";
import { Pagination, Table, TBody, Td, Th, THead } from "../../components/table";
import { SearchInput } from "../../components/SearchInput";
import { compact, pageFrom, useUrlFilters } from "../../lib/url";
import { cn } from "../../lib/cn";
import { useCategories } from "../products/api";
import { isNoForecast, useProductForecasts } from "./api";
import {
  categoryLabel,
  formatShare,
  formatTotal,
  HORIZONS,
  isPattern,
  PATTERNS,
  patternLabel,
  totalFor,
} from "./model";

const FILTERS = ["q", "pattern", "model", "category", "page"] as const;
const PAGE_SIZE = 50;

/** Where a detail page's "back" link returns to (the list with its filters). */
export interface BackState {
  back?: string;
}

/** The forecast per product: filters in the URL, one row per product, click → detail. */
export function ProductForecasts({ models, emptyAction }: { models: readonly string[]; emptyAction: ReactNode }) {
  const t = useT();
  const [lang] = useLang();
  const navigate = useNavigate();
  const location = useLocation();
  const [f, setF] = useUrlFilters(FILTERS, "page");
  const pattern = isPattern(f.pattern) ? f.pattern : "";
  const rows = useProductForecasts(
    compact({ q: f.q, pattern, model: f.model, category: f.category, page: pageFrom(f.page), page_size: PAGE_SIZE }),
  );
  const categories = useCategories();
  const filtered = !!(f.q || pattern || f.model || f.category);
  const back: BackState = { back: location.pathname + location.search };
  const open = (id: number) => navigate(`/forecasts/products/${id}`, { state: back });

  if (isNoForecast(rows.error)) return <NoForecast action={emptyAction} />;

  return (
    <div data-testid="forecast-products">
      <div className="mb-3 flex flex-wrap gap-2">
        <SearchInput value={f.q} onChange={(q) => setF({ q })} placeholder={t("products.searchPlaceholder")}
          className="w-64" testId="forecast-search" />
        <Select value={pattern} onChange={(e) => setF({ pattern: e.target.value })} className="w-40"
          aria-label={t("forecasts.col.pattern")} data-testid="forecast-pattern">
          <option value="">{t("forecasts.filter.allPatterns")}</option>
          {PATTERNS.map((p) => (
            <option key={p} value={p}>{t(`forecasts.pattern.${p}`)}</option>
          ))}
        </Select>
        <Select value={f.model} onChange={(e) => setF({ model: e.target.value })} className="w-44"
          aria-label={t("forecasts.col.model")} data-testid="forecast-model">
          <option value="">{t("forecasts.filter.allModels")}</option>
          {[...new Set([...models, ...(f.model ? [f.model] : [])])].map((m) => (
            <option key={m} value={m}>{m}</option>
          ))}
        </Select>
        <Select value={f.category} onChange={(e) => setF({ category: e.target.value })} className="w-48"
          aria-label={t("product.category")} data-testid="forecast-category">
          <option value="">{t("products.allCategories")}</option>
          {(categories.data ?? []).map((c) => (
            <option key={c} value={c}>{c}</option>
          ))}
        </Select>
      </div>
      <ErrorAlert error={rows.error} onRetry={() => void rows.refetch()} className="mb-3" />
      {rows.isPending ? (
        <Spinner />
      ) : rows.data && rows.data.items.length === 0 ? (
        <EmptyState>{filtered ? t("products.noMatch") : t("forecasts.noProducts")}</EmptyState>
      ) : rows.data ? (
        <>
          <p className="mb-2 text-xs text-slate-500">{t("forecasts.totalsHint")}</p>
          <Table data-testid="forecast-table" className={cn(rows.isPlaceholderData && "opacity-60")}>
            <THead>
              <tr>
                <Th>{t("forecasts.col.product")}</Th>
                <Th>{t("forecasts.col.pattern")}</Th>
                <Th>{t("forecasts.col.model")}</Th>
                <Th className="text-right" title={t("forecasts.col.wape")}>{t("forecasts.metric.wape")}</Th>
                {HORIZONS.map((d) => (
                  <Th key={d} className="text-right">{t("forecasts.col.total", { n: d })}</Th>
                ))}
              </tr>
            </THead>
            <TBody>
              {rows.data.items.map((r) => (
                <ProductRow key={r.product_id ?? r.name} row={r} onOpen={open} back={back} lang={lang} />
              ))}
            </TBody>
          </Table>
          <Pagination page={rows.data.page} pageSize={rows.data.page_size} total={rows.data.total}
            onPage={(page) => setF({ page })} testId="forecast-pagination" />
        </>
      ) : null}
    </div>
  );
}

function ProductRow({ row: r, onOpen, back, lang }: {
  row: ForecastRow;
  onOpen: (id: number) => void;
  back: BackState;
  lang: Lang;
}) {
  const t = useT();
  const id = r.product_id;
  return (
    <tr
      className={cn(id !== null && "cursor-pointer hover:bg-slate-50")}
      onClick={id !== null ? () => onOpen(id) : undefined}
      data-testid="forecast-row"
      data-product-id={id ?? undefined}
    >
      <Td className="min-w-[9rem]">
        <div className="font-medium text-slate-900">
          {r.name}
          {r.overridden && <Badge tone="warning" className="ml-2" data-testid="forecast-overridden">{t("forecasts.overridden")}</Badge>}
        </div>
        {id !== null ? (
          <Link to={`/forecasts/products/${id}`} state={back} className="font-mono text-xs text-sky-700 hover:underline"
            onClick={(e) => e.stopPropagation()}>
            {r.master_sku ?? `#${id}`}
          </Link>
        ) : (
          <span className="font-mono text-xs text-slate-500">{r.master_sku ?? "—"}</span>
        )}
        <span className="text-xs text-slate-500" data-testid="forecast-row-category"> · {categoryLabel(r.category, lang)}</span>
      </Td>
      <Td className="whitespace-nowrap">
        <span data-testid="forecast-pattern-label">{patternLabel(r.pattern, lang)}</span>
        {(r.kind === "new" || r.kind === "no_demand") && (
          <div>
            <Badge tone={r.kind === "new" ? "info" : "neutral"} className="mt-0.5">{t(`forecasts.kind.${r.kind}`)}</Badge>
          </div>
        )}
      </Td>
      <Td className="whitespace-nowrap">{r.model}</Td>
      <Td className="text-right tabular-nums">{formatShare(r.wape, lang)}</Td>
      {HORIZONS.map((d) => (
        <Td key={d} className="text-right whitespace-nowrap tabular-nums" data-testid={`forecast-total-${d}`}>
          {formatTotal(totalFor(r.totals, d), lang)}
        </Td>
      ))}
    </tr>
  );
}

export function NoForecast({ action }: { action: ReactNode }) {
  const t = useT();
  return (
    <div data-testid="forecast-empty">
      <EmptyState>
        <p className="font-medium text-slate-700">{t("forecasts.empty.title")}</p>
        <p className="mt-1">{t("forecasts.empty.body")}</p>
        <div className="mt-4 flex justify-center">{action}</div>
      </EmptyState>
    </div>
  );
}
