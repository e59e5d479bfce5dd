"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useQuery } from "@/components/query/use-query";
import { call } from "@/components/api-client";
import { queryKeys } from "@/components/query-keys";
import { api } from "@/server/contracts/api";
import type { NotificationKind, SetNotificationWebhookInput } from "@/server/contracts/notifications";

/** The top bar's count: polled every 30 s and whenever the window gets the focus back. */
export const UNREAD_POLL_MS = 30_000;

export function useUnreadCount() {
  return useQuery({
    queryKey: queryKeys.notifications.unread,
    queryFn: async () => (await call(api.countUnreadNotifications)).unread,
    refetchInterval: UNREAD_POLL_MS,
    refetchOnWindowFocus: true,
  });
}

export function useNotifications(filter: { app?: string; kinds?: NotificationKind[]; limit?: number } = {}) {
  const query = { app: filter.app, kinds: filter.kinds?.join(","), limit: filter.limit ? String(filter.limit) : undefined };
  return useQuery({
    queryKey: queryKeys.notifications.list(query),
    queryFn: () => call(api.listNotifications, { query: { app: filter.app, kinds: query.kinds, limit: filter.limit } }),
    refetchInterval: UNREAD_POLL_MS,
    refetchOnWindowFocus: true,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.markNotificationRead, { params: { id } }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.notifications.all }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.markAllNotificationsRead),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.notifications.all }),
  });
}

export function useNotificationWebhook(app: string) {
  return useQuery({ queryKey: queryKeys.notifications.webhook(app), queryFn: () => call(api.getNotificationWebhook, { params: { app } }) });
}

export function useSetNotificationWebhook(app: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: SetNotificationWebhookInput) => call(api.setNotificationWebhook, { params: { app }, body: input }),
    onSuccess: (data) => qc.setQueryData(queryKeys.notifications.webhook(app), data),
  });
}
