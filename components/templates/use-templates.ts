"use client";

import { useQuery } from "@/components/query/use-query";
import { call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { api } from "@/server/contracts/api";

/**
 * What an app's templates are checked against (tables, origin fields, version keys). Fetched once
 * per app and shared by every template field on the page; the checks then run in the browser.
 */
export function useTemplateContext(app: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.templates.context(app ?? ""),
    queryFn: () => call(api.getTemplateContext, { query: { app: app ?? "" } }),
    enabled: Boolean(app),
    staleTime: 30_000,
  });
}
