import type { Db } from "@/db";
import { getApp } from "@/server/apps/get-app";
import type { ReleaseSettings } from "@/server/contracts/releases";
import { getReleaseSettings } from "./get-release-settings";

/** The API's read of an app's release settings: 404 for an unknown app, the defaults until changed. */
export async function readReleaseSettings(db: Db, app: string): Promise<ReleaseSettings> {
  await getApp(db, app);
  return getReleaseSettings(db, app);
}
