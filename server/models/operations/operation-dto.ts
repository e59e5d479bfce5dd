import type { modelOperations } from "@/db/schema";
import type { ModelOperation } from "@/server/contracts/models";

export function toOperationDto(row: typeof modelOperations.$inferSelect): ModelOperation {
  return {
    id: row.id,
    model: row.model,
    kind: row.kind,
    params: row.params,
    state: row.state,
    steps: row.steps,
    error: row.error,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
