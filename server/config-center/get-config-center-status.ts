import { and, asc, count, eq, isNotNull, min, desc } from "drizzle-orm";
import type { Db } from "@/db";
import { outbox } from "@/db/schema";
import type { ConfigCenterStatus } from "@/server/contracts/config-center";
import { currentDispatcher } from "@/server/outbox/start-release-delivery";
import { getConfigCenterHandle } from "./get-config-center";
import { safeErrorMessage } from "@/server/log/loggable-error";

const HEALTH_TIMEOUT_MS = 3_000;

/** The admin page's config-center panel: which center, its health, the outbox backlog, failed deliveries. */
export async function getConfigCenterStatus(db: Db): Promise<ConfigCenterStatus> {
  const { center, location } = await getConfigCenterHandle();
  const [health, [pending], [failed], [lastError], blocked] = await Promise.all([
    withTimeout(center.health(), HEALTH_TIMEOUT_MS),
    db.select({ n: count(), oldest: min(outbox.createdAt) }).from(outbox).where(eq(outbox.state, "pending")),
    db.select({ n: count() }).from(outbox).where(eq(outbox.state, "failed")),
    db
      .select({ error: outbox.lastError })
      .from(outbox)
      .where(and(eq(outbox.state, "pending"), isNotNull(outbox.lastError)))
      .orderBy(desc(outbox.id))
      .limit(1),
    db
      .select({ app: outbox.app, releaseId: outbox.releaseId, seq: outbox.seq, reason: outbox.lastError })
      .from(outbox)
      .where(eq(outbox.state, "failed"))
      .orderBy(asc(outbox.app), asc(outbox.seq))
      .limit(100),
  ]);
  return {
    kind: center.kind,
    location,
    health,
    outbox: {
      pending: pending?.n ?? 0,
      failed: failed?.n ?? 0,
      oldestPendingAt: pending?.oldest ? new Date(pending.oldest).toISOString() : null,
      lastError: lastError?.error ?? null,
    },
    dispatcher: { running: currentDispatcher()?.running ?? false },
    blocked,
  };
}

function withTimeout(check: Promise<{ ok: boolean; detail: string }>, ms: number): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, detail: `No answer within ${ms / 1000} s` }), ms);
    check.then(
      (result) => {
        clearTimeout(timer);
        resolve(result);
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ ok: false, detail: safeErrorMessage(error) });
      },
    );
  });
}
