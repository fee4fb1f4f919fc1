import { useState } from "react";
import { useLang, useT } from "../../i18n";
import type { ForecastRun, Job } from "../../client/types";
import { Badge, Button, Card, ErrorAlert, ProgressBar, Select } from "../../components/ui";
import { formatDate, formatDateTime, formatNumber } from "../../lib/format";
import { useCurrentUser } from "../auth/context";
import { can } from "../auth/roles";
import { useStartRun } from "./api";
import {
  DEFAULT_HORIZON,
  formatRatio,
  formatShare,
  HORIZONS,
  latestSucceeded,
  messageText,
  modelMix,
  runPhase,
  type Horizon,
} from "./model";

/** Horizon select + "예측 실행" (hidden for viewers). Disabled while a run is active. */
export function RunControls({ active, withHorizon = true, testId = "forecast-run" }: {
  active: boolean;
  withHorizon?: boolean;
  testId?: string;
}) {
  const t = useT();
  const me = useCurrentUser();
  const start = useStartRun();
  const [horizon, setHorizon] = useState<Horizon>(DEFAULT_HORIZON);
  if (!can(me.role, "forecast")) {
    return withHorizon ? (
      <span className="text-sm text-slate-500" data-testid="forecast-read-only">{t("forecasts.run.readOnly")}</span>
    ) : null;
  }
  const busy = active || start.isPending;
  return (
    <div className="flex flex-col items-end gap-1.5">
      <div className="flex items-center gap-2">
        {withHorizon && (
          <Select
            value={horizon}
            onChange={(e) => setHorizon(Number(e.target.value) as Horizon)}
            className="w-32"
            aria-label={t("forecasts.run.horizon")}
            title={t("forecasts.run.horizon")}
            disabled={busy}
            data-testid="forecast-horizon"
          >
            {HORIZONS.map((h) => (
              <option key={h} value={h}>{t("forecasts.run.horizonOption", { n: h })}</option>
            ))}
          </Select>
        )}
        <Button
          onClick={() => start.mutate({ horizon: withHorizon ? horizon : DEFAULT_HORIZON, trigger: "manual" })}
          disabled={busy}
          data-testid={testId}
        >
          {busy ? t("forecasts.run.running") : t("forecasts.run.button")}
        </Button>
      </div>
      <ErrorAlert error={start.error} className="max-w-md" />
    </div>
  );
}

/** The active run's progress (its job, polled). */
export function RunProgress({ run, job }: { run: ForecastRun; job: Job | undefined }) {
  const t = useT();
  const phase = runPhase(job ?? (run.status === "running" ? { status: "running", progress: 0 } : undefined));
  return (
    <Card data-testid="forecast-progress">
      <p className="mb-2 text-sm font-medium text-slate-700">
        {t("forecasts.progress.title", { id: run.id, horizon: run.horizon })}
      </p>
      <ProgressBar value={phase.percent} label={t(phase.label)} />
    </Card>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm font-semibold text-slate-900 tabular-nums" data-testid={testId}>{value}</dd>
    </div>
  );
}

/** The newest succeeded run: when, who, what it learned from, its backtest accuracy, the model mix. */
export function LatestRunSummary({ runs }: { runs: readonly ForecastRun[] }) {
  const t = useT();
  const [lang] = useLang();
  const latest = latestSucceeded(runs);
  const newest = runs[0];
  const failed = newest?.status === "failed" && (!latest || newest.id > latest.id) ? newest : null;
  if (!latest && !failed) return null;
  const mix = latest ? modelMix(latest.model_counts) : [];
  return (
    <div className="space-y-3">
      {failed && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700"
          data-testid="forecast-last-failed">
          {t("forecasts.latest.failed", { id: failed.id, when: formatDateTime(failed.created_at, lang) })}
          {failed.error && <span className="ml-1" data-testid="forecast-last-error">{messageText(failed.error, lang)}</span>}
        </div>
      )}
      {latest && (
        <Card data-testid="forecast-latest-run"
          title={t("forecasts.latest.title")}
          actions={
            <span className="text-xs text-slate-500" data-testid="forecast-latest-meta">
              {t("forecasts.latest.meta", {
                id: latest.id,
                when: formatDateTime(latest.finished_at ?? latest.created_at, lang),
                who: latest.created_by_name || "—",
              })}{" "}
              <Badge tone="neutral" className="ml-1">{t(`forecasts.trigger.${latest.trigger}`)}</Badge>
            </span>
          }>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-4 lg:grid-cols-8">
            <Stat label={t("forecasts.latest.products")} value={formatNumber(latest.products, lang)} testId="forecast-latest-products" />
            <Stat label={t("forecasts.latest.horizon")} value={t("forecasts.run.horizonOption", { n: latest.horizon })} />
            <Stat label={t("forecasts.latest.history")}
              value={`${formatDate(latest.history_start)} ~ ${formatDate(latest.history_end)}`} />
            <Stat label={t("forecasts.latest.wape")} value={formatShare(latest.metrics?.wape, lang)} testId="forecast-latest-wape" />
            <Stat label={t("forecasts.latest.mase")} value={formatRatio(latest.metrics?.mase, lang)} />
            <Stat label={t("forecasts.latest.coverage")} value={formatShare(latest.metrics?.coverage, lang)} />
            <Stat label={t("forecasts.latest.liveWape")} value={formatShare(latest.live_metrics?.wape, lang)} />
            <Stat label={t("forecasts.latest.modelVersion")} value={latest.model_version ?? "—"} />
          </dl>
          {mix.length > 0 && (
            <div className="mt-4" data-testid="forecast-model-mix">
              <p className="mb-1.5 text-xs text-slate-500">{t("forecasts.latest.modelMix")}</p>
              <div className="flex h-2.5 overflow-hidden rounded-full bg-slate-100">
                {mix.map((m, i) => (
                  <div key={m.model} className={MIX_COLORS[i % MIX_COLORS.length]} style={{ width: `${m.share * 100}%` }}
                    title={`${m.model}: ${m.count}`} />
                ))}
              </div>
              <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
                {mix.map((m, i) => (
                  <li key={m.model} className="inline-flex items-center gap-1.5" data-testid="forecast-model-mix-item">
                    <span className={`inline-block h-2 w-2 rounded-full ${MIX_COLORS[i % MIX_COLORS.length]}`} />
                    <span className="font-medium text-slate-800">{m.model}</span>
                    <span className="tabular-nums">{formatNumber(m.count, lang)} ({formatShare(m.share, lang)})</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </Card>
      )}
    </div>
  );
}

const MIX_COLORS = ["bg-sky-600", "bg-emerald-500", "bg-amber-500", "bg-violet-500", "bg-rose-500", "bg-teal-500", "bg-slate-500", "bg-lime-500"];
