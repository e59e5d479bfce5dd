import type { Db } from "@/db";
import { getApp } from "@/server/apps/get-app";
import type { SampleRequestList } from "@/server/contracts/samples";
import { MAX_SAMPLE_REQUESTS } from "@/server/contracts/verification";
import { listSampleRequests } from "./list-sample-requests";

/** The API's read of an app's sample requests: 404 for an unknown app. */
export async function readSampleRequests(db: Db, app: string): Promise<SampleRequestList> {
  await getApp(db, app);
  return { sampleRequests: await listSampleRequests(db, app), limit: MAX_SAMPLE_REQUESTS };
}
