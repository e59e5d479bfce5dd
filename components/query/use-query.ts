"use client";

import {
  useQuery as useTanstackQuery,
  type DefaultError,
  type QueryKey,
  type UseQueryOptions,
  type UseQueryResult,
} from "@tanstack/react-query";
import { useHydrated } from "./use-hydrated";

/**
 * TanStack's useQuery, hydration-safe. Queries never run on the server, so every server-rendered
 * query is pending; TanStack hands React the cache's current result as the server snapshot, so a
 * Suspense boundary that hydrates after its query already resolved in the browser (a shared key
 * fetched by another component, a busy main thread) renders data over the server's loading state:
 * React error #418 and a client re-render of the whole boundary. Here hydration sees the pending
 * result the server saw; the data follows on the next render, before paint in practice.
 */
export function useQuery<TQueryFnData = unknown, TError = DefaultError, TData = TQueryFnData, TQueryKey extends QueryKey = QueryKey>(
  options: UseQueryOptions<TQueryFnData, TError, TData, TQueryKey>,
): UseQueryResult<TData, TError> {
  const hydrated = useHydrated();
  const result = useTanstackQuery(options);
  return hydrated ? result : asOnTheServer(result, options.enabled !== false);
}

/** The result the server rendered: pending, and fetching unless the query is switched off. */
function asOnTheServer<TData, TError>(result: UseQueryResult<TData, TError>, enabled: boolean): UseQueryResult<TData, TError> {
  if (result.status === "pending") return result;
  return {
    ...result,
    data: undefined,
    error: null,
    status: "pending",
    isPending: true,
    fetchStatus: enabled ? "fetching" : "idle",
    isFetching: enabled,
    isLoading: enabled,
    isRefetching: false,
    isSuccess: false,
    isError: false,
    isLoadingError: false,
    isRefetchError: false,
    isPlaceholderData: false,
    isFetched: false,
    isFetchedAfterMount: false,
    dataUpdatedAt: 0,
    errorUpdatedAt: 0,
  } as UseQueryResult<TData, TError>;
}
