import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../client";
import type { MemberCreate, MemberPatch } from "../../client/types";

export const memberKeys = { all: ["members"] as const };

export function useMembers(enabled = true) {
  return useQuery({
    queryKey: memberKeys.all,
    queryFn: () => unwrap(api.GET("/api/members")),
    enabled,
  });
}

export function useCreateMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: MemberCreate) => unwrap(api.POST("/api/members", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: memberKeys.all }),
  });
}

export function useUpdateMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: MemberPatch }) =>
      unwrap(api.PATCH("/api/members/{member_id}", { params: { path: { member_id: id } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: memberKeys.all }),
  });
}
