import type { AuditQuery } from "@/server/contracts/audit";

/** Every TanStack Query key of the console, so invalidation is never a guess. */
export const queryKeys = {
  me: ["me"] as const,
  apps: { all: ["apps"] as const, one: (name: string) => ["apps", name] as const },
  users: ["admin", "users"] as const,
  tokens: ["admin", "tokens"] as const,
  audit: (q: Partial<AuditQuery>) => ["audit", q] as const,
  models: {
    all: ["models"] as const,
    one: (name: string) => ["models", name] as const,
    operations: (name: string) => ["models", name, "operations"] as const,
    operation: (name: string, id: string) => ["models", name, "operations", id] as const,
    signatures: (name: string, version: number | null) => ["models", name, "signatures", version] as const,
  },
  templates: { context: (app: string) => ["templates", "context", app] as const },
  featureTables: {
    all: ["feature-tables"] as const,
    one: (name: string) => ["feature-tables", name] as const,
    health: (name: string) => ["feature-tables", name, "health"] as const,
  },
  connections: {
    all: ["connections"] as const,
    health: (id: string) => ["connections", id, "health"] as const,
  },
  fg: {
    classes: ["fg", "classes"] as const,
    version: (className: string, version: string) => ["fg", "classes", className, version] as const,
  },
};
