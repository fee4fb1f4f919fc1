import { Fragment } from "react";
import { Link } from "react-router-dom";
import { useLang, useT } from "../../i18n";
import { Badge, Card, EmptyState, ErrorAlert, Spinner } from "../../components/ui";
import { Pagination, Table, TBody, Td, Th, THead } from "../../components/table";
import { formatDate, formatDateTime, formatNumber } from "../../lib/format";
import { pageFrom, useUrlFilters } from "../../lib/url";
import { cn } from "../../lib/cn";
import { useForecastRuns } from "./api";
import { formatShare, messageText, RUN_STATUS_TONE } from "./model";

const FILTERS = ["runs_page"] as const;
const PAGE_SIZE = 20;

/** Every run: status, trigger, who and when, accuracy, model version, MLflow run, data lineage. */
export function RunsHistory() {
  const t = useT();
  const [lang] = useLang();
  const [f, setF] = useUrlFilters(FILTERS, "runs_page");
  const runs = useForecastRuns({ page: pageFrom(f.runs_page), page_size: PAGE_SIZE });

  return (
    <Card title={t("forecasts.runs.title")} data-testid="forecast-runs">
      <ErrorAlert error={runs.error} onRetry={() => void runs.refetch()} className="mb-3" />
      {runs.isPending ? (
        <Spinner />
      ) : runs.data && runs.data.items.length === 0 ? (
        <EmptyState>{t("forecasts.runs.empty")}</EmptyState>
      ) : runs.data ? (
        <>
          <Table data-testid="forecast-runs-table" className={cn(runs.isPlaceholderData && "opacity-60")}>
            <THead>
              <tr>
                <Th>#</Th>
                <Th>{t("forecasts.runs.status")} · {t("forecasts.runs.trigger")}</Th>
                <Th>{t("forecasts.runs.by")}</Th>
                <Th>{t("forecasts.runs.at")}</Th>
                <Th className="text-right">{t("forecasts.latest.products")}</Th>
                <Th className="text-right">{t("forecasts.runs.wape")}</Th>
                <Th className="text-right">{t("forecasts.runs.liveWape")}</Th>
                <Th>{t("forecasts.runs.history")}</Th>
                <Th>{t("forecasts.runs.tracking")}</Th>
                <Th>{t("forecasts.runs.uploads")}</Th>
              </tr>
            </THead>
            <TBody>
              {runs.data.items.map((r) => (
                <Fragment key={r.id}>
                  <tr data-testid="forecast-run-row" data-run-id={r.id} data-status={r.status}>
                    <Td className="tabular-nums">{r.id}</Td>
                    <Td className="whitespace-nowrap">
                      <Badge tone={RUN_STATUS_TONE[r.status]} data-testid="forecast-run-status">
                        {t(`forecasts.status.${r.status}`)}
                      </Badge>
                      <span className="block text-xs text-slate-500" data-testid="forecast-run-trigger">
                        {t(`forecasts.trigger.${r.trigger}`)}
                      </span>
                    </Td>
                    <Td className="whitespace-nowrap">{r.created_by_name || "—"}</Td>
                    <Td className="whitespace-nowrap tabular-nums">
                      {formatDateTime(r.created_at, lang)}
                      {r.finished_at && (
                        <span className="block text-xs text-slate-500">
                          {t("forecasts.runs.finished", { when: formatDateTime(r.finished_at, lang) })}
                        </span>
                      )}
                    </Td>
                    <Td className="text-right tabular-nums">{r.products ? formatNumber(r.products, lang) : "—"}</Td>
                    <Td className="text-right tabular-nums">{formatShare(r.metrics?.wape, lang)}</Td>
                    <Td className="text-right tabular-nums">{formatShare(r.live_metrics?.wape, lang)}</Td>
                    <Td className="whitespace-nowrap text-xs tabular-nums">
                      {r.history_start ? `${formatDate(r.history_start)} ~ ${formatDate(r.history_end)}` : "—"}
                    </Td>
                    <Td className="text-xs" data-testid="forecast-run-tracking">
                      {r.model_version || r.mlflow_run_id ? (
                        <>
                          <span className="whitespace-nowrap">{t("forecasts.runs.version", { version: r.model_version ?? "—" })}</span>
                          {r.mlflow_run_id && (
                            <span className="block max-w-[9rem] truncate font-mono text-slate-500"
                              title={`${t("forecasts.runs.mlflow")}: ${r.mlflow_run_id}`}>
                              {r.mlflow_run_id}
                            </span>
                          )}
                        </>
                      ) : (
                        "—"
                      )}
                    </Td>
                    <Td className="text-xs" data-testid="forecast-run-uploads">
                      {r.upload_ids && r.upload_ids.length > 0
                        ? r.upload_ids.map((id, i) => (
                            <span key={id}>
                              {i > 0 && ", "}
                              <Link to={`/uploads/${id}`} className="text-sky-700 hover:underline">#{id}</Link>
                            </span>
                          ))
                        : "—"}
                    </Td>
                  </tr>
                  {r.status === "failed" && r.error && (
                    <tr data-testid="forecast-run-error">
                      <Td colSpan={10} className="bg-red-50 text-xs text-red-700">{messageText(r.error, lang)}</Td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </TBody>
          </Table>
          <Pagination page={runs.data.page} pageSize={runs.data.page_size} total={runs.data.total}
            onPage={(p) => setF({ runs_page: p })} testId="forecast-runs-pagination" />
        </>
      ) : null}
    </Card>
  );
}
