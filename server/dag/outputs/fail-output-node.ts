import { recordEvent, type DagSession } from "../state/dag-session";
import { outputHeadline } from "./output-versions";

/** Who node histories name for a release's verification. */
const VERIFIER = "release-verification";

/**
 * The release an output node wrote failed its verification (docs/verification.md, *Releases
 * without review*): the node shows failed with the reasons, in its history and (alerts.ts) as a
 * `verification_failed` alert, and writes nothing more until a person retries it
 * (retry-node.ts). A node held by a rollback keeps its hold: the rollback decides what it shows.
 */
export function failOutputNode(
  session: DagSession,
  failure: { key: string; reason: string; releaseId: string; reportId: string | null; failures?: { title: string; reason: string | null }[]; versions?: Record<string, string> },
): void {
  const state = session.states[failure.key];
  if (!state || state.kind !== "output" || state.hold) return;
  const versions = failure.versions ?? Object.fromEntries(Object.entries(state.consumed).filter((e): e is [string, string] => e[1] !== null));
  session.states[failure.key] = {
    ...state,
    phase: "failed",
    waitingFor: [],
    lastError: {
      kind: "verification_failed",
      message: failure.reason,
      releaseId: failure.releaseId,
      reportId: failure.reportId,
      at: session.at.toISOString(),
      ...(failure.failures ? { failures: failure.failures } : {}),
    },
  };
  recordEvent(session, {
    key: failure.key,
    type: "verification_failed",
    version: outputHeadline(failure.key, versions),
    message: `Its release was not delivered. ${failure.reason}`,
    actor: VERIFIER,
    detail: { releaseId: failure.releaseId, reportId: failure.reportId },
  });
}
