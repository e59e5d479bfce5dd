import type { Db, Tx } from "@/db";

/** Whether the console runs on PGlite (one query at a time for the whole process) rather than PostgreSQL. */
export function isPglite(db: Db | Tx): boolean {
  const client = (db as { $client?: { dumpDataDir?: unknown } }).$client;
  return typeof client?.dumpDataDir === "function";
}
