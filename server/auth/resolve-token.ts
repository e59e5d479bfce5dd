import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { apiTokens } from "@/db/schema";
import type { TokenScope } from "@/server/contracts/roles";
import { shareInFlight, type InFlight } from "@/server/concurrency/share-in-flight";
import type { TokenActor } from "./actor";
import { sha256 } from "./secret-token";

// Per database: thousands of scoring-service instances share one token and re-poll the config
// API at the same moment after a release; they share one lookup (only while it runs).
const lookups = new WeakMap<Db, InFlight<TokenActor | null>>();

export function resolveToken(db: Db, secret: string): Promise<TokenActor | null> {
  let inFlight = lookups.get(db);
  if (!inFlight) lookups.set(db, (inFlight = shareInFlight()));
  const hash = sha256(secret);
  return inFlight.run(hash, () => lookUp(db, hash));
}

async function lookUp(db: Db, hash: string): Promise<TokenActor | null> {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row) return null;
  // Only a coarse "last used" is needed; skip the write when it is fresh to keep reads cheap.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.id));
  }
  return { type: "token", id: row.id, name: row.name, scopes: row.scopes as TokenScope[] };
}
