import { useMemo } from "react";
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useLang, useT } from "../../i18n";
import type { ForecastDay, HistoryDay } from "../../client/types";
import { EmptyState } from "../../components/ui";
import { buildFanChart, formatQty, stockoutSpans } from "./model";

const COLORS = {
  actual: "#334155",
  stockout: "#dc2626",
  band: "#7dd3fc",
  mean: "#0369a1",
  p50: "#0ea5e9",
  override: "#d97706",
  start: "#64748b",
};

/**
 * History (actual sales, stock-out days as red dots) followed by the forecast: the p10–p90 band,
 * the mean, the median (dashed) and, where people overrode it, the quantity that planning uses.
 */
export function FanChart({ history, forecast }: { history: readonly HistoryDay[]; forecast: readonly ForecastDay[] }) {
  const t = useT();
  const [lang] = useLang();
  const { rows, forecastStart } = useMemo(() => buildFanChart(history, forecast), [history, forecast]);
  const hasOverride = rows.some((r) => r.override !== null);
  const spans = useMemo(() => stockoutSpans(rows), [rows]);
  if (rows.length === 0) return <EmptyState>{t("forecasts.chart.empty")}</EmptyState>;
  const qty = (v: unknown) => formatQty(typeof v === "number" ? v : Number(v), lang);

  return (
    <div className="h-80 w-full" data-testid="forecast-chart" data-rows={rows.length} data-forecast-start={forecastStart ?? ""}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={rows} margin={{ top: 16, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} minTickGap={28} tick={{ fontSize: 11 }} />
          <YAxis width={48} tick={{ fontSize: 11 }} tickFormatter={(v: number) => qty(v)} />
          <Tooltip
            labelFormatter={(label) => String(label)}
            formatter={(value) => (Array.isArray(value) ? value.map(qty).join("–") : qty(value))}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Area dataKey="band" name={t("forecasts.chart.band")} stroke="none" fill={COLORS.band} fillOpacity={0.35}
            isAnimationActive={false} connectNulls={false} activeDot={false} />
          <Line dataKey="actual" name={t("forecasts.chart.actual")} stroke={COLORS.actual} strokeWidth={1.5}
            dot={false} isAnimationActive={false} connectNulls={false} />
          {spans.map((s) => (
            <ReferenceArea key={s.start} x1={s.start} x2={s.end} fill={COLORS.stockout} fillOpacity={0.08} ifOverflow="hidden" />
          ))}
          {spans.length > 0 && (
            // the dots only: the line itself is not drawn (strokeWidth 0), its colour is the legend's
            <Line dataKey="stockout" name={t("forecasts.chart.stockout")} stroke={COLORS.stockout} strokeWidth={0}
              legendType="circle"
              dot={{ r: 3, fill: COLORS.stockout, stroke: COLORS.stockout }} activeDot={false}
              isAnimationActive={false} connectNulls={false} />
          )}
          <Line dataKey="mean" name={t("forecasts.chart.mean")} stroke={COLORS.mean} strokeWidth={2} dot={false}
            isAnimationActive={false} connectNulls={false} />
          <Line dataKey="p50" name={t("forecasts.chart.p50")} stroke={COLORS.p50} strokeWidth={1.5}
            strokeDasharray="5 4" dot={false} isAnimationActive={false} connectNulls={false} />
          {hasOverride && (
            <Line dataKey="override" name={t("forecasts.chart.override")} stroke={COLORS.override} strokeWidth={2.5}
              type="stepAfter" dot={false} isAnimationActive={false} connectNulls={false} />
          )}
          {forecastStart && (
            <ReferenceLine x={forecastStart} stroke={COLORS.start} strokeDasharray="4 3"
              label={{ value: t("forecasts.chart.start"), position: "insideTopLeft", fontSize: 11, fill: COLORS.start }} />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
