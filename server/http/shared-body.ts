/**
 * Answers whose body is bytes many answers share (a release wakes thousands of long-polls with
 * the same JSON). Our own server writes them as they are (node-route.ts): for a request it
 * serves itself the Response is made without a body, since a web body stream per answer (and
 * its garbage) cost more than the rest of the answer. Requests Next.js serves get the bytes as
 * their body as usual.
 */
const bodies = new WeakMap<Response, Uint8Array<ArrayBuffer>>();
const ownServed = new WeakSet<object>();

/** Marks a request our own server answers itself (node-route.ts). */
export function markServedByOwnServer(req: Request): void {
  ownServed.add(req);
}

/** A Response to `req` with `bytes` as its body (see above). */
export function sharedBodyResponse(req: Request, bytes: Uint8Array<ArrayBuffer>, init: ResponseInit): Response {
  const response = new Response(ownServed.has(req) ? null : bytes, init);
  bodies.set(response, bytes);
  return response;
}

/** The bytes a Response was made with by sharedBodyResponse, else undefined. */
export function sharedBodyOf(response: Response): Uint8Array<ArrayBuffer> | undefined {
  return bodies.get(response);
}
