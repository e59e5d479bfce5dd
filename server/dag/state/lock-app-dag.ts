import { eq } from "drizzle-orm";
import type { Tx } from "@/db";
import { dagDocuments } from "@/db/schema";

export type DagDocumentRow = typeof dagDocuments.$inferSelect;

/**
 * Takes the app's DAG lock (its dag_documents row, FOR UPDATE) inside the caller's
 * transaction. Outside events wait for it; the engine passes `skipLocked` and moves on to the
 * next app when another transaction (or another console process) holds it.
 * Returns null when the app has no DAG, or when skipping a locked one.
 */
export async function lockAppDag(tx: Tx, app: string, opts: { skipLocked?: boolean } = {}): Promise<DagDocumentRow | null> {
  const query = tx.select().from(dagDocuments).where(eq(dagDocuments.app, app));
  const [row] = await (opts.skipLocked ? query.for("update", { skipLocked: true }) : query.for("update"));
  return row ?? null;
}
