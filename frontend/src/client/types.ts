/**
 * Named aliases for API records, derived from the generated OpenAPI paths (so they follow the
 * backend's contract whatever it names its schemas). Never hand-write an API record type.
 */
import type { paths } from "./schema";

type Method = "get" | "post" | "put" | "patch" | "delete";
type JsonOf<R> = R extends { content: { "application/json": infer J } } ? J : never;

/** JSON body of the response `Status` of `Method Path`. */
export type ResponseBody<
  P extends keyof paths,
  M extends Method,
  Status extends number = 200,
> = paths[P][M] extends { responses: infer R }
  ? Status extends keyof R
    ? JsonOf<R[Status]>
    : never
  : never;

/** JSON request body of `Method Path`. */
export type RequestBody<P extends keyof paths, M extends Method> = paths[P][M] extends {
  requestBody?: infer B;
}
  ? JsonOf<NonNullable<B>>
  : never;

/** Query parameters of `GET Path`. */
export type QueryOf<P extends keyof paths> = paths[P]["get"] extends {
  parameters: { query?: infer Q };
}
  ? NonNullable<Q>
  : never;

export type Me = ResponseBody<"/api/auth/me", "get">;
export type Role = Me["role"];
export type Language = Me["language"];
export type SignupBody = RequestBody<"/api/auth/signup", "post">;
export type LoginBody = RequestBody<"/api/auth/login", "post">;
export type PasswordChangeBody = RequestBody<"/api/auth/password", "post">;
export type LanguageBody = RequestBody<"/api/auth/language", "put">;

export type TenantSettings = ResponseBody<"/api/settings", "get">;
export type TenantSettingsPatch = RequestBody<"/api/settings", "patch">;

export type Member = ResponseBody<"/api/members", "get">[number];
export type MemberCreate = RequestBody<"/api/members", "post">;
export type MemberPatch = RequestBody<"/api/members/{member_id}", "patch">;

export type Supplier = ResponseBody<"/api/suppliers", "get">[number];
export type SupplierCreate = RequestBody<"/api/suppliers", "post">;
export type SupplierPatch = RequestBody<"/api/suppliers/{supplier_id}", "patch">;

export type Product = ResponseBody<"/api/products/{product_id}", "get">;
export type ProductKind = Product["kind"];
export type ProductComponent = Product["components"][number];
export type ProductCreate = RequestBody<"/api/products", "post">;
export type ProductPatch = RequestBody<"/api/products/{product_id}", "patch">;
export type ProductPage = ResponseBody<"/api/products", "get">;
export type ProductQuery = QueryOf<"/api/products">;
export type ComponentInput = RequestBody<"/api/products/{product_id}/components", "put">[number];

export type ChannelSku = ResponseBody<"/api/channel-skus", "get">[number];
export type Channel = ChannelSku["channel"];
export type ChannelSkuCreate = RequestBody<"/api/channel-skus", "post">;

export type BalancePage = ResponseBody<"/api/stock/balances", "get">;
export type Balance = BalancePage["items"][number];
export type BalanceQuery = QueryOf<"/api/stock/balances">;

export type Movement = ResponseBody<"/api/stock/movements", "get">["items"][number];
export type MovementPage = ResponseBody<"/api/stock/movements", "get">;
export type MovementQuery = QueryOf<"/api/stock/movements">;
export type MovementCreate = RequestBody<"/api/stock/movements", "post">;
export type MovementReason = Movement["reason"];
export type ManualReason = MovementCreate["reason"];
export type MovementSource = Movement["source"];

export type AuditPage = ResponseBody<"/api/audit", "get">;
export type AuditEntry = AuditPage["items"][number];
export type AuditQuery = QueryOf<"/api/audit">;

export type Job = ResponseBody<"/api/jobs/{job_id}", "get">;
export type JobStatus = Job["status"];

export type Upload = ResponseBody<"/api/uploads/{upload_id}", "get">;
export type UploadSummary = ResponseBody<"/api/uploads", "get">["items"][number];
export type UploadQuery = QueryOf<"/api/uploads">;
export type UploadStatus = Upload["status"];
export type FileKind = NonNullable<Upload["kind"]>;
export type UploadJob = NonNullable<Upload["job"]>;
export type UploadField = ResponseBody<"/api/uploads/fields", "get">[number];
export type FieldKey = UploadField["key"];
export type MappingBody = RequestBody<"/api/uploads/{upload_id}/mapping", "put">;
export type ActionsBody = RequestBody<"/api/uploads/{upload_id}/actions", "put">;
export type RuleAction = ActionsBody["actions"][string];

/** The cleansing report on an upload (also GET …/report.json), and its parts. */
export type Report = NonNullable<Upload["report"]>;
export type ReportFile = Report["file"];
export type ReportColumn = Report["columns"][number];
export type ColumnBasis = ReportColumn["basis"];
export type ReportPersonalData = Report["pii"][number];
export type ReportRule = Report["rules"][number];
export type Localized = ReportRule["title"];
export type RuleExample = ReportRule["examples"][number];
export type RowError = Report["errors"][number];
export type ReportSummary = Report["summary"];
export type TemplateInfo = NonNullable<Report["template"]>;
export type ProductImportCounts = NonNullable<Report["products"]>;
/** Why the file could not be read (status failed). */
export type UploadError = NonNullable<Upload["error"]>;
/** What applying did, and (`undo`) what undoing it did. */
export type ApplyResult = NonNullable<Upload["result"]>;
export type UndoResult = NonNullable<ApplyResult["undo"]>;

/** Forecasts: runs, the per-product/category forecast, overrides and accuracy. */
export type ForecastRunPage = ResponseBody<"/api/forecasts/runs", "get">;
export type ForecastRun = ForecastRunPage["items"][number];
export type ForecastRunDetail = ResponseBody<"/api/forecasts/runs/{run_id}", "get">;
export type ForecastRunStatus = ForecastRun["status"];
export type ForecastRunTrigger = ForecastRun["trigger"];
export type ForecastRunRequest = RequestBody<"/api/forecasts/runs", "post">;
export type ForecastMetrics = NonNullable<ForecastRun["metrics"]>;
export type ModelScore = ForecastRunDetail["models"][number];
export type ForecastRowPage = ResponseBody<"/api/forecasts/products", "get">;
export type ForecastRow = ForecastRowPage["items"][number];
export type ForecastTotal = ForecastRow["totals"][number];
export type ForecastQuery = QueryOf<"/api/forecasts/products">;
export type CategoryForecastQuery = QueryOf<"/api/forecasts/categories">;
export type ForecastDetail = ResponseBody<"/api/forecasts/products/{product_id}", "get">;
export type ForecastDay = ForecastDetail["forecast"][number];
export type HistoryDay = ForecastDetail["history"][number];
export type ForecastScore = ForecastDetail["scores"][number];
export type ForecastOverride = ForecastDetail["overrides"][number];
export type ForecastOverrideCreate = RequestBody<"/api/forecasts/overrides", "post">;
export type AccuracyQuery = QueryOf<"/api/forecasts/accuracy">;
export type AccuracyLevel = NonNullable<AccuracyQuery["level"]>;
export type AccuracyRow = ResponseBody<"/api/forecasts/accuracy", "get">[number];
