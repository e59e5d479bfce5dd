import { defineNodeKind } from "./define-node-kind";

/** A version set from outside (a data platform, an editor): it starts the graph. */
export const dataNodeKind = defineNodeKind({
  kind: "data",
  label: "Data",
  keyPrefix: "data",
  inputs: {
    rule: "none",
    problem: {
      code: "data_with_predecessor",
      message: (key, others) => `Data node ${key} has a predecessor (${others}); its version is only set from outside`,
    },
  },
  outputs: { rule: "optional" },
  settings: null,
  hasPhases: false,
});
