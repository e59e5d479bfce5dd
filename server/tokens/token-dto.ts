import type { apiTokens } from "@/db/schema";
import type { ApiToken } from "@/server/contracts/tokens";
import type { TokenScope } from "@/server/contracts/roles";

export function toTokenDto(row: typeof apiTokens.$inferSelect): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes as TokenScope[],
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
