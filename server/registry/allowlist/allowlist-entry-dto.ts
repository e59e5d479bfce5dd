import type { instanceAllowlist } from "@/db/schema";
import { allowlistEntryKind, type AllowlistEntry } from "@/server/contracts/instance-allowlist";

export function toAllowlistEntryDto(row: typeof instanceAllowlist.$inferSelect): AllowlistEntry {
  return {
    id: row.id,
    entry: row.entry,
    kind: allowlistEntryKind(row.entry) ?? "host",
    description: row.description,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}
