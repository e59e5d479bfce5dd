import type { Db } from "@/db";
import type { AppDetail } from "@/server/contracts/apps";
import { getApp } from "./get-app";
import { getLiveBucketSettings } from "./get-live-bucket-settings";

/** One app for its page: its own (pending) settings and the live ones beside them. */
export async function readAppDetail(db: Db, name: string): Promise<AppDetail> {
  const app = await getApp(db, name);
  return { ...app, live: await getLiveBucketSettings(db, name) };
}
