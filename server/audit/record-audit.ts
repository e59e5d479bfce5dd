import type { Db, Tx } from "@/db";
import { auditLog } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";

export interface AuditInput {
  actor: Actor;
  app?: string | null;
  kind: string;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
}

/** Call inside the transaction of the change it describes, so both land or neither does. */
export async function recordAudit(db: Db | Tx, input: AuditInput): Promise<void> {
  const { actor } = input;
  await db.insert(auditLog).values({
    actorType: actor.type,
    actorId: actor.type === "system" ? null : actor.id,
    actorName: actor.type === "user" ? actor.email : actor.name,
    app: input.app ?? null,
    kind: input.kind,
    action: input.action,
    target: input.target,
    before: redact(input.before) ?? null,
    after: redact(input.after) ?? null,
  });
}

const SECRET_KEYS = new Set(["password", "passwordHash", "tokenHash", "secret", "token"]);

/** Secrets never reach the audit log, even hashed. */
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) ? "[redacted]" : redact(v)]),
    );
  }
  return value;
}
