import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { apiTokens } from "@/db/schema";
import { forgetResolvedToken } from "@/server/auth/resolve-token";
import type { Actor } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { conflict, notFound } from "@/server/errors";
import { toTokenDto } from "./token-dto";

export async function revokeToken(db: Db, opts: { actor: Actor; id: string }) {
  const revoked = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(apiTokens).where(eq(apiTokens.id, opts.id)).for("update").limit(1);
    if (!before) throw notFound("No such token.");
    if (before.revokedAt) throw conflict("This token is already revoked.", { revokedAt: before.revokedAt.toISOString() });
    const [after] = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, opts.id)).returning();
    const token = toTokenDto(after!);
    await recordAudit(tx, { actor: opts.actor, kind: "token", action: "revoke", target: token.name, before: toTokenDto(before), after: token });
    return { token, tokenHash: before.tokenHash };
  });
  forgetResolvedToken(db, revoked.tokenHash);
  return revoked.token;
}
