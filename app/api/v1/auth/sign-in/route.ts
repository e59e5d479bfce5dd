import { api } from "@/server/contracts/api";
import { signIn } from "@/server/auth/sign-in";
import { SESSION_COOKIE } from "@/server/auth/sessions";
import { env } from "@/server/env";
import { sessionCookie } from "@/server/http/cookies";
import { clientIp, parseTrustedProxies } from "@/server/http/client-ip";
import { handle } from "@/server/http/handle";
import { json } from "@/server/http/error-response";

export const POST = handle(api.signIn, async ({ db, req, body }) => {
  const e = env();
  const { session, user } = await signIn(db, {
    input: body,
    clientIp: clientIp(req, parseTrustedProxies(e.TRUSTED_PROXIES)),
    freeFailures: e.SIGN_IN_LIMIT_PER_MINUTE,
    maxDelaySeconds: e.SIGN_IN_MAX_DELAY_SECONDS,
    sessionTtlHours: e.SESSION_TTL_HOURS,
  });
  const cookie = sessionCookie(SESSION_COOKIE, session.token, { maxAgeSeconds: e.SESSION_TTL_HOURS * 3600 });
  return json(user, 200, { "set-cookie": cookie });
});
