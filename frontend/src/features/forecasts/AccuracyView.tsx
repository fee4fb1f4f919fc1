import { lazy, Suspense } from "react";
import { Link } from "react-router-dom";
import { useLang, useT, type Lang } from "../../i18n";
import type { AccuracyLevel, AccuracyRow, ForecastMetrics } from "../../client/types";
import { Badge, Card, EmptyState, ErrorAlert, Select, Spinner } from "../../components/ui";
import { Table, TBody, Td, Th, THead } from "../../components/table";
import { formatDateTime } from "../../lib/format";
import { useUrlFilters } from "../../lib/url";
import { cn } from "../../lib/cn";
import { isNoForecast, useAccuracy, useForecastRun } from "./api";
import { categoryPath } from "./CategoryForecasts";
import { categoryLabel, formatMetric, formatShare, METRIC_KEYS, type MetricKey } from "./model";
import { RunsHistory } from "./RunsHistory";

// Recharts is loaded only when the accuracy tab is opened (the product list does not need it).
const AccuracyTrend = lazy(() => import("./AccuracyTrend").then((m) => ({ default: m.AccuracyTrend })));

const FILTERS = ["level", "run"] as const;
/** The measures shown per source in the per-product table (all of them would not fit). */
const SHOWN: readonly MetricKey[] = ["wape", "mase", "bias", "coverage"];

/** 정확도: the trend over runs, one run per product or category, its models, and the run history. */
export function AccuracyView() {
  const t = useT();
  const [lang] = useLang();
  const [f, setF] = useUrlFilters(FILTERS);
  const level: AccuracyLevel = f.level === "category" ? "category" : "product";
  const trend = useAccuracy("run", null);
  const runs = [...(trend.data ?? [])].reverse(); // newest first for the select
  const runId = /^\d+$/.test(f.run) ? Number(f.run) : (runs[0]?.run_id ?? null);
  const rows = useAccuracy(level, runId, runId !== null);

  return (
    <div className="space-y-5" data-testid="forecast-accuracy">
      <Card title={t("forecasts.accuracy.trend")}>
        <ErrorAlert error={trend.error} onRetry={() => void trend.refetch()} className="mb-3" />
        {trend.isPending ? (
          <Spinner />
        ) : runs.length === 0 ? (
          <EmptyState>{t("forecasts.accuracy.noRuns")}</EmptyState>
        ) : (
          <>
            <Suspense fallback={<Spinner />}>
              <AccuracyTrend rows={trend.data ?? []} />
            </Suspense>
            <p className="mt-2 text-xs text-slate-500">{t("forecasts.accuracy.trendHint")}</p>
          </>
        )}
      </Card>

      {runId !== null && (
        <Card
          title={t("forecasts.accuracy.table", { id: runId })}
          actions={
            <>
              <Select value={level} onChange={(e) => setF({ level: e.target.value === "product" ? null : e.target.value })}
                className="w-36" aria-label={t("forecasts.accuracy.level")} data-testid="accuracy-level">
                <option value="product">{t("forecasts.tab.products")}</option>
                <option value="category">{t("forecasts.tab.categories")}</option>
              </Select>
              <Select value={runId} onChange={(e) => setF({ run: e.target.value })} className="w-56"
                aria-label={t("forecasts.accuracy.run")} data-testid="accuracy-run">
                {runs.map((r) => (
                  <option key={r.run_id} value={r.run_id}>
                    {t("forecasts.accuracy.runOption", { id: r.run_id, when: formatDateTime(r.created_at, lang) })}
                  </option>
                ))}
              </Select>
            </>
          }
        >
          <ErrorAlert error={isNoForecast(rows.error) ? null : rows.error} onRetry={() => void rows.refetch()} className="mb-3" />
          {rows.isPending ? (
            <Spinner />
          ) : rows.data && rows.data.length === 0 ? (
            <EmptyState>{t("common.empty")}</EmptyState>
          ) : rows.data ? (
            <AccuracyTable rows={rows.data} level={level} lang={lang} dimmed={rows.isPlaceholderData} />
          ) : null}
        </Card>
      )}

      {runId !== null && <RunModels runId={runId} />}

      <RunsHistory />
    </div>
  );
}

function MetricCells({ metrics, lang, keys = SHOWN }: { metrics: ForecastMetrics | null | undefined; lang: Lang; keys?: readonly MetricKey[] }) {
  return (
    <>
      {keys.map((k) => (
        <Td key={k} className="text-right tabular-nums">{metrics ? formatMetric(k, metrics[k], lang) : "—"}</Td>
      ))}
    </>
  );
}

function AccuracyTable({ rows, level, lang, dimmed }: { rows: readonly AccuracyRow[]; level: AccuracyLevel; lang: Lang; dimmed: boolean }) {
  const t = useT();
  const isProduct = level === "product";
  const group = "border-l border-slate-200";
  return (
    <Table data-testid="accuracy-table" className={cn(dimmed && "opacity-60")}>
      <THead>
        <tr>
          <Th colSpan={isProduct ? 4 : 2} />
          <Th colSpan={SHOWN.length} className={cn(group, "text-center")}>{t("forecasts.accuracy.backtest")}</Th>
          <Th colSpan={SHOWN.length + 1} className={cn(group, "text-center")}>{t("forecasts.accuracy.live")}</Th>
          <Th colSpan={2} className={cn(group, "text-center")}>{t("forecasts.accuracy.override")}</Th>
        </tr>
        <tr>
          {isProduct && <Th>{t("product.masterSku")}</Th>}
          {isProduct && <Th>{t("product.name")}</Th>}
          <Th>{t("product.category")}</Th>
          <Th>{t("forecasts.col.model")}</Th>
          {SHOWN.map((k, i) => (
            <Th key={`b-${k}`} className={cn("text-right", i === 0 && group)}>{t(`forecasts.metric.${k}`)}</Th>
          ))}
          {SHOWN.map((k, i) => (
            <Th key={`l-${k}`} className={cn("text-right", i === 0 && group)}>{t(`forecasts.metric.${k}`)}</Th>
          ))}
          <Th className="text-right">{t("forecasts.accuracy.liveDays")}</Th>
          <Th className={cn("text-right", group)}>{t("forecasts.metric.wape")}</Th>
          <Th className="text-right">{t("forecasts.metric.bias")}</Th>
        </tr>
      </THead>
      <TBody>
        {rows.map((r) => {
          const category = r.category ?? r.name;
          return (
            <tr key={r.product_id ?? category ?? ""} data-testid="accuracy-row" data-product-id={r.product_id ?? undefined}>
              {isProduct && (
                <Td className="font-mono text-xs whitespace-nowrap">
                  {r.product_id ? (
                    <Link to={`/forecasts/products/${r.product_id}`} className="text-sky-700 hover:underline">{r.master_sku ?? `#${r.product_id}`}</Link>
                  ) : (r.master_sku ?? "—")}
                </Td>
              )}
              {isProduct && <Td className="font-medium">{r.name ?? "—"}</Td>}
              <Td>
                {isProduct || !category ? (
                  categoryLabel(r.category, lang)
                ) : (
                  <Link to={categoryPath(category)} className="text-sky-700 hover:underline">{categoryLabel(category, lang)}</Link>
                )}
              </Td>
              <Td className="whitespace-nowrap">{r.model ?? "—"}</Td>
              <MetricCells metrics={r.backtest} lang={lang} />
              <MetricCells metrics={r.live} lang={lang} />
              <Td className="text-right tabular-nums">{r.live_days || "—"}</Td>
              <MetricCells metrics={r.override} lang={lang} keys={["wape", "bias"]} />
            </tr>
          );
        })}
      </TBody>
    </Table>
  );
}

/** Every candidate model's pooled backtest accuracy in one run (RunDetail.models). */
function RunModels({ runId }: { runId: number }) {
  const t = useT();
  const [lang] = useLang();
  const run = useForecastRun(runId);
  if (run.isError) return <ErrorAlert error={run.error} onRetry={() => void run.refetch()} />;
  if (!run.data || run.data.models.length === 0) return null;
  return (
    <Card title={t("forecasts.accuracy.models", { id: runId })}>
      <Table data-testid="run-models">
        <THead>
          <tr>
            <Th>{t("forecasts.scores.model")}</Th>
            {METRIC_KEYS.map((k) => (
              <Th key={k} className="text-right">{t(`forecasts.metric.${k}`)}</Th>
            ))}
            <Th className="text-right">{t("forecasts.accuracy.fittedOn")}</Th>
            <Th className="text-right">{t("forecasts.accuracy.chosenFor")}</Th>
          </tr>
        </THead>
        <TBody>
          {run.data.models.map((m) => (
            <tr key={m.model} className={cn(m.selected && "bg-emerald-50")} data-testid="run-model-row"
              data-model={m.model} data-selected={m.selected ? "true" : "false"}>
              <Td className="font-medium whitespace-nowrap">
                {m.model}
                {m.selected && <Badge tone="success" className="ml-2">{t("forecasts.scores.selected")}</Badge>}
              </Td>
              {METRIC_KEYS.map((k) => (
                <Td key={k} className="text-right tabular-nums">{formatMetric(k, m[k], lang)}</Td>
              ))}
              <Td className="text-right tabular-nums">{m.products ?? "—"}</Td>
              <Td className="text-right tabular-nums">
                {run.data.model_counts?.[m.model] ?? 0}
                {run.data.products > 0 && (
                  <span className="ml-1 text-xs text-slate-500">
                    ({formatShare((run.data.model_counts?.[m.model] ?? 0) / run.data.products, lang)})
                  </span>
                )}
              </Td>
            </tr>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}
