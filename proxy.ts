import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/server/env";
import { HSTS, newNonce, pageCsp } from "@/server/http/security-headers";

/**
 * Gives every page its own CSP nonce: Next.js reads it from the request's policy header and
 * puts it on its scripts. The matcher keeps API routes (every upload) and static files out, so
 * no request body passes through here: a proxy clones bodies and cuts them at its limit.
 * Those get their headers from next.config.ts instead.
 */
export function proxy(request: NextRequest) {
  const https = env().COOKIE_SECURE === "1";
  const csp = pageCsp(newNonce(), { dev: process.env.NODE_ENV === "development", https });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = {
  matcher: ["/((?!api/|api$|_next/static/|_next/image|favicon\\.ico).*)"],
};
