"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import type { AuditEntry } from "@/server/contracts/audit";

export interface AuditFilters {
  actor?: string;
  app?: string;
  kind?: string;
  from?: string;
  to?: string;
}

export function useAudit(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.audit(filters),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
      if (pageParam) q.set("before", String(pageParam));
      return apiFetch<{ entries: AuditEntry[]; nextBefore: number | null }>(`/api/v1/audit?${q.toString()}`);
    },
    getNextPageParam: (last) => last.nextBefore,
  });
}
