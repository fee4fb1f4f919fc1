import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../client";
import { ApiError } from "../../lib/errors";
import { filenameFrom } from "./model";
import type {
  CancelBody,
  DraftsBody,
  ExportQuery,
  LinesEdit,
  PolicyOverrideBody,
  PolicyUpdate,
  PurchaseOrderDetail,
  PurchaseOrderQuery,
  ReceiveBody,
  RecommendationQuery,
  ScenarioRequest,
  WhatIfRequest,
} from "./types";

export const orderKeys = {
  all: ["purchase-orders"] as const,
  list: (query: PurchaseOrderQuery) => ["purchase-orders", "list", query] as const,
  detail: (id: number) => ["purchase-orders", "detail", id] as const,
};

export const planningKeys = {
  all: ["planning"] as const,
  recommendations: (query: RecommendationQuery) => ["planning", "recommendations", query] as const,
  policy: ["planning", "policy"] as const,
  scenarios: ["planning", "scenarios", "latest"] as const,
  humanAi: ["planning", "human-ai"] as const,
};

/** No scenario has finished yet (404 `no_scenario_result`). */
export function isNoScenario(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

export function usePurchaseOrders(query: PurchaseOrderQuery) {
  return useQuery({
    queryKey: orderKeys.list(query),
    queryFn: () => unwrap(api.GET("/api/purchase-orders", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function usePurchaseOrder(id: number) {
  return useQuery({
    queryKey: orderKeys.detail(id),
    queryFn: () => unwrap(api.GET("/api/purchase-orders/{po_id}", { params: { path: { po_id: id } } })),
    enabled: Number.isFinite(id),
  });
}

/**
 * After any change to an order: put the fresh detail in the cache and refresh the lists and
 * everything an order moves (stock on receipt, on-order quantities in the recommendations).
 * After a refusal (409: approved meanwhile, over-receipt, stale version) reload the order so the
 * page shows its real state next to the message.
 */
function usePoMutation<V>(id: number, call: (vars: V) => Promise<PurchaseOrderDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (po) => {
      qc.setQueryData(orderKeys.detail(id), po);
      void qc.invalidateQueries({ queryKey: ["purchase-orders", "list"] });
      void qc.invalidateQueries({ queryKey: ["planning"] });
      void qc.invalidateQueries({ queryKey: ["balances"] });
      void qc.invalidateQueries({ queryKey: ["movements"] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) void qc.invalidateQueries({ queryKey: orderKeys.detail(id) });
    },
  });
}

const path = (id: number) => ({ params: { path: { po_id: id } } });

export function useEditLines(id: number) {
  return usePoMutation(id, (body: LinesEdit) =>
    unwrap(api.PATCH("/api/purchase-orders/{po_id}/lines", { ...path(id), body })));
}

export function useApprove(id: number) {
  return usePoMutation(id, (version: number) =>
    unwrap(api.POST("/api/purchase-orders/{po_id}/approve", { ...path(id), body: { version } })));
}

export function useSend(id: number) {
  return usePoMutation(id, (version: number) =>
    unwrap(api.POST("/api/purchase-orders/{po_id}/send", { ...path(id), body: { version } })));
}

export function useReceive(id: number) {
  return usePoMutation(id, (body: ReceiveBody) =>
    unwrap(api.POST("/api/purchase-orders/{po_id}/receive", { ...path(id), body })));
}

export function useClose(id: number) {
  return usePoMutation(id, (version: number) =>
    unwrap(api.POST("/api/purchase-orders/{po_id}/close", { ...path(id), body: { version } })));
}

export function useCancel(id: number) {
  return usePoMutation(id, (body: CancelBody) =>
    unwrap(api.POST("/api/purchase-orders/{po_id}/cancel", { ...path(id), body })));
}

export function useReverseReceipt(id: number) {
  return usePoMutation(id, ({ movementId, body }: { movementId: number; body: CancelBody }) =>
    unwrap(api.POST("/api/purchase-orders/{po_id}/receipts/{movement_id}/reverse",
      { params: { path: { po_id: id, movement_id: movementId } }, body })));
}

type BlobResult = { data?: Blob; error?: unknown; response: Response };

/** Saves a file answer (the 발주표) under the server's file name; API errors throw `ApiError`. */
async function saveDownload(promise: Promise<BlobResult>, fallback: string): Promise<string> {
  let result: BlobResult;
  try {
    result = await promise;
  } catch (e) {
    throw ApiError.network(e);
  }
  if (!result.response.ok || !result.data) throw ApiError.fromBody(result.response.status, result.error);
  const name = filenameFrom(result.response.headers.get("Content-Disposition"), fallback);
  const url = URL.createObjectURL(result.data);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** The PO sheet (발주표) of one order, or of the orders matching the list's filters. */
export function useExportPurchaseOrders() {
  return useMutation({
    mutationFn: (target: { id: number } | { query: ExportQuery }) =>
      "id" in target
        ? saveDownload(
            api.GET("/api/purchase-orders/{po_id}/export.xlsx", { ...path(target.id), parseAs: "blob" }) as Promise<BlobResult>,
            `purchase-order-${target.id}.xlsx`,
          )
        : saveDownload(
            api.GET("/api/purchase-orders/export.xlsx", { params: { query: target.query }, parseAs: "blob" }) as Promise<BlobResult>,
            "purchase-orders.xlsx",
          ),
  });
}

// --- recommendations ------------------------------------------------------------------------------

export function useRecommendations(query: RecommendationQuery) {
  return useQuery({
    queryKey: planningKeys.recommendations(query),
    queryFn: () => unwrap(api.GET("/api/planning/recommendations", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** One draft per supplier from the selected recommendations. */
export function useCreateDrafts() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DraftsBody) => unwrap(api.POST("/api/planning/recommendations/drafts", { body })),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: orderKeys.all }),
        qc.invalidateQueries({ queryKey: planningKeys.all }),
      ]),
  });
}

// --- policy --------------------------------------------------------------------------------------

export function usePolicy() {
  return useQuery({
    queryKey: planningKeys.policy,
    queryFn: () => unwrap(api.GET("/api/planning/policy")),
  });
}

/** A policy change changes every recommendation. */
function useInvalidatePlanning() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: planningKeys.all });
}

export function useUpdatePolicy() {
  const qc = useQueryClient();
  const invalidate = useInvalidatePlanning();
  return useMutation({
    mutationFn: (body: PolicyUpdate) => unwrap(api.PUT("/api/planning/policy", { body })),
    onSuccess: async (settings) => {
      qc.setQueryData(planningKeys.policy, settings);
      await invalidate();
    },
  });
}

export function useSaveOverride() {
  const invalidate = useInvalidatePlanning();
  return useMutation({
    mutationFn: (body: PolicyOverrideBody) => unwrap(api.PUT("/api/planning/policy/overrides", { body })),
    onSuccess: invalidate,
  });
}

export function useDeleteOverride() {
  const invalidate = useInvalidatePlanning();
  return useMutation({
    mutationFn: (id: number) =>
      unwrap(api.DELETE("/api/planning/policy/overrides/{override_id}", { params: { path: { override_id: id } } })),
    onSuccess: invalidate,
  });
}

// --- scenarios, what-if, Human–AI -----------------------------------------------------------------

export const SCENARIO_JOB = "planning.scenarios";

export function useLatestScenario() {
  return useQuery({
    queryKey: planningKeys.scenarios,
    queryFn: () => unwrap(api.GET("/api/planning/scenarios/latest")),
  });
}

/** Recent jobs: the scenarios tab finds a replay still running (after a reload) among them. */
export function useRecentJobs() {
  return useQuery({
    queryKey: ["jobs", "recent"],
    queryFn: () => unwrap(api.GET("/api/jobs")),
  });
}

export function useStartScenarios() {
  return useMutation({
    mutationFn: (body: ScenarioRequest) => unwrap(api.POST("/api/planning/scenarios", { body })),
  });
}

export function useWhatIf() {
  return useMutation({
    mutationFn: (body: WhatIfRequest) => unwrap(api.POST("/api/planning/what-if", { body })),
  });
}

export function useHumanAi() {
  return useQuery({
    queryKey: planningKeys.humanAi,
    queryFn: () => unwrap(api.GET("/api/planning/human-ai")),
  });
}
