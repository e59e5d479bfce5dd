import type { Db, Tx } from "@/db";
import type { FeatureTableUsedBy } from "@/server/contracts/used-by";
import { listSolutionSources, solutionUse } from "@/server/solutions/solution-sources";
import { parseTemplate } from "@/sdk/src/core/template/parse-template";

/** The feature templates that read this table, per solution (live, draft, pending publish requests). */
export async function featureTableUsedBy(db: Db | Tx, opts: { table: string }): Promise<FeatureTableUsedBy> {
  const uses: FeatureTableUsedBy["uses"] = [];
  for (const source of await listSolutionSources(db)) {
    for (const s of source.solutions) {
      const features = Object.entries(s.features)
        .filter(([, template]) => {
          const parsed = parseTemplate(template);
          return parsed.ok && parsed.ast.table.name === opts.table;
        })
        .map(([name, template]) => ({ name, template }))
        .sort((a, b) => a.name.localeCompare(b.name));
      if (features.length) uses.push(solutionUse(source, s, { via: null, features }));
    }
  }
  return { table: opts.table, uses };
}
