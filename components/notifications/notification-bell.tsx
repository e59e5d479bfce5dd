"use client";

import Link from "next/link";
import { useUnreadCount } from "./use-notifications";

/** The bell in the top bar: opens the inbox; the badge counts the unread notifications. */
export function NotificationBell() {
  const { data: unread } = useUnreadCount();
  const label = unread ? `Inbox, ${unread} unread` : "Inbox";
  return (
    <Link
      href="/inbox"
      aria-label={label}
      title={label}
      data-testid="inbox-link"
      className="relative inline-flex h-9 w-9 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
    >
      <svg aria-hidden viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round">
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread ? (
        <span data-testid="inbox-unread-count" className="absolute -top-0.5 -right-0.5 min-w-[1.1rem] rounded-full bg-red-600 px-1 text-center text-[11px] leading-[1.1rem] font-semibold text-white">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
