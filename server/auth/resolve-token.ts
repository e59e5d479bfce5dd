import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { apiTokens } from "@/db/schema";
import type { TokenScope } from "@/server/contracts/roles";
import type { TokenActor } from "./actor";
import { sha256 } from "./secret-token";

export async function resolveToken(db: Db, secret: string): Promise<TokenActor | null> {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sha256(secret)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row) return null;
  // Only a coarse "last used" is needed; skip the write when it is fresh to keep reads cheap.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.id));
  }
  return { type: "token", id: row.id, name: row.name, scopes: row.scopes as TokenScope[] };
}
