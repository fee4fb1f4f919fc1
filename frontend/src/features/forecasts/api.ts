import { useEffect, useRef } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../client";
import type {
  AccuracyLevel,
  CategoryForecastQuery,
  ForecastOverrideCreate,
  ForecastQuery,
  ForecastRunPage,
  ForecastRunRequest,
} from "../../client/types";
import { ApiError } from "../../lib/errors";
import { isJobDone, useJob } from "../jobs/api";
import { isActiveRun } from "./model";

type RunsQuery = { page: number; page_size: number };

export const forecastKeys = {
  all: ["forecasts"] as const,
  runs: (query: RunsQuery) => ["forecasts", "runs", query] as const,
  run: (id: number) => ["forecasts", "run", id] as const,
  products: (query: ForecastQuery) => ["forecasts", "products", query] as const,
  product: (id: number) => ["forecasts", "product", id] as const,
  categories: (query: CategoryForecastQuery) => ["forecasts", "categories", query] as const,
  category: (name: string) => ["forecasts", "category", name] as const,
  accuracy: (level: AccuracyLevel, runId: number | null) => ["forecasts", "accuracy", level, runId] as const,
};

/** The first page of runs, which the page header watches for an active run. */
export const HEADER_RUNS: RunsQuery = { page: 1, page_size: 20 };

/** `no_forecast` (404): no run has succeeded yet. */
export function isNoForecast(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && error.code === "no_forecast";
}

/** Runs, newest first; polled every 2 s while one of them is queued or running. */
export function useForecastRuns(query: RunsQuery) {
  return useQuery({
    queryKey: forecastKeys.runs(query),
    queryFn: () => unwrap(api.GET("/api/forecasts/runs", { params: { query } })),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some(isActiveRun) ? 2000 : false),
  });
}

export function useForecastRun(id: number | null) {
  return useQuery({
    queryKey: forecastKeys.run(id ?? 0),
    queryFn: () => unwrap(api.GET("/api/forecasts/runs/{run_id}", { params: { path: { run_id: id as number } } })),
    enabled: id !== null,
  });
}

/**
 * The active run (queued/running) if any, and its job polled every second. When the job ends the
 * runs are refetched, and when the run is no longer active every forecast view is refreshed.
 */
export function useActiveRun() {
  const qc = useQueryClient();
  const runs = useForecastRuns(HEADER_RUNS);
  const active = runs.data?.items.find(isActiveRun) ?? null;
  const job = useJob(active?.job_id ?? null);
  const jobDone = isJobDone(job.data);

  useEffect(() => {
    if (jobDone) void qc.invalidateQueries({ queryKey: ["forecasts", "runs"] });
  }, [jobDone, qc]);

  const activeId = active?.id ?? null;
  const previous = useRef(activeId);
  useEffect(() => {
    const before = previous.current;
    previous.current = activeId;
    if (before !== null && before !== activeId) void qc.invalidateQueries({ queryKey: forecastKeys.all });
  }, [activeId, qc]);

  return { runs, active, job };
}

export function useStartRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ForecastRunRequest) => unwrap(api.POST("/api/forecasts/runs", { body })),
    onSuccess: (run) => {
      // Show the queued run (and its progress) at once, before the list is refetched.
      qc.setQueryData<ForecastRunPage>(forecastKeys.runs(HEADER_RUNS), (old) =>
        old ? { ...old, items: [run, ...old.items.filter((r) => r.id !== run.id)], total: old.total + 1 } : old,
      );
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ["forecasts", "runs"] }),
  });
}

export function useProductForecasts(query: ForecastQuery) {
  return useQuery({
    queryKey: forecastKeys.products(query),
    queryFn: () => unwrap(api.GET("/api/forecasts/products", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useCategoryForecasts(query: CategoryForecastQuery) {
  return useQuery({
    queryKey: forecastKeys.categories(query),
    queryFn: () => unwrap(api.GET("/api/forecasts/categories", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useProductForecast(id: number) {
  return useQuery({
    queryKey: forecastKeys.product(id),
    queryFn: () =>
      unwrap(api.GET("/api/forecasts/products/{product_id}", { params: { path: { product_id: id } } })),
    enabled: Number.isFinite(id),
  });
}

export function useCategoryForecast(name: string) {
  return useQuery({
    queryKey: forecastKeys.category(name),
    queryFn: () =>
      unwrap(api.GET("/api/forecasts/categories/{category}", { params: { path: { category: name } } })),
    enabled: name !== "",
  });
}

export function useAccuracy(level: AccuracyLevel, runId: number | null, enabled = true) {
  return useQuery({
    queryKey: forecastKeys.accuracy(level, runId),
    queryFn: () =>
      unwrap(api.GET("/api/forecasts/accuracy", { params: { query: runId ? { level, run_id: runId } : { level } } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** An override changes the product's detail, the list's "overridden" badge and planning. */
function useInvalidateOverrides() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ["forecasts", "product"] }),
      qc.invalidateQueries({ queryKey: ["forecasts", "products"] }),
      qc.invalidateQueries({ queryKey: ["audit"] }),
    ]);
}

export function useCreateOverride() {
  const invalidate = useInvalidateOverrides();
  return useMutation({
    mutationFn: (body: ForecastOverrideCreate) => unwrap(api.POST("/api/forecasts/overrides", { body })),
    onSuccess: invalidate,
  });
}

export function useWithdrawOverride() {
  const invalidate = useInvalidateOverrides();
  return useMutation({
    mutationFn: (id: number) =>
      unwrap(
        api.POST("/api/forecasts/overrides/{override_id}/withdraw", { params: { path: { override_id: id } } }),
      ),
    onSuccess: invalidate,
  });
}
