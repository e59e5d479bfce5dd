import type { Db } from "@/db";
import type { Health } from "@/server/contracts/connections";
import { createRedisStore } from "@/server/feature-tables/stores/redis-store";
import { isAppError } from "@/server/errors";
import { findConnection } from "./find-connection";
import { redisConnectionOf } from "./redis-connection-of";

/** PINGs the connection with a short-lived client; an unreachable server is `ok: false` with the reason, not an error. */
export async function checkConnectionHealth(db: Db, id: string): Promise<Health> {
  const row = await findConnection(db, id);
  const t0 = performance.now();
  let connection;
  try {
    connection = redisConnectionOf(row);
  } catch (e) {
    return { ok: false, detail: isAppError(e) ? e.message : String(e), ms: 0 };
  }
  const store = createRedisStore({ table: `connection ${row.name}`, encoding: "string", connection });
  try {
    const h = await store.health();
    // The store names a table in its messages; here there is only the connection.
    const detail = (h.detail ?? (h.ok ? "ok" : "unreachable")).replace(/^Feature table "[^"]*" \(redis ([^)]*)\)/, "redis $1");
    return { ok: h.ok, detail, ms: Math.round(performance.now() - t0) };
  } finally {
    await store.close();
  }
}
