import { maskUrlCredentials } from "@/server/contracts/dag-secrets";
import type { HookEndpoint } from "@/server/contracts/hook-allowlist";
import type { HookEndpointRow } from "./find-hook-endpoint";

/**
 * An allow-list entry without its secret, and with credentials in its URL masked (viewers read
 * the list; the DAG editor offers these URLs, and a save maps a masked one back to the entry).
 */
export function toHookEndpointDto(row: HookEndpointRow): HookEndpoint {
  return { id: row.id, url: maskUrlCredentials(row.url), description: row.description, createdBy: row.createdBy, createdAt: row.createdAt.toISOString() };
}
