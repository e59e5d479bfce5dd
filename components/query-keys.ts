import type { AuditQuery } from "@/server/contracts/audit";

/** Every TanStack Query key of the console, so invalidation is never a guess. */
export const queryKeys = {
  me: ["me"] as const,
  verification: { report: (id: string) => ["verification", "report", id] as const },
  apps: { all: ["apps"] as const, one: (name: string) => ["apps", name] as const },
  users: ["admin", "users"] as const,
  tokens: ["admin", "tokens"] as const,
  instanceAllowlist: ["admin", "instance-allowlist"] as const,
  audit: (q: Partial<AuditQuery>) => ["audit", q] as const,
  models: {
    all: ["models"] as const,
    one: (name: string) => ["models", name] as const,
    operations: (name: string) => ["models", name, "operations"] as const,
    operation: (name: string, id: string) => ["models", name, "operations", id] as const,
    signatures: (name: string, version: number | null) => ["models", name, "signatures", version] as const,
  },
  usedBy: {
    modelVersion: (model: string, version: number) => ["used-by", "model", model, version] as const,
    fgVersion: (fgClass: string, version: string) => ["used-by", "fg", fgClass, version] as const,
    featureTable: (table: string) => ["used-by", "feature-table", table] as const,
  },
  templates: { context: (app: string) => ["templates", "context", app] as const },
  solutions: {
    /** Everything of one app's solutions: invalidating this refreshes the draft and its diff. */
    app: (app: string) => ["solutions", app] as const,
    draft: (app: string) => ["solutions", app, "draft"] as const,
    diff: (app: string) => ["solutions", app, "diff"] as const,
    /** Under diff: every draft write refreshes it too. */
    live: (app: string) => ["solutions", app, "diff", "live"] as const,
  },
  featureTables: {
    all: ["feature-tables"] as const,
    one: (name: string) => ["feature-tables", name] as const,
    health: (name: string) => ["feature-tables", name, "health"] as const,
  },
  connections: {
    all: ["connections"] as const,
    health: (id: string) => ["connections", id, "health"] as const,
  },
  dag: {
    document: (app: string) => ["dag", app, "document"] as const,
    status: (app: string) => ["dag", app, "status"] as const,
    alerts: (app: string) => ["dag", app, "alerts"] as const,
    events: (app: string, key: string) => ["dag", app, "events", key] as const,
    allowlist: ["dag", "hook-allowlist"] as const,
  },
  /** The Live view of an app for a window choice (a preset rolls with every refetch). */
  live: (app: string, window: unknown) => ["live", app, window] as const,
  releases: {
    all: ["releases"] as const,
    /** Everything of one app's releases (list, details, settings). */
    app: (app: string) => ["releases", app] as const,
    list: (app: string) => ["releases", app, "list"] as const,
    one: (app: string, id: string) => ["releases", app, "one", id] as const,
    rollbackPreview: (app: string, id: string, rollBackDagKeys: boolean) => ["releases", app, "rollback-preview", id, rollBackDagKeys] as const,
    settings: (app: string) => ["releases", app, "settings"] as const,
  },
  changeRequests: {
    all: ["change-requests"] as const,
    list: (q: Record<string, string | undefined>) => ["change-requests", "list", q] as const,
    waiting: ["change-requests", "waiting-count"] as const,
  },
  samples: {
    /** Everything of one app's samples (list, recent trials, thresholds). */
    app: (app: string) => ["samples", app] as const,
    list: (app: string) => ["samples", app, "list"] as const,
    recentTrials: (app: string) => ["samples", app, "recent-trials"] as const,
    settings: (app: string) => ["samples", app, "verification-settings"] as const,
  },
  configCenter: ["admin", "config-center"] as const,
  notifications: {
    /** Everything of the signed-in person's notifications (count, lists). */
    all: ["notifications"] as const,
    unread: ["notifications", "unread-count"] as const,
    list: (q: Record<string, string | undefined>) => ["notifications", "list", q] as const,
    webhook: (app: string) => ["notifications", "webhook", app] as const,
  },
  fg: {
    classes: ["fg", "classes"] as const,
    version: (className: string, version: string) => ["fg", "classes", className, version] as const,
  },
};
