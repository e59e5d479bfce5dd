import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { featureConnections } from "@/db/schema";
import { notFound } from "@/server/errors";

export async function findConnection(db: Db | Tx, id: string, opts: { forUpdate?: boolean } = {}) {
  const q = db.select().from(featureConnections).where(eq(featureConnections.id, id)).limit(1);
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  if (!row) throw notFound("No such connection.", { id });
  return row;
}
