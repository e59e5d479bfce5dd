import { requirePageUser } from "@/app/_lib/page-user";
import { TrialPage } from "@/components/trial/trial-page";

export const metadata = { title: "Trial scoring" };

export default async function TrialRoute() {
  const user = await requirePageUser();
  return <TrialPage userKey={user.id} />;
}
