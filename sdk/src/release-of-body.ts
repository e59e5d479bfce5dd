import { ConfigClientError, type PublishedConfig } from "./core/published/types";
import { deepFreeze } from "./core/published/deep-freeze";

/** Apps whose last answer is remembered; a process follows a handful. */
const REMEMBERED_APPS = 64;

/**
 * The release a 200 answer's body holds, parsed and checked once per process per distinct
 * body: the console answers every long-poll of a release with the same bytes, and a service
 * may run many clients, so a release woke each of them to parse the same JSON (most of an
 * SDK client's CPU per release after the HTTP client itself). The last body of each app is
 * kept (compared byte for byte with the next); the release is frozen, since every client of
 * the process that receives these bytes is handed the same object. A body that is not a
 * release throws `bad_response` (not remembered: each client reports it).
 */
export function releaseOfBody(app: string, body: Buffer): PublishedConfig {
  const last = lastByApp.get(app);
  if (last && last.body.equals(body)) return last.config;
  const config = deepFreeze(configOf(app, parseJson(body)));
  lastByApp.delete(app);
  if (lastByApp.size >= REMEMBERED_APPS) lastByApp.delete(lastByApp.keys().next().value!);
  lastByApp.set(app, { body, config });
  return config;
}

const lastByApp = new Map<string, { body: Buffer; config: PublishedConfig }>();

function configOf(app: string, body: unknown): PublishedConfig {
  const value = body as Partial<PublishedConfig> | null;
  const versions = value?.versions;
  if (
    !value ||
    value.app !== app ||
    !Number.isSafeInteger(value.revision) ||
    typeof value.releaseId !== "string" ||
    typeof versions !== "object" ||
    versions === null ||
    !Object.values(versions).every((v) => typeof v === "string")
  ) {
    throw new ConfigClientError("bad_response", `The config center's answer for ${app} is not a release`);
  }
  return { app, revision: value.revision as number, releaseId: value.releaseId, document: value.document, versions };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return null;
  }
}
