import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { dagAlertDeliveries } from "@/db/schema";
import { findHookEndpoint } from "../allowlist/find-hook-endpoint";
import { hookTarget } from "../hooks/hook-target";
import { postSignedJson } from "../hooks/post-signed-json";
import type { AlertToSend } from "./record-alerts";

/** POSTs one alert to the DAG's webhook, signed like hooks, and records whether it landed. */
export async function sendAlertWebhook(db: Db, item: AlertToSend, opts: { timeoutMs: number }): Promise<boolean> {
  const endpoint = await findHookEndpoint(db, item.url);
  let error: string | null = null;
  const target = hookTarget(item.url);
  if (!endpoint) {
    error = `${target.shown} is no longer on the hook allow-list`;
  } else {
    const body = JSON.stringify({ type: "dag_alert", app: item.app, ...item.alert });
    error = await postSignedJson(target, endpoint.secret, body, opts.timeoutMs);
  }
  await db
    .update(dagAlertDeliveries)
    .set(error ? { error } : { deliveredAt: new Date(), error: null })
    .where(
      and(
        eq(dagAlertDeliveries.app, item.app),
        eq(dagAlertDeliveries.key, item.key),
        eq(dagAlertDeliveries.kind, item.kind),
        eq(dagAlertDeliveries.version, item.version),
      ),
    );
  return error === null;
}
