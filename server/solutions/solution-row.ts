import type { solutions } from "@/db/schema";
import type { Solution } from "@/server/contracts/solutions";

export function toSolution(row: typeof solutions.$inferSelect): Solution {
  return {
    name: row.name,
    features: row.features,
    model: { name: row.model.name, version: row.model.version },
    fg: { class: row.fg.class, version: row.fg.version },
    buckets: [...row.buckets].sort((a, b) => a - b),
  };
}

/** The stored columns of a solution (buckets ascending). */
export function solutionColumns(solution: Solution) {
  return {
    name: solution.name,
    features: solution.features,
    model: { name: solution.model.name, version: solution.model.version },
    fg: { class: solution.fg.class, version: solution.fg.version },
    buckets: [...solution.buckets].sort((a, b) => a - b),
  };
}
