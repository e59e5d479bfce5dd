import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { deleteUserSessions } from "@/server/auth/sessions";
import { recordAudit } from "@/server/audit/record-audit";
import type { UpdateUserInput } from "@/server/contracts/users";
import { forbidden, notFound, unprocessable } from "@/server/errors";
import { toUserDto } from "./user-dto";

export async function updateUser(db: Db, opts: { actor: Actor; id: string; input: UpdateUserInput }) {
  const { actor, id, input } = opts;
  const result = await db.transaction(async (tx) => {
    // The last-admin rule under concurrency: every change of a person first locks the active
    // admins' rows, in one order (no deadlock), so two admins demoting each other at the same
    // moment run one after the other; the second then sees the first's change (READ COMMITTED
    // re-reads a row locked FOR UPDATE once its lock is released).
    const admins = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, "admin"), eq(users.active, true)))
      .orderBy(asc(users.id))
      .for("update");
    // The acting person's rights are looked at again here, not trusted from the session read
    // before the lock: an admin demoted or deactivated meanwhile can no longer act.
    if (actor.type === "user" && !admins.some((a) => a.id === actor.id)) {
      throw forbidden("You are no longer an active admin; your change was not made.");
    }
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for("update").limit(1);
    if (!before) throw notFound("No such user.");
    const losesAdmin = before.role === "admin" && before.active && (input.active === false || (input.role && input.role !== "admin"));
    if (losesAdmin) {
      if (actor.type === "user" && actor.id === id) {
        throw unprocessable("You cannot remove your own admin rights or deactivate yourself; ask another admin.");
      }
      if (!admins.some((a) => a.id !== id)) throw unprocessable("This is the last active admin; make someone else admin first.");
    }
    const [after] = await tx
      .update(users)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning();
    await recordAudit(tx, { actor, kind: "user", action: "update", target: before.email, before: toUserDto(before), after: toUserDto(after!) });
    return { user: toUserDto(after!), signOut: input.active === false || (input.role !== undefined && input.role !== before.role) };
  });
  // A new role or a deactivation takes effect at once, not when the old session expires.
  if (result.signOut) await deleteUserSessions(db, id);
  return result.user;
}
