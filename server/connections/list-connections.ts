import { asc } from "drizzle-orm";
import type { Db } from "@/db";
import { featureConnections } from "@/db/schema";
import type { Connection } from "@/server/contracts/connections";
import { toConnectionDto } from "./connection-dto";
import { tablesByConnection } from "./used-by";

export async function listConnections(db: Db): Promise<Connection[]> {
  const [rows, used] = await Promise.all([db.select().from(featureConnections).orderBy(asc(featureConnections.name)), tablesByConnection(db)]);
  return rows.map((r) => toConnectionDto(r, used.get(r.id) ?? []));
}
