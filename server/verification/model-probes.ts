import type { Db } from "@/db";
import type { InstanceStatus } from "@/server/contracts/models";
import type { Solution } from "@/server/contracts/solutions";
import { findModelRow } from "@/server/models/get-model";
import { probeInstance } from "@/server/models/probe-instance";
import { listInstances } from "@/server/registry/list-instances";

/**
 * How long one instance may take to say which versions it holds: a verification is not held up
 * by a hung one. 3 s: 1 s was too short for a healthy instance on a loaded machine.
 */
export const PROBE_TIMEOUT_MS = 3000;

export interface ModelProbe {
  model: string;
  /** A models row exists (the console manages it). */
  managed: boolean;
  /** Every live registered instance, probed. */
  instances: InstanceStatus[];
}

/** Probes every registered instance of each named model, all in parallel. Reads only. */
export async function probeModels(db: Db, names: Iterable<string>): Promise<Map<string, ModelProbe>> {
  const unique = [...new Set(names)].sort();
  const probes = await Promise.all(
    unique.map(async (model): Promise<ModelProbe> => {
      const [row, instances] = await Promise.all([findModelRow(db, model), listInstances(db, { model })]);
      return { model, managed: !!row, instances: await Promise.all(instances.map((i) => probeInstance(i.address, model, PROBE_TIMEOUT_MS))) };
    }),
  );
  return new Map(probes.map((p) => [p.model, p]));
}

export type ResolvedModelVersion = { ok: true; version: number } | { ok: false; reason: string; key: string | null };

/**
 * A solution's model version, a number or a version key of the candidate: exactly as
 * run-scoring.ts resolveModel reads it.
 */
export function resolveModelVersion(model: Solution["model"], versions: Record<string, string>): ResolvedModelVersion {
  const isNumber = /^\d+$/.test(model.version);
  const raw = isNumber ? model.version : versions[model.version];
  if (raw === undefined) return { ok: false, key: model.version, reason: `the version key "${model.version}" has no version in this release` };
  const version = Number(raw);
  if (!Number.isSafeInteger(version) || version <= 0) {
    return { ok: false, key: isNumber ? null : model.version, reason: `"${raw}"${isNumber ? "" : ` (the version of ${model.version})`} is not a model version number` };
  }
  return { ok: true, version };
}

/** The state of one version on one instance: null when the instance did not answer, "NOT_LOADED" when it answered without it. */
export function versionStateOn(instance: InstanceStatus, version: number): string | null {
  if (!instance.healthy) return null;
  return instance.versions.find((v) => v.version === version)?.state ?? "NOT_LOADED";
}
