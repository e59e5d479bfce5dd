import { asc } from "drizzle-orm";
import type { Db } from "@/db";
import { dagHookEndpoints } from "@/db/schema";
import type { HookEndpoint } from "@/server/contracts/hook-allowlist";
import { toHookEndpointDto } from "./hook-endpoint-dto";

export async function listHookEndpoints(db: Db): Promise<{ endpoints: HookEndpoint[] }> {
  const rows = await db.select().from(dagHookEndpoints).orderBy(asc(dagHookEndpoints.url));
  return { endpoints: rows.map(toHookEndpointDto) };
}
