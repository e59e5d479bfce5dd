import { describe, expect, it } from "vitest";
import type { DagNodeState } from "@/server/contracts/dag";
import { AppError } from "@/server/errors";
import { applyAction } from "./apply-action";
import { applyEvent } from "./apply-event";
import { initialNodeState } from "./node-state";

const trigger = (patch: Partial<DagNodeState>): DagNodeState => ({ ...initialNodeState({ key: "t", kind: "trigger" }), ...patch });
const data = (patch: Partial<DagNodeState>): DagNodeState => ({ ...initialNodeState({ key: "d", kind: "data" }), ...patch });
const AT = "2024-01-05T00:00:00.000Z";

function conflictOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a conflict, got none");
}

describe("applyEvent refuses events that do not fit", () => {
  it.each([
    { name: "a confirmation for an old version", state: trigger({ phase: "waiting_confirmation", online: "1", ready: "3" }), event: { type: "hook_confirmed", version: "2" }, message: /version 2, but t is ready at 3/ },
    { name: "a second confirmation", state: trigger({ phase: "confirmed", ready: "3" }), event: { type: "hook_confirmed", version: "3" }, message: /t is confirmed/ },
    { name: "a confirmation before the hook was called", state: trigger({ phase: "hook_pending", ready: "3" }), event: { type: "hook_confirmed", version: "3" }, message: /hook pending/ },
    { name: "an answer to a call already answered", state: trigger({ phase: "waiting_confirmation", ready: "3" }), event: { type: "hook_accepted", version: "3" }, message: /waiting confirmation/ },
    { name: "a data version that is not newer", state: data({ online: "20240105", ready: "20240105" }), event: { type: "data_version_set", version: "20240104", at: AT }, message: /already at 20240105/ },
    { name: "the same data version again", state: data({ online: "7", ready: "7" }), event: { type: "data_version_set", version: "7", at: AT }, message: /not newer/ },
    { name: "a data version on a trigger", state: trigger({}), event: { type: "data_version_set", version: "1", at: AT }, message: /applies to data nodes/ },
    { name: "a hook event on a data node", state: data({ online: "1", ready: "1" }), event: { type: "hook_confirmed", version: "1" }, message: /applies to trigger nodes/ },
    { name: "an approval nobody asked for", state: trigger({ phase: "confirmed", ready: "3" }), event: { type: "approval_granted", version: "3" }, message: /t is confirmed/ },
    { name: "a retry of a node that did not fail", state: trigger({ phase: "waiting_confirmation", ready: "3" }), event: { type: "retried", version: "3" }, message: /waiting confirmation/ },
    { name: "a hook call after a rejection", state: trigger({ phase: "failed", ready: "3", lastError: { kind: "approval_rejected", message: "no" } }), event: { type: "hook_called", version: "3" }, message: /t is failed/ },
  ] as const)("$name", ({ state, event, message }) => {
    const error = conflictOf(() => applyEvent(state, event));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(message);
  });
});

describe("applyAction refuses stale actions", () => {
  it.each([
    { name: "a promotion while approval is pending", state: trigger({ phase: "waiting_approval", ready: "3" }), action: { type: "promote", node: "t", version: "3" } },
    { name: "a promotion of another version", state: trigger({ phase: "confirmed", ready: "3" }), action: { type: "promote", node: "t", version: "2" } },
    { name: "a ready version that is not newer than online", state: trigger({ online: "5", ready: "5" }), action: { type: "advance_ready", node: "t", version: "5", consumed: { d: "5" } } },
    { name: "advancing a node whose hook is out", state: trigger({ phase: "hook_called", ready: "3" }), action: { type: "advance_ready", node: "t", version: "4", consumed: { d: "4" } } },
    { name: "an output write on a trigger", state: trigger({}), action: { type: "write_output", node: "t", versions: { d: "1" } } },
  ] as const)("$name", ({ state, action }) => {
    expect(conflictOf(() => applyAction(state, action, AT)).code).toBe("conflict");
  });

  it("stamps the time a version went online", () => {
    const promoted = applyAction(trigger({ phase: "confirmed", online: "1", ready: "2" }), { type: "promote", node: "t", version: "2" }, AT);
    expect(promoted).toMatchObject({ online: "2", ready: "2", onlineSince: AT, phase: "idle" });
    expect(applyEvent(data({}), { type: "data_version_set", version: "9", at: AT })).toMatchObject({ online: "9", ready: "9", onlineSince: AT });
  });
});
