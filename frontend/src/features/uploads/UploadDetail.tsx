import { useState, type ReactNode } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useLang, useT, type Lang, type TFunction } from "../../i18n";
import type { Report, Upload, UploadField } from "../../client/types";
import { Badge, Button, Card, ErrorAlert, Modal, PageHeader, ProgressBar, Spinner } from "../../components/ui";
import { formatDate, formatDateTime, formatNumber } from "../../lib/format";
import { useCurrentUser } from "../auth/context";
import { can } from "../auth/roles";
import {
  uploadUrls,
  useApplyUpload,
  useDeleteUpload,
  useSetActions,
  useSetMapping,
  useUndoUpload,
  useUpload,
  useUploadFields,
} from "./api";
import { ApiError } from "../../lib/errors";
import { useStartRun } from "../forecasts/api";
import { DEFAULT_HORIZON } from "../forecasts/model";
import { CleansingReport, DownloadLink, RowErrors } from "./CleansingReport";
import { MappingTable, useMappingForm } from "./MappingTable";
import {
  applyBlockedReason,
  fieldLabel,
  isBusy,
  isDeletable,
  isEditable,
  lastJobFailure,
  progressPhase,
  STATUS_TONE,
  toMappingBody,
  uploadErrorText,
} from "./model";

export function UploadDetail({ id }: { id: number }) {
  const t = useT();
  const upload = useUpload(id);
  return (
    <div className="space-y-5" data-testid="upload-detail">
      <Link to="/uploads" className="text-sm text-sky-700 hover:underline" data-testid="uploads-back">
        ← {t("uploads.back")}
      </Link>
      <ErrorAlert error={upload.error} onRetry={() => void upload.refetch()} />
      {upload.isPending ? <Spinner /> : upload.data ? <Loaded upload={upload.data} /> : null}
    </div>
  );
}

function Loaded({ upload }: { upload: Upload }) {
  const t = useT();
  const [lang] = useLang();
  const me = useCurrentUser();
  const canUpload = can(me.role, "upload");
  const fields = useUploadFields().data ?? [];
  const report = upload.report;
  const mapping = useMappingForm(upload, report);
  const setMapping = useSetMapping(upload.id);
  const setActions = useSetActions(upload.id);
  const busy = isBusy(upload.status);
  const canEdit = canUpload && isEditable(upload.status);
  const errorText = uploadErrorText(upload.error, lang);

  const downloads = (
    <>
      {report && <DownloadLink href={uploadUrls.reportXlsx(upload.id)} testId="report-xlsx">{t("uploads.report.xlsx")}</DownloadLink>}
      {report && <DownloadLink href={uploadUrls.reportJson(upload.id)} testId="report-json">{t("uploads.report.json")}</DownloadLink>}
      {canUpload && <DownloadLink href={uploadUrls.original(upload.id)} testId="report-original">{t("uploads.report.original")}</DownloadLink>}
    </>
  );

  return (
    <>
      <PageHeader
        title={<span data-testid="upload-filename">{upload.filename}</span>}
        subtitle={t("uploads.detailSubtitle", {
          id: upload.id,
          who: upload.created_by?.name || upload.created_by?.email || "—",
          when: formatDateTime(upload.created_at, lang),
        })}
        actions={<ApplyActions upload={upload} report={report} mappingDirty={mapping.dirty} />}
      />
      <FileInfo upload={upload} report={report} />
      <Notices upload={upload} report={report} fields={fields} />
      {busy && <UploadProgress upload={upload} />}
      <Outcome upload={upload} report={report} fields={fields} />
      {upload.status === "failed" && (
        <Card data-testid="upload-failed">
          <p className="font-semibold text-red-700">{t("uploads.failed.title")}</p>
          {errorText && <p className="mt-1 text-sm text-red-700" data-testid="upload-error">{errorText}</p>}
          <p className="mt-2 text-sm text-slate-500">{t("uploads.failed.hint")}</p>
          {canUpload && <div className="mt-3 flex gap-2">{downloads}</div>}
        </Card>
      )}
      {report && (
        <div className={busy ? "pointer-events-none opacity-60" : undefined}>
          <div className="space-y-5">
            <MappingTable
              report={report}
              fields={fields}
              form={mapping.form}
              initial={mapping.initial}
              dirty={mapping.dirty}
              onChange={mapping.setForm}
              onSave={() => setMapping.mutate(toMappingBody(mapping.form))}
              saving={setMapping.isPending}
              saveError={setMapping.error}
              canEdit={canEdit}
            />
            <CleansingReport
              report={report}
              fields={fields}
              downloads={downloads}
              chosenActions={upload.actions}
              canEdit={canEdit}
              onAction={(rule, action) => setActions.mutate({ actions: { [rule]: action } })}
              actionPending={setActions.isPending}
              actionError={setActions.error}
            />
          </div>
        </div>
      )}
    </>
  );
}

function FileInfo({ upload, report }: { upload: Upload; report: Report | null }) {
  const t = useT();
  const [lang] = useLang();
  const kind = report?.kind ?? upload.kind;
  const channel = upload.channel ?? report?.channel;
  const file = report?.file;
  return (
    <div className="flex flex-wrap items-center gap-x-5 gap-y-2 text-sm text-slate-600" data-testid="upload-info">
      <span className="inline-flex items-center gap-1.5">
        <Badge tone={STATUS_TONE[upload.status]} data-testid="upload-status">{t(`uploads.status.${upload.status}`)}</Badge>
        {report?.blocking && upload.status === "ready" && (
          <Badge tone="danger" data-testid="upload-blocking">{t("uploads.blockingBadge")}</Badge>
        )}
      </span>
      {kind && (
        <span data-testid="upload-kind">
          <span className="text-slate-400">{t("uploads.info.kind")}</span>{" "}
          <span className="font-medium text-slate-800">{t(`uploads.kind.${kind}`)}</span>
          {report && report.kind_confidence > 0 && (
            <span className="ml-1 text-xs text-slate-500">
              ({t("uploads.info.confidence", { pct: Math.round(report.kind_confidence * 100) })})
            </span>
          )}
        </span>
      )}
      <span data-testid="upload-channel-info">
        <span className="text-slate-400">{t("uploads.info.channel")}</span>{" "}
        <span className="font-medium text-slate-800">
          {channel ? t(`channel.${channel}`) : t("uploads.info.noChannel")}
        </span>
      </span>
      {file && (
        <span className="text-xs text-slate-500">
          {[
            [file.format.toUpperCase(), file.encoding].filter(Boolean).join(" "),
            file.sheet ? t("uploads.info.sheet", { sheet: file.sheet }) : null,
            file.header_line ? t("uploads.info.headerLine", { line: file.header_line }) : null,
            t("uploads.info.size", { rows: formatNumber(file.rows, lang), columns: formatNumber(file.columns, lang) }),
          ]
            .filter(Boolean)
            .join(" · ")}
        </span>
      )}
    </div>
  );
}

function Notice({ tone, children, testId }: { tone: "info" | "warning" | "danger"; children: ReactNode; testId: string }) {
  const tones = {
    info: "border-sky-200 bg-sky-50 text-sky-800",
    warning: "border-amber-200 bg-amber-50 text-amber-900",
    danger: "border-red-200 bg-red-50 text-red-800",
  };
  return (
    <div role={tone === "info" ? "status" : "alert"} className={`rounded-md border px-3 py-2 text-sm ${tones[tone]}`} data-testid={testId}>
      {children}
    </div>
  );
}

function Notices({ upload, report, fields }: { upload: Upload; report: Report | null; fields: UploadField[] }) {
  const t = useT();
  const [lang] = useLang();
  if (!report && upload.already_applied_as == null) return null;
  return (
    <div className="space-y-2">
      {upload.already_applied_as != null && (
        <Notice tone="warning" testId="upload-duplicate">
          {t("uploads.notice.duplicate", { id: upload.already_applied_as })}{" "}
          <Link to={`/uploads/${upload.already_applied_as}`} className="font-medium underline">
            {t("uploads.notice.openDuplicate")}
          </Link>
        </Notice>
      )}
      {report?.remembered_layout && (
        <Notice tone="info" testId="upload-remembered">{t("uploads.notice.remembered")}</Notice>
      )}
      {report?.template && (
        <Notice tone="info" testId="upload-template">
          {t("uploads.notice.template", { date: formatDate(report.template.issued_at) })}
        </Notice>
      )}
      {report && report.pii.length > 0 && (
        <Notice tone="warning" testId="pii-notice">
          <p className="font-medium">{t("uploads.pii.title")}</p>
          <p className="mt-0.5">{t("uploads.pii.body")}</p>
          <ul className="mt-1 flex flex-wrap gap-1.5">
            {report.pii.map((p) => (
              <li key={p.column} className="rounded bg-white/70 px-1.5 py-0.5 ring-1 ring-amber-200">
                {p.column} <span className="text-amber-700">({fieldLabel(p.field, fields, lang)})</span>
              </li>
            ))}
          </ul>
        </Notice>
      )}
    </div>
  );
}

function UploadProgress({ upload }: { upload: Upload }) {
  const t = useT();
  const phase = progressPhase(upload.status, upload.job);
  return (
    <Card data-testid="upload-progress">
      <ProgressBar value={phase.percent} label={t(phase.label)} />
    </Card>
  );
}

function resultText(upload: Upload, report: Report | null, t: TFunction, lang: Lang): string | null {
  const r = upload.result ?? {};
  const num = (v: number | null | undefined) => formatNumber(v ?? 0, lang);
  if (r.movements != null)
    return t("uploads.result.stock", { movements: num(r.movements), inbound: num(r.inbound), outbound: num(r.outbound) });
  if (r.sales_rows != null)
    return t("uploads.result.sales", { rows: num(r.sales_rows), created: num(r.products_created), quantity: num(r.quantity) });
  if (r.created != null || report?.kind === "products")
    return t("uploads.result.products", { created: num(r.created), updated: num(r.updated) });
  return null;
}

/** The result of applying (and of undoing), or why the last apply/undo failed. */
function Outcome({ upload, report, fields }: { upload: Upload; report: Report | null; fields: UploadField[] }) {
  const t = useT();
  const [lang] = useLang();
  const failure = lastJobFailure(upload, lang);
  const undo = upload.result?.undo;
  return (
    <>
      {failure && (
        <Card data-testid="upload-failure">
          <p className="font-semibold text-red-700">{t(failure.kind === "apply" ? "uploads.failure.apply" : "uploads.failure.undo")}</p>
          {failure.detail && <p className="mt-1 text-sm text-red-700">{failure.detail}</p>}
          {failure.errors.length > 0 && (
            <div className="mt-3">
              <RowErrors errors={failure.errors} fieldLabel={(k) => fieldLabel(k, fields, lang)} testId="apply-errors" />
            </div>
          )}
        </Card>
      )}
      {upload.status === "applied" && (
        <div className="rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800" data-testid="upload-result" role="status">
          <p className="font-semibold">{t("uploads.result.title")} · {formatDateTime(upload.applied_at, lang)}</p>
          <p className="mt-0.5">{resultText(upload, report, t, lang)}</p>
          {(report?.kind ?? upload.kind) === "stock" && (
            <Link to="/stock" className="mt-1 inline-block font-medium underline">{t("uploads.viewStock")}</Link>
          )}
          <RunForecastButton kind={report?.kind ?? upload.kind} />
        </div>
      )}
      {upload.status === "undone" && undo && (
        <div className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700" data-testid="upload-undone" role="status">
          {t("uploads.result.undone", {
            when: formatDateTime(upload.undone_at, lang),
            parts: (
              [
                ["movements_undone", "uploads.undone.movements"],
                ["sales_rows_removed", "uploads.undone.sales"],
                ["products_removed", "uploads.undone.products"],
                ["products_restored", "uploads.undone.restored"],
              ] as const
            )
              .filter(([k]) => undo[k] > 0)
              .map(([k, key]) => t(key, { n: formatNumber(undo[k], lang) }))
              .join(", "),
          })}
        </div>
      )}
    </>
  );
}

/** After applying sales or orders: start a forecast on the new history and go and watch it. */
function RunForecastButton({ kind }: { kind: Upload["kind"] }) {
  const t = useT();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const start = useStartRun();
  if ((kind !== "sales" && kind !== "orders") || !can(me.role, "forecast")) return null;
  return (
    <div className="mt-3 flex flex-wrap items-center gap-3">
      <Button
        onClick={() =>
          start.mutate(
            { horizon: DEFAULT_HORIZON, trigger: "upload" },
            {
              onSuccess: () => navigate("/forecasts"),
              // A run is already going: the forecasts page shows its progress.
              onError: (e) => {
                if (e instanceof ApiError && e.code === "forecast_running") navigate("/forecasts");
              },
            },
          )
        }
        disabled={start.isPending}
        title={t("uploads.runForecastHint")}
        data-testid="upload-run-forecast"
      >
        {start.isPending ? t("forecasts.run.running") : t("uploads.runForecast")}
      </Button>
      <ErrorAlert error={start.error} className="max-w-md" />
    </div>
  );
}

function ApplyActions({ upload, report, mappingDirty }: { upload: Upload; report: Report | null; mappingDirty: boolean }) {
  const t = useT();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const apply = useApplyUpload(upload.id);
  const undo = useUndoUpload(upload.id);
  const remove = useDeleteUpload(upload.id);
  const [confirm, setConfirm] = useState<"undo" | "delete" | null>(null);
  if (!can(me.role, "upload")) {
    return <span className="text-sm text-slate-500" data-testid="uploads-read-only">{t("uploads.readOnly")}</span>;
  }
  const blocked = applyBlockedReason(upload, report, me.role, mappingDirty);
  const busy = isBusy(upload.status);
  const close = () => setConfirm(null);
  return (
    <div className="flex flex-col items-end gap-1.5">
      <div className="flex flex-wrap items-center justify-end gap-2">
        {isDeletable(upload.status) && (
          <Button variant="ghost" onClick={() => setConfirm("delete")} disabled={remove.isPending} data-testid="upload-delete">
            {t("common.delete")}
          </Button>
        )}
        {upload.status === "applied" ? (
          <Button variant="secondary" onClick={() => setConfirm("undo")} disabled={undo.isPending} data-testid="upload-undo">
            {t("uploads.undo")}
          </Button>
        ) : (
          upload.status !== "failed" && (
            <Button onClick={() => apply.mutate()} disabled={!!blocked || apply.isPending} data-testid="upload-apply"
              title={blocked ? t(blocked) : undefined}>
              {apply.isPending || upload.status === "applying" ? t("uploads.applying") : t("uploads.apply")}
            </Button>
          )
        )}
      </div>
      {blocked && !busy && upload.status !== "applied" && upload.status !== "failed" && (
        <p className="max-w-sm text-right text-xs text-slate-500" data-testid="upload-apply-hint">{t(blocked)}</p>
      )}
      <ErrorAlert error={apply.error ?? undo.error ?? remove.error} className="max-w-md" />
      <Modal open={confirm === "undo"} onClose={close} title={t("uploads.undoTitle")} data-testid="upload-undo-dialog">
        <p className="text-sm text-slate-700">{t("uploads.undoConfirm")}</p>
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>{t("common.cancel")}</Button>
          <Button variant="danger" data-testid="upload-undo-confirm" onClick={() => { close(); undo.mutate(); }}>
            {t("uploads.undo")}
          </Button>
        </div>
      </Modal>
      <Modal open={confirm === "delete"} onClose={close} title={t("uploads.deleteTitle")} data-testid="upload-delete-dialog">
        <p className="text-sm text-slate-700">{t("uploads.deleteConfirm")}</p>
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>{t("common.cancel")}</Button>
          <Button variant="danger" data-testid="upload-delete-confirm"
            onClick={() => remove.mutate(undefined, { onSuccess: () => { close(); navigate("/uploads"); } })}>
            {t("common.delete")}
          </Button>
        </div>
      </Modal>
    </div>
  );
}
