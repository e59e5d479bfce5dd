import { env } from "@/server/env";

/**
 * The cookie's value, or undefined when it is absent or not valid percent-encoding (`%E0%A4%A`):
 * a cookie the console cannot have set is no session, so the caller is anonymous (401 where
 * signing in is needed), never a 500.
 */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decoded(part.slice(eq + 1).trim());
  }
  return undefined;
}

function decoded(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/**
 * The session cookie as sign-in sets it and sign-out clears it. Both read COOKIE_SECURE here, so a
 * console behind HTTPS never clears with a cookie that differs from the one it set.
 */
export function sessionCookie(name: string, value: string, opts: { maxAgeSeconds: number }): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${opts.maxAgeSeconds}`,
    ...(env().COOKIE_SECURE === "1" ? ["Secure"] : []),
  ].join("; ");
}
