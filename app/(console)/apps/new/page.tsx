import { requirePageUser } from "@/app/_lib/page-user";
import { AppForm } from "@/components/apps/app-form";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/server/contracts/roles";

export const metadata = { title: "New app" };

export default async function NewAppPage() {
  const user = await requirePageUser();
  return (
    <>
      <PageHeader title="New app" description="Name the scenario, choose how many buckets it has and which origin field is hashed into them." />
      <AppForm canEdit={can(user.role, "edit")} />
    </>
  );
}
