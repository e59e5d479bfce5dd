import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { dagAlertDeliveries } from "@/db/schema";
import { findHookEndpoint } from "../allowlist/find-hook-endpoint";
import { maskUrlCredentials } from "@/server/contracts/dag-secrets";
import { hookTarget } from "../hooks/hook-target";
import { SIGNATURE_HEADER, signBody } from "../hooks/sign-body";
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
    try {
      const res = await fetch(target.url, {
        method: "POST",
        headers: {
          ...(target.authorization ? { authorization: target.authorization } : {}),
          "content-type": "application/json",
          [SIGNATURE_HEADER]: signBody(endpoint.secret, body),
        },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      await res.body?.cancel();
      if (res.status < 200 || res.status >= 300) error = `${target.shown} answered ${res.status}`;
    } catch (e) {
      error = maskUrlCredentials(`${target.shown} could not be reached: ${(e as Error).message}`);
    }
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
