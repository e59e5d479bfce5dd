import type { Db } from "@/db";
import { recordAudit } from "@/server/audit/record-audit";
import type { Actor } from "./actor";
import { deleteSession } from "./sessions";

export async function signOut(db: Db, opts: { actor: Actor; cookie: string | undefined }) {
  if (opts.cookie) await deleteSession(db, opts.cookie);
  await recordAudit(db, { actor: opts.actor, kind: "session", action: "sign_out", target: opts.actor.type === "user" ? opts.actor.email : opts.actor.name });
}
