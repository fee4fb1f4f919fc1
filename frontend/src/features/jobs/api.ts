import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../client";
import type { Job } from "../../client/types";

export function isJobDone(job: Job | undefined): boolean {
  return job?.status === "succeeded" || job?.status === "failed";
}

/** Polls a background job every second until it succeeds or fails. */
export function useJob(id: Job["id"] | null) {
  return useQuery({
    queryKey: ["jobs", id],
    queryFn: () => unwrap(api.GET("/api/jobs/{job_id}", { params: { path: { job_id: id as Job["id"] } } })),
    enabled: id !== null,
    refetchInterval: (query) => (isJobDone(query.state.data) ? false : 1000),
  });
}
