import { readFileSync } from "node:fs";

/** Where one named connection of the service's own configuration points: a `redis://` URL (with its password) or host and port. */
export interface ServiceConnection {
  url?: string;
  host?: string;
  port?: number;
  db?: number;
  username?: string;
  password?: string;
  tls?: boolean;
}

export type ServiceConnections = Record<string, ServiceConnection>;

/**
 * The service's connections by name, from its own configuration, never from the console's API
 * (which holds table definitions only): `SCORING_CONNECTIONS` (JSON) or `SCORING_CONNECTIONS_FILE`
 * (a JSON file), e.g. `{"redis-main":{"url":"redis://:secret@10.0.0.5:6379/0"}}`. A name is the
 * connection name the console's feature tables use.
 */
export function connectionsFromEnv(env: Record<string, string | undefined> = process.env): ServiceConnections {
  const text = env.SCORING_CONNECTIONS ?? (env.SCORING_CONNECTIONS_FILE ? readFileSync(env.SCORING_CONNECTIONS_FILE, "utf8") : undefined);
  if (text === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`SCORING_CONNECTIONS is not JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("SCORING_CONNECTIONS must be an object of connections by name");
  for (const [name, c] of Object.entries(parsed)) {
    if (typeof c !== "object" || c === null || Array.isArray(c)) throw new Error(`connection "${name}" must be an object`);
  }
  return parsed as ServiceConnections;
}
