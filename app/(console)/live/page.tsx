import { requirePageUser } from "@/app/_lib/page-user";
import { LivePage } from "@/components/live/live-page";

export const metadata = { title: "Live" };

export default async function Live() {
  await requirePageUser();
  return <LivePage />;
}
