"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useQuery } from "@/components/query/use-query";
import { call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { api } from "@/server/contracts/api";
import type { CreateTokenInput } from "@/server/contracts/tokens";
import type { CreateUserInput, UpdateUserInput } from "@/server/contracts/users";

export function useUsers() {
  return useQuery({ queryKey: queryKeys.users, queryFn: async () => (await call(api.listUsers)).users });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserInput) => call(api.createUser, { body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.users }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UpdateUserInput }) => call(api.updateUser, { params: { id }, body: input }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.users }),
  });
}

export function useTokens() {
  return useQuery({ queryKey: queryKeys.tokens, queryFn: async () => (await call(api.listTokens)).tokens });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTokenInput) => call(api.createToken, { body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.tokens }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.revokeToken, { params: { id } }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.tokens }),
  });
}
