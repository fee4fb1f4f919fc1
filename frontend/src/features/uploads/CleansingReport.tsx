import { Fragment, useState, type ReactNode } from "react";
import { useLang, useT, type Lang, type TFunction } from "../../i18n";
import type { Report, ReportRule, RowError, RuleAction, RuleExample, UploadField } from "../../client/types";
import { Badge, Card, ErrorAlert, Select } from "../../components/ui";
import { Table, TBody, Td, Th, THead } from "../../components/table";
import { formatNumber, formatSigned } from "../../lib/format";
import { cn } from "../../lib/cn";
import { cellText, errorMessage, fieldLabel, localized, summaryItems, type SummaryItem } from "./model";

export function DownloadLink({ href, children, testId }: { href: string; children: ReactNode; testId: string }) {
  return (
    <a
      href={href}
      download
      className="inline-flex items-center gap-1 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50"
      data-testid={testId}
    >
      <span aria-hidden="true">↓</span>
      {children}
    </a>
  );
}

function formatItem(item: SummaryItem, lang: Lang): string {
  if (typeof item.value === "string") return item.value;
  if (item.format === "percent") return `${formatNumber(Math.round(item.value * 1000) / 10, lang)}%`;
  if (item.format === "signed") return formatSigned(item.value, lang);
  return formatNumber(item.value, lang);
}

export function CleansingReport({
  report,
  fields,
  downloads,
  chosenActions,
  canEdit,
  onAction,
  actionPending,
  actionError,
}: {
  report: Report;
  fields: UploadField[];
  downloads: ReactNode;
  /** The actions saved on the upload (ahead of the report while it is re-analysed). */
  chosenActions: Record<string, RuleAction> | null;
  canEdit: boolean;
  onAction: (ruleId: string, action: RuleAction) => void;
  actionPending: boolean;
  actionError: unknown;
}) {
  const t = useT();
  const [lang] = useLang();
  const items = summaryItems(report);
  const label = (key: string | null | undefined) => fieldLabel(key, fields, lang);

  return (
    <Card title={t("uploads.report.title")} actions={downloads} data-testid="cleansing-report">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 xl:grid-cols-7" data-testid="report-summary">
        {items.map((item) => (
          <div key={item.id} className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2" data-testid={`summary-${item.id}`}>
            <dt className="text-xs text-slate-500">{t(item.label)}</dt>
            <dd
              className={cn(
                "mt-0.5 font-semibold tabular-nums",
                item.format === "text" ? "text-sm leading-7" : "text-lg",
                item.id === "inbound" && item.value !== 0
                  ? "text-emerald-700"
                  : item.id === "outbound" && item.value !== 0
                    ? "text-red-700"
                    : "text-slate-900",
              )}
            >
              {formatItem(item, lang)}
            </dd>
          </div>
        ))}
      </dl>

      {report.missing_fields.length > 0 && (
        <p role="alert" className="mt-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="report-missing">
          {t("uploads.report.missing", { fields: report.missing_fields.map(label).join(", ") })}
        </p>
      )}

      <h3 className="mt-5 mb-2 text-sm font-semibold text-slate-800">{t("uploads.rules.title")}</h3>
      {report.rules.length === 0 ? (
        <p className="text-sm text-slate-500">{t("uploads.rules.none")}</p>
      ) : (
        <RulesTable rules={report.rules} chosen={chosenActions ?? {}} fieldLabel={label} canEdit={canEdit && !actionPending}
          onAction={onAction} />
      )}
      <ErrorAlert error={actionError} className="mt-3" />

      {(report.kind === "stock" || report.errors.length > 0) && (
        <>
          <h3 className="mt-5 mb-2 text-sm font-semibold text-slate-800">{t("uploads.errors.title")}</h3>
          {report.errors.length === 0 ? (
            <p className="text-sm text-emerald-700" data-testid="row-errors-none">{t("uploads.errors.none")}</p>
          ) : (
            <>
              <p className="mb-2 text-sm text-red-700">{t("uploads.errors.hint", { n: report.errors.length })}</p>
              <RowErrors errors={report.errors} fieldLabel={label} testId="row-errors" />
            </>
          )}
        </>
      )}
    </Card>
  );
}

function RulesTable({
  rules,
  chosen,
  fieldLabel: label,
  canEdit,
  onAction,
}: {
  rules: ReportRule[];
  chosen: Record<string, RuleAction>;
  fieldLabel: (key: string) => string;
  canEdit: boolean;
  onAction: (ruleId: string, action: RuleAction) => void;
}) {
  const t = useT();
  const [lang] = useLang();
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <Table data-testid="rules-table">
      <THead>
        <tr>
          <Th>{t("uploads.rules.rule")}</Th>
          <Th className="text-right">{t("uploads.rules.count")}</Th>
          <Th>{t("uploads.rules.action")}</Th>
          <Th>{t("uploads.rules.does")}</Th>
          <Th />
        </tr>
      </THead>
      <TBody>
        {rules.map((r) => {
          const detail = ruleDetail(r, t, lang);
          return (
            <Fragment key={r.id}>
              <tr data-testid={`rule-${r.id}`} data-count={r.count} className={cn(r.count === 0 && "text-slate-400")}>
                <Td>
                  <span className={cn("font-medium", r.count > 0 && "text-slate-800")}>{localized(r.title, lang)}</span>
                  {detail && <span className="block text-xs text-slate-500">{detail}</span>}
                </Td>
                <Td className="text-right whitespace-nowrap tabular-nums">
                  <Badge tone={r.count === 0 ? "neutral" : r.id === "row_errors" ? "danger" : "warning"} data-testid={`rule-count-${r.id}`}>
                    {t("uploads.rules.countValue", { n: formatNumber(r.count, lang) })}
                  </Badge>
                </Td>
                <Td className="w-36">
                  <Select
                    value={r.actions.includes(chosen[r.id]) ? chosen[r.id] : r.action}
                    disabled={!canEdit || r.actions.length <= 1}
                    className="w-32"
                    aria-label={t("uploads.rules.actionFor", { rule: localized(r.title, lang) })}
                    data-testid={`rule-action-${r.id}`}
                    onChange={(e) => onAction(r.id, e.target.value as RuleAction)}
                  >
                    {(r.actions.length ? r.actions : [r.action]).map((a) => (
                      <option key={a} value={a}>{t(`uploads.action.${a}`)}</option>
                    ))}
                  </Select>
                </Td>
                <Td className="min-w-56 text-slate-600">{localized(r.does, lang)}</Td>
                <Td className="text-right whitespace-nowrap">
                  {r.examples.length > 0 && (
                    <button
                      type="button"
                      className="text-xs font-medium text-sky-700 hover:underline"
                      aria-expanded={open.has(r.id)}
                      onClick={() => toggle(r.id)}
                      data-testid={`rule-examples-toggle-${r.id}`}
                    >
                      {open.has(r.id) ? t("common.hideDetails") : t("uploads.rules.examples", { n: r.examples.length })}
                    </button>
                  )}
                </Td>
              </tr>
              {open.has(r.id) && (
                <tr data-testid={`rule-examples-${r.id}`}>
                  <Td colSpan={5} className="bg-slate-50">
                    <Examples examples={r.examples} fieldLabel={label} />
                  </Td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </TBody>
    </Table>
  );
}

/** A short note from a rule's `detail` (how many products, codes, …) where the UI knows the key. */
function ruleDetail(rule: ReportRule, t: TFunction, lang: Lang): string | null {
  const d = rule.detail;
  const parts: string[] = [];
  if (rule.count === 0) return null;
  if (typeof d.products === "number") parts.push(t("uploads.detail.products", { n: formatNumber(d.products, lang) }));
  if (typeof d.codes === "number") parts.push(t("uploads.detail.codes", { n: formatNumber(d.codes, lang) }));
  if (typeof d.unreadable === "number" && d.unreadable > 0)
    parts.push(t("uploads.detail.unreadable", { n: formatNumber(d.unreadable, lang) }));
  if (d.formats && typeof d.formats === "object")
    parts.push(Object.entries(d.formats as Record<string, unknown>).map(([f, c]) => `${f}: ${String(c)}`).join(", "));
  return parts.join(" · ") || null;
}

function Examples({ examples, fieldLabel: label }: { examples: RuleExample[]; fieldLabel: (key: string) => string }) {
  const t = useT();
  const [lang] = useLang();
  return (
    <table className="w-full text-xs">
      <thead className="text-left text-slate-500">
        <tr>
          <th className="w-16 py-1 pr-3 font-medium">{t("uploads.rules.line")}</th>
          <th className="py-1 font-medium">{t("uploads.rules.values")}</th>
        </tr>
      </thead>
      <tbody>
        {examples.map((e, i) => {
          const values = Object.entries(e.values);
          const message = localized(e.message, lang);
          return (
            <tr key={i} className="align-top">
              <td className="py-1 pr-3 tabular-nums text-slate-600">{e.line ?? "—"}</td>
              <td className="py-1">
                <div className="flex flex-wrap gap-1">
                  {values.map(([k, v]) => (
                    <span key={k} className="rounded bg-white px-1.5 py-0.5 ring-1 ring-slate-200">
                      <span className="text-slate-500">{label(k)}</span> <span className="font-mono text-slate-800">{cellText(v) || "∅"}</span>
                    </span>
                  ))}
                  {message && <span className="text-red-700" data-testid="rule-example-message">{message}</span>}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function RowErrors({ errors, fieldLabel: label, testId }: { errors: RowError[]; fieldLabel: (key: string) => string; testId: string }) {
  const t = useT();
  const [lang] = useLang();
  return (
    <Table data-testid={testId}>
      <THead>
        <tr>
          <Th className="w-16">{t("uploads.errors.line")}</Th>
          <Th>{t("uploads.errors.field")}</Th>
          <Th>{t("uploads.errors.value")}</Th>
          <Th>{t("uploads.errors.message")}</Th>
        </tr>
      </THead>
      <TBody>
        {errors.map((e, i) => (
          <tr key={i} data-testid="row-error">
            <Td className="tabular-nums">{e.line ?? "—"}</Td>
            <Td className="whitespace-nowrap">{e.field ? label(e.field) : "—"}</Td>
            <Td className="font-mono text-xs">{cellText(e.value) || "—"}</Td>
            <Td className="text-red-700">{errorMessage(e, lang)}</Td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
