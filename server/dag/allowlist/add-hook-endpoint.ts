import type { Db } from "@/db";
import { dagHookEndpoints } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import { newSecret } from "@/server/auth/secret-token";
import { recordAudit } from "@/server/audit/record-audit";
import { CreateHookEndpointSchema, type CreateHookEndpointInput, type HookEndpoint } from "@/server/contracts/hook-allowlist";
import { conflict } from "@/server/errors";
import { maskUrlCredentials } from "@/server/contracts/dag-secrets";
import { toHookEndpointDto } from "./hook-endpoint-dto";
import { encryptHookSecret } from "./hook-secret";

/** Puts a URL on the allow-list with a fresh signing secret, returned this once. */
export async function addHookEndpoint(db: Db, opts: { actor: Actor; input: CreateHookEndpointInput; secret?: string }): Promise<{ endpoint: HookEndpoint; secret: string }> {
  const input = CreateHookEndpointSchema.parse(opts.input);
  const secret = opts.secret ?? newSecret("whsec_");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(dagHookEndpoints)
      .values({ url: input.url, description: input.description, secret: encryptHookSecret(input.url, secret), createdBy: actorLabel(opts.actor) })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict(`${maskUrlCredentials(input.url)} is already on the allow-list.`, { url: maskUrlCredentials(input.url) });
    const endpoint = toHookEndpointDto(row);
    await recordAudit(tx, { actor: opts.actor, kind: "hook_endpoint", action: "create", target: endpoint.url, after: endpoint });
    return { endpoint, secret };
  });
}
