/** Responses whose body is bytes many answers share: our own server writes them without reading the stream. */
const bodies = new WeakMap<Response, Uint8Array<ArrayBuffer>>();

/** A Response with `bytes` as its body, which serveRouteOverNode (node-route.ts) writes as they are. */
export function sharedBodyResponse(bytes: Uint8Array<ArrayBuffer>, init: ResponseInit): Response {
  const response = new Response(bytes, init);
  bodies.set(response, bytes);
  return response;
}

/** The bytes a Response was made with by sharedBodyResponse, else undefined. */
export function sharedBodyOf(response: Response): Uint8Array<ArrayBuffer> | undefined {
  return bodies.get(response);
}
