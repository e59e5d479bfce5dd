import { describe, expect, it } from "vitest";
import type { DagNodeStatus } from "@/server/contracts/dag-status";
import { failedNote } from "./phase-label";

const hook = (over: Partial<NonNullable<DagNodeStatus["hook"]>>): DagNodeStatus["hook"] => ({
  version: "7",
  attempt: 1,
  status: "failed",
  url: "http://hooks.test/load",
  calledAt: "2024-01-05T00:00:00.000Z",
  deadlineAt: "2024-01-05T00:05:00.000Z",
  retryAt: null,
  error: "answered 400",
  ...over,
});

describe("failedNote", () => {
  it.each<[string, Pick<DagNodeStatus, "phase" | "ready" | "hook">, RegExp | null]>([
    ["a node that has not failed", { phase: "idle", ready: "7", hook: null }, null],
    ["a failure with no retry left", { phase: "failed", ready: "7", hook: hook({}) }, /waits for a retry from the console/],
    ["a rejected promotion", { phase: "failed", ready: "7", hook: hook({ status: "confirmed", error: null }) }, /waits for a retry from the console/],
    ["a retryable failure with attempts left", { phase: "failed", ready: "7", hook: hook({ retryAt: "2024-01-05T00:00:02.000Z" }) }, /^retrying automatically at /],
    ["a retry due for an older version", { phase: "failed", ready: "8", hook: hook({ retryAt: "2024-01-05T00:00:02.000Z" }) }, /waits for a retry/],
  ])("%s", (_, status, expected) => {
    const note = failedNote(status);
    if (expected === null) expect(note).toBeNull();
    else expect(note).toMatch(expected);
  });
});
