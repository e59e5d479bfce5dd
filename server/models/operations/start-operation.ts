import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { modelOperations, models } from "@/db/schema";
import { actorLabel, type Actor } from "@/server/auth/actor";
import type { ModelOperationRequest } from "@/server/contracts/models";
import { env } from "@/server/env";
import { conflict, notFound, unprocessable } from "@/server/errors";
import { listInstances } from "@/server/registry/list-instances";
import { toModelDto } from "../model-dto";
import { probeInstance } from "../probe-instance";
import { instanceConfig } from "./instance-config";
import { operationAffects, requireConfirmation } from "./operation-affects";
import { claimAddresses, failExpiredOperations, leaseUntil, operationLease, processOwner, runningHolders } from "./operation-lease";
import { toOperationDto } from "./operation-dto";
import { planOperation } from "./plan-operation";
import { runOperation } from "./run-operation";

export interface StartOptions {
  actor: Actor;
  model: string;
  request: ModelOperationRequest;
  timeoutMs?: number;
  pollMs?: number;
  /** Who runs it (default: this process); tests play another process with it. */
  owner?: string;
  /** The lease's length (default MODEL_OPERATION_LEASE_SECONDS). */
  leaseMs?: number;
}

/**
 * Checks and records an operation, then runs it in the background. Returns at once with the
 * operation (poll it for progress) and, for callers that want to wait, the run's promise.
 */
export async function startModelOperation(db: Db, opts: StartOptions) {
  const [row] = await db.select().from(models).where(eq(models.name, opts.model)).limit(1);
  if (!row) throw notFound(`Model "${opts.model}" is not managed by the console; import its model.conf first.`, { model: opts.model });
  const model = toModelDto(row);
  const instances = await listInstances(db, { model: model.name });
  if (instances.length === 0) throw unprocessable(`No instance is registered for model ${model.name}; start one that registers itself.`);
  const statuses = await Promise.all(instances.map((i) => probeInstance(i.address, model.name)));
  const down = statuses.filter((s) => !s.healthy);
  if (down.length) {
    throw unprocessable(`Instance(s) ${down.map((s) => s.address).join(", ")} do not answer; nothing was changed.`, {
      instances: down.map((s) => ({ address: s.address, error: s.error })),
    });
  }
  const phases = planOperation(model, opts.request, statuses);
  // What live scores with asks first: the caller must have seen what it affects.
  const affects = await operationAffects(db, model.name, opts.request);
  requireConfirmation(opts.request, affects);
  // Refuses (409) an instance that also serves a model the console has no config for: every
  // reload sends the whole config and would unload it. Checked again before each send.
  for (const s of statuses) await instanceConfig(db, s.address, { model: model.name, fields: { policy: model.policy, labels: model.labels } });

  const owner = opts.owner ?? processOwner();
  const leaseMs = opts.leaseMs ?? env().MODEL_OPERATION_LEASE_SECONDS * 1000;
  const addresses = statuses.map((s) => s.address);
  const operation = await db.transaction(async (tx) => {
    // One operation per model at a time: two interleaved reloads would undo each other.
    await tx.select({ id: models.id }).from(models).where(eq(models.id, row.id)).for("update");
    const running = await tx
      .select({ id: modelOperations.id })
      .from(modelOperations)
      .where(and(eq(modelOperations.model, model.name), eq(modelOperations.state, "running")));
    const holders = running.length ? await runningHolders(tx, running.map((r) => r.id)) : [];
    const live = holders.find((h) => h.live);
    if (live) throw conflict(`Another operation (${live.kind}) is running on ${model.name}; wait for it to finish.`, { operation: live.id, model: model.name });
    // A process that stopped renewing its lease will not finish its operation.
    if (holders.length) await failExpiredOperations(tx, { ids: holders.map((h) => h.id) });
    const [op] = await tx
      .insert(modelOperations)
      .values({
        model: model.name,
        kind: opts.request.kind,
        params: opts.request,
        state: "running",
        createdBy: actorLabel(opts.actor),
        owner,
        leaseExpiresAt: leaseUntil(leaseMs),
      })
      .returning();
    // And one per instance address, whatever the model: a reload sends every model of the address.
    await claimAddresses(tx, { operationId: op!.id, addresses });
    return toOperationDto(op!);
  });

  const done = runOperation(db, {
    operationId: operation.id,
    actor: opts.actor,
    model,
    phases,
    addresses,
    lease: operationLease(db, { operationId: operation.id, owner, leaseMs }),
    timeoutMs: opts.timeoutMs ?? 60_000,
    pollMs: opts.pollMs ?? 150,
    // Loads slow the other models of an instance (TF Serving issues 881, 1866): measure it.
    probeOtherModels: opts.request.kind === "load" || opts.request.kind === "hotfix",
    // A hot fix of a version live scores with goes one instance at a time, each back AVAILABLE
    // before the next, so the other instances keep serving it meanwhile.
    rolling: opts.request.kind === "hotfix" && affects !== null,
  });
  return { operation, done };
}
