import { ZodError } from "zod";
import { AppError, isAppError, withCoreErrorMapped } from "@/server/errors";
import { logError } from "@/server/log/loggable-error";

export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

/** Turns a zod failure into a 400 that names the first field in its message and lists every issue. */
export function fromZodError(error: ZodError, where: "body" | "query" | "path"): AppError {
  const issues = error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const first = issues[0];
  const message = first
    ? first.path
      ? `Invalid ${where} field "${first.path}": ${first.message}`
      : `Invalid ${where}: ${first.message}`
    : `Invalid ${where}`;
  return new AppError("bad_request", message, { issues });
}

/** `admin`: the caller is an admin, who also gets an error's adminDetail (in `details.detail`). */
export function errorResponse(e: unknown, opts: { admin?: boolean } = {}): Response {
  if (e instanceof ZodError) e = fromZodError(e, "body");
  e = withCoreErrorMapped(e);
  if (isAppError(e)) {
    const headers: Record<string, string> = {};
    const retry = (e.details as { retryAfterSeconds?: number } | null)?.retryAfterSeconds;
    if ((e.status === 429 || e.status === 503) && retry) headers["retry-after"] = String(retry);
    const details = opts.admin && e.adminDetail !== undefined ? { ...(e.details as object | null), detail: e.adminDetail } : e.details;
    return json({ error: { code: e.code, message: e.message, details } }, e.status, headers);
  }
  // The stack goes to the server log, never to the client.
  logError("[api] unexpected error", e);
  return json({ error: { code: "internal", message: "Something went wrong on the server. The error was logged.", details: null } }, 500);
}
