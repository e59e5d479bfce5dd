import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { fgPackages } from "@/db/schema";
import type { ReleaseContent } from "@/server/contracts/releases";
import type { Solution } from "@/server/contracts/solutions";
import type { VerificationInputs, VerificationReport } from "@/server/contracts/verification";
import { hashContent } from "@/server/releases/release-content";
import { solutionsOf } from "./check-references";
import { probeModels, resolveModelVersion, versionStateOn, type ModelProbe } from "./model-probes";
import { hashSampleSet, readSampleSet, readThresholds } from "./sample-set";

type ModelStates = VerificationInputs["models"];

/** Probes every registered instance of each model the content names (outside a transaction): each version's state per instance. */
export async function collectModelStates(db: Db, content: ReleaseContent): Promise<ModelStates> {
  const solutions = solutionsOf(content);
  if (!solutions.ok) return [];
  const probes = await probeModels(db, solutions.list.map((s) => s.model.name));
  return modelStatesOf(solutions.list, content.versions, probes);
}

/** The models' states as recorded in a report: one entry per model and resolved version, in name order. */
export function modelStatesOf(solutions: readonly Solution[], versions: Record<string, string>, probes: Map<string, ModelProbe>): ModelStates {
  const byKey = new Map<string, ModelStates[number]>();
  for (const s of solutions) {
    const resolved = resolveModelVersion(s.model, versions);
    const version = resolved.ok ? resolved.version : null;
    const key = `${s.model.name}@${version}`;
    if (byKey.has(key)) continue;
    const instances = (probes.get(s.model.name)?.instances ?? []).map((i) => ({ address: i.address, state: version === null ? null : versionStateOn(i, version) }));
    byKey.set(key, { model: s.model.name, version, instances });
  }
  return [...byKey.values()].sort((a, b) => a.model.localeCompare(b.model) || (a.version ?? 0) - (b.version ?? 0));
}

/**
 * Null when the report's inputs still hold for this content, else why not: the content, its
 * base, the sample set, the settings, the fg versions or the given model states changed.
 * Reads the database only (callers probe the models outside their transaction).
 */
export async function whyInputsChanged(
  tx: Tx,
  report: VerificationReport,
  current: { content: ReleaseContent; baseReleaseId: string | null; models: ModelStates },
): Promise<string | null> {
  const inputs = report.inputs;
  if (!inputs) return "the report has no recorded inputs (it did not finish)";
  if (hashContent(current.content) !== inputs.contentHash) return "the release's content changed since it was verified";
  if ((current.baseReleaseId ?? null) !== inputs.baseReleaseId) return "the release it builds on changed since it was verified";
  const [samples, thresholds] = await Promise.all([readSampleSet(tx, report.app), readThresholds(tx, report.app)]);
  if (hashSampleSet(samples) !== inputs.sampleSetHash) return "the app's sample requests changed since it was verified";
  if (thresholds.version !== inputs.settingsVersion) return "the app's verification settings changed since it was verified";
  for (const name of inputs.fgVersions) {
    const at = name.lastIndexOf("@");
    const [row] = await tx
      .select({ id: fgPackages.id })
      .from(fgPackages)
      .where(and(eq(fgPackages.className, name.slice(0, at)), eq(fgPackages.version, name.slice(at + 1))))
      .limit(1);
    if (!row) return `fg ${name} is no longer published`;
  }
  return modelsChanged(inputs.models, current.models);
}

function modelsChanged(recorded: ModelStates, now: ModelStates): string | null {
  const label = (m: ModelStates[number]) => `${m.model} ${m.version ?? "(unresolved)"}`;
  const find = (m: ModelStates[number]) => now.find((n) => n.model === m.model && n.version === m.version);
  for (const m of recorded) {
    const n = find(m);
    if (!n) return `${label(m)} is no longer what the release names`;
    const before = new Map(m.instances.map((i) => [i.address, i.state]));
    const after = new Map(n.instances.map((i) => [i.address, i.state]));
    for (const [address, state] of before) {
      if (!after.has(address)) return `${address} no longer serves ${m.model} (it was registered when the release was verified)`;
      if (after.get(address) !== state) return `${label(m)} on ${address} is ${after.get(address) ?? "unreachable"} now, ${state ?? "unreachable"} when verified`;
    }
    for (const address of after.keys()) if (!before.has(address)) return `${address} registered for ${m.model} since the release was verified`;
  }
  if (now.length !== recorded.length) return "the models the release names changed since it was verified";
  return null;
}
