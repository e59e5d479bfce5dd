import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import { recordAudit } from "@/server/audit/record-audit";
import type { SignInInput } from "@/server/contracts/auth";
import { AppError } from "@/server/errors";
import { verifyPassword } from "./password";
import { createSession } from "./sessions";
import { signInGuard } from "./sign-in-guard";

// A dummy hash so an unknown email costs the same scrypt work as a wrong password.
const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

export interface SignInOptions {
  input: SignInInput;
  clientIp: string;
  /** Failed sign-ins per account and address before attempts wait (SIGN_IN_LIMIT_PER_MINUTE). */
  freeFailures: number;
  /** The longest wait between attempts (SIGN_IN_MAX_DELAY_SECONDS). */
  maxDelaySeconds: number;
  sessionTtlHours: number;
}

/**
 * Signs a person in. Too early after failed attempts it answers 429 before any work (the
 * wait depends only on the email as typed and the address: nothing about the account); an
 * attempt let through counts as failed until the password proves right (sign-in-guard.ts).
 * Unknown, wrong and deactivated all answer the same 401 after the same scrypt work: telling
 * "deactivated" would confirm the password.
 */
export async function signIn(db: Db, opts: SignInOptions) {
  const guard = signInGuard({ freeFailures: opts.freeFailures, maxDelayMs: opts.maxDelaySeconds * 1000 });
  const { email } = opts.input;
  guard.attempt(email, opts.clientIp);

  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  const ok = await verifyPassword(opts.input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || !user.active) {
    throw new AppError("unauthorized", "Wrong email or password.");
  }
  guard.succeeded(email, opts.clientIp);
  const session = await createSession(db, user.id, opts.sessionTtlHours);
  await recordAudit(db, {
    actor: { type: "user", id: user.id, email: user.email, name: user.name, role: user.role },
    kind: "session",
    action: "sign_in",
    target: user.email,
  });
  return { session, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}
