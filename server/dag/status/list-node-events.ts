import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { dagNodeEvents } from "@/db/schema";
import { getApp } from "@/server/apps/get-app";
import type { DagNodeEvent } from "@/server/contracts/dag-status";
import { maskUrlCredentials } from "@/server/contracts/dag-secrets";

/** A node's history, newest first (the last 200 entries). */
export async function listNodeEvents(db: Db, opts: { app: string; key: string; limit?: number }): Promise<{ events: DagNodeEvent[] }> {
  await getApp(db, opts.app);
  const rows = await db
    .select()
    .from(dagNodeEvents)
    .where(and(eq(dagNodeEvents.app, opts.app), eq(dagNodeEvents.key, opts.key)))
    .orderBy(desc(dagNodeEvents.id))
    .limit(opts.limit ?? 200);
  return { events: rows.map((r) => ({ id: r.id, type: r.type, version: r.version, message: maskUrlCredentials(r.message), actor: r.actor, at: r.at.toISOString() })) };
}
