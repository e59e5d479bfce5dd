import { asc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { sampleRequests } from "@/db/schema";
import type { SampleRequest } from "@/server/contracts/verification";
import { toSampleRequestDto } from "./sample-request-dto";

/** An app's sample requests, oldest first (the order verification scores them in). No app check: see read-sample-requests.ts. */
export async function listSampleRequests(db: Db | Tx, app: string): Promise<SampleRequest[]> {
  const rows = await db.select().from(sampleRequests).where(eq(sampleRequests.app, app)).orderBy(asc(sampleRequests.createdAt), asc(sampleRequests.id));
  return rows.map(toSampleRequestDto);
}
