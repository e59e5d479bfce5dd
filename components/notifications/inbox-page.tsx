"use client";

import { ApiError } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { EmptyState } from "@/components/ui/empty-state";
import { Loading } from "@/components/ui/loading";
import { PageHeader } from "@/components/ui/page-header";
import type { Notification, NotificationKind } from "@/server/contracts/notifications";
import { NotificationLinks } from "./notification-links";
import { useMarkAllRead, useMarkRead, useNotifications } from "./use-notifications";

const KIND_LABELS: Record<NotificationKind, { label: string; tone: "green" | "red" | "slate" | "indigo" }> = {
  approved: { label: "Approved", tone: "green" },
  rejected: { label: "Rejected", tone: "red" },
  delivered: { label: "Delivered", tone: "indigo" },
  delivery_failed: { label: "Delivery failed", tone: "red" },
  verification_failed: { label: "Verification failed", tone: "red" },
};

/** The signed-in person's notifications: decisions on their requests and how their releases went. */
export function InboxPage() {
  const list = useNotifications({ limit: 100 });
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const unread = list.data?.unread ?? 0;
  const error = markRead.error ?? markAll.error;
  return (
    <>
      <PageHeader
        title="Inbox"
        description="What happened to your change requests and releases: approved, rejected (with the reviewer's reason), delivered, or failed."
        actions={
          unread ? (
            <Button onClick={() => markAll.mutate()} disabled={markAll.isPending}>
              Mark all read
            </Button>
          ) : null
        }
      />
      {error ? <Alert tone="error">{error.message}</Alert> : null}
      {list.isLoading ? (
        <Loading />
      ) : list.error ? (
        <Alert tone="error" title="Could not load your inbox">
          {list.error instanceof ApiError ? list.error.message : "Try again."}
        </Alert>
      ) : !list.data?.items.length ? (
        <EmptyState title="Nothing yet">When a reviewer decides on one of your change requests, or one of your releases is delivered or fails, you hear it here.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" data-testid="inbox-list">
          {list.data.items.map((n) => (
            <InboxItem key={n.id} notification={n} onRead={() => markRead.mutate(n.id)} busy={markRead.isPending && markRead.variables === n.id} />
          ))}
        </ul>
      )}
      {list.data?.nextBefore ? <p className="mt-3 text-sm text-slate-500">Showing your 100 latest notifications.</p> : null}
    </>
  );
}

function InboxItem({ notification: n, onRead, busy }: { notification: Notification; onRead: () => void; busy: boolean }) {
  const kind = KIND_LABELS[n.kind];
  const unread = n.readAt === null;
  return (
    <li className={cx("flex items-start gap-4 px-4 py-3", unread && "bg-indigo-50/40")} data-testid="inbox-item" data-unread={unread}>
      <div className="w-36 shrink-0 pt-0.5">
        <Badge tone={kind.tone}>{kind.label}</Badge>
      </div>
      <div className="min-w-0 flex-1 space-y-1">
        <p className={cx("text-sm break-words text-slate-900", unread && "font-semibold")}>{n.message}</p>
        <p className="flex flex-wrap items-center gap-x-3 text-xs text-slate-500">
          <span>{n.app}</span>
          <time dateTime={n.createdAt}>{new Date(n.createdAt).toLocaleString()}</time>
        </p>
        <NotificationLinks notification={n} onOpen={unread ? onRead : undefined} />
      </div>
      {unread ? (
        <Button size="sm" variant="ghost" onClick={onRead} disabled={busy}>
          Mark read
        </Button>
      ) : null}
    </li>
  );
}
