import Link from "next/link";
import type { Notification } from "@/server/contracts/notifications";

/** Where a notification leads: its change request on the Approvals page, its release on the Releases page. */
export function NotificationLinks({ notification, onOpen }: { notification: Notification; onOpen?: () => void }) {
  const { changeRequestId, releaseId, app } = notification;
  return (
    <span className="flex gap-3 text-sm">
      {changeRequestId ? (
        <Link href={`/approvals?request=${changeRequestId}`} onClick={onOpen} className="font-medium text-indigo-700 hover:underline">
          Open the request
        </Link>
      ) : null}
      {releaseId ? (
        <Link href={`/releases?app=${encodeURIComponent(app)}`} onClick={onOpen} className="font-medium text-indigo-700 hover:underline">
          Releases of {app}
        </Link>
      ) : null}
    </span>
  );
}
