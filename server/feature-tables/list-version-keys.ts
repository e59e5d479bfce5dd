import { desc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { dagDocuments, releases } from "@/db/schema";
import { outputVersionKeys } from "@/server/dag/outputs/output-version-keys";

/**
 * The version keys a template may name (`{version:KEY}`): the keys the app's version DAG
 * writes to the config center — what its output nodes write (their own key, their inputs' keys,
 * or both), whether or not they have produced a version yet — and every key of the app's latest release (keys published by hand, or by a DAG
 * node since removed). Other nodes' keys are left out: nothing writes them to the config
 * center, so a template naming one could never be rendered.
 * `known` is false when there is nothing to check against yet (no output node, nothing
 * published): an unknown key is then only a warning.
 */
export async function listVersionKeys(db: Db | Tx, app: string): Promise<{ keys: string[]; known: boolean }> {
  const [[dag], [latest]] = await Promise.all([
    db.select({ document: dagDocuments.document }).from(dagDocuments).where(eq(dagDocuments.app, app)).limit(1),
    db.select({ versions: releases.versions }).from(releases).where(eq(releases.app, app)).orderBy(desc(releases.seq)).limit(1),
  ]);
  const fromDag = dag ? outputVersionKeys(dag.document) : [];
  const keys = [...new Set([...fromDag, ...Object.keys(latest?.versions ?? {})])].sort();
  return { keys, known: keys.length > 0 };
}
