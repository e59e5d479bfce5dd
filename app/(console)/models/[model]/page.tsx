import { requirePageUser } from "@/app/_lib/page-user";
import { ModelPage } from "@/components/models/model-page";
import { can } from "@/server/contracts/roles";

export default async function ModelRoute({ params }: { params: Promise<{ model: string }> }) {
  const [{ model }, user] = await Promise.all([params, requirePageUser()]);
  return <ModelPage name={decodeURIComponent(model)} canEdit={can(user.role, "edit")} />;
}
