import { requirePageUser } from "@/app/_lib/page-user";
import { FgPage } from "@/components/fg/fg-page";
import { can } from "@/server/contracts/roles";

export const metadata = { title: "fg" };

export default async function FgRoute() {
  const user = await requirePageUser();
  return <FgPage canEdit={can(user.role, "edit")} />;
}
