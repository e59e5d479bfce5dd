import { count, eq } from "drizzle-orm";
import type { Tx } from "@/db";
import { apps, sampleRequests } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { can } from "@/server/contracts/roles";
import { forbidden, notFound } from "@/server/errors";

/**
 * Sample requests decide whether a release may go out, so only admins change them directly
 * (the system, e.g. the demo seed, too). Everyone who reads the app sees them.
 */
export function assertMayEditSamples(actor: Actor): void {
  if (actor.type === "system") return;
  if (actor.type === "user" && can(actor.role, "admin")) return;
  throw forbidden("An admin edits the sample requests of an app (every release is scored on them); ask an admin to add or remove one.", { required: "admin" });
}

/**
 * Locks the app's row for the rest of the transaction, so two edits of one app's samples take
 * turns (the count limit holds), and answers how many samples it holds. 404 for an unknown app.
 */
export async function lockAppSamples(tx: Tx, app: string): Promise<number> {
  const [row] = await tx.select({ name: apps.name }).from(apps).where(eq(apps.name, app)).for("no key update");
  if (!row) throw notFound(`No app named "${app}".`, { app });
  const [held] = await tx.select({ n: count() }).from(sampleRequests).where(eq(sampleRequests.app, app));
  return held?.n ?? 0;
}

/** The same request whatever the order of its fields: how duplicates are recognised. */
export function originKey(origin: unknown): string {
  return JSON.stringify(sortKeys(origin));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}
