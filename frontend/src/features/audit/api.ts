import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../client";
import type { AuditQuery } from "../../client/types";

export function useAudit(query: AuditQuery) {
  return useQuery({
    queryKey: ["audit", query],
    queryFn: () => unwrap(api.GET("/api/audit", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}
