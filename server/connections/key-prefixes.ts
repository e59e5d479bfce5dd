import { and, eq, ne } from "drizzle-orm";
import type { Tx } from "@/db";
import { featureConnections, featureTables } from "@/db/schema";
import { unprocessable } from "@/server/errors";

/**
 * Key prefixes isolate the tables of one Redis database (issue 16): a table reads and writes
 * only keys that start with its own prefix, which must be non-empty, inside one of those the
 * connection declares (admins), and not overlap another table's on the connection (neither a
 * prefix of the other), so no table reaches another's keys nor keys outside the declared ones.
 */
export function insidePrefixes(prefix: string, allowed: readonly string[]): boolean {
  return prefix !== "" && allowed.some((a) => prefix.startsWith(a));
}

export function overlaps(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

const quoted = (list: readonly string[]) => list.map((p) => `"${p}"`).join(", ");

/**
 * Checks a Redis table's prefix on its connection, inside the transaction that writes the table;
 * the connection's row is locked so two tables written at once cannot both take overlapping prefixes.
 */
export async function checkTablePrefix(tx: Tx, opts: { connectionId: string; keyPrefix: string; tableId?: string }): Promise<void> {
  const [connection] = await tx.select().from(featureConnections).where(eq(featureConnections.id, opts.connectionId)).for("update");
  if (!connection) return; // checkConnectionRef answers for a missing connection
  const allowed = connection.keyPrefixes;
  if (allowed.length === 0) {
    throw unprocessable(`Connection "${connection.name}" allows no key prefix yet: an admin must declare the prefixes its tables may use.`, {
      field: "keyPrefix",
      allowed,
    });
  }
  if (!insidePrefixes(opts.keyPrefix, allowed)) {
    const what = opts.keyPrefix === "" ? "A Redis table needs a key prefix" : `The key prefix "${opts.keyPrefix}" is not allowed`;
    throw unprocessable(`${what}: on connection "${connection.name}" it must start with one of ${quoted(allowed)}.`, { field: "keyPrefix", allowed });
  }
  const others = await tx
    .select({ name: featureTables.name, keyPrefix: featureTables.keyPrefix })
    .from(featureTables)
    .where(and(eq(featureTables.connectionId, opts.connectionId), opts.tableId ? ne(featureTables.id, opts.tableId) : undefined));
  const clash = others.find((o) => overlaps(o.keyPrefix, opts.keyPrefix));
  if (clash) {
    throw unprocessable(
      `The key prefix "${opts.keyPrefix}" overlaps table ${clash.name}'s "${clash.keyPrefix}" on connection "${connection.name}": one would reach the other's keys. Choose a prefix neither starts with.`,
      { field: "keyPrefix", table: clash.name },
    );
  }
}

/** An admin's new prefix list must still hold every table on the connection. */
export async function checkTablesInsidePrefixes(tx: Tx, connectionId: string, allowed: readonly string[]): Promise<void> {
  const tables = await tx.select({ name: featureTables.name, keyPrefix: featureTables.keyPrefix }).from(featureTables).where(eq(featureTables.connectionId, connectionId));
  const outside = tables.filter((t) => t.keyPrefix !== "" && !insidePrefixes(t.keyPrefix, allowed));
  if (outside.length > 0) {
    throw unprocessable(`Tables ${outside.map((t) => `${t.name} ("${t.keyPrefix}")`).join(", ")} would fall outside these key prefixes; move them first.`, {
      field: "keyPrefixes",
      tables: outside.map((t) => t.name),
    });
  }
}
