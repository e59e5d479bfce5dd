import { asc } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { instanceAllowlist } from "@/db/schema";
import type { AllowlistEntry } from "@/server/contracts/instance-allowlist";
import { toAllowlistEntryDto } from "./allowlist-entry-dto";

export async function listAllowlist(db: Db | Tx): Promise<{ entries: AllowlistEntry[] }> {
  const rows = await db.select().from(instanceAllowlist).orderBy(asc(instanceAllowlist.entry));
  return { entries: rows.map(toAllowlistEntryDto) };
}
