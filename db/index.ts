import { dataDir, env } from "@/server/env";
import { openDatabase, type Database, type Db } from "./client";

export type { Db, Tx } from "./client";

// Next.js may load this module in several bundles of one process; the database must be
// opened once per process, so the handle lives on globalThis.
const globalForDb = globalThis as unknown as { __scoringDb?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  globalForDb.__scoringDb ??= openDatabase({ url: env().DATABASE_URL, dataDir: dataDir() });
  return globalForDb.__scoringDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
