import { requirePageUser } from "@/app/_lib/page-user";
import { DagPage } from "@/components/dag/dag-page";
import { can } from "@/server/contracts/roles";

export const metadata = { title: "Version DAG" };

export default async function Page() {
  const user = await requirePageUser();
  return <DagPage canEdit={can(user.role, "edit")} canReview={can(user.role, "review")} />;
}
