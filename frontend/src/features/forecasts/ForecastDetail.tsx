import { Link, useLocation } from "react-router-dom";
import { useLang, useT, type Lang } from "../../i18n";
import type { ForecastDetail as Detail, ForecastScore } from "../../client/types";
import { Badge, Card, EmptyState, ErrorAlert, Spinner } from "../../components/ui";
import { Table, TBody, Td, Th, THead } from "../../components/table";
import { formatDate, formatDateTime } from "../../lib/format";
import { cn } from "../../lib/cn";
import { isNoForecast, useCategoryForecast, useProductForecast } from "./api";
import { FanChart } from "./FanChart";
import {
  categoryLabel,
  effectiveTotal,
  formatMetric,
  formatQty,
  formatShare,
  HORIZONS,
  METRIC_KEYS,
  patternLabel,
  reasonText,
  totalFor,
} from "./model";
import { OverridesPanel } from "./OverridesPanel";
import type { BackState } from "./ProductForecasts";

export type DetailTarget = { kind: "product"; id: number } | { kind: "category"; name: string };

/** One product's (or category's) forecast: the fan chart, why the model, its scores, overrides. */
export function ForecastDetailView({ target }: { target: DetailTarget }) {
  const t = useT();
  const location = useLocation();
  const product = useProductForecast(target.kind === "product" ? target.id : Number.NaN);
  const category = useCategoryForecast(target.kind === "category" ? target.name : "");
  const query = target.kind === "product" ? product : category;
  const state = location.state as BackState | null;
  const fallback = target.kind === "product" ? "/forecasts" : "/forecasts/categories";
  const back = state?.back ?? fallback;

  return (
    <div className="space-y-5" data-testid="forecast-detail">
      <Link to={back} className="text-sm text-sky-700 hover:underline" data-testid="forecast-back">
        ← {t("forecasts.detail.back")}
      </Link>
      {query.isPending ? (
        <Spinner />
      ) : isNoForecast(query.error) ? (
        <EmptyState>
          <span data-testid="forecast-detail-none">{query.error?.message || t("forecasts.empty.title")}</span>
        </EmptyState>
      ) : query.error ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data ? (
        <Loaded detail={query.data} target={target} />
      ) : null}
    </div>
  );
}

function Loaded({ detail, target }: { detail: Detail; target: DetailTarget }) {
  const t = useT();
  const [lang] = useLang();
  const { row, run } = detail;
  const backtest = detail.scores.filter((s) => s.source === "backtest");
  const live = detail.scores.filter((s) => s.source !== "backtest");
  const isProduct = target.kind === "product";
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          {row.master_sku && <div className="font-mono text-xs text-slate-500">{row.master_sku}</div>}
          <h1 className="text-xl font-bold text-slate-900" data-testid="forecast-detail-title">
            {isProduct ? row.name : categoryLabel(row.category ?? row.name, lang)}
          </h1>
          <div className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            {isProduct ? (
              <span>{categoryLabel(row.category, lang)}</span>
            ) : (
              <Badge tone="info">{t("forecasts.detail.categoryBadge")}</Badge>
            )}
            {row.overridden && <Badge tone="warning" data-testid="forecast-detail-overridden">{t("forecasts.overridden")}</Badge>}
            {isProduct && (
              <Link to={`/products/${target.id}`} className="text-sky-700 hover:underline">{t("forecasts.detail.productLink")}</Link>
            )}
          </div>
        </div>
        <p className="text-xs text-slate-500" data-testid="forecast-detail-run">
          {t("forecasts.detail.asOf", {
            id: run.id,
            when: formatDateTime(run.finished_at ?? run.created_at, lang),
            end: formatDate(run.history_end),
          })}
        </p>
      </div>

      <Card title={t("forecasts.chart.title")}>
        <FanChart history={detail.history} forecast={detail.forecast} />
      </Card>

      <div className="grid grid-cols-1 gap-5 xl:grid-cols-2">
        <Card title={t("forecasts.detail.choice")} data-testid="forecast-choice">
          <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-2 text-sm">
            {isProduct && (
              <>
                <dt className="text-slate-500">{t("forecasts.col.pattern")}</dt>
                <dd data-testid="forecast-detail-pattern">
                  {patternLabel(row.pattern, lang)}
                  {(row.kind === "new" || row.kind === "no_demand") && (
                    <Badge tone="info" className="ml-1.5">{t(`forecasts.kind.${row.kind}`)}</Badge>
                  )}
                </dd>
              </>
            )}
            <dt className="text-slate-500">{t("forecasts.col.model")}</dt>
            <dd className="font-medium" data-testid="forecast-detail-model">{row.model}</dd>
            <dt className="text-slate-500">{t("forecasts.detail.why")}</dt>
            <dd data-testid="forecast-detail-reason" title={row.reason.en}>{reasonText(row.reason, lang)}</dd>
            <dt className="text-slate-500">{t("forecasts.col.wape")}</dt>
            <dd className="tabular-nums">{formatShare(row.wape, lang)}</dd>
          </dl>
        </Card>
        <Card title={t("forecasts.totals.title")}>
          <Totals detail={detail} lang={lang} />
        </Card>
      </div>

      <Card title={t("forecasts.scores.title")}>
        {backtest.length === 0 ? (
          <EmptyState>{t("forecasts.scores.none")}</EmptyState>
        ) : (
          <ScoreTable scores={backtest} testId="forecast-scores" lang={lang} />
        )}
      </Card>

      {live.length > 0 && (
        <Card title={t("forecasts.live.title")}>
          <p className="mb-2 text-xs text-slate-500">{t("forecasts.live.hint")}</p>
          <ScoreTable scores={live} testId="forecast-live-scores" lang={lang} live />
        </Card>
      )}

      {target.kind === "product" && (
        <OverridesPanel productId={target.id} overrides={detail.overrides} forecast={detail.forecast} />
      )}
    </>
  );
}

function Totals({ detail, lang }: { detail: Detail; lang: Lang }) {
  const t = useT();
  const overridden = detail.forecast.some((d) => d.override !== null && d.override !== undefined);
  return (
    <Table data-testid="forecast-totals">
      <THead>
        <tr>
          <Th>{t("forecasts.totals.days")}</Th>
          <Th className="text-right">{t("forecasts.totals.mean")}</Th>
          <Th className="text-right">p10</Th>
          <Th className="text-right">p50</Th>
          <Th className="text-right">p90</Th>
          {overridden && <Th className="text-right">{t("forecasts.totals.effective")}</Th>}
        </tr>
      </THead>
      <TBody>
        {HORIZONS.map((days) => {
          const total = totalFor(detail.row.totals, days);
          if (!total) return null;
          return (
            <tr key={days} data-testid="forecast-total-row" data-days={days}>
              <Td>{t("forecasts.run.horizonOption", { n: days })}</Td>
              <Td className="text-right font-medium tabular-nums">{formatQty(total.mean, lang)}</Td>
              <Td className="text-right tabular-nums">{formatQty(total.p10, lang)}</Td>
              <Td className="text-right tabular-nums">{formatQty(total.p50, lang)}</Td>
              <Td className="text-right tabular-nums">{formatQty(total.p90, lang)}</Td>
              {overridden && (
                <Td className="text-right font-medium text-amber-700 tabular-nums">
                  {formatQty(effectiveTotal(detail.forecast, days), lang)}
                </Td>
              )}
            </tr>
          );
        })}
      </TBody>
    </Table>
  );
}

function ScoreTable({ scores, testId, lang, live }: {
  scores: readonly ForecastScore[];
  testId: string;
  lang: Lang;
  live?: boolean;
}) {
  const t = useT();
  return (
    <Table data-testid={testId}>
      <THead>
        <tr>
          <Th>{live ? t("forecasts.live.source") : t("forecasts.scores.model")}</Th>
          {METRIC_KEYS.map((k) => (
            <Th key={k} className="text-right">{t(`forecasts.metric.${k}`)}</Th>
          ))}
          <Th className="text-right">{t("forecasts.scores.days")}</Th>
        </tr>
      </THead>
      <TBody>
        {scores.map((s) => (
          <tr key={`${s.source}-${s.model}`}
            className={cn(!live && s.selected && "bg-emerald-50 font-medium")}
            data-testid={live ? "forecast-live-row" : "forecast-score-row"}
            data-model={s.model}
            data-selected={s.selected ? "true" : "false"}>
            <Td className="whitespace-nowrap">
              {live
                ? s.source === "override"
                  ? t("forecasts.live.override")
                  : t("forecasts.live.ai", { model: s.model })
                : s.model}
              {!live && s.selected && <Badge tone="success" className="ml-2">{t("forecasts.scores.selected")}</Badge>}
            </Td>
            {METRIC_KEYS.map((k) => (
              <Td key={k} className="text-right tabular-nums">{formatMetric(k, s[k], lang)}</Td>
            ))}
            <Td className="text-right tabular-nums">{s.days}</Td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
