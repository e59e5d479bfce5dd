import { and, eq, gt, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { modelInstances, modelOperations, models, type OperationStep } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { actorLabel } from "@/server/auth/actor";
import { recordAudit } from "@/server/audit/record-audit";
import type { Model } from "@/server/contracts/models";
import { getTfsClient } from "@/server/tfs/grpc-client";
import { instanceConfig } from "./instance-config";
import { LeaseLostError, SEND_TIMEOUT_MS, type OperationLease } from "./operation-lease";
import { describeProbe, PROBE_INTERVAL_MS, probeOtherModels, type ProbeTarget } from "./probe-other-models";
import { samplePredictRequest } from "./sample-predict-request";
import type { ModelFields, Phase } from "./plan-operation";
import { waitForVersions, type Progress } from "./wait-for-versions";

export interface RunOptions {
  operationId: string;
  actor: Actor;
  model: Model;
  phases: Phase[];
  addresses: string[];
  /** Held on every address: renewed while it runs, checked right before each write (the fence). */
  lease: OperationLease;
  timeoutMs: number;
  pollMs: number;
  /** Predict the other models of the instances every 200 ms and report their p99 per phase. */
  probeOtherModels?: boolean;
  /**
   * All phases on one instance, waited out there (GetModelStatus back AVAILABLE), before the next
   * instance starts: what a hot fix of a version live scores with does, so the others keep serving.
   */
  rolling?: boolean;
}

/**
 * Sends each phase's config to every instance and waits until the versions settle. On any
 * failure the previous config is sent back, so what was serving keeps serving.
 */
export async function runOperation(db: Db, opts: RunOptions): Promise<void> {
  const { lease } = opts;
  const progress: Progress = async (message, instance, state = "info") => {
    const step: OperationStep = { at: new Date().toISOString(), message, ...(instance ? { instance } : {}), state };
    await db
      .update(modelOperations)
      .set({ steps: sql`${modelOperations.steps} || ${JSON.stringify([step])}::jsonb` })
      .where(eq(modelOperations.id, opts.operationId));
  };
  const previous: ModelFields = { policy: opts.model.policy, labels: opts.model.labels };
  const touched = new Set<string>();
  const samples = new Map<string, ReturnType<typeof samplePredictRequest>>(); // one lookup per model, shared by its instances
  const requestFor = async ({ model }: ProbeTarget) => {
    if (!samples.has(model)) samples.set(model, samplePredictRequest(db, model));
    const found = await samples.get(model);
    return found ? { request: found.request, source: `sample request of ${found.app}` } : null;
  };
  const probe = opts.probeOtherModels ? probeOtherModels(await otherModels(db, opts.addresses, opts.model.name), PROBE_INTERVAL_MS, requestFor) : undefined;

  try {
    const runPhases = async (addresses: string[], where: string) => {
      for (const phase of opts.phases) {
        await progress(`${phase.description}: sending the config to ${where}`, addresses.length === 1 ? addresses[0] : undefined);
        for (const address of addresses) {
          touched.add(address);
          await sendConfig(db, lease, address, opts.model.name, phase.fields);
          await progress("config accepted", address, "ok");
        }
        await waitForVersions({ model: opts.model.name, addresses, expect: phase.expect, timeoutMs: opts.timeoutMs, pollMs: opts.pollMs, progress, renew: lease.renew });
        for (const r of (await probe?.report()) ?? []) await progress(describeProbe(r, `during "${phase.description}"`), r.address);
        await progress(`${phase.description}: done`, addresses.length === 1 ? addresses[0] : undefined, "ok");
      }
    };
    if (opts.rolling) {
      const n = opts.addresses.length;
      await progress(`Rolling: one instance at a time (${n}), each back AVAILABLE before the next`);
      for (const [i, address] of opts.addresses.entries()) {
        await progress(`instance ${i + 1} of ${n}: starting`, address);
        await runPhases([address], `instance ${address}`);
        await progress(`instance ${i + 1} of ${n}: back AVAILABLE`, address, "ok");
      }
    } else {
      await runPhases(opts.addresses, `${opts.addresses.length} instance(s)`);
    }
    const final = opts.phases.at(-1)!.fields;
    await db.transaction(async (tx) => {
      // Fenced too: an operation that lost its lease records nothing as the model's state.
      const mine = await tx
        .update(modelOperations)
        .set({ state: "succeeded", finishedAt: new Date() })
        .where(and(eq(modelOperations.id, opts.operationId), eq(modelOperations.owner, lease.owner), eq(modelOperations.state, "running"), sql`${modelOperations.leaseExpiresAt} > now()`))
        .returning({ id: modelOperations.id });
      if (mine.length === 0) throw new LeaseLostError(opts.operationId, `operation ${opts.operationId} lost its lease before it could record its result`);
      const [row] = await tx
        .update(models)
        .set({ policy: final.policy, labels: final.labels, version: sql`${models.version} + 1`, updatedBy: actorLabel(opts.actor), updatedAt: new Date() })
        .where(eq(models.name, opts.model.name))
        .returning();
      await recordAudit(tx, {
        actor: opts.actor,
        kind: "model",
        action: "operation",
        target: opts.model.name,
        before: previous,
        after: { policy: row!.policy, labels: row!.labels, operation: opts.operationId },
      });
    });
  } catch (e) {
    const reason = (e as Error).message;
    await progress(`failed: ${reason}`, undefined, "failed");
    // Each restore is fenced like any write: once the lease is lost the instances belong to
    // another operation, and sending the old config would undo its work.
    for (const address of touched) {
      await sendConfig(db, lease, address, opts.model.name, previous).then(
        () => progress("previous config restored", address, "ok"),
        (err: Error) => progress(`could not restore the previous config: ${err.message}`, address, "failed"),
      );
    }
    const [mine] = await db
      .update(modelOperations)
      .set({ state: "failed", error: reason, finishedAt: new Date() })
      .where(and(eq(modelOperations.id, opts.operationId), eq(modelOperations.owner, lease.owner), eq(modelOperations.state, "running")))
      .returning({ id: modelOperations.id });
    // Not `mine`: whoever took over already failed it, with the reason.
    if (mine) await recordAudit(db, { actor: opts.actor, kind: "model", action: "operation_failed", target: opts.model.name, after: { operation: opts.operationId, reason } });
  } finally {
    probe?.stop();
  }
}

/** The other models registered (live) at these instances: what the probe watches. */
async function otherModels(db: Db, addresses: string[], model: string): Promise<ProbeTarget[]> {
  if (addresses.length === 0) return [];
  const rows = await db
    .select({ address: modelInstances.address, model: modelInstances.model })
    .from(modelInstances)
    .where(and(inArray(modelInstances.address, addresses), ne(modelInstances.model, model), gt(modelInstances.expiresAt, new Date())));
  return rows.sort((a, b) => `${a.address} ${a.model}`.localeCompare(`${b.address} ${b.model}`));
}

// Building the config can fail on its own (a model the console has no config for); its
// message names the instance already.
// The fence comes last, right before the write: the lease then lasts longer than the write may take.
async function sendConfig(db: Db, lease: OperationLease, address: string, model: string, fields: ModelFields): Promise<void> {
  const config = await instanceConfig(db, address, { model, fields });
  await lease.fence(address);
  await getTfsClient(address)
    .handleReloadConfigRequest(config, { timeoutMs: SEND_TIMEOUT_MS })
    .catch((e: Error) => {
      throw new Error(`instance ${address} refused the config: ${e.message}`);
    });
}
