/**
 * Named aliases for the orders area's API records, derived from the generated OpenAPI paths like
 * `client/types.ts` (never hand-written).
 */
import type { QueryOf, RequestBody, ResponseBody } from "../../client/types";

export type PurchaseOrderPage = ResponseBody<"/api/purchase-orders", "get">;
export type PurchaseOrder = PurchaseOrderPage["items"][number];
export type PurchaseOrderQuery = QueryOf<"/api/purchase-orders">;
export type PurchaseOrderStatus = PurchaseOrder["status"];
export type PurchaseOrderDetail = ResponseBody<"/api/purchase-orders/{po_id}", "get">;
export type PurchaseOrderLine = PurchaseOrderDetail["lines"][number];
export type PurchaseOrderChange = PurchaseOrderDetail["changes"][number];
export type PurchaseOrderReceipt = PurchaseOrderDetail["receipts"][number];
export type LinesEdit = RequestBody<"/api/purchase-orders/{po_id}/lines", "patch">;
export type ReceiveBody = RequestBody<"/api/purchase-orders/{po_id}/receive", "post">;
export type CancelBody = RequestBody<"/api/purchase-orders/{po_id}/cancel", "post">;
export type ExportQuery = QueryOf<"/api/purchase-orders/export.xlsx">;

export type Recommendations = ResponseBody<"/api/planning/recommendations", "get">;
export type Recommendation = Recommendations["rows"][number];
export type RecommendationQuery = QueryOf<"/api/planning/recommendations">;
export type DraftsBody = RequestBody<"/api/planning/recommendations/drafts", "post">;
export type CreatedDrafts = ResponseBody<"/api/planning/recommendations/drafts", "post", 201>;

export type PolicySettings = ResponseBody<"/api/planning/policy", "get">;
export type PolicyDefaults = PolicySettings["defaults"];
export type PolicyOverride = PolicySettings["overrides"][number];
export type PolicyUpdate = RequestBody<"/api/planning/policy", "put">;
export type PolicyOverrideBody = RequestBody<"/api/planning/policy/overrides", "put">;
export type SafetyStockMethod = PolicyDefaults["safety_stock_method"];
export type ServiceMeasure = PolicyDefaults["service_measure"];
export type OrderRule = PolicyDefaults["order_rule"];

export type ScenarioRequest = RequestBody<"/api/planning/scenarios", "post">;
export type ScenarioResult = ResponseBody<"/api/planning/scenarios/latest", "get">;
export type ScenarioPolicy = ScenarioResult["policies"][number];
export type CurvePoint = ScenarioResult["curve"][number];
export type PolicyKey = ScenarioPolicy["key"];
export type WhatIfRequest = RequestBody<"/api/planning/what-if", "post">;
export type WhatIfResult = ResponseBody<"/api/planning/what-if", "post">;
export type HumanAiReport = ResponseBody<"/api/planning/human-ai", "get">;
export type HumanAiLine = HumanAiReport["lines"][number];
export type Verdict = HumanAiLine["verdict"];
