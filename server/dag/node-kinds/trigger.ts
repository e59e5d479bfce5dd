import { maxVersion } from "../graph/compare-versions";
import { nextReadyVersion } from "../graph/next-ready-version";
import { defineNodeBehaviour, ownVersions } from "./define-node-behaviour";

export const triggerNodeBehaviour = defineNodeBehaviour({
  kind: "trigger",
  // Its ready version moves up; the hook is called for it next (propagate.ts).
  onInputsMoved(node, state, online) {
    const current = maxVersion([state.online, state.ready]);
    const version = nextReadyVersion(current, Object.values(online));
    return { type: "advance_ready", node: node.key, version, consumed: online };
  },
  shownVersions: (_node, state) => ownVersions(state),
  hookUrls: (node) => (node.trigger ? [node.trigger.hookUrl] : []),
  setFromOutside: false,
  callsHooks: true,
  writesOutput: false,
  writtenKeys: () => [],
});
