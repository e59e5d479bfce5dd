import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { apiTokens } from "@/db/schema";
import type { TokenScope } from "@/server/contracts/roles";
import { shareInFlight, type InFlight } from "@/server/concurrency/share-in-flight";
import type { TokenActor } from "./actor";
import { sha256 } from "./secret-token";

/**
 * How long a token found active is taken as active without asking the database again.
 * Thousands of scoring-service instances share one token and all re-poll the config API the
 * moment a release wakes them; with this, a burst costs one lookup. A revocation is seen at
 * once by the process that made it and within this time by every other console process.
 */
export const TOKEN_RECHECK_MS = 1_000;
/** Tokens remembered per database at most: past it the expired go, and if none has, all. */
export const TOKEN_CACHE_SIZE = 10_000;

const lookups = new WeakMap<Db, InFlight<TokenActor | null>>();
const active = new WeakMap<Db, Map<string, { actor: TokenActor; until: number }>>();
/** Revocations made by this process: a lookup that overlapped one is not remembered. */
const revocations = new WeakMap<Db, number>();

export async function resolveToken(db: Db, secret: string): Promise<TokenActor | null> {
  const hash = sha256(secret);
  let known = active.get(db);
  if (!known) active.set(db, (known = new Map()));
  const hit = known.get(hash);
  if (hit && hit.until > performance.now()) return hit.actor;
  let inFlight = lookups.get(db);
  if (!inFlight) lookups.set(db, (inFlight = shareInFlight()));
  const checkedAt = performance.now();
  const revoked = revocations.get(db) ?? 0;
  const actor = await inFlight.run(hash, () => lookUp(db, hash));
  if (actor && revoked === (revocations.get(db) ?? 0)) {
    if (known.size >= TOKEN_CACHE_SIZE && !known.has(hash)) makeRoom(known);
    known.set(hash, { actor, until: checkedAt + TOKEN_RECHECK_MS });
  } else known.delete(hash);
  return actor;
}

function makeRoom(known: Map<string, { until: number }>): void {
  const now = performance.now();
  for (const [hash, { until }] of known) if (until <= now) known.delete(hash);
  if (known.size >= TOKEN_CACHE_SIZE) known.clear();
}

/** A token was revoked in this process: no request of this process uses it from now on. */
export function forgetResolvedToken(db: Db, tokenHash: string): void {
  revocations.set(db, (revocations.get(db) ?? 0) + 1);
  active.get(db)?.delete(tokenHash);
  lookups.get(db)?.forget(tokenHash);
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
