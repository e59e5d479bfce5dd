import { requirePageUser } from "@/app/_lib/page-user";
import { FeatureTablesList } from "@/components/feature-tables/feature-tables-list";
import { can } from "@/server/contracts/roles";

export const metadata = { title: "Feature tables" };

export default async function FeatureTablesPage() {
  const user = await requirePageUser();
  return <FeatureTablesList canEdit={can(user.role, "edit")} />;
}
