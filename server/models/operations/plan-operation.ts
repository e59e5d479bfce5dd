import type { InstanceStatus, Model, ModelOperationRequest, VersionPolicy } from "@/server/contracts/models";
import { conflict, unprocessable } from "@/server/errors";

export type ModelFields = { policy: VersionPolicy; labels: Record<string, number> };

/** What the versions must look like on every instance before a phase counts as done. */
export type Expectation = { available: number[]; ended: number[] };

export interface Phase {
  description: string;
  fields: ModelFields;
  expect: Expectation;
}

const withoutVersionLabels = (labels: Record<string, number>, version: number) =>
  Object.fromEntries(Object.entries(labels).filter(([, v]) => v !== version));

const sorted = (xs: Iterable<number>) => [...new Set(xs)].sort((a, b) => a - b);

function loadedVersions(statuses: InstanceStatus[]): number[] {
  return sorted(statuses.flatMap((s) => s.versions.filter((v) => v.state === "AVAILABLE").map((v) => v.version)));
}

/**
 * Turns an operation into the configs to send, in order, and what to wait for after each.
 * Pure: the runner does the I/O. Refuses what TF Serving would refuse, before anything is sent.
 */
export function planOperation(model: Model, req: ModelOperationRequest, statuses: InstanceStatus[]): Phase[] {
  const current: ModelFields = { policy: model.policy, labels: model.labels };
  switch (req.kind) {
    case "load": {
      if (current.policy.kind !== "specific") {
        throw unprocessable(`Model ${model.name} follows the "${current.policy.kind}" policy, which decides what is loaded. Switch to specific versions to load one by hand.`);
      }
      if (current.policy.versions.includes(req.version)) throw conflict(`Version ${req.version} is already in the policy of ${model.name}.`);
      return [
        {
          description: `Load version ${req.version}`,
          fields: { ...current, policy: { kind: "specific", versions: sorted([...current.policy.versions, req.version]) } },
          expect: { available: [req.version], ended: [] },
        },
      ];
    }
    case "unload": {
      if (current.policy.kind !== "specific") {
        throw unprocessable(`Model ${model.name} follows the "${current.policy.kind}" policy; switch to specific versions to unload one by hand.`);
      }
      if (!current.policy.versions.includes(req.version)) throw conflict(`Version ${req.version} is not in the policy of ${model.name}.`);
      const labelled = Object.entries(current.labels).filter(([, v]) => v === req.version).map(([l]) => l);
      if (labelled.length) throw unprocessable(`Version ${req.version} carries the label(s) ${labelled.join(", ")}; move them first.`, { labels: labelled });
      return [
        {
          description: `Unload version ${req.version}`,
          fields: { ...current, policy: { kind: "specific", versions: current.policy.versions.filter((v) => v !== req.version) } },
          expect: { available: [], ended: [req.version] },
        },
      ];
    }
    case "label": {
      const labels = { ...current.labels };
      if (req.version === null) {
        if (!(req.label in labels)) throw conflict(`Model ${model.name} has no label "${req.label}".`);
        delete labels[req.label];
        return [{ description: `Remove label ${req.label}`, fields: { ...current, labels }, expect: { available: [], ended: [] } }];
      }
      const notReady = statuses.filter((s) => !s.versions.some((v) => v.version === req.version && v.state === "AVAILABLE"));
      if (notReady.length) {
        throw unprocessable(`A label can only point at a version that is AVAILABLE on every instance; version ${req.version} is not on ${notReady.map((s) => s.address).join(", ")}.`, {
          instances: notReady.map((s) => s.address),
        });
      }
      labels[req.label] = req.version;
      return [{ description: `Move label ${req.label} to version ${req.version}`, fields: { ...current, labels }, expect: { available: [req.version], ended: [] } }];
    }
    case "hotfix": {
      const v = req.version;
      if (current.policy.kind === "specific" && !current.policy.versions.includes(v)) {
        throw conflict(`Version ${v} is not loaded by the policy of ${model.name}; there is nothing to reload.`);
      }
      // TF Serving does not notice a version folder overwritten in place: unload it (keeping
      // everything else), then load it again so the files are read anew.
      const without: VersionPolicy =
        current.policy.kind === "specific"
          ? { kind: "specific", versions: current.policy.versions.filter((x) => x !== v) }
          : { kind: "specific", versions: loadedVersions(statuses).filter((x) => x !== v) };
      const unlabelled = withoutVersionLabels(current.labels, v);
      // TF Serving refuses a label on a version that is not AVAILABLE yet, so labels that
      // pointed at it come back in a phase of their own, once it has loaded.
      const relabel = Object.keys(unlabelled).length !== Object.keys(current.labels).length;
      return [
        { description: `Unload version ${v}`, fields: { policy: without, labels: unlabelled }, expect: { available: [], ended: [v] } },
        { description: `Load version ${v} again`, fields: { policy: current.policy, labels: unlabelled }, expect: { available: [v], ended: [] } },
        ...(relabel ? [{ description: `Restore the labels of version ${v}`, fields: current, expect: { available: [v], ended: [] } }] : []),
      ];
    }
    case "apply": {
      const policy = req.policy;
      if (policy.kind === "specific") {
        const dangling = Object.entries(current.labels).filter(([, v]) => !policy.versions.includes(v));
        if (dangling.length) {
          throw unprocessable(`Labels ${dangling.map(([l, v]) => `${l}=${v}`).join(", ")} point at versions the new policy unloads; move them first.`);
        }
      }
      const ended = policy.kind === "specific" ? loadedVersions(statuses).filter((v) => !policy.versions.includes(v)) : [];
      return [
        {
          description: `Apply the ${policy.kind} policy`,
          fields: { ...current, policy },
          expect: { available: policy.kind === "specific" ? policy.versions : [], ended },
        },
      ];
    }
  }
}
