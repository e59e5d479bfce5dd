import type { apps } from "@/db/schema";
import type { App } from "@/server/contracts/apps";

export function toAppDto(row: typeof apps.$inferSelect): App {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    bucketCount: row.bucketCount,
    hashKey: row.hashKey,
    salt: row.salt,
    originFields: row.originFields,
    itemFields: row.itemFields,
    version: row.version,
    updatedBy: row.updatedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
