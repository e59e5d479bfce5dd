import { and, desc, eq, gte, ilike, lt, lte, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog } from "@/db/schema";
import type { AuditEntry, AuditQuery } from "@/server/contracts/audit";
import { maskDagAuditValue, maskUrlCredentials } from "@/server/contracts/dag-secrets";

/** Kinds whose rows may hold hook secrets (rows from before they were masked on write). */
const HOOK_KINDS = new Set(["dag", "hook_endpoint"]);

export async function listAudit(db: Db, q: AuditQuery): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
  const where: SQL[] = [];
  if (q.actor) where.push(ilike(auditLog.actorName, `%${escapeLike(q.actor)}%`));
  if (q.app) where.push(eq(auditLog.app, q.app));
  if (q.kind) where.push(eq(auditLog.kind, q.kind));
  if (q.from) where.push(gte(auditLog.at, new Date(q.from)));
  if (q.to) where.push(lte(auditLog.at, new Date(q.to)));
  if (q.before) where.push(lt(auditLog.id, q.before));

  const rows = await db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(q.limit + 1);

  const page = rows.slice(0, q.limit);
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorType: r.actorType,
      actorName: r.actorName,
      app: r.app,
      kind: r.kind,
      action: r.action,
      ...shown(r.kind, r.target, r.before, r.after),
    })),
    nextBefore: rows.length > q.limit ? page[page.length - 1]!.id : null,
  };
}

function shown(kind: string, target: string, before: unknown, after: unknown) {
  if (!HOOK_KINDS.has(kind)) return { target, before, after };
  return { target: maskUrlCredentials(target), before: maskDagAuditValue(before), after: maskDagAuditValue(after) };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
