import { requirePageUser } from "@/app/_lib/page-user";
import { AppsList } from "@/components/apps/apps-list";
import { can } from "@/server/contracts/roles";

export const metadata = { title: "Apps" };

export default async function AppsPage() {
  const user = await requirePageUser();
  return <AppsList canEdit={can(user.role, "edit")} />;
}
