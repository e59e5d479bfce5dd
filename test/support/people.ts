import type { Db } from "@/db";
import { SYSTEM, type UserActor } from "@/server/auth/actor";
import { createSession } from "@/server/auth/sessions";
import type { Role } from "@/server/contracts/roles";
import { createUser } from "@/server/users/create-user";

export interface TestPerson {
  actor: UserActor;
  password: string;
  /** Cookie header value of a live session. */
  cookie: string;
}

let counter = 0;

export async function createPerson(db: Db, role: Role): Promise<TestPerson> {
  const password = "correct horse battery";
  const email = `${role}-${process.pid}-${++counter}@test.local`;
  const { user } = await createUser(db, { actor: SYSTEM, input: { email, name: `Test ${role}`, role, password } });
  const session = await createSession(db, user.id, 1);
  return {
    actor: { type: "user", id: user.id, email: user.email, name: user.name, role: user.role },
    password,
    cookie: `sc_session=${session.token}`,
  };
}
