import type { featureConnections } from "@/db/schema";
import type { RedisConnection } from "@/server/feature-tables/stores/redis-store";
import { decryptConnectionPassword } from "./connection-password";

/** What the Redis store needs to connect, the password decrypted only here, in memory. */
export function redisConnectionOf(row: typeof featureConnections.$inferSelect, keyPrefix = ""): RedisConnection {
  return {
    host: row.host,
    port: row.port,
    db: row.database,
    ...(row.username ? { username: row.username } : {}),
    ...(row.passwordCipher ? { password: decryptConnectionPassword(row.id, row.name, row.passwordCipher) } : {}),
    ...(row.tls ? { tls: true } : {}),
    ...(keyPrefix ? { keyPrefix } : {}),
  };
}
