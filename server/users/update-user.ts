import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { deleteUserSessions } from "@/server/auth/sessions";
import { recordAudit } from "@/server/audit/record-audit";
import type { UpdateUserInput } from "@/server/contracts/users";
import { notFound, unprocessable } from "@/server/errors";
import { toUserDto } from "./user-dto";

export async function updateUser(db: Db, opts: { actor: Actor; id: string; input: UpdateUserInput }) {
  const { actor, id, input } = opts;
  const result = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for("update").limit(1);
    if (!before) throw notFound("No such user.");
    const losesAdmin = before.role === "admin" && before.active && (input.active === false || (input.role && input.role !== "admin"));
    if (losesAdmin) {
      if (actor.type === "user" && actor.id === id) {
        throw unprocessable("You cannot remove your own admin rights or deactivate yourself; ask another admin.");
      }
      const others = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.role, "admin"), eq(users.active, true), ne(users.id, id)))
        .limit(1);
      if (others.length === 0) throw unprocessable("This is the last active admin; make someone else admin first.");
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
