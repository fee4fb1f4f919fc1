import type { ReactNode } from "react";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { useLang, useT } from "../../i18n";
import { EmptyState, ErrorAlert, Spinner } from "../../components/ui";
import { Pagination, Table, TBody, Td, Th, THead } from "../../components/table";
import { pageFrom, useUrlFilters } from "../../lib/url";
import { cn } from "../../lib/cn";
import { isNoForecast, useCategoryForecasts } from "./api";
import { categoryLabel, formatShare, formatTotal, HORIZONS, totalFor } from "./model";
import { NoForecast, type BackState } from "./ProductForecasts";

const FILTERS = ["page"] as const;
const PAGE_SIZE = 50;

export function categoryPath(name: string): string {
  return `/forecasts/categories/${encodeURIComponent(name)}`;
}

/** The forecast per category (the sum of its products' forecasts). */
export function CategoryForecasts({ emptyAction }: { emptyAction: ReactNode }) {
  const t = useT();
  const [lang] = useLang();
  const navigate = useNavigate();
  const location = useLocation();
  const [f, setF] = useUrlFilters(FILTERS, "page");
  const rows = useCategoryForecasts({ page: pageFrom(f.page), page_size: PAGE_SIZE });
  const back: BackState = { back: location.pathname + location.search };

  if (isNoForecast(rows.error)) return <NoForecast action={emptyAction} />;

  return (
    <div data-testid="forecast-categories">
      <ErrorAlert error={rows.error} onRetry={() => void rows.refetch()} className="mb-3" />
      {rows.isPending ? (
        <Spinner />
      ) : rows.data && rows.data.items.length === 0 ? (
        <EmptyState>{t("forecasts.noCategories")}</EmptyState>
      ) : rows.data ? (
        <>
          <p className="mb-2 text-xs text-slate-500">{t("forecasts.categoriesHint")} {t("forecasts.totalsHint")}</p>
          <Table data-testid="forecast-category-table" className={cn(rows.isPlaceholderData && "opacity-60")}>
            <THead>
              <tr>
                <Th>{t("product.category")}</Th>
                <Th>{t("forecasts.col.model")}</Th>
                <Th className="text-right">{t("forecasts.col.wape")}</Th>
                {HORIZONS.map((d) => (
                  <Th key={d} className="text-right">{t("forecasts.col.total", { n: d })}</Th>
                ))}
              </tr>
            </THead>
            <TBody>
              {rows.data.items.map((r) => {
                const name = r.category ?? r.name;
                return (
                  <tr key={name} className="cursor-pointer hover:bg-slate-50" data-testid="forecast-category-row"
                    data-category={name} onClick={() => navigate(categoryPath(name), { state: back })}>
                    <Td className="font-medium">
                      <Link to={categoryPath(name)} state={back} className="text-sky-700 hover:underline"
                        onClick={(e) => e.stopPropagation()}>
                        {categoryLabel(name, lang)}
                      </Link>
                    </Td>
                    <Td>{r.model}</Td>
                    <Td className="text-right tabular-nums">{formatShare(r.wape, lang)}</Td>
                    {HORIZONS.map((d) => (
                      <Td key={d} className="text-right whitespace-nowrap tabular-nums">
                        {formatTotal(totalFor(r.totals, d), lang)}
                      </Td>
                    ))}
                  </tr>
                );
              })}
            </TBody>
          </Table>
          <Pagination page={rows.data.page} pageSize={rows.data.page_size} total={rows.data.total}
            onPage={(page) => setF({ page })} testId="forecast-category-pagination" />
        </>
      ) : null}
    </div>
  );
}
