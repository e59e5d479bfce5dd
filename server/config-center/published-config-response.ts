import { sharedBodyResponse } from "@/server/http/shared-body";
import type { PublishedConfig } from "./config-center";

// A release wakes every long-poll of its app with the same object (the built-in center's
// change feed, and the read they share): its JSON is built once and the bytes shared.
const bodies = new WeakMap<PublishedConfig, Uint8Array<ArrayBuffer>>();

/** The config API's 200 to `req`: the release as JSON, serialised once per release object. */
export function publishedConfigResponse(req: Request, config: PublishedConfig): Response {
  let body = bodies.get(config);
  if (!body) {
    body = new TextEncoder().encode(JSON.stringify(config));
    bodies.set(config, body);
  }
  return sharedBodyResponse(req, body, { status: 200, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } });
}
