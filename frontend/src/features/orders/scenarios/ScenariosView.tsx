import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useLang, useT, type Lang } from "../../../i18n";
import type { Job } from "../../../client/types";
import { Badge, Button, Card, EmptyState, ErrorAlert, Field, Input, ProgressBar, Spinner } from "../../../components/ui";
import { Table, TBody, Td, Th, THead } from "../../../components/table";
import { formatDate, formatDateTime, formatNumber } from "../../../lib/format";
import { cn } from "../../../lib/cn";
import { useCurrentUser } from "../../auth/context";
import { isJobDone, useJob } from "../../jobs/api";
import { isNoScenario, planningKeys, SCENARIO_JOB, useLatestScenario, useRecentJobs, useStartScenarios } from "../api";
import { canOperate, formatMoney, formatPercent, formatQuantity } from "../model";
import type { ScenarioPolicy, ScenarioResult } from "../types";
import { bestPolicy, curveRows, inventorySaving, METRICS, POLICY_COLORS, POLICY_KEYS, type MetricKey } from "./model";
import { SCENARIO_DEFAULTS, scenarioSchema, toScenarioBody, type ScenarioValues } from "./schemas";
import { WhatIfPanel } from "./WhatIfPanel";

/** 시나리오: replay past demand through our policy and two baselines; what-if one order. */
export function ScenariosView() {
  const latest = useLatestScenario();
  return (
    <div className="space-y-5" data-testid="scenarios">
      <RunCard />
      {latest.isPending ? (
        <Spinner />
      ) : isNoScenario(latest.error) ? (
        <NoResult />
      ) : latest.error ? (
        <ErrorAlert error={latest.error} onRetry={() => void latest.refetch()} />
      ) : latest.data ? (
        <ResultView result={latest.data} />
      ) : null}
      <WhatIfPanel />
    </div>
  );
}

function NoResult() {
  const t = useT();
  return <EmptyState><span data-testid="scenario-empty">{t("orders.scenario.empty")}</span></EmptyState>;
}

/** The failure of a job: its localized detail when the worker stored one. */
function jobError(job: Job | undefined, lang: Lang): string | null {
  if (!job || job.status !== "failed") return null;
  const detail = (job.result as { detail?: Record<string, string> } | null)?.detail;
  return detail?.[lang] ?? job.message ?? "";
}

function RunCard() {
  const t = useT();
  const [lang] = useLang();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const canRun = canOperate(me.role);
  const start = useStartScenarios();
  const recent = useRecentJobs();
  const [jobId, setJobId] = useState<number | null>(null);
  // a replay started before this page was opened (or by someone else) is followed too
  const running = recent.data?.find((j) => j.kind === SCENARIO_JOB && !isJobDone(j));
  const followed = jobId ?? running?.id ?? null;
  const job = useJob(followed);
  const done = isJobDone(job.data);
  const active = followed !== null && !done;
  useEffect(() => {
    if (done) {
      void qc.invalidateQueries({ queryKey: planningKeys.scenarios });
      void qc.invalidateQueries({ queryKey: ["jobs", "recent"] });
    }
  }, [done, qc]);
  const { register, handleSubmit, formState: { errors } } = useForm<ScenarioValues>({
    resolver: zodResolver(scenarioSchema),
    defaultValues: SCENARIO_DEFAULTS,
  });
  const onSubmit = handleSubmit((v) => start.mutate(toScenarioBody(v), { onSuccess: (j) => setJobId(j.id) }));
  const failure = jobError(job.data, lang);

  return (
    <Card title={t("orders.scenario.runTitle")} data-testid="scenario-run">
      <p className="mb-4 text-sm text-slate-600">{t("orders.scenario.runHint")}</p>
      {canRun ? (
        <form onSubmit={onSubmit} noValidate className="grid grid-cols-1 items-start gap-4 sm:grid-cols-4" data-testid="scenario-form">
          <Field label={t("orders.scenario.targetLevel")} error={errors.service_level?.message} hint={t("orders.scenario.targetLevelHint")}>
            {(id) => <Input id={id} inputMode="decimal" placeholder={t("orders.scenario.tenantLevel")} disabled={active}
              aria-invalid={!!errors.service_level} data-testid="scenario-level" {...register("service_level")} />}
          </Field>
          <Field label={t("orders.scenario.leadTime")} error={errors.lead_time_days?.message} hint={t("orders.scenario.leadTimeHint")}>
            {(id) => <Input id={id} inputMode="numeric" placeholder={t("orders.scenario.ownLeadTime")} disabled={active}
              aria-invalid={!!errors.lead_time_days} data-testid="scenario-lead-time" {...register("lead_time_days")} />}
          </Field>
          <Field label={t("orders.scenario.days")} error={errors.days?.message} hint={t("orders.scenario.daysHint")}>
            {(id) => <Input id={id} inputMode="numeric" disabled={active} aria-invalid={!!errors.days}
              data-testid="scenario-days" {...register("days")} />}
          </Field>
          <div className="pt-6">
            <Button type="submit" disabled={active || start.isPending} data-testid="scenario-start">
              {active || start.isPending ? t("orders.scenario.running") : t("orders.scenario.start")}
            </Button>
          </div>
        </form>
      ) : (
        <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-600" data-testid="scenario-read-only">{t("orders.scenario.readOnly")}</p>
      )}
      <ErrorAlert error={start.error} className="mt-3" />
      {active && (
        <div className="mt-4" data-testid="scenario-progress">
          <ProgressBar value={job.data?.progress ?? 0}
            label={job.data?.status === "running" ? t("orders.scenario.progress") : t("orders.scenario.queued")} />
        </div>
      )}
      {failure !== null && (
        <div role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="scenario-failed">
          {t("orders.scenario.failed")} {failure}
        </div>
      )}
    </Card>
  );
}

function ResultView({ result }: { result: ScenarioResult }) {
  const t = useT();
  const [lang] = useLang();
  const saving = inventorySaving(result.curve, result.service_level);
  return (
    <>
      <Card title={t("orders.scenario.resultTitle")} data-testid="scenario-result"
        actions={<span className="text-xs text-slate-500">{formatDateTime(result.finished_at ?? result.created_at, lang)}</span>}>
        <p className="mb-3 text-sm text-slate-600" data-testid="scenario-meta">
          {t("orders.scenario.meta", {
            start: formatDate(result.window_start), end: formatDate(result.window_end), days: result.days,
            products: formatNumber(result.products, lang), level: formatPercent(result.service_level, lang),
          })}
        </p>
        {saving !== null && (
          <p className={cn("mb-3 text-sm font-medium", saving > 0 ? "text-emerald-700" : "text-amber-700")} data-testid="scenario-saving">
            {saving > 0
              ? t("orders.scenario.saving", { pct: formatPercent(saving, lang), level: formatPercent(result.service_level, lang, 0) })
              : t("orders.scenario.noSaving", { pct: formatPercent(-saving, lang), level: formatPercent(result.service_level, lang, 0) })}
          </p>
        )}
        <PoliciesTable policies={result.policies} lang={lang} />
        <p className="mt-2 text-xs text-slate-500">
          {t("orders.scenario.notes", { priced: formatNumber(result.priced_products, lang), forecaster: result.forecaster })}
        </p>
        {result.skipped.length > 0 && (
          <details className="mt-3 text-sm" data-testid="scenario-skipped">
            <summary className="cursor-pointer text-slate-700">{t("orders.scenario.skipped", { n: result.skipped.length })}</summary>
            <ul className="mt-2 space-y-0.5 text-slate-600">
              {result.skipped.map((s) => (
                <li key={s.product_id}><span className="font-mono text-xs">{s.master_sku}</span> {s.product_name} — {lang === "ko" ? s.ko : s.en}</li>
              ))}
            </ul>
          </details>
        )}
      </Card>
      <Card title={t("orders.scenario.curveTitle")} data-testid="scenario-curve-card">
        <p className="mb-3 text-sm text-slate-600">{t("orders.scenario.curveHint")}</p>
        <CurveChart result={result} />
      </Card>
    </>
  );
}

function metricValue(p: ScenarioPolicy, metric: MetricKey, lang: Lang): string {
  switch (metric) {
    case "fill_rate":
    case "stockout_rate":
      return formatPercent(p[metric], lang);
    case "avg_inventory_value":
    case "holding_cost":
      return formatMoney(p[metric], lang);
    case "orders":
      return formatNumber(p.orders, lang);
    default:
      return formatQuantity(p[metric], lang, 1);
  }
}

function PoliciesTable({ policies, lang }: { policies: readonly ScenarioPolicy[]; lang: Lang }) {
  const t = useT();
  const ordered = POLICY_KEYS.map((k) => policies.find((p) => p.key === k)).filter((p): p is ScenarioPolicy => !!p);
  return (
    <Table data-testid="scenario-policies">
      <THead>
        <tr>
          <Th>{t("orders.scenario.metric")}</Th>
          {ordered.map((p) => (
            <Th key={p.key} className="text-right" data-testid="scenario-policy-head">
              <span className="inline-flex items-center gap-1.5">
                <span className="inline-block h-2 w-2 rounded-full" style={{ background: POLICY_COLORS[p.key] }} />
                {lang === "ko" ? p.label_ko : p.label_en}
              </span>
            </Th>
          ))}
        </tr>
      </THead>
      <TBody>
        {METRICS.map((metric) => {
          const best = bestPolicy(ordered, metric);
          return (
            <tr key={metric} data-testid="scenario-metric-row" data-metric={metric}>
              <Td className="text-slate-700">{t(`orders.scenario.metric.${metric}`)}</Td>
              {ordered.map((p) => (
                <Td key={p.key} className={cn("text-right tabular-nums", best === p.key && "font-semibold text-emerald-700")}
                  data-testid={`scenario-${metric}-${p.key}`}>
                  {metricValue(p, metric, lang)}
                  {best === p.key && <Badge tone="success" className="ml-1.5">{t("orders.scenario.best")}</Badge>}
                </Td>
              ))}
            </tr>
          );
        })}
      </TBody>
    </Table>
  );
}

function CurveChart({ result }: { result: ScenarioResult }) {
  const t = useT();
  const [lang] = useLang();
  const rows = curveRows(result.curve);
  const keys = POLICY_KEYS.filter((k) => result.curve.some((p) => p.key === k));
  const label = (k: string) => {
    const p = result.policies.find((x) => x.key === k);
    return p ? (lang === "ko" ? p.label_ko : p.label_en) : k;
  };
  if (rows.length === 0) return <EmptyState>{t("orders.scenario.noCurve")}</EmptyState>;
  return (
    <div className="h-72 w-full" data-testid="scenario-curve" data-points={rows.length}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 12, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="target" type="number" domain={["dataMin", "dataMax"]} tick={{ fontSize: 11 }}
            tickFormatter={(v: number) => formatPercent(v, lang, 0)} ticks={rows.map((r) => r.target)}
            label={{ value: t("orders.scenario.axisTarget"), position: "insideBottom", offset: -2, fontSize: 11 }} height={40} />
          <YAxis width={64} tick={{ fontSize: 11 }} tickFormatter={(v: number) => formatQuantity(v, lang, 0)}
            domain={["auto", "auto"]}
            label={{ value: t("orders.scenario.axisInventory"), angle: -90, position: "insideLeft", fontSize: 11 }} />
          <Tooltip labelFormatter={(v) => formatPercent(Number(v), lang, 1)}
            formatter={(v, name) => [v === null || v === undefined ? t("orders.scenario.notReached") : formatQuantity(Number(v), lang, 1), name]} />
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12, paddingBottom: 8 }} />
          {keys.map((k) => (
            <Line key={k} dataKey={k} name={label(k)} stroke={POLICY_COLORS[k]} strokeWidth={k === "smartstock" ? 2.5 : 1.5}
              dot isAnimationActive={false} connectNulls={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
