import { eq } from "drizzle-orm";
import type { Tx } from "@/db";
import { featureConnections } from "@/db/schema";
import { unprocessable } from "@/server/errors";

/** A Redis table must name a connection that exists; returns its name. */
export async function checkConnectionRef(tx: Tx, connectionId: string | null): Promise<string | null> {
  if (!connectionId) return null;
  const [c] = await tx.select({ name: featureConnections.name }).from(featureConnections).where(eq(featureConnections.id, connectionId)).limit(1);
  if (!c) throw unprocessable("That connection does not exist (any more); choose another.", { field: "connectionId" });
  return c.name;
}
