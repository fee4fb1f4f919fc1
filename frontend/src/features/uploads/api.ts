import { useEffect, useRef } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../client";
import type { ActionsBody, Channel, MappingBody, Upload, UploadQuery } from "../../client/types";
import { isBusy } from "./model";

export const uploadKeys = {
  all: ["uploads"] as const,
  list: (query: UploadQuery) => ["uploads", "list", query] as const,
  detail: (id: number) => ["uploads", "detail", id] as const,
  fields: ["uploads", "fields"] as const,
};

export const uploadUrls = {
  template: "/api/uploads/template.xlsx",
  reportXlsx: (id: number) => `/api/uploads/${id}/report.xlsx`,
  reportJson: (id: number) => `/api/uploads/${id}/report.json`,
  original: (id: number) => `/api/uploads/${id}/original`,
};

/** The history, newest first; polls while an upload in the page is being worked on. */
export function useUploads(query: UploadQuery) {
  return useQuery({
    queryKey: uploadKeys.list(query),
    queryFn: () => unwrap(api.GET("/api/uploads", { params: { query } })),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((u) => isBusy(u.status)) ? 2000 : false),
  });
}

/** Applying or undoing an upload changes stock, the ledger, products (and sales) and the audit log. */
export function invalidateAfterApply(qc: QueryClient) {
  return Promise.all(
    ["balances", "movements", "products", "categories", "audit", "sales"].map((k) =>
      qc.invalidateQueries({ queryKey: [k] }),
    ),
  );
}

/**
 * One upload, polled every second while the worker analyses, applies or undoes it. When work
 * finishes the history is refreshed, and after an apply or undo every stock view too.
 */
export function useUpload(id: number) {
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: uploadKeys.detail(id),
    queryFn: () => unwrap(api.GET("/api/uploads/{upload_id}", { params: { path: { upload_id: id } } })),
    enabled: Number.isFinite(id),
    refetchInterval: (q) => (isBusy(q.state.data?.status) ? 1000 : false),
  });
  const status = query.data?.status;
  const previous = useRef(status);
  useEffect(() => {
    const before = previous.current;
    previous.current = status;
    if (!before || !status || before === status || !isBusy(before) || isBusy(status)) return;
    void qc.invalidateQueries({ queryKey: ["uploads", "list"] });
    if (before === "applying" || before === "undoing") void invalidateAfterApply(qc);
  }, [status, qc]);
  return query;
}

export function useUploadFields() {
  return useQuery({
    queryKey: uploadKeys.fields,
    queryFn: () => unwrap(api.GET("/api/uploads/fields")),
    staleTime: Infinity,
  });
}

/** Every write answers with the upload (202, work queued): show it and start polling. */
function useUploadWrite<V>(id: number, fn: (vars: V) => Promise<Upload>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (upload) => {
      qc.setQueryData(uploadKeys.detail(id), upload);
      void qc.invalidateQueries({ queryKey: ["uploads", "list"] });
    },
  });
}

export function useCreateUpload() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, channel }: { file: File; channel: Channel | "" }) =>
      unwrap(
        api.POST("/api/uploads", {
          body: { file: file.name, channel: channel || null },
          bodySerializer: () => {
            const fd = new FormData();
            fd.append("file", file);
            if (channel) fd.append("channel", channel);
            return fd;
          },
        }),
      ),
    onSuccess: (upload) => {
      qc.setQueryData(uploadKeys.detail(upload.id), upload);
      void qc.invalidateQueries({ queryKey: ["uploads", "list"] });
    },
  });
}

export function useSetMapping(id: number) {
  return useUploadWrite(id, (body: MappingBody) =>
    unwrap(api.PUT("/api/uploads/{upload_id}/mapping", { params: { path: { upload_id: id } }, body })),
  );
}

export function useSetActions(id: number) {
  return useUploadWrite(id, (body: ActionsBody) =>
    unwrap(api.PUT("/api/uploads/{upload_id}/actions", { params: { path: { upload_id: id } }, body })),
  );
}

export function useApplyUpload(id: number) {
  return useUploadWrite(id, () =>
    unwrap(api.POST("/api/uploads/{upload_id}/apply", { params: { path: { upload_id: id } } })),
  );
}

export function useUndoUpload(id: number) {
  return useUploadWrite(id, () =>
    unwrap(api.POST("/api/uploads/{upload_id}/undo", { params: { path: { upload_id: id } } })),
  );
}

export function useDeleteUpload(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/uploads/{upload_id}", { params: { path: { upload_id: id } } })),
    onSuccess: () => {
      qc.removeQueries({ queryKey: uploadKeys.detail(id) });
      void qc.invalidateQueries({ queryKey: ["uploads", "list"] });
    },
  });
}
