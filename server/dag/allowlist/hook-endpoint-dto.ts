import type { HookEndpoint } from "@/server/contracts/hook-allowlist";
import type { HookEndpointRow } from "./find-hook-endpoint";

/** An allow-list entry without its secret. */
export function toHookEndpointDto(row: HookEndpointRow): HookEndpoint {
  return { id: row.id, url: row.url, description: row.description, createdBy: row.createdBy, createdAt: row.createdAt.toISOString() };
}
