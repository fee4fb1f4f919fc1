import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../client";
import type { SupplierCreate, SupplierPatch } from "../../client/types";

export const supplierKeys = { all: ["suppliers"] as const };

export function useSuppliers() {
  return useQuery({
    queryKey: supplierKeys.all,
    queryFn: () => unwrap(api.GET("/api/suppliers")),
    staleTime: 30_000,
  });
}

function useInvalidate() {
  const qc = useQueryClient();
  // Product rows show the supplier name, so refresh them too.
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: supplierKeys.all }),
      qc.invalidateQueries({ queryKey: ["products"] }),
    ]);
}

export function useCreateSupplier() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: SupplierCreate) => unwrap(api.POST("/api/suppliers", { body })),
    onSuccess: invalidate,
  });
}

export function useUpdateSupplier() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: SupplierPatch }) =>
      unwrap(api.PATCH("/api/suppliers/{supplier_id}", { params: { path: { supplier_id: id } }, body })),
    onSuccess: invalidate,
  });
}

export function useDeleteSupplier() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: number) =>
      unwrap(api.DELETE("/api/suppliers/{supplier_id}", { params: { path: { supplier_id: id } } })),
    onSuccess: invalidate,
  });
}
