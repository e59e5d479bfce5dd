import type { AuditQuery } from "@/server/contracts/audit";

/** Every TanStack Query key of the console, so invalidation is never a guess. */
export const queryKeys = {
  me: ["me"] as const,
  apps: { all: ["apps"] as const, one: (name: string) => ["apps", name] as const },
  users: ["admin", "users"] as const,
  tokens: ["admin", "tokens"] as const,
  audit: (q: Partial<AuditQuery>) => ["audit", q] as const,
};
