import type { ServerResponse } from "node:http";

/**
 * Answers whose body is bytes many answers share (a release wakes thousands of long-polls with
 * the same JSON). Our own server writes them as they are (node-route.ts): for a request it
 * serves itself the Response is made without a body, since a web body stream per answer (and
 * its garbage) cost more than the rest of the answer. Requests Next.js serves get the bytes as
 * their body as usual.
 */
const bodies = new WeakMap<Response, Uint8Array<ArrayBuffer>>();
/** On the request view our own server makes (a property, not a weak set: one per request adds up). */
const OWN_RESPONSE = Symbol("served by our own server");
type OwnServed = Request & { [OWN_RESPONSE]?: ServerResponse };

/** Marks a request our own server answers itself (node-route.ts), on `res`. */
export function markServedByOwnServer(req: Request, res: ServerResponse): void {
  (req as OwnServed)[OWN_RESPONSE] = res;
}

/** The Node response our own server answers `req` on; undefined for a request Next.js serves. */
export function ownResponseOf(req: Request): ServerResponse | undefined {
  return (req as OwnServed)[OWN_RESPONSE];
}

/** A Response to `req` with `bytes` as its body (see above). */
export function sharedBodyResponse(req: Request, bytes: Uint8Array<ArrayBuffer>, init: ResponseInit): Response {
  const response = new Response(ownResponseOf(req) ? null : bytes, init);
  bodies.set(response, bytes);
  return response;
}

/** The bytes a Response was made with by sharedBodyResponse, else undefined. */
export function sharedBodyOf(response: Response): Uint8Array<ArrayBuffer> | undefined {
  return bodies.get(response);
}
