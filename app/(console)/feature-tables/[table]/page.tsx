import { requirePageUser } from "@/app/_lib/page-user";
import { FeatureTablePage } from "@/components/feature-tables/feature-table-page";
import { can } from "@/server/contracts/roles";

export default async function FeatureTableRoute({ params }: { params: Promise<{ table: string }> }) {
  const [{ table }, user] = await Promise.all([params, requirePageUser()]);
  return <FeatureTablePage name={decodeURIComponent(table)} canEdit={can(user.role, "edit")} />;
}
