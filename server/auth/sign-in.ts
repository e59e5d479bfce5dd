import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import { recordAudit } from "@/server/audit/record-audit";
import type { SignInInput } from "@/server/contracts/auth";
import { AppError } from "@/server/errors";
import { verifyPassword } from "./password";
import { RateLimiter } from "./rate-limit";
import { createSession } from "./sessions";

// A dummy hash so an unknown email costs the same scrypt work as a wrong password.
const DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

const globalLimiter = globalThis as unknown as { __signInLimiter?: { perEmail: RateLimiter; perIp: RateLimiter } };

export interface SignInOptions {
  input: SignInInput;
  clientIp: string;
  limitPerMinute: number;
  sessionTtlHours: number;
}

export async function signIn(db: Db, opts: SignInOptions) {
  globalLimiter.__signInLimiter ??= {
    perEmail: new RateLimiter(opts.limitPerMinute, 60_000),
    // An office behind one address signs in many people; the address limit is looser.
    perIp: new RateLimiter(opts.limitPerMinute * 10, 60_000),
  };
  const { perEmail, perIp } = globalLimiter.__signInLimiter;
  // Limited per account (a botnet cannot guess one account fast) and per address (one guesser
  // cannot try many accounts fast).
  perIp.hit(`ip:${opts.clientIp}`);
  perEmail.hit(`email:${opts.input.email}`);

  const [user] = await db.select().from(users).where(eq(users.email, opts.input.email)).limit(1);
  const ok = await verifyPassword(opts.input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || !user.active) {
    throw new AppError("unauthorized", user && ok && !user.active ? "This account is deactivated." : "Wrong email or password.");
  }
  perEmail.reset(`email:${opts.input.email}`);
  const session = await createSession(db, user.id, opts.sessionTtlHours);
  await recordAudit(db, {
    actor: { type: "user", id: user.id, email: user.email, name: user.name, role: user.role },
    kind: "session",
    action: "sign_in",
    target: user.email,
  });
  return { session, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}
