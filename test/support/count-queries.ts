import type { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type pg from "pg";
import type { Database, Db } from "@/db/client";
import * as schema from "@/db/schema";

/**
 * The test database through a second drizzle instance on the same connection, recording every
 * statement it sends (drizzle's query logger): how a test proves a read is one query.
 */
export function countingDatabase(database: Database): Database & { queries: string[] } {
  const queries: string[] = [];
  const logger = { logQuery: (query: string) => void queries.push(query) };
  const client = (database.db as unknown as { $client: unknown }).$client;
  const db = database.kind === "pglite" ? drizzlePglite(client as PGlite, { schema, logger }) : drizzlePg(client as pg.Pool, { schema, logger });
  return { ...database, db: db as unknown as Db, queries };
}

/** Statements that read or write a table's rows (`feature_rows`). */
export const featureRowQueries = (queries: string[]) => queries.filter((q) => q.includes('"feature_rows"'));
