import { randomUUID } from "node:crypto";
import os from "node:os";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { modelInstanceLeases, modelOperations } from "@/db/schema";
import { AppError, conflict } from "@/server/errors";

/** How long one instance write may take (ReloadConfig's deadline). A lease must outlast it. */
export const SEND_TIMEOUT_MS = 10_000;

const globalForOwner = globalThis as unknown as { __modelOperationOwner?: string };

/** Names this console process in the operations it runs (host, pid and a random part). */
export function processOwner(): string {
  globalForOwner.__modelOperationOwner ??= `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  return globalForOwner.__modelOperationOwner;
}

const expiredError = (by?: string) =>
  `interrupted: its lease expired (the console process running it stopped or stalled)${by ? `; operation ${by} took over its instance(s)` : ""}; check the model's state and run it again`;

/**
 * Fails the running operations whose lease expired (their process died or stalled), or that
 * never had one (recorded before leases). An operation with a live lease is another process's.
 */
export async function failExpiredOperations(db: Db | Tx, where?: { ids?: string[]; takenOverBy?: string }): Promise<string[]> {
  const rows = await db
    .update(modelOperations)
    .set({ state: "failed", error: expiredError(where?.takenOverBy), finishedAt: new Date() })
    .where(
      and(
        eq(modelOperations.state, "running"),
        sql`(${modelOperations.leaseExpiresAt} is null or ${modelOperations.leaseExpiresAt} <= now())`,
        where?.ids ? inArray(modelOperations.id, where.ids) : undefined,
      ),
    )
    .returning({ id: modelOperations.id });
  return rows.map((r) => r.id);
}

/** A running operation elsewhere that holds what is asked for: refused, naming it (409). */
type Holder = { id: string; model: string; kind: string; createdBy: string; live: boolean };

/**
 * Inside the transaction that records operation `operationId`: claims every instance address
 * it will write. An address held by a running operation whose lease is live is refused (409,
 * naming that operation); one whose lease expired is taken over (that operation fails).
 * Addresses are claimed in one order, so two claims never deadlock.
 */
export async function claimAddresses(tx: Tx, opts: { operationId: string; addresses: string[] }): Promise<void> {
  const addresses = [...new Set(opts.addresses)].sort();
  if (addresses.length === 0) return;
  await tx
    .insert(modelInstanceLeases)
    .values(addresses.map((address) => ({ address, operationId: opts.operationId })))
    .onConflictDoNothing();
  const held = await tx
    .select({ address: modelInstanceLeases.address, operationId: modelInstanceLeases.operationId })
    .from(modelInstanceLeases)
    .where(inArray(modelInstanceLeases.address, addresses))
    .orderBy(asc(modelInstanceLeases.address))
    .for("update");
  const others = [...new Set(held.map((h) => h.operationId).filter((id) => id !== opts.operationId))];
  const holders = others.length ? await runningHolders(tx, others) : [];
  for (const h of held) {
    const holder = holders.find((x) => x.id === h.operationId && x.live);
    if (holder) {
      throw conflict(
        `Instance ${h.address} is busy: operation ${holder.id} (${holder.kind} on ${holder.model}, by ${holder.createdBy}) is running there. ` +
          `A reload sends every model of an instance, so one operation at a time; wait for it to finish.`,
        { operation: holder.id, model: holder.model, kind: holder.kind, instance: h.address },
      );
    }
  }
  const expired = holders.filter((h) => !h.live).map((h) => h.id);
  if (expired.length) await failExpiredOperations(tx, { ids: expired, takenOverBy: opts.operationId });
  await tx.update(modelInstanceLeases).set({ operationId: opts.operationId, claimedAt: new Date() }).where(inArray(modelInstanceLeases.address, addresses));
}

/** The running operations of these ids, and whether each one's lease is live. */
export async function runningHolders(db: Db | Tx, ids: string[]): Promise<Holder[]> {
  return db
    .select({
      id: modelOperations.id,
      model: modelOperations.model,
      kind: modelOperations.kind,
      createdBy: modelOperations.createdBy,
      live: sql<boolean>`coalesce(${modelOperations.leaseExpiresAt} > now(), false)`,
    })
    .from(modelOperations)
    .where(and(inArray(modelOperations.id, ids), eq(modelOperations.state, "running")));
}

/** The first lease, set when the operation is recorded: `now() + leaseMs` by the database's clock. */
export const leaseUntil = (leaseMs: number) => sql<Date>`now() + ${`${Math.round(leaseMs)} milliseconds`}::interval`;

/**
 * Renews the lease of a running operation, and with `address`, checks that the operation still
 * holds that instance: the fence before every write to an instance. Throws 409 when it lost
 * its lease (expired, taken over, or finished by someone else): the caller must not write.
 * The renewal gives the lease a full `leaseMs` from now, longer than one write may take, so
 * nobody can take the instance over while the write that follows is under way.
 */
export async function assertLeaseHeld(db: Db, opts: { operationId: string; owner: string; leaseMs?: number; address?: string }): Promise<void> {
  const rows = await db
    .update(modelOperations)
    .set({ leaseExpiresAt: leaseUntil(opts.leaseMs ?? 30_000) })
    .where(
      and(
        eq(modelOperations.id, opts.operationId),
        eq(modelOperations.owner, opts.owner),
        eq(modelOperations.state, "running"),
        sql`${modelOperations.leaseExpiresAt} > now()`,
        opts.address
          ? sql`exists (select 1 from ${modelInstanceLeases} where ${modelInstanceLeases.address} = ${opts.address} and ${modelInstanceLeases.operationId} = ${opts.operationId})`
          : undefined,
      ),
    )
    .returning({ id: modelOperations.id });
  if (rows.length === 0) {
    throw new LeaseLostError(
      opts.operationId,
      `operation ${opts.operationId} lost its lease${opts.address ? ` on instance ${opts.address}` : ""}: it expired, or another operation took over; nothing more is sent`,
    );
  }
}

/** Thrown by the fence: a 409 the runner recognises, so it never writes again. */
export class LeaseLostError extends AppError {
  constructor(operationId: string, message: string) {
    super("conflict", message, { operation: operationId });
  }
}

/** The lease of one running operation, renewed at most every `renewEveryMs`, checked before each write. */
export interface OperationLease {
  operationId: string;
  owner: string;
  leaseMs: number;
  /** Renews when due; throws LeaseLostError once lost. */
  renew(): Promise<void>;
  /** Checks (and renews) right before a write to `address`; throws LeaseLostError once lost. */
  fence(address: string): Promise<void>;
}

export function operationLease(db: Db, opts: { operationId: string; owner: string; leaseMs: number }): OperationLease {
  const renewEveryMs = Math.min(1_000, opts.leaseMs / 10);
  let renewedAt = Date.now();
  let lost: LeaseLostError | null = null;
  const check = async (address?: string) => {
    if (lost) throw lost;
    try {
      await assertLeaseHeld(db, { ...opts, address });
      renewedAt = Date.now();
    } catch (e) {
      if (e instanceof LeaseLostError) lost = e;
      throw e;
    }
  };
  return {
    ...opts,
    async renew() {
      if (lost) throw lost;
      if (Date.now() - renewedAt >= renewEveryMs) await check();
    },
    fence: (address) => check(address),
  };
}
