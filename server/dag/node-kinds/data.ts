import { defineNodeBehaviour, ownVersions } from "./define-node-behaviour";

export const dataNodeBehaviour = defineNodeBehaviour({
  kind: "data",
  shownVersions: (_node, state) => ownVersions(state),
  hookUrls: () => [],
  setFromOutside: true,
  callsHooks: false,
  writesOutput: false,
  writtenKeys: () => [],
});
