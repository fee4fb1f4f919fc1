import type { ReactNode } from "react";
import { useLang, useT } from "../../../i18n";
import { formatDate, formatNumber } from "../../../lib/format";
import { formatMoney, formatPercent, formatQuantity } from "../model";
import type { Recommendation } from "../types";
import { codeLabel, warningText } from "./labels";

/** The expanded row: each number explained in one line, and the policy and inputs behind them. */
export function RecommendationDetail({ r }: { r: Recommendation }) {
  const t = useT();
  const [lang] = useLang();
  const explain = lang === "ko" ? r.explain_ko : r.explain_en;
  const label = (prefix: string, value: string) => codeLabel(t, prefix, value);
  const source = r.service_level_source.startsWith("abc:")
    ? t("orders.levelSource.abc", { cls: r.service_level_source.slice(4) })
    : label("orders.levelSource", r.service_level_source);
  const q = (v: number | null, digits = 1) => formatQuantity(v, lang, digits);
  return (
    <div className="max-w-5xl space-y-3" data-testid="rec-detail">
      <div>
        {r.problem && (
          <p className="mb-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="rec-problem-text">
            {lang === "ko" ? r.problem.ko : r.problem.en}
          </p>
        )}
        {explain.length > 0 ? (
          <ul className="space-y-1 text-sm text-slate-800" data-testid="rec-explain">
            {explain.map((line, i) => (
              <li key={i} className="font-mono text-[13px] leading-5" data-testid="rec-explain-line">{line}</li>
            ))}
          </ul>
        ) : (
          !r.problem && <p className="text-sm text-slate-500">{t("orders.rec.noExplain")}</p>
        )}
        {r.warnings.length > 0 && (
          <ul className="mt-2 list-disc space-y-0.5 pl-5 text-sm text-amber-800" data-testid="rec-warning-list">
            {r.warnings.map((w) => <li key={w}>{warningText(w, t)}</li>)}
          </ul>
        )}
      </div>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1.5 text-xs sm:grid-cols-4 lg:grid-cols-6">
        <Fact label={t("orders.policy.method")} value={label("orders.method", r.method)} />
        <Fact label={t("orders.policy.measure")} value={label("orders.measure", r.service_measure)} />
        <Fact label={t("orders.policy.serviceLevel")} value={`${formatPercent(r.service_level, lang)} (${source})`} />
        <Fact label={t("orders.policy.orderRule")} value={label("orders.rule", r.order_rule)} />
        <Fact label={t("orders.policy.reviewPeriod")} value={t("common.days", { n: r.review_period_days })} />
        <Fact label={t("orders.rec.z")} value={formatQuantity(r.safety_factor, lang, 2)} />
        <Fact label={t("orders.rec.mu")} value={q(r.mu, 2)} />
        <Fact label={t("orders.rec.sigma")} value={q(r.sigma, 2)} />
        <Fact label={t("orders.rec.leadTime")} value={
          r.lead_time_days === null ? "—" : `${t("common.days", { n: r.lead_time_days })}${r.lead_time_sd > 0 ? ` ± ${q(r.lead_time_sd)}` : ""}`
            + (r.lead_time_source ? ` (${label("orders.leadSource", r.lead_time_source)})` : "")
        } />
        {r.lead_time_observed !== null && (
          <Fact label={t("orders.rec.leadTimeObserved")} value={t("common.days", { n: q(r.lead_time_observed) })} />
        )}
        <Fact label={t("orders.rec.ltdMean")} value={q(r.lead_time_demand)} />
        <Fact label={t("orders.rec.targetStock")} value={q(r.target_stock, 0)} />
        <Fact label={t("orders.rec.eoq")} value={q(r.eoq, 0)} />
        <Fact label={`MOQ / ${t("product.packSize")}`} value={`${formatNumber(r.moq, lang)} / ${formatNumber(r.pack_size, lang)}`} />
        <Fact label={t("orders.po.unitCost")} value={formatMoney(r.unit_cost, lang)} />
        <Fact label={t("orders.po.amount")} value={formatMoney(r.amount, lang)} />
        <Fact label={t("orders.rec.dosNow")} value={q(r.days_of_supply, 0)} />
        <Fact label={t("orders.rec.stockout")} value={formatDate(r.stockout_date)} />
        <Fact label={t("orders.rec.excess")} value={q(r.excess, 0)} />
        {r.forecast_overridden && <Fact label={t("orders.rec.forecast")} value={t("forecasts.overridden")} />}
      </dl>
    </div>
  );
}

function Fact({ label, value }: { label: ReactNode; value: ReactNode }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="font-medium text-slate-900 tabular-nums">{value}</dd>
    </div>
  );
}
