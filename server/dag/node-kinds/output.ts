import { outputWritesOf } from "@/server/contracts/dag";
import { outputHeadline } from "../outputs/output-versions";
import { defineNodeBehaviour } from "./define-node-behaviour";

export const outputNodeBehaviour = defineNodeBehaviour({
  kind: "output",
  onInputsMoved: (node, _state, online) => ({ type: "write_output", node: node.key, versions: online }),
  // An output node has no version of its own: what it delivered to the config center (and
  // what waits to be) stands for it.
  shownVersions(node, state, output) {
    // Held by a rollback: the config center holds the rolled-back versions, whatever it wrote before.
    if (state.hold) {
      const held = outputHeadline(node.key, state.hold.versions);
      return { online: held, ready: held, onlineSince: state.hold.since };
    }
    const delivered = output?.delivered ?? null;
    const pending = output?.pending ?? null;
    return {
      online: delivered ? outputHeadline(node.key, delivered.versions) : null,
      ready: pending ? outputHeadline(node.key, pending.versions) : delivered ? outputHeadline(node.key, delivered.versions) : null,
      onlineSince: delivered?.at.toISOString() ?? null,
    };
  },
  hookUrls: () => [],
  setFromOutside: false,
  callsHooks: false,
  writesOutput: true,
  // Per its `output.writes` setting (outputVersions in ../outputs/output-versions.ts).
  writtenKeys(node, inputKeys) {
    const writes = outputWritesOf(node.output);
    return [...(writes !== "predecessor_keys" ? [node.key] : []), ...(writes !== "own_key" ? inputKeys : [])];
  },
});
