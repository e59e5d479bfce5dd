import type { Db, Tx } from "@/db";
import type { FgVersionUsedBy } from "@/server/contracts/used-by";
import { listSolutionSources, solutionUse } from "@/server/solutions/solution-sources";

/** The solutions that run this fg class@version (live, draft, pending publish requests). */
export async function fgVersionUsedBy(db: Db | Tx, opts: { fgClass: string; version: string }): Promise<FgVersionUsedBy> {
  const uses: FgVersionUsedBy["uses"] = [];
  for (const source of await listSolutionSources(db)) {
    for (const s of source.solutions) if (s.fg.class === opts.fgClass && s.fg.version === opts.version) uses.push(solutionUse(source, s, { via: null }));
  }
  return { fgClass: opts.fgClass, version: opts.version, uses };
}
