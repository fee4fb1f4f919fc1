import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useLang, useT } from "../../../i18n";
import { Button, Card, ErrorAlert, Field, FieldMessage, Input } from "../../../components/ui";
import { formatDate, formatNumber } from "../../../lib/format";
import { ProductPicker } from "../../products/ProductPicker";
import { useWhatIf } from "../api";
import { formatQuantity } from "../model";
import type { WhatIfResult } from "../types";
import { toWhatIfBody, whatIfSchema, type WhatIfValues } from "./schemas";

/** What-if: "if I order N units of X today" — projected stock without and with the order. */
export function WhatIfPanel() {
  const t = useT();
  const whatIf = useWhatIf();
  const { register, handleSubmit, watch, setValue, formState: { errors } } = useForm<WhatIfValues>({
    resolver: zodResolver(whatIfSchema),
    defaultValues: { product: null, quantity: "", order_date: "" },
  });
  const product = watch("product");
  const onSubmit = handleSubmit((v) => whatIf.mutate(toWhatIfBody(v)));
  return (
    <Card title={t("orders.whatIf.title")} data-testid="what-if">
      <p className="mb-4 text-sm text-slate-600">{t("orders.whatIf.hint")}</p>
      <form onSubmit={onSubmit} noValidate className="grid grid-cols-1 items-start gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_auto]"
        data-testid="what-if-form">
        <div>
          <span className="mb-1 block text-sm font-medium text-slate-700">{t("stock.product")}<span className="ml-0.5 text-red-500">*</span></span>
          <ProductPicker value={product} invalid={!!errors.product} testId="what-if-product"
            onChange={(p) => setValue("product", p ? { id: p.id, master_sku: p.master_sku, name: p.name } : null, { shouldValidate: true })} />
          <FieldMessage message={errors.product?.message} />
        </div>
        <Field label={t("orders.whatIf.quantity")} error={errors.quantity?.message} required>
          {(id) => <Input id={id} inputMode="numeric" aria-invalid={!!errors.quantity} data-testid="what-if-quantity" {...register("quantity")} />}
        </Field>
        <Field label={t("orders.whatIf.orderDate")} error={errors.order_date?.message} hint={t("orders.whatIf.today")}>
          {(id) => <Input id={id} type="date" aria-invalid={!!errors.order_date} data-testid="what-if-date" {...register("order_date")} />}
        </Field>
        <div className="pt-6">
          <Button type="submit" disabled={whatIf.isPending} data-testid="what-if-submit">
            {whatIf.isPending ? t("common.loading") : t("orders.whatIf.submit")}
          </Button>
        </div>
      </form>
      <ErrorAlert error={whatIf.error} className="mt-3" />
      {whatIf.data && <WhatIfResultView result={whatIf.data} />}
    </Card>
  );
}

function WhatIfResultView({ result: r }: { result: WhatIfResult }) {
  const t = useT();
  const [lang] = useLang();
  const dos = (v: number | null) => (v === null ? t("orders.whatIf.noDemand") : t("orders.whatIf.daysValue", { n: formatQuantity(v, lang, 1) }));
  const rows = r.days.map((d) => ({ day: d.day, without: d.without, with: d.with }));
  return (
    <div className="mt-5 space-y-4" data-testid="what-if-result">
      <p className="text-sm text-slate-700">
        {t("orders.whatIf.summary", {
          qty: formatNumber(r.quantity, lang), sku: r.master_sku, name: r.product_name, order: formatDate(r.order_date),
          arrival: formatDate(r.arrival_date), lead: r.lead_time_days,
        })}
      </p>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-5">
        <Stat label={t("product.onHand")} value={formatNumber(r.on_hand, lang)} />
        <Stat label={t("orders.whatIf.dosWithout")} value={dos(r.days_of_supply_without)} testId="what-if-dos-without" />
        <Stat label={t("orders.whatIf.dosWith")} value={dos(r.days_of_supply_with)} testId="what-if-dos-with" />
        <Stat label={t("orders.whatIf.stockoutWithout")} value={r.stockout_date_without ? formatDate(r.stockout_date_without) : t("orders.whatIf.noStockout")} />
        <Stat label={t("orders.whatIf.stockoutWith")} value={r.stockout_date_with ? formatDate(r.stockout_date_with) : t("orders.whatIf.noStockout")} />
      </dl>
      <div className="h-72 w-full" data-testid="what-if-chart" data-days={rows.length}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 12, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="day" tick={{ fontSize: 11 }} tickFormatter={(d: string) => d.slice(5)} minTickGap={24} />
            <YAxis width={56} tick={{ fontSize: 11 }} tickFormatter={(v: number) => formatQuantity(v, lang, 0)} />
            <Tooltip formatter={(v) => formatQuantity(Number(v), lang, 1)} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <ReferenceLine y={0} stroke="#94a3b8" />
            <ReferenceLine x={r.arrival_date} stroke="#16a34a" strokeDasharray="4 3"
              label={{ value: t("orders.whatIf.arrival"), position: "insideTopRight", fontSize: 11, fill: "#166534" }} />
            <Line dataKey="without" name={t("orders.whatIf.without")} stroke="#dc2626" strokeWidth={2} dot={false} isAnimationActive={false} />
            <Line dataKey="with" name={t("orders.whatIf.with")} stroke="#0369a1" strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      {r.scheduled_receipts.length > 0 && (
        <p className="text-xs text-slate-500">
          {t("orders.whatIf.receipts")}{" "}
          {r.scheduled_receipts.map((s) => `${formatDate(s.expected_on)} +${formatNumber(s.quantity, lang)}${s.counted ? "" : ` (${t("orders.whatIf.notCounted")})`}`).join(", ")}
        </p>
      )}
      {r.forecast_overridden && <p className="text-xs text-amber-700">{t("orders.whatIf.overridden")}</p>}
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 font-semibold text-slate-900 tabular-nums" data-testid={testId}>{value}</dd>
    </div>
  );
}
