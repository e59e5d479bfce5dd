import { desc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { releases } from "@/db/schema";

/**
 * The version keys a template may name: for now the keys of the app's latest release (its
 * published version map). The version DAG will be the source once it lands. `known` is false
 * when there is no list to check against yet: an unknown key is then only a warning.
 */
export async function listVersionKeys(db: Db | Tx, app: string): Promise<{ keys: string[]; known: boolean }> {
  const [latest] = await db.select({ versions: releases.versions }).from(releases).where(eq(releases.app, app)).orderBy(desc(releases.seq)).limit(1);
  const keys = Object.keys(latest?.versions ?? {}).sort();
  return { keys, known: keys.length > 0 };
}
