import type { Db } from "@/db";
import { getApp } from "@/server/apps/get-app";
import type { VerificationSettings } from "@/server/contracts/verification";
import { getVerificationSettings } from "./get-verification-settings";

/** The API's read of an app's verification thresholds: 404 for an unknown app, the defaults until changed. */
export async function readVerificationSettings(db: Db, app: string): Promise<VerificationSettings> {
  await getApp(db, app);
  return getVerificationSettings(db, app);
}
