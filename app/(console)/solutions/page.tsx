import { Suspense } from "react";
import { requirePageUser } from "@/app/_lib/page-user";
import { SolutionsPage } from "@/components/solutions/solutions-page";
import { can } from "@/server/contracts/roles";

export const metadata = { title: "Solutions" };

export default async function SolutionsRoute() {
  const user = await requirePageUser();
  return (
    <Suspense>
      <SolutionsPage canEdit={can(user.role, "edit")} />
    </Suspense>
  );
}
