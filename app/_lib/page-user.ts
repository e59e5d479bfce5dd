import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import type { UserActor } from "@/server/contracts/auth";
import { resolveSession, SESSION_COOKIE } from "@/server/auth/sessions";

/** The signed-in person of a page request; pages behind the console layout never render without one. */
export async function requirePageUser(): Promise<UserActor> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const user = token ? await resolveSession(await getDb(), token) : null;
  if (!user) redirect("/sign-in");
  return user;
}
