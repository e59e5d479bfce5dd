import type { Db } from "@/db";
import { actorLabel, type Actor } from "@/server/auth/actor";
import type { DagNodeState } from "@/server/contracts/dag";
import { conflict } from "@/server/errors";
import { changeDag } from "../state/change-dag";
import { recordEvent, requireNode } from "../state/dag-session";

/**
 * A person resumes an output node a rollback held: the hold is lifted and what it consumed is
 * forgotten, so the engine writes its inputs' current online versions at once (a release, in
 * this transaction) and follows them again from then on. A node that is not held is a 409.
 */
export async function resumeNode(db: Db, opts: { actor: Actor; app: string; key: string }): Promise<DagNodeState> {
  return changeDag(db, { app: opts.app, actor: opts.actor }, (session) => {
    requireNode(session, opts.key);
    const before = session.states[opts.key]!;
    if (!before.hold) {
      throw conflict(`${opts.key} is not held by a rollback; there is nothing to resume.`, { key: opts.key, phase: before.phase });
    }
    const hold = before.hold;
    session.states[opts.key] = { ...before, hold: null, consumed: {} };
    recordEvent(session, {
      key: opts.key,
      type: "resumed",
      version: null,
      message: `Resumed after rollback #${hold.releaseSeq}: the node publishes its inputs' online versions again`,
      actor: actorLabel(opts.actor),
    });
    return { result: () => session.states[opts.key]!, audit: { kind: "dag_node", action: "resume", target: `${opts.app}/${opts.key}`, before: { hold } } };
  });
}
