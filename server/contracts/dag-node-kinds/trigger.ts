import { defineNodeKind } from "./define-node-kind";

/** Moves when its inputs do: calls a hook for the new version and promotes it once confirmed. */
export const triggerNodeKind = defineNodeKind({
  kind: "trigger",
  label: "Trigger",
  keyPrefix: "trigger",
  inputs: {
    rule: "required",
    problem: {
      code: "trigger_without_predecessor",
      message: (key) => `Trigger node ${key} has no predecessor, so nothing can ever move it`,
    },
  },
  outputs: { rule: "optional" },
  settings: {
    field: "trigger",
    required: true,
    missingMessage: "A trigger node needs its hook settings",
    foreignMessage: "Only trigger nodes have hook settings",
    defaults: ({ hookUrl }) => ({ hookUrl: hookUrl ?? "", method: "POST", headers: {}, timeoutSeconds: 300, retries: 2, requiresApproval: false }),
  },
  hasPhases: true,
});
