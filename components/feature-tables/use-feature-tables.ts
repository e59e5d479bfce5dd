"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useQuery } from "@/components/query/use-query";
import { ApiError, apiErrorOf, apiUrl, call, networkError } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { api } from "@/server/contracts/api";
import type { CreateConnectionInput, UpdateConnectionInput } from "@/server/contracts/connections";
import {
  type CreateFeatureTableInput,
  LoadRowsEventSchema,
  type LoadRowsInput,
  type LoadRowsResult,
  LoadRowsResultSchema,
  type UpdateFeatureTableInput,
} from "@/server/contracts/feature-tables";

export function useFeatureTables() {
  return useQuery({
    queryKey: queryKeys.featureTables.all,
    queryFn: async () => (await call(api.listFeatureTables)).tables,
  });
}

export function useFeatureTable(name: string) {
  return useQuery({ queryKey: queryKeys.featureTables.one(name), queryFn: () => call(api.getFeatureTable, { params: { table: name } }) });
}

/** Asked for on demand (the button), then kept fresh while the page is open. */
export function useFeatureTableHealth(name: string) {
  return useQuery({
    queryKey: queryKeys.featureTables.health(name),
    queryFn: () => call(api.getFeatureTableHealth, { params: { table: name } }),
    refetchInterval: 30_000,
    retry: false,
  });
}

function useInvalidateTables() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: queryKeys.featureTables.all }),
      // Templates are checked against the registered tables.
      qc.invalidateQueries({ queryKey: ["templates"] }),
    ]);
}

export function useCreateFeatureTable() {
  const invalidate = useInvalidateTables();
  return useMutation({
    mutationFn: (input: CreateFeatureTableInput) => call(api.createFeatureTable, { body: input }),
    onSuccess: () => invalidate(),
  });
}

export function useUpdateFeatureTable(name: string) {
  const invalidate = useInvalidateTables();
  return useMutation({
    mutationFn: (input: UpdateFeatureTableInput) => call(api.updateFeatureTable, { params: { table: name }, body: input }),
    onSuccess: () => invalidate(),
  });
}

export function useLookupKey() {
  return useMutation({
    mutationFn: ({ table, key }: { table: string; key: string }) => call(api.lookupFeatureKey, { params: { table }, query: { key } }),
  });
}

export type LoadProgress = { phase: "reading" | "checking"; done?: undefined; total?: undefined } | { phase: "writing"; done: number; total: number };

/**
 * Loads a sample-rows file, streaming progress events (application/x-ndjson) while the server
 * writes. A file with bad lines is an ordinary 422 (ApiError with details.errors by line).
 */
export function useLoadRows(name: string) {
  const invalidate = useInvalidateTables();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ input, onProgress, signal }: { input: LoadRowsInput; onProgress: (p: LoadProgress) => void; signal?: AbortSignal }) =>
      loadRowsStreaming(name, input, onProgress, signal),
    onSuccess: () => Promise.all([invalidate(), qc.invalidateQueries({ queryKey: queryKeys.featureTables.one(name) })]),
  });
}

async function loadRowsStreaming(name: string, input: LoadRowsInput, onProgress: (p: LoadProgress) => void, signal?: AbortSignal): Promise<LoadRowsResult> {
  onProgress({ phase: "checking" });
  let res: Response;
  try {
    res = await fetch(apiUrl(api.loadFeatureRows, { params: { table: name } }), {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/x-ndjson" },
      body: JSON.stringify(input),
      credentials: "same-origin",
      signal,
    });
  } catch {
    throw networkError();
  }
  if (!res.ok || !(res.headers.get("content-type") ?? "").includes("ndjson")) {
    const data: unknown = await res.json().catch(() => null);
    // Without a stream (a proxy that buffers, say), a 2xx is the plain LoadRowsResult.
    if (res.ok) return LoadRowsResultSchema.parse(data);
    throw apiErrorOf(res.status, data, api.loadFeatureRows.path);
  }
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += value;
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!line.trim()) continue;
      const event = LoadRowsEventSchema.parse(JSON.parse(line));
      if (event.type === "progress") onProgress({ phase: "writing", done: event.done, total: event.total });
      else if (event.type === "done") return event.result;
      else throw new ApiError(500, event.error.code, event.error.message, event.error.details);
    }
    if (done) break;
  }
  throw new ApiError(0, "network", "The load stopped before the server said it was done; nothing is certain to be loaded. Try again.", null);
}

// ---- connections (admin) -------------------------------------------------------------------

export function useConnections(enabled = true) {
  return useQuery({
    queryKey: queryKeys.connections.all,
    queryFn: async () => (await call(api.listConnections)).connections,
    enabled,
  });
}

export function useConnectionHealth(id: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.connections.health(id),
    queryFn: () => call(api.getConnectionHealth, { params: { id } }),
    enabled,
    retry: false,
  });
}

export function useCreateConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateConnectionInput) => call(api.createConnection, { body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.connections.all }),
  });
}

export function useUpdateConnection(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateConnectionInput) => call(api.updateConnection, { params: { id }, body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.connections.all }),
  });
}

export function useDeleteConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.deleteConnection, { params: { id } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.connections.all }),
  });
}
