import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../client";
import type { BalanceQuery, MovementCreate, MovementQuery } from "../../client/types";

export const stockKeys = {
  balances: (q: BalanceQuery) => ["balances", q] as const,
  movements: (q: MovementQuery) => ["movements", q] as const,
};

export function useBalances(query: BalanceQuery) {
  return useQuery({
    queryKey: stockKeys.balances(query),
    queryFn: () => unwrap(api.GET("/api/stock/balances", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useMovements(query: MovementQuery) {
  return useQuery({
    queryKey: stockKeys.movements(query),
    queryFn: () => unwrap(api.GET("/api/stock/movements", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** A movement changes balances, the ledger, product on-hand figures and the audit log. */
function useInvalidateStock() {
  const qc = useQueryClient();
  return () =>
    Promise.all(
      ["balances", "movements", "products", "audit"].map((k) => qc.invalidateQueries({ queryKey: [k] })),
    );
}

export function useRecordMovement() {
  const invalidate = useInvalidateStock();
  return useMutation({
    mutationFn: (body: MovementCreate) => unwrap(api.POST("/api/stock/movements", { body })),
    onSuccess: invalidate,
  });
}

export function useUndoMovement() {
  const invalidate = useInvalidateStock();
  return useMutation({
    mutationFn: ({ id, note }: { id: number; note?: string }) =>
      unwrap(
        api.POST("/api/stock/movements/{movement_id}/undo", {
          params: { path: { movement_id: id } },
          body: note ? { note } : {},
        }),
      ),
    onSuccess: invalidate,
  });
}
