import type { featureConnections } from "@/db/schema";
import type { Connection } from "@/server/contracts/connections";

/** The only shape a connection leaves the server in: no password, not even encrypted. */
export function toConnectionDto(row: typeof featureConnections.$inferSelect, usedBy: string[]): Connection {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    host: row.host,
    port: row.port,
    database: row.database,
    username: row.username,
    hasPassword: row.passwordCipher !== null,
    tls: row.tls,
    description: row.description,
    keyPrefixes: row.keyPrefixes,
    usedBy,
    version: row.version,
    updatedBy: row.updatedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
