import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { featureTables } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { FeatureTableRow } from "./feature-table-dto";

/** The registered table by name, or 404 naming it. */
export async function findFeatureTable(db: Db | Tx, name: string, opts: { forUpdate?: boolean } = {}): Promise<FeatureTableRow> {
  const q = db.select().from(featureTables).where(eq(featureTables.name, name)).limit(1);
  const [row] = opts.forUpdate ? await q.for("update") : await q;
  if (!row) throw notFound(`No feature table "${name}" is registered.`, { table: name });
  return row;
}
