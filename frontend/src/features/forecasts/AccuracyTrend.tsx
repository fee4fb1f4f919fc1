import { useMemo } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useLang, useT } from "../../i18n";
import type { AccuracyRow } from "../../client/types";
import { accuracyTrendRows, formatShare } from "./model";

const COLORS = { backtest: "#0369a1", live: "#dc2626" };

/** Backtest vs live WAPE per run (solid) and p10–p90 coverage (dashed), oldest run first. */
export function AccuracyTrend({ rows }: { rows: readonly AccuracyRow[] }) {
  const t = useT();
  const [lang] = useLang();
  const data = useMemo(() => accuracyTrendRows(rows), [rows]);
  const pct = (v: unknown) => formatShare(typeof v === "number" ? v : Number(v), lang);
  return (
    <div className="h-72 w-full" data-testid="accuracy-trend" data-runs={data.length}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 12, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis width={52} tick={{ fontSize: 11 }} tickFormatter={(v: number) => pct(v)} />
          <Tooltip
            labelFormatter={(label, payload) => {
              const day = payload[0]?.payload as { day?: string } | undefined;
              return day?.day ? `${String(label)} · ${day.day}` : String(label);
            }}
            formatter={(value) => pct(value)}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line dataKey="backtestWape" name={t("forecasts.accuracy.backtestWape")} stroke={COLORS.backtest}
            strokeWidth={2} isAnimationActive={false} connectNulls />
          <Line dataKey="liveWape" name={t("forecasts.accuracy.liveWape")} stroke={COLORS.live}
            strokeWidth={2} isAnimationActive={false} connectNulls />
          <Line dataKey="backtestCoverage" name={t("forecasts.accuracy.backtestCoverage")} stroke={COLORS.backtest}
            strokeDasharray="5 4" isAnimationActive={false} connectNulls />
          <Line dataKey="liveCoverage" name={t("forecasts.accuracy.liveCoverage")} stroke={COLORS.live}
            strokeDasharray="5 4" isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
