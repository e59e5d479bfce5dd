import type { sampleRequests } from "@/db/schema";
import type { SampleRequest } from "@/server/contracts/verification";

export function toSampleRequestDto(row: typeof sampleRequests.$inferSelect): SampleRequest {
  return { id: row.id, app: row.app, name: row.name, origin: row.origin, source: row.source, createdBy: row.createdBy, createdAt: row.createdAt.toISOString() };
}
