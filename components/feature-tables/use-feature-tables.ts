"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiFetch } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import type { Connection, CreateConnectionInput, Health, UpdateConnectionInput } from "@/server/contracts/connections";
import type {
  CreateFeatureTableInput,
  FeatureTable,
  LoadRowsEvent,
  LoadRowsInput,
  LoadRowsResult,
  LookupResult,
  UpdateFeatureTableInput,
} from "@/server/contracts/feature-tables";

const enc = encodeURIComponent;

export function useFeatureTables() {
  return useQuery({
    queryKey: queryKeys.featureTables.all,
    queryFn: async () => (await apiFetch<{ tables: FeatureTable[] }>("/api/v1/feature-tables")).tables,
  });
}

export function useFeatureTable(name: string) {
  return useQuery({ queryKey: queryKeys.featureTables.one(name), queryFn: () => apiFetch<FeatureTable>(`/api/v1/feature-tables/${enc(name)}`) });
}

/** Asked for on demand (the button), then kept fresh while the page is open. */
export function useFeatureTableHealth(name: string) {
  return useQuery({
    queryKey: queryKeys.featureTables.health(name),
    queryFn: () => apiFetch<Health>(`/api/v1/feature-tables/${enc(name)}/health`),
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
    mutationFn: (input: CreateFeatureTableInput) => apiFetch<FeatureTable>("/api/v1/feature-tables", { method: "POST", body: input }),
    onSuccess: () => invalidate(),
  });
}

export function useUpdateFeatureTable(name: string) {
  const invalidate = useInvalidateTables();
  return useMutation({
    mutationFn: (input: UpdateFeatureTableInput) => apiFetch<FeatureTable>(`/api/v1/feature-tables/${enc(name)}`, { method: "PUT", body: input }),
    onSuccess: () => invalidate(),
  });
}

export function useLookupKey() {
  return useMutation({
    mutationFn: ({ table, key }: { table: string; key: string }) => apiFetch<LookupResult>(`/api/v1/feature-tables/${enc(table)}/lookup?key=${enc(key)}`),
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
    res = await fetch(`/api/v1/feature-tables/${enc(name)}/rows`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/x-ndjson" },
      body: JSON.stringify(input),
      credentials: "same-origin",
      signal,
    });
  } catch {
    throw new ApiError(0, "network", "The console did not answer. Check your connection and try again.", null);
  }
  if (!res.ok || !(res.headers.get("content-type") ?? "").includes("ndjson")) {
    const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details: unknown } } | LoadRowsResult | null;
    if (res.ok && data && "rows" in data) return data;
    const err = data && "error" in data ? data.error : undefined;
    throw new ApiError(res.status, err?.code ?? "http_error", err?.message ?? `The server answered ${res.status}.`, err?.details ?? null);
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
      const event = JSON.parse(line) as LoadRowsEvent;
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
    queryFn: async () => (await apiFetch<{ connections: Connection[] }>("/api/v1/connections")).connections,
    enabled,
  });
}

export function useConnectionHealth(id: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.connections.health(id),
    queryFn: () => apiFetch<Health>(`/api/v1/connections/${enc(id)}/health`),
    enabled,
    retry: false,
  });
}

export function useCreateConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateConnectionInput) => apiFetch<Connection>("/api/v1/connections", { method: "POST", body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.connections.all }),
  });
}

export function useUpdateConnection(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateConnectionInput) => apiFetch<Connection>(`/api/v1/connections/${enc(id)}`, { method: "PUT", body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.connections.all }),
  });
}

export function useDeleteConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<Connection>(`/api/v1/connections/${enc(id)}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.connections.all }),
  });
}
