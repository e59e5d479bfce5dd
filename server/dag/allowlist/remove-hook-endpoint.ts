import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { dagDocuments, dagHookEndpoints } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import type { HookEndpoint } from "@/server/contracts/hook-allowlist";
import { conflict, notFound } from "@/server/errors";
import { toHookEndpointDto } from "./hook-endpoint-dto";

/** Removes a URL from the allow-list; refused (409, naming the users) while a saved DAG calls it. */
export async function removeHookEndpoint(db: Db, opts: { actor: Actor; id: string }): Promise<HookEndpoint> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(dagHookEndpoints).where(eq(dagHookEndpoints.id, opts.id)).for("update");
    if (!row) throw notFound("No such allow-list entry.", { id: opts.id });
    const endpoint = toHookEndpointDto(row);
    const docs = await tx.select({ app: dagDocuments.app, document: dagDocuments.document, alertWebhookUrl: dagDocuments.alertWebhookUrl }).from(dagDocuments);
    const users = docs.flatMap((d) => [
      ...d.document.nodes.filter((n) => n.trigger?.hookUrl === row.url).map((n) => `${d.app}/${n.key}`),
      ...(d.alertWebhookUrl === row.url ? [`${d.app} (alert webhook)`] : []),
    ]);
    if (users.length > 0) throw conflict(`${endpoint.url} is still used by ${users.join(", ")}; change those first.`, { users });
    await tx.delete(dagHookEndpoints).where(eq(dagHookEndpoints.id, row.id));
    await recordAudit(tx, { actor: opts.actor, kind: "hook_endpoint", action: "delete", target: endpoint.url, before: endpoint });
    return endpoint;
  });
}
