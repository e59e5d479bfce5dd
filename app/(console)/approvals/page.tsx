import { requirePageUser } from "@/app/_lib/page-user";
import { ApprovalsPage } from "@/components/approvals/approvals-page";
import { can } from "@/server/contracts/roles";

export const metadata = { title: "Approvals" };

export default async function Approvals() {
  const user = await requirePageUser();
  return <ApprovalsPage me={{ id: user.id, role: user.role }} canReview={can(user.role, "review")} />;
}
