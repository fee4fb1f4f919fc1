import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../client";
import type { TenantSettingsPatch } from "../../client/types";
import { meKey } from "../auth/api";

export const settingsKey = ["settings"] as const;

export function useTenantSettings() {
  return useQuery({ queryKey: settingsKey, queryFn: () => unwrap(api.GET("/api/settings")) });
}

export function useUpdateTenantSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TenantSettingsPatch) => unwrap(api.PATCH("/api/settings", { body })),
    onSuccess: (data) => {
      qc.setQueryData(settingsKey, data);
      // The header shows the tenant name from /auth/me.
      return qc.invalidateQueries({ queryKey: meKey });
    },
  });
}
