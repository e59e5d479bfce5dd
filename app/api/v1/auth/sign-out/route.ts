import { api } from "@/server/contracts/api";
import { signOut } from "@/server/auth/sign-out";
import { SESSION_COOKIE } from "@/server/auth/sessions";
import { readCookie, sessionCookie } from "@/server/http/cookies";
import { handle } from "@/server/http/handle";
import { json } from "@/server/http/error-response";

export const POST = handle(api.signOut, async ({ db, req, actor }) => {
  await signOut(db, { actor, cookie: readCookie(req, SESSION_COOKIE) });
  return json({ ok: true }, 200, { "set-cookie": sessionCookie(SESSION_COOKIE, "", { maxAgeSeconds: 0 }) });
});
