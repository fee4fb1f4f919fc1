import { Link } from "react-router-dom";
import { useLang, useT } from "../../../i18n";
import { Badge, Card, EmptyState, ErrorAlert, Select, Spinner } from "../../../components/ui";
import { Table, TBody, Td, Th, THead } from "../../../components/table";
import { useUrlFilters } from "../../../lib/url";
import { formatDate, formatNumber, formatSigned } from "../../../lib/format";
import { cn } from "../../../lib/cn";
import { useHumanAi } from "../api";
import { formatPercent, formatQuantity } from "../model";
import type { HumanAiLine, HumanAiReport } from "../types";
import { filterLines, VERDICT_TONES, VERDICTS } from "./model";

const FILTERS = ["verdict", "changed"] as const;

/** 사람 vs AI: the AI's proposals against the final quantities, scored on what happened next. */
export function HumanAiView() {
  const t = useT();
  const report = useHumanAi();
  const [f, setF] = useUrlFilters(FILTERS);
  if (report.isPending) return <Spinner />;
  if (!report.data) return <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />;
  const lines = filterLines(report.data.lines, f.verdict, f.changed === "1");
  return (
    <div className="space-y-5" data-testid="human-ai">
      <p className="text-sm text-slate-600">{t("orders.humanAi.hint")}</p>
      <SummaryCards report={report.data} />
      <Lessons report={report.data} />
      <Card title={t("orders.humanAi.linesTitle")}>
        <div className="mb-3 flex flex-wrap items-center gap-3">
          <Select value={f.verdict} onChange={(e) => setF({ verdict: e.target.value })} className="w-48"
            aria-label={t("orders.humanAi.verdict")} data-testid="human-ai-verdict-filter">
            <option value="">{t("orders.humanAi.allVerdicts")}</option>
            {VERDICTS.map((v) => <option key={v} value={v}>{t(`orders.verdict.${v}`)}</option>)}
          </Select>
          <label className="inline-flex items-center gap-1.5 text-sm text-slate-700">
            <input type="checkbox" checked={f.changed === "1"} onChange={(e) => setF({ changed: e.target.checked ? "1" : "" })}
              className="h-4 w-4 rounded border-slate-300" data-testid="human-ai-changed-only" />
            {t("orders.humanAi.changedOnly")}
          </label>
          {report.data.as_of && (
            <span className="ml-auto text-xs text-slate-500">{t("orders.humanAi.asOf", { date: formatDate(report.data.as_of) })}</span>
          )}
        </div>
        {report.data.lines.length === 0 ? (
          <EmptyState><span data-testid="human-ai-empty">{t("orders.humanAi.empty")}</span></EmptyState>
        ) : lines.length === 0 ? (
          <EmptyState>{t("orders.humanAi.noMatch")}</EmptyState>
        ) : (
          <LinesTable lines={lines} />
        )}
      </Card>
    </div>
  );
}

function SummaryCards({ report }: { report: HumanAiReport }) {
  const t = useT();
  const [lang] = useLang();
  const s = report.summary;
  const cards: { key: string; label: string; value: string; tone?: string }[] = [
    { key: "lines", label: t("orders.humanAi.card.lines"), value: formatNumber(s.lines, lang) },
    { key: "changed", label: t("orders.humanAi.card.changed"), value: formatNumber(s.changed, lang) },
    { key: "human", label: t("orders.humanAi.card.humanBetter"), value: formatNumber(s.human_better, lang), tone: "text-emerald-700" },
    { key: "ai", label: t("orders.humanAi.card.aiBetter"), value: formatNumber(s.ai_better, lang), tone: "text-sky-700" },
    { key: "pending", label: t("orders.humanAi.card.pending"), value: formatNumber(s.pending, lang), tone: "text-amber-700" },
    { key: "wape", label: t("orders.humanAi.card.wape"), value: formatPercent(s.forecast_wape, lang) },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="human-ai-summary">
      {cards.map((c) => (
        <div key={c.key} className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs" data-testid={`human-ai-card-${c.key}`}>
          <dt className="text-xs text-slate-500">{c.label}</dt>
          <dd className={cn("mt-1 text-xl font-bold tabular-nums text-slate-900", c.tone)}>{c.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Categories where people's changes were clearly right (or clearly not): what to look at. */
function Lessons({ report }: { report: HumanAiReport }) {
  const t = useT();
  const [lang] = useLang();
  if (report.lessons.length === 0) return null;
  return (
    <Card title={t("orders.humanAi.lessonsTitle")} data-testid="human-ai-lessons">
      <ul className="space-y-2 text-sm">
        {report.lessons.map((l) => (
          <li key={l.category ?? ""} className="flex items-start gap-2" data-testid="human-ai-lesson">
            <Badge tone={l.winner === "human" ? "success" : "info"}>{t(`orders.verdict.${l.winner}`)}</Badge>
            <span className="text-slate-700">{lang === "en" ? l.message_en : l.message_ko}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function LinesTable({ lines }: { lines: readonly HumanAiLine[] }) {
  const t = useT();
  const [lang] = useLang();
  const q = (v: number | null) => formatQuantity(v, lang, 0);
  return (
    <Table data-testid="human-ai-table">
      <THead>
        <tr>
          <Th>{t("orders.po.number")}</Th>
          <Th>{t("stock.product")}</Th>
          <Th className="text-right">{t("orders.po.proposed")}</Th>
          <Th className="text-right">{t("orders.po.final")}</Th>
          <Th>{t("orders.humanAi.changedBy")}</Th>
          <Th className="text-right">{t("orders.humanAi.demand")}</Th>
          <Th className="text-right">{t("orders.humanAi.fillRate")}</Th>
          <Th className="text-right">{t("orders.humanAi.endingStock")}</Th>
          <Th>{t("orders.humanAi.verdict")}</Th>
        </tr>
      </THead>
      <TBody>
        {lines.map((l) => {
          const delta = l.final_quantity - l.proposed_quantity;
          return (
            <tr key={l.line_id} data-testid="human-ai-row" data-verdict={l.verdict}>
              <Td className="whitespace-nowrap">
                <Link to={`/orders/purchase-orders/${l.po_id}`} className="font-mono text-xs text-sky-700 hover:underline">{l.po_number}</Link>
                <div className="text-xs text-slate-500 tabular-nums">{formatDate(l.ordered_on)}</div>
              </Td>
              <Td className="min-w-[10rem]">
                <div className="font-medium">{l.product_name}</div>
                <div className="font-mono text-xs text-slate-500">{l.master_sku}</div>
              </Td>
              <Td className="text-right tabular-nums">{formatNumber(l.proposed_quantity, lang)}</Td>
              <Td className="text-right tabular-nums whitespace-nowrap">
                {formatNumber(l.final_quantity, lang)}
                {delta !== 0 && <Badge tone="warning" className="ml-1.5">{formatSigned(delta, lang)}</Badge>}
              </Td>
              <Td className="min-w-[10rem]">
                {l.changed_by ? (
                  <>
                    <div className="text-sm">{l.changed_by.name}</div>
                    <div className="text-xs text-slate-500 break-words" data-testid="human-ai-reason">{l.reason ?? "—"}</div>
                  </>
                ) : (
                  <span className="text-slate-400">{t("orders.humanAi.unchanged")}</span>
                )}
              </Td>
              <Td className="text-right tabular-nums whitespace-nowrap" title={t("orders.humanAi.demandHint", { n: l.window_days ?? 0 })}>
                {q(l.forecast_lead_time_demand)} / {q(l.actual_lead_time_demand)}
              </Td>
              <Td className="text-right tabular-nums whitespace-nowrap">
                {formatPercent(l.fill_rate_ai, lang, 0)} / {formatPercent(l.fill_rate_final, lang, 0)}
              </Td>
              <Td className="text-right tabular-nums whitespace-nowrap">
                {q(l.ending_stock_ai)} / {q(l.ending_stock_final)}
              </Td>
              <Td><Badge tone={VERDICT_TONES[l.verdict]} data-testid="human-ai-verdict">{t(`orders.verdict.${l.verdict}`)}</Badge></Td>
            </tr>
          );
        })}
      </TBody>
    </Table>
  );
}
