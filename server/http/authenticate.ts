import type { Db } from "@/db";
import type { Actor } from "@/server/auth/actor";
import { resolveToken } from "@/server/auth/resolve-token";
import { resolveSession, SESSION_COOKIE } from "@/server/auth/sessions";
import { AppError } from "@/server/errors";
import { readCookie } from "./cookies";

export type Authenticated = { actor: Actor | null; via: "bearer" | "cookie" | null };

export async function authenticate(db: Db, req: Request): Promise<Authenticated> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError("unauthorized", "The Authorization header must be `Bearer <token>`.");
    const actor = await resolveToken(db, match[1]!);
    if (!actor) throw new AppError("unauthorized", "Unknown or revoked API token.");
    return { actor, via: "bearer" };
  }
  const cookie = readCookie(req, SESSION_COOKIE);
  if (cookie) return { actor: await resolveSession(db, cookie), via: "cookie" };
  return { actor: null, via: null };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery guard. Browsers send Origin (and Sec-Fetch-Site) on every
 * state-changing request; one from another site is refused before anything runs. Requests
 * authenticated by a bearer token cannot be forged by a browser and skip the check.
 */
export function checkSameOrigin(req: Request, via: Authenticated["via"]): void {
  if (SAFE_METHODS.has(req.method) || via === "bearer") return;
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    throw new AppError("forbidden", "Cross-site requests are refused.", { secFetchSite: site });
  }
  const origin = req.headers.get("origin");
  if (!origin) return;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError("forbidden", "Cross-site requests are refused.", { origin });
  }
  if (originHost !== host) throw new AppError("forbidden", "Cross-site requests are refused.", { origin });
}
