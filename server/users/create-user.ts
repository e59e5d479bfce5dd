import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import type { Actor } from "@/server/auth/actor";
import { generatePassword, hashPassword } from "@/server/auth/password";
import { recordAudit } from "@/server/audit/record-audit";
import type { CreateUserInput } from "@/server/contracts/users";
import { conflict } from "@/server/errors";
import { toUserDto } from "./user-dto";

/** Returns the generated password when none was given: it is shown once and never stored in clear. */
export async function createUser(db: Db, opts: { actor: Actor; input: CreateUserInput }) {
  const { input } = opts;
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
    if (existing) throw conflict(`A user with the email ${input.email} already exists.`, { field: "email" });
    const [row] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, role: input.role, passwordHash })
      .returning();
    const user = toUserDto(row!);
    await recordAudit(tx, { actor: opts.actor, kind: "user", action: "create", target: user.email, after: user });
    return { user, password: input.password ? undefined : password };
  });
}
