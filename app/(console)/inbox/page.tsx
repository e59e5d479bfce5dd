import { requirePageUser } from "@/app/_lib/page-user";
import { InboxPage } from "@/components/notifications/inbox-page";

export const metadata = { title: "Inbox" };

export default async function Inbox() {
  await requirePageUser();
  return <InboxPage />;
}
