import { describe, expect, it } from "vitest";
import type { Report, RowError, Upload, UploadError, UploadJob } from "../../client/types";
import {
  applyBlockedReason,
  cellText,
  confidenceTone,
  duplicateFields,
  errorMessage,
  initialMapping,
  isAcceptedFile,
  isMappingDirty,
  lastJobFailure,
  localized,
  missingFieldGroups,
  progressPhase,
  summaryItems,
  toMappingBody,
  uploadErrorText,
  type MappingForm,
} from "./model";
import { TEST_FIELDS } from "./testFields";

const FIELDS = TEST_FIELDS;

const UNKNOWN_SKU: RowError = {
  line: 4, field: "sku", value: "ZZ", message: "상품 마스터에 없는 SKU입니다: ZZ", message_en: "Unknown SKU: ZZ",
};

/** The report of `품번,입고수량,비고란,X열` as the backend writes it (typed: a contract change breaks the build). */
const STOCK_REPORT: Report = {
  file: { name: "stock.csv", format: "csv", encoding: "utf-8", sheet: null, header_line: 1, rows: 3, columns: 4 },
  kind: "stock",
  kind_confidence: 0.9,
  channel: null,
  columns: [
    { column: "품번", field: "sku", confidence: 0.95, basis: "header", samples: ["BA-0001", "BA-0002"] },
    { column: "입고수량", field: "inbound", confidence: 0.95, basis: "header", samples: ["10", "5"] },
    { column: "비고란", field: "name", confidence: 0.4, basis: "content", samples: ["테스트"] },
    { column: "X열", field: "quantity", confidence: 0.5, basis: "content", samples: ["3", "2"] },
  ],
  columns_order: ["품번", "입고수량", "비고란", "X열"],
  missing_fields: [],
  pii: [],
  rows_read: 3,
  rows_kept: 2,
  quality: 0.6667,
  rules: [
    {
      id: "row_errors", title: { ko: "오류가 있는 행", en: "Rows with errors" }, count: 1, action: "drop", actions: ["drop"],
      does: { ko: "…", en: "…" }, detail: {},
      examples: [{ line: 4, values: { sku: "ZZ" }, message: { ko: UNKNOWN_SKU.message, en: UNKNOWN_SKU.message_en } }],
    },
  ],
  errors: [UNKNOWN_SKU],
  summary: { movements: 2, inbound: 15, outbound: 0, products: 2 },
  blocking: true,
  remembered_layout: false,
};

describe("report text", () => {
  it("shows localized text, row-error messages and cell values in the UI language", () => {
    const example = STOCK_REPORT.rules[0].examples[0];
    expect(localized(example.message, "ko")).toBe("상품 마스터에 없는 SKU입니다: ZZ");
    expect(localized(example.message, "en")).toBe("Unknown SKU: ZZ");
    expect(localized({ ko: "한국어만", en: "" }, "en")).toBe("한국어만");
    expect(localized(null, "en")).toBe("");
    expect(errorMessage(UNKNOWN_SKU, "ko")).toBe("상품 마스터에 없는 SKU입니다: ZZ");
    expect(errorMessage(UNKNOWN_SKU, "en")).toBe("Unknown SKU: ZZ");
    expect(errorMessage({ message: "한국어만", message_en: "" }, "en")).toBe("한국어만");
    expect([cellText("ZZ"), cellText(3), cellText(0), cellText(null), cellText(undefined), cellText(false)]).toEqual(
      ["ZZ", "3", "0", "", "", "false"],
    );
  });

  it("summarises stock files with inbound and outbound totals", () => {
    const items = summaryItems({ ...STOCK_REPORT, summary: { movements: 3, inbound: 15, outbound: 5, products: 3 } });
    expect(items.map((i) => [i.id, i.value])).toEqual([
      ["rows_read", 3], ["rows_kept", 2], ["quality", 0.6667], ["movements", 3], ["inbound", 15], ["outbound", -5], ["products", 3],
    ]);
  });

  it("summarises sales files with products and the date range", () => {
    const sales: Report = {
      ...STOCK_REPORT, kind: "sales",
      summary: { products: 4, new_products: 1, days: 9, first_date: "2026-01-01", last_date: "2026-01-31", quantity: 120 },
    };
    const byId = Object.fromEntries(summaryItems(sales).map((i) => [i.id, i.value]));
    expect(byId).toMatchObject({ products: 4, new_products: 1, period: "2026-01-01 ~ 2026-01-31", quantity: 120 });
    const oneDay = summaryItems({ ...sales, summary: { products: 1, first_date: "2026-01-05", last_date: "2026-01-05" } });
    expect(Object.fromEntries(oneDay.map((i) => [i.id, i.value]))).toMatchObject({ period: "2026-01-05", new_products: 0, quantity: 0 });
  });

  it("summarises product files with what will be created and updated", () => {
    const products: Report = { ...STOCK_REPORT, kind: "products", summary: { products: 5 }, products: { created: 2, updated: 3 } };
    expect(summaryItems(products).slice(3).map((i) => [i.id, i.value])).toEqual([["created", 2], ["updated", 3]]);
  });

  it("shows the unreadable-file message in the UI language", () => {
    const error: UploadError = { code: "empty_file", ko: "빈 파일입니다.", en: "The file is empty." };
    expect(uploadErrorText(error, "ko")).toBe("빈 파일입니다.");
    expect(uploadErrorText(error, "en")).toBe("The file is empty.");
    expect(uploadErrorText({ code: "empty_file", ko: "", en: "" }, "en")).toBe("empty_file");
    expect(uploadErrorText(null, "ko")).toBeNull();
  });
});

describe("column mapping", () => {
  const initial: MappingForm = { kind: "stock", columns: initialMapping(STOCK_REPORT), channel: "", remember: true };

  it("starts from the recognised fields, in file order", () => {
    expect(initial.columns).toEqual({ 품번: "sku", 입고수량: "inbound", 비고란: "name", X열: "quantity" });
    // a saved mapping wins over what was recognised; an unrecognised column starts ignored
    expect(initialMapping(STOCK_REPORT, { 비고란: "memo", X열: null })).toMatchObject({ 비고란: "memo", X열: "" });
    expect(initialMapping(null)).toEqual({});
  });

  it("builds the PUT body: ignored columns become null, channel optional", () => {
    const form: MappingForm = { ...initial, columns: { ...initial.columns, 비고란: "memo", X열: "outbound" } };
    expect(toMappingBody(form)).toEqual({
      kind: "stock",
      columns: { 품번: "sku", 입고수량: "inbound", 비고란: "memo", X열: "outbound" },
      channel: null,
      remember: true,
    });
    expect(toMappingBody({ ...form, columns: { ...form.columns, 비고란: "" }, channel: "coupang", remember: false })).toEqual({
      kind: "stock",
      columns: { 품번: "sku", 입고수량: "inbound", 비고란: null, X열: "outbound" },
      channel: "coupang",
      remember: false,
    });
  });

  it("knows when the user changed something (not the remember box)", () => {
    expect(isMappingDirty(initial, initial)).toBe(false);
    expect(isMappingDirty({ ...initial, remember: false }, initial)).toBe(false);
    expect(isMappingDirty({ ...initial, columns: { ...initial.columns, X열: "outbound" } }, initial)).toBe(true);
    expect(isMappingDirty({ ...initial, kind: "sales" }, initial)).toBe(true);
  });

  it("lists required field groups without a column", () => {
    expect(missingFieldGroups("stock", initial.columns)).toEqual([]);
    expect(missingFieldGroups("stock", { a: "sku", b: "" })).toEqual([["inbound", "outbound"]]);
    expect(missingFieldGroups("stock", { a: "sku", b: "outbound" })).toEqual([]);
    expect(missingFieldGroups("sales", { a: "name", b: "quantity" })).toEqual([["date"]]);
    expect(missingFieldGroups("products", {})).toEqual([["sku"], ["name"]]);
  });

  it("flags single-column fields given twice, but not personal data or memo", () => {
    expect(duplicateFields({ a: "sku", b: "sku", c: "outbound" }, FIELDS)).toEqual(["sku"]);
    expect(duplicateFields({ a: "memo", b: "memo", c: "phone", d: "phone", e: "" , f: ""}, FIELDS)).toEqual([]);
  });

  it("colours confidence", () => {
    expect(confidenceTone(0.95, "sku")).toBe("success");
    expect(confidenceTone(0.7, "sku")).toBe("info");
    expect(confidenceTone(0.4, "name")).toBe("warning");
    expect(confidenceTone(0, null)).toBe("neutral");
  });
});

describe("progress and apply", () => {
  it("names the phase from the job's progress", () => {
    expect(progressPhase("analyzing", { status: "queued", progress: 0 })).toEqual({ label: "uploads.phase.queued", percent: 0 });
    expect(progressPhase("analyzing", { status: "running", progress: 5 }).label).toBe("uploads.phase.reading");
    expect(progressPhase("analyzing", { status: "running", progress: 30 }).label).toBe("uploads.phase.recognising");
    expect(progressPhase("analyzing", { status: "running", progress: 45 }).label).toBe("uploads.phase.checking");
    expect(progressPhase("analyzing", { status: "running", progress: 90 })).toEqual({ label: "uploads.phase.reporting", percent: 90 });
    expect(progressPhase("applying", { status: "running", progress: 12 }).label).toBe("uploads.phase.rechecking");
    expect(progressPhase("applying", { status: "running", progress: 60 }).label).toBe("uploads.phase.applying");
    expect(progressPhase("undoing", { status: "running", progress: 40 }).label).toBe("uploads.phase.undoing");
    expect(progressPhase("analyzing", null).percent).toBe(0);
  });

  const ready: Pick<Upload, "status" | "already_applied_as"> = { status: "ready", already_applied_as: null };
  const ok: Pick<Report, "blocking"> = { blocking: false };

  it("says why apply is disabled", () => {
    expect(applyBlockedReason(ready, ok, "staff", false)).toBeNull();
    expect(applyBlockedReason({ ...ready, status: "undone" }, ok, "owner", false)).toBeNull();
    expect(applyBlockedReason(ready, ok, "viewer", false)).toBe("uploads.readOnly");
    expect(applyBlockedReason(ready, { blocking: true }, "staff", false)).toBe("uploads.apply.blocking");
    expect(applyBlockedReason({ ...ready, already_applied_as: 3 }, ok, "staff", false)).toBe("uploads.apply.duplicate");
    expect(applyBlockedReason(ready, ok, "manager", true)).toBe("uploads.apply.saveMappingFirst");
    expect(applyBlockedReason({ ...ready, status: "analyzing" }, ok, "staff", false)).toBe("uploads.apply.busy");
    expect(applyBlockedReason({ ...ready, status: "failed" }, null, "staff", false)).toBe("uploads.apply.noReport");
  });

  const job = (over: Partial<UploadJob>): UploadJob => ({
    id: 1, kind: "upload_apply", status: "failed", progress: 40, message: null, result: null,
    created_at: "2026-01-01T00:00:00Z", finished_at: null, ...over,
  });

  it("explains a failed apply from the job's result", () => {
    const shortage: RowError = { line: 3, field: "outbound", value: "9", message: "재고가 부족합니다", message_en: "Not enough stock" };
    const rowErrors = lastJobFailure(
      { status: "ready", job: job({ result: { errors: [shortage, "not a row error"] }, message: "1 errors; nothing was applied" }) },
      "en",
    )!;
    expect(rowErrors).toEqual({ kind: "apply", errors: [shortage], detail: null });
    const domain = lastJobFailure(
      { status: "ready", job: job({ result: { error: "already_applied", detail: { ko: "이미 반영", en: "Already applied" } } }) },
      "ko",
    )!;
    expect(domain).toEqual({ kind: "apply", errors: [], detail: "이미 반영" });
    expect(lastJobFailure({ status: "ready", job: job({ result: null, message: "worker lost" }) }, "ko")!.detail).toBe("worker lost");
    expect(lastJobFailure({ status: "applied", job: job({ kind: "upload_undo", result: { detail: "boom" } }) }, "ko")!.kind).toBe("undo");
    expect(lastJobFailure({ status: "ready", job: job({ status: "succeeded" }) }, "ko")).toBeNull();
    expect(lastJobFailure({ status: "ready", job: job({ kind: "upload_analyze" }) }, "ko")).toBeNull();
  });

  it("accepts the workspace's file types only", () => {
    expect(["a.csv", "B.XLSX", "c.xls", "d.tsv", "e.txt"].every(isAcceptedFile)).toBe(true);
    expect(isAcceptedFile("photo.png")).toBe(false);
  });
});
