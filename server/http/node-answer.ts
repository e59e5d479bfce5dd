import type { ServerResponse } from "node:http";
import { API_CSP, COMMON_SECURITY_HEADERS } from "./security-headers";
import { sharedBodyOf } from "./shared-body";

/** The headers next.config.ts gives every API answer, added by our own server since Next.js is not in the way. */
export const API_HEADERS: readonly string[] = [...COMMON_SECURITY_HEADERS.flatMap(({ key, value }) => [key, value]), "Content-Security-Policy", API_CSP];

/** An answer as our own server writes it: status, the raw header list (name, value, name, …), body bytes. */
export interface WireAnswer {
  status: number;
  head: readonly string[];
  body: Uint8Array | null;
}

/**
 * `response` as our own server writes it, for a Response whose body is shared bytes
 * (shared-body.ts) or absent: what a long-poll answers. Built once, written to any number of
 * requests (parked-long-polls.ts).
 */
export function wireOf(response: Response): WireAnswer {
  const body = sharedBodyOf(response) ?? null;
  if (!body && response.body) throw new Error("wireOf takes an answer with shared bytes or no body");
  const head = [...API_HEADERS];
  response.headers.forEach((value, key) => head.push(key, value));
  return { status: response.status, head, body };
}

/**
 * Writes `answer` to `res`. An answer given before the request's body was read to its end
 * closes the connection after it, so no rest of the body is read to keep the connection.
 */
export function writeWire(res: ServerResponse, answer: WireAnswer): void {
  res.writeHead(answer.status, res.req.complete ? (answer.head as string[]) : [...answer.head, "Connection", "close"]);
  res.end(answer.body);
}
