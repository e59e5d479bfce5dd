import { requirePageUser } from "@/app/_lib/page-user";
import { ModelsList } from "@/components/models/models-list";
import { can } from "@/server/contracts/roles";

export const metadata = { title: "Models" };

export default async function ModelsPage() {
  const user = await requirePageUser();
  return <ModelsList canEdit={can(user.role, "edit")} />;
}
