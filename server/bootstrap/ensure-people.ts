import { count } from "drizzle-orm";
import type { Db } from "@/db";
import { users } from "@/db/schema";
import { SYSTEM } from "@/server/auth/actor";
import type { Role } from "@/server/contracts/roles";
import { createUser } from "@/server/users/create-user";

export interface Credential {
  email: string;
  role: Role;
  password: string;
  /** false when the password came from the environment and must not be echoed. */
  generated: boolean;
}

/**
 * On an empty database, creates the first admin (from ADMIN_EMAIL / ADMIN_PASSWORD, or with a
 * generated password) and, in demo mode, one person per role. Returns what must be printed
 * once; nothing is stored in clear.
 */
export async function ensurePeople(db: Db, opts: { adminEmail?: string; adminPassword?: string; demo: boolean }): Promise<Credential[]> {
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return [];

  const out: Credential[] = [];
  const admin = await createUser(db, {
    actor: SYSTEM,
    input: { email: opts.adminEmail ?? "admin@scoring.local", name: "Administrator", role: "admin", password: opts.adminPassword },
  });
  out.push({ email: admin.user.email, role: "admin", password: admin.password ?? "(from ADMIN_PASSWORD)", generated: !!admin.password });

  if (opts.demo) {
    const demo: { role: Role; name: string }[] = [
      { role: "editor", name: "Erin Editor" },
      { role: "reviewer", name: "Riley Reviewer" },
      { role: "viewer", name: "Vic Viewer" },
    ];
    for (const d of demo) {
      const created = await createUser(db, { actor: SYSTEM, input: { email: `${d.role}@scoring.local`, name: d.name, role: d.role } });
      out.push({ email: created.user.email, role: d.role, password: created.password!, generated: true });
    }
  }
  return out;
}
