import { requirePageUser } from "@/app/_lib/page-user";
import { ReleasesPage } from "@/components/releases/releases-page";
import { can } from "@/server/contracts/roles";

export const metadata = { title: "Releases" };

export default async function Releases() {
  const user = await requirePageUser();
  return <ReleasesPage canEdit={can(user.role, "edit")} isAdmin={can(user.role, "admin")} />;
}
