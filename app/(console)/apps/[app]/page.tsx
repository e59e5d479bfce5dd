import { requirePageUser } from "@/app/_lib/page-user";
import { AppEditor } from "@/components/apps/app-editor";
import { can } from "@/server/contracts/roles";

export default async function AppPage({ params }: { params: Promise<{ app: string }> }) {
  const [{ app }, user] = await Promise.all([params, requirePageUser()]);
  return <AppEditor name={decodeURIComponent(app)} canEdit={can(user.role, "edit")} canAdmin={can(user.role, "admin")} />;
}
