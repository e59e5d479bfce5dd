import { requirePageUser } from "@/app/_lib/page-user";
import { InstanceAllowlistPanel } from "@/components/admin/instance-allowlist-panel";
import { TokensPanel } from "@/components/admin/tokens-panel";
import { UsersPanel } from "@/components/admin/users-panel";
import { ConfigCenterPanel } from "@/components/config-center/config-center-panel";
import { ConnectionsPanel } from "@/components/feature-tables/connections-panel";
import { HookAllowlistPanel } from "@/components/dag/hook-allowlist-panel";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/server/contracts/roles";

export const metadata = { title: "Admin" };

export default async function AdminPage() {
  const user = await requirePageUser();
  if (!can(user.role, "admin")) {
    return (
      <>
        <PageHeader title="Admin" />
        <Alert tone="warning" title="Admins only">People, roles and API tokens are managed by admins. Your role is {user.role}.</Alert>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Admin" description="People and their roles, and API tokens for machines (data platforms, hooks, scoring services, model servers)." />
      <div className="space-y-6">
        <UsersPanel selfId={user.id} />
        <TokensPanel />
        <ConnectionsPanel />
        <ConfigCenterPanel />
        <HookAllowlistPanel />
        <InstanceAllowlistPanel />
      </div>
    </>
  );
}
