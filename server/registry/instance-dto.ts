import type { modelInstances } from "@/db/schema";
import type { Instance } from "@/server/contracts/models";

export function toInstanceDto(row: typeof modelInstances.$inferSelect): Instance {
  return {
    model: row.model,
    address: row.address,
    restAddress: row.restAddress,
    registeredBy: row.registeredBy,
    lastSeenAt: row.lastSeenAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}
