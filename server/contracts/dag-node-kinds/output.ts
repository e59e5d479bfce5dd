import { defineNodeKind } from "./define-node-kind";

/** Writes its inputs' versions to the config center; it ends the graph. */
export const outputNodeKind = defineNodeKind({
  kind: "output",
  label: "Output",
  keyPrefix: "output",
  inputs: { rule: "optional" },
  outputs: {
    rule: "none",
    problem: {
      code: "output_with_successor",
      message: (key, others) => `Output node ${key} has a successor (${others}); outputs end the graph`,
    },
  },
  // Optional: documents saved before the setting existed have none, read as `own_key`.
  settings: {
    field: "output",
    required: false,
    missingMessage: "An output node needs its output settings",
    foreignMessage: "Only output nodes have output settings",
    defaults: () => ({ writes: "own_key" }),
  },
  hasPhases: true,
});
