import { z } from "zod";
import type { EndpointSpec } from "@/server/contracts/api";
import { sharedBodyOf } from "./shared-body";

/**
 * Test-time check that a handler answers what its endpoint spec says (run by `handle` when
 * NODE_ENV is "test", i.e. in every Vitest route test). The typed client (components/api-client.ts)
 * types an answer as `z.output` of `spec.response`, so the JSON on the wire must be a value the
 * schema accepts *and leaves as it is*: no default filled in, no value transformed, no key the
 * schema does not know (which the client would read as absent). Throws, naming the endpoint,
 * so the test fails on the mismatch rather than on some later symptom.
 */
export async function checkResponse(spec: EndpointSpec, result: unknown): Promise<void> {
  const name = `${spec.method} ${spec.path}`;
  const expected = spec.status ?? 200;
  let wire: unknown;
  if (result instanceof Response) {
    // Answers a handler shapes itself (streams, downloads, 304s of the long poll) keep their
    // own status; a 2xx JSON answer is still held to the schema.
    if (result.status < 200 || result.status > 299) return;
    if (result.status !== expected && !spec.otherStatuses?.includes(result.status as 200)) fail(name, `answered ${result.status}, the spec says ${expected}`);
    if (!(result.headers.get("content-type") ?? "").includes("application/json")) return;
    // An answer our own server writes from shared bytes has no body stream (shared-body.ts).
    const shared = sharedBodyOf(result);
    const text = shared ? new TextDecoder().decode(shared) : await result.clone().text();
    wire = text ? JSON.parse(text) : undefined;
  } else {
    wire = result === undefined ? undefined : JSON.parse(JSON.stringify(result));
  }
  if (expected === 204) {
    if (wire !== undefined && wire !== null) fail(name, "returns a body, but the spec answers 204 (no content)");
    return;
  }
  if (!spec.response) {
    if (wire !== undefined) fail(name, "returns a JSON body, but the spec has no response schema");
    return;
  }
  const parsed = spec.response.safeParse(wire);
  if (!parsed.success) fail(name, `the response does not match the schema:\n${z.prettifyError(parsed.error)}`);
  const diff = firstDifference(wire, parsed.data, "");
  if (diff) fail(name, `the schema changes the response on parsing, so the client's type would not be what the wire carries: ${diff}`);
}

function fail(name: string, what: string): never {
  throw new Error(`Response check (${name}): ${what}`);
}

/** Where `parsed` differs from `wire`, as a readable path; null when they are the same value. */
function firstDifference(wire: unknown, parsed: unknown, path: string): string | null {
  const at = path || "(root)";
  if (Array.isArray(wire) && Array.isArray(parsed)) {
    if (wire.length !== parsed.length) return `${at}: ${wire.length} items on the wire, ${parsed.length} after parsing`;
    for (let i = 0; i < wire.length; i++) {
      const d = firstDifference(wire[i], parsed[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (isObject(wire) && isObject(parsed)) {
    for (const key of Object.keys(wire)) {
      if (!(key in parsed)) return `${path}.${key}: on the wire but not in the schema`;
    }
    for (const key of Object.keys(parsed)) {
      if (!(key in wire)) {
        if (parsed[key] === undefined) continue;
        return `${path}.${key}: absent on the wire, ${JSON.stringify(parsed[key])} after parsing (a default?)`;
      }
      const d = firstDifference(wire[key], parsed[key], `${path}.${key}`);
      if (d) return d;
    }
    return null;
  }
  if (Object.is(wire, parsed)) return null;
  return `${at}: ${JSON.stringify(wire)} on the wire, ${JSON.stringify(parsed)} after parsing`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
