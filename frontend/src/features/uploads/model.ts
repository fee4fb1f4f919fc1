/**
 * Uploads (데이터 워크스페이스): the pure logic behind the page (mapping state → request body,
 * missing/duplicate fields, progress phase, why apply is disabled, summary cards). The report,
 * error and result on an upload are the API's generated types (client/types).
 */
import type { MessageKey } from "../../i18n";
import type { Lang } from "../../i18n";
import type {
  Channel,
  FieldKey,
  FileKind,
  Localized,
  MappingBody,
  Report,
  Role,
  RowError,
  RuleAction,
  Upload,
  UploadError,
  UploadField,
  UploadJob,
  UploadStatus,
} from "../../client/types";

export const FILE_KINDS: readonly FileKind[] = ["sales", "orders", "stock", "products"];
export const RULE_ACTIONS: readonly RuleAction[] = ["fix", "keep", "drop"];
export const ACCEPTED_EXTENSIONS = [".csv", ".txt", ".tsv", ".xlsx", ".xls"] as const;
export const ACCEPT_ATTRIBUTE = ACCEPTED_EXTENSIONS.join(",");

/** Is `name` a file type the workspace reads (by extension; the server checks the content)? */
export function isAcceptedFile(name: string): boolean {
  const lower = name.toLowerCase();
  return ACCEPTED_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

// ---------------------------------------------------------------- the report's text

export function localized(text: Localized | null | undefined, lang: Lang): string {
  if (!text) return "";
  return (lang === "en" ? text.en : text.ko) || text.ko || text.en;
}

/** A row error's message in the UI language. */
export function errorMessage(e: Pick<RowError, "message" | "message_en">, lang: Lang): string {
  return (lang === "en" ? e.message_en || e.message : e.message || e.message_en) || "";
}

/** A file value as shown in examples and row errors ("" for an empty cell). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** `upload.error` when the file could not be read, in the UI language (its code as a last resort). */
export function uploadErrorText(error: UploadError | null | undefined, lang: Lang): string | null {
  if (!error) return null;
  return localized(error, lang) || error.code || null;
}

// ---------------------------------------------------------------- status and progress

const BUSY: readonly UploadStatus[] = ["analyzing", "applying", "undoing"];

export function isBusy(status: UploadStatus | undefined): boolean {
  return !!status && BUSY.includes(status);
}

/** Statuses whose mapping and rule actions can still be changed (the server's `_editable`). */
export function isEditable(status: UploadStatus): boolean {
  return status === "ready" || status === "undone";
}

/** Only uploads that are not (being) applied can be deleted. */
export function isDeletable(status: UploadStatus): boolean {
  return status === "ready" || status === "undone" || status === "failed";
}

export interface Phase {
  label: MessageKey;
  percent: number;
}

/**
 * What the worker is doing, from the upload's status and its job's progress. The analysis reports
 * 5 (reading) → 30 (file read) → 45 (columns recognised) → 80 (cleansed) → 90 (report); applying
 * re-checks the file up to 30% and then writes.
 */
export function progressPhase(status: UploadStatus, job: Pick<UploadJob, "status" | "progress"> | null | undefined): Phase {
  const percent = job?.status === "succeeded" ? 100 : Math.max(0, Math.min(100, job?.progress ?? 0));
  if (job?.status === "queued") return { label: "uploads.phase.queued", percent: 0 };
  if (status === "applying") return { label: percent < 30 ? "uploads.phase.rechecking" : "uploads.phase.applying", percent };
  if (status === "undoing") return { label: "uploads.phase.undoing", percent };
  if (percent < 30) return { label: "uploads.phase.reading", percent };
  if (percent < 45) return { label: "uploads.phase.recognising", percent };
  if (percent < 80) return { label: "uploads.phase.checking", percent };
  return { label: "uploads.phase.reporting", percent };
}

export const STATUS_TONE: Record<UploadStatus, "neutral" | "info" | "success" | "warning" | "danger"> = {
  analyzing: "info",
  ready: "warning",
  failed: "danger",
  applying: "info",
  applied: "success",
  undoing: "info",
  undone: "neutral",
};

// ---------------------------------------------------------------- column mapping

/** Column title → field key ("" = ignore the column), in file order. */
export type MappingState = Record<string, FieldKey | "">;

/**
 * What each kind needs before it can be applied: one field of each group (mirrors the backend's
 * `REQUIRED` in smartstock/ingest/fields.py; the API does not expose it).
 */
export const REQUIRED: Record<FileKind, readonly (readonly FieldKey[])[]> = {
  sales: [["date"], ["sku", "name"], ["quantity"]],
  orders: [["date"], ["sku", "name"], ["quantity"]],
  stock: [["sku"], ["inbound", "outbound"]],
  products: [["sku"], ["name"]],
};

/** Fields that may cover several columns (the API says which); any other field only one. */
export function isMultiColumnField(key: string, fields: readonly UploadField[]): boolean {
  return fields.some((f) => f.key === key && f.multiple);
}

export function initialMapping(report: Pick<Report, "columns"> | null, saved?: Upload["mapping"]): MappingState {
  const out: MappingState = {};
  for (const c of report?.columns ?? []) out[c.column] = (saved && c.column in saved ? saved[c.column] : c.field) ?? "";
  return out;
}

/** The required field groups no column is mapped to (each group: any one of its fields will do). */
export function missingFieldGroups(kind: FileKind, mapping: MappingState): (readonly FieldKey[])[] {
  const present = new Set(Object.values(mapping).filter(Boolean));
  return REQUIRED[kind].filter((group) => !group.some((f) => present.has(f)));
}

/** Single-column fields given to more than one column (the server refuses those). */
export function duplicateFields(mapping: MappingState, fields: readonly UploadField[]): FieldKey[] {
  const counts = new Map<FieldKey, number>();
  for (const f of Object.values(mapping)) if (f) counts.set(f, (counts.get(f) ?? 0) + 1);
  return [...counts.entries()]
    .filter(([f, n]) => n > 1 && !isMultiColumnField(f, fields))
    .map(([f]) => f)
    .sort();
}

export interface MappingForm {
  kind: FileKind;
  columns: MappingState;
  channel: Channel | "";
  remember: boolean;
}

/** The PUT …/mapping body: every column of the file, "" → null (ignore). */
export function toMappingBody(form: MappingForm): MappingBody {
  const columns: MappingBody["columns"] = {};
  for (const [column, field] of Object.entries(form.columns)) columns[column] = field === "" ? null : field;
  return { kind: form.kind, columns, channel: form.channel === "" ? null : form.channel, remember: form.remember };
}

/** Has the user changed the mapping, kind or channel since the last analysis? */
export function isMappingDirty(form: MappingForm, initial: MappingForm): boolean {
  if (form.kind !== initial.kind || form.channel !== initial.channel) return true;
  const keys = new Set([...Object.keys(form.columns), ...Object.keys(initial.columns)]);
  return [...keys].some((k) => (form.columns[k] ?? "") !== (initial.columns[k] ?? ""));
}

export function fieldLabel(key: string | null | undefined, fields: readonly UploadField[], lang: Lang): string {
  if (!key) return "";
  const f = fields.find((x) => x.key === key);
  return f ? (lang === "en" ? f.en : f.ko) : key;
}

export type ConfidenceTone = "success" | "info" | "warning" | "neutral";

export function confidenceTone(confidence: number, field: string | null | undefined): ConfidenceTone {
  if (!field || confidence <= 0) return "neutral";
  if (confidence >= 0.9) return "success";
  if (confidence >= 0.6) return "info";
  return "warning";
}

// ---------------------------------------------------------------- apply

/** Why the apply button is disabled (a catalogue key), or null when the upload can be applied. */
export function applyBlockedReason(
  upload: Pick<Upload, "status" | "already_applied_as">,
  report: Pick<Report, "blocking"> | null,
  role: Role,
  mappingDirty: boolean,
): MessageKey | null {
  if (role === "viewer") return "uploads.readOnly";
  if (isBusy(upload.status)) return "uploads.apply.busy";
  if (upload.status === "applied") return "uploads.apply.alreadyDone";
  if (upload.status === "failed" || !report) return "uploads.apply.noReport";
  if (upload.already_applied_as != null) return "uploads.apply.duplicate";
  if (report.blocking) return "uploads.apply.blocking";
  if (mappingDirty) return "uploads.apply.saveMappingFirst";
  return null;
}

export interface JobFailure {
  kind: "apply" | "undo";
  errors: RowError[];
  detail: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const isRowError = (v: unknown): v is RowError =>
  isObject(v) && typeof v.message === "string" && (v.line === null || typeof v.line === "number");

const isLocalized = (v: unknown): v is Localized => isObject(v) && typeof v.ko === "string" && typeof v.en === "string";

/**
 * The failure of the last apply or undo (the upload is back to ready/applied then, and the job's
 * result says why: `{errors: RowError[]}`, a domain error's `{error, detail: {ko, en}}`, or an
 * internal error's `{error, detail: "…"}`). A job's result is generic in the API (every job kind
 * has its own), so it is narrowed here.
 */
export function lastJobFailure(upload: Pick<Upload, "status" | "job">, lang: Lang): JobFailure | null {
  const job = upload.job;
  if (!job || job.status !== "failed" || isBusy(upload.status)) return null;
  const kind = job.kind === "upload_apply" ? "apply" : job.kind === "upload_undo" ? "undo" : null;
  if (!kind) return null;
  const result = job.result ?? {};
  const errors = Array.isArray(result.errors) ? result.errors.filter(isRowError) : [];
  const detail =
    typeof result.detail === "string" ? result.detail : isLocalized(result.detail) ? localized(result.detail, lang) : null;
  return { kind, errors, detail: detail || (errors.length ? null : job.message) };
}

// ---------------------------------------------------------------- summary

export interface SummaryItem {
  id: string;
  label: MessageKey;
  value: number | string;
  /** number → formatted, percent → "87.5%", signed → "+5" / "−3", text as is */
  format: "number" | "percent" | "signed" | "text";
}

/** The report's summary cards: rows read/kept and quality, then what the file will add. */
export function summaryItems(report: Pick<Report, "kind" | "rows_read" | "rows_kept" | "quality" | "summary" | "products">): SummaryItem[] {
  const s = report.summary;
  const items: SummaryItem[] = [
    { id: "rows_read", label: "uploads.summary.rowsRead", value: report.rows_read, format: "number" },
    { id: "rows_kept", label: "uploads.summary.rowsKept", value: report.rows_kept, format: "number" },
    { id: "quality", label: "uploads.summary.quality", value: report.quality, format: "percent" },
  ];
  if (report.kind === "stock") {
    items.push(
      { id: "movements", label: "uploads.summary.movements", value: s.movements ?? 0, format: "number" },
      { id: "inbound", label: "uploads.summary.inbound", value: s.inbound ?? 0, format: "signed" },
      { id: "outbound", label: "uploads.summary.outbound", value: -(s.outbound ?? 0), format: "signed" },
      { id: "products", label: "uploads.summary.products", value: s.products, format: "number" },
    );
  } else if (report.kind === "products") {
    if (report.products) {
      items.push(
        { id: "created", label: "uploads.summary.productsCreated", value: report.products.created, format: "number" },
        { id: "updated", label: "uploads.summary.productsUpdated", value: report.products.updated, format: "number" },
      );
    }
  } else {
    const first = s.first_date ?? null;
    const last = s.last_date ?? null;
    items.push(
      { id: "products", label: "uploads.summary.products", value: s.products, format: "number" },
      { id: "new_products", label: "uploads.summary.newProducts", value: s.new_products ?? 0, format: "number" },
      { id: "period", label: "uploads.summary.period", value: first ? (first === last || !last ? first : `${first} ~ ${last}`) : "—", format: "text" },
      { id: "quantity", label: "uploads.summary.quantity", value: s.quantity ?? 0, format: "number" },
    );
  }
  return items;
}
