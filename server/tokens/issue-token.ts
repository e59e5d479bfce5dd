import type { Db } from "@/db";
import { apiTokens } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { newSecret, sha256 } from "@/server/auth/secret-token";
import { recordAudit } from "@/server/audit/record-audit";
import type { CreateTokenInput } from "@/server/contracts/tokens";
import { toTokenDto } from "./token-dto";

/** The secret is returned once; only its hash is stored. */
export async function issueToken(db: Db, opts: { actor: Actor; input: CreateTokenInput }) {
  const secret = newSecret("sct_");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        name: opts.input.name,
        prefix: secret.slice(0, 10),
        tokenHash: sha256(secret),
        scopes: [...new Set(opts.input.scopes)],
        createdBy: opts.actor.type === "user" ? opts.actor.id : null,
      })
      .returning();
    const token = toTokenDto(row!);
    await recordAudit(tx, { actor: opts.actor, kind: "token", action: "create", target: token.name, after: token });
    return { token, secret };
  });
}
