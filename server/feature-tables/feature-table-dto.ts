import type { featureTables } from "@/db/schema";
import type { FeatureTable } from "@/server/contracts/feature-tables";

export type FeatureTableRow = typeof featureTables.$inferSelect;

export function toFeatureTableDto(row: FeatureTableRow, extra: { connectionName: string | null; keys: number | null }): FeatureTable {
  return {
    id: row.id,
    name: row.name,
    operator: row.operator,
    storage: row.storage,
    connection: row.connectionId && extra.connectionName ? { id: row.connectionId, name: extra.connectionName } : null,
    keyPrefix: row.keyPrefix,
    encoding: row.encoding,
    keyDescription: row.keyDescription,
    owner: row.owner,
    description: row.description,
    keys: row.storage === "builtin" ? extra.keys ?? 0 : null,
    version: row.version,
    updatedBy: row.updatedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
