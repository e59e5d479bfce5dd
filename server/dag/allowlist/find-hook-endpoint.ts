import { eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { dagHookEndpoints } from "@/db/schema";
import { readHookSecret } from "./hook-secret";

export type HookEndpointRow = typeof dagHookEndpoints.$inferSelect;

/** The allow-list entry of exactly this URL (with its secret in clear), or null: the URL may not be called. */
export async function findHookEndpoint(db: Db | Tx, url: string): Promise<HookEndpointRow | null> {
  const [row] = await db.select().from(dagHookEndpoints).where(eq(dagHookEndpoints.url, url)).limit(1);
  return row ? { ...row, secret: readHookSecret(row.url, row.secret) } : null;
}

/** The allow-listed URLs among `urls`. */
export async function allowedUrls(db: Db | Tx, urls: string[]): Promise<Set<string>> {
  if (urls.length === 0) return new Set();
  const rows = await db.select({ url: dagHookEndpoints.url }).from(dagHookEndpoints).where(inArray(dagHookEndpoints.url, [...new Set(urls)]));
  return new Set(rows.map((r) => r.url));
}
