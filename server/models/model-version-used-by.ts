import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { models } from "@/db/schema";
import type { ModelVersionUsedBy } from "@/server/contracts/used-by";
import { listSolutionSources, solutionUse } from "@/server/solutions/solution-sources";
import { resolveModelVersion } from "@/server/verification/model-probes";

/**
 * The solutions that score with this model version (live, draft, pending publish requests),
 * resolving version keys as each source would, and the model's labels that point at it.
 */
export async function modelVersionUsedBy(db: Db | Tx, opts: { model: string; version: number }): Promise<ModelVersionUsedBy> {
  const uses: ModelVersionUsedBy["uses"] = [];
  for (const source of await listSolutionSources(db)) {
    for (const s of source.solutions) {
      if (s.model.name !== opts.model) continue;
      const resolved = resolveModelVersion(s.model, source.versions);
      if (resolved.ok && resolved.version === opts.version) uses.push(solutionUse(source, s, { via: /^\d+$/.test(s.model.version) ? null : s.model.version }));
    }
  }
  const [row] = await db.select({ labels: models.labels }).from(models).where(eq(models.name, opts.model)).limit(1);
  const labels = Object.entries(row?.labels ?? {})
    .filter(([, v]) => v === opts.version)
    .map(([l]) => l)
    .sort();
  return { model: opts.model, version: opts.version, uses, labels };
}
