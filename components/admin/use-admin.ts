"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import type { ApiToken, CreateTokenInput } from "@/server/contracts/tokens";
import type { CreateUserInput, UpdateUserInput, User } from "@/server/contracts/users";

export function useUsers() {
  return useQuery({ queryKey: queryKeys.users, queryFn: async () => (await apiFetch<{ users: User[] }>("/api/v1/admin/users")).users });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserInput) => apiFetch<{ user: User; password?: string }>("/api/v1/admin/users", { method: "POST", body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.users }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UpdateUserInput }) => apiFetch<User>(`/api/v1/admin/users/${id}`, { method: "PATCH", body: input }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.users }),
  });
}

export function useTokens() {
  return useQuery({ queryKey: queryKeys.tokens, queryFn: async () => (await apiFetch<{ tokens: ApiToken[] }>("/api/v1/admin/tokens")).tokens });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTokenInput) => apiFetch<{ token: ApiToken; secret: string }>("/api/v1/admin/tokens", { method: "POST", body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.tokens }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<ApiToken>(`/api/v1/admin/tokens/${id}`, { method: "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.tokens }),
  });
}
