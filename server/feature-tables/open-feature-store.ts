import type { Db, Tx } from "@/db";
import { redisConnectionOf } from "@/server/connections/redis-connection-of";
import { findConnection } from "@/server/connections/find-connection";
import { insidePrefixes } from "@/server/connections/key-prefixes";
import type { FeatureStore } from "@/server/feature-tables/stores/feature-store";
import { createRedisStore } from "@/server/feature-tables/stores/redis-store";
import { unprocessable } from "@/server/errors";
import { createDbStore } from "./db-store";
import { findFeatureTable } from "./find-feature-table";
import type { FeatureTableRow } from "./feature-table-dto";
import { cachedStore } from "./store-cache";

/**
 * THE way to a feature table's data (trial scoring, lookups, loading rows): the registry says
 * which storage serves the table. An unregistered table is a 404 naming it.
 *
 * Built-in tables read and write `feature_rows` through `db`. Redis tables share one client per
 * table per process: `close()` on what this returns does nothing (closeFeatureStores() does).
 */
export async function openFeatureStore(db: Db, table: string): Promise<FeatureStore> {
  return storeOfRow(db, await findFeatureTable(db, table));
}

export async function storeOfRow(db: Db | Tx, row: FeatureTableRow): Promise<FeatureStore> {
  if (row.storage === "builtin") return createDbStore(db, { tableId: row.id, table: row.name, encoding: row.encoding });
  if (!row.connectionId) throw unprocessable(`Feature table "${row.name}" is on Redis but names no connection.`, { table: row.name });
  const connection = await findConnection(db, row.connectionId);
  // A table registered before prefixes isolated tables (an empty prefix reaches the whole database) stays shut until it is moved inside.
  if (!insidePrefixes(row.keyPrefix, connection.keyPrefixes)) {
    throw unprocessable(
      `Feature table "${row.name}" has the key prefix "${row.keyPrefix}", outside those connection "${connection.name}" allows (${connection.keyPrefixes.map((p) => `"${p}"`).join(", ") || "none"}): an editor must give it one inside them.`,
      { table: row.name, allowed: connection.keyPrefixes },
    );
  }
  const signature = `${row.id}:${row.version}:${connection.id}:${connection.version}`;
  const shared = cachedStore(row.name, signature, () =>
    createRedisStore({ table: row.name, encoding: row.encoding, connection: redisConnectionOf(connection, row.keyPrefix) }),
  );
  return { ...shared, close: async () => {} };
}
