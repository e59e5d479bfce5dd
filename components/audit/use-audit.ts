"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { type ApiQuery, call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { api } from "@/server/contracts/api";

export type AuditFilters = Pick<ApiQuery<typeof api.listAudit>, "actor" | "app" | "kind" | "from" | "to">;

export function useAudit(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.audit(filters),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) => {
      const { actor, app, kind, from, to } = filters;
      // An empty filter field means no filter, not "equal to the empty string".
      const query = { actor: actor || undefined, app: app || undefined, kind: kind || undefined, from: from || undefined, to: to || undefined };
      return call(api.listAudit, { query: { ...query, before: pageParam || undefined } });
    },
    getNextPageParam: (last) => last.nextBefore,
  });
}
