import { createRequire } from "node:module";
import { expect, test, type APIRequestContext, type TestInfo } from "@playwright/test";
import { runDemoTraffic, type DemoRequest } from "../scripts/demo-traffic";
import type { PublishedConfig } from "../sdk/src/core/published/types";
import { startHookReceiver } from "../test/support/hook-receiver";
import { startScoringServiceProcess, type ScoringServiceProcess } from "../test/support/scoring-service-process";
import { FAVPUSH_MODEL_VERSION } from "../db/seed/favpush/versions";
import { adminApi, apiAs, appWithLiveRelease, baseURL, createPerson, lrStates, signInAs, uniqueName, waitForVerification } from "./support";

// The SDK's sources are CommonJS (sdk/package.json), which an ES module cannot name-import here.
const require = createRequire(import.meta.url);
const { bucketOf } = require("../sdk/src/core/bucketing") as typeof import("../sdk/src/core/bucketing");
const { readSolutions } = require("../sdk/src/core/published/read-solutions") as typeof import("../sdk/src/core/published/read-solutions");

/**
 * The Live page watched while a real scoring service (scoring-service/, its telemetry reporter
 * flushing every second) scores the demo traffic generator's requests (scripts/demo-traffic.ts)
 * for an app of the test's own (favpush-shaped, released once): a generator that never sends one
 * solution's users is flagged on the page and alerted through the DAG's alert webhook, and a
 * publish moves the service's instance to the new release.
 */

// An app's first release (verification), the service's start, and the page's 15 s refetch, on a loaded machine.
test.describe.configure({ timeout: 360_000 });

/** The test's editor and reviewer (over the API), the admin's API and a live app of its own. */
async function liveApp(info: TestInfo, prefix: string) {
  const admin = await adminApi();
  // The dev model server's registration lapses when a loaded console misses its heartbeats: verification needs it.
  await expect.poll(() => lrStates(admin, FAVPUSH_MODEL_VERSION), { timeout: 60_000, message: "favpush_lr to be registered" }).toContain("AVAILABLE");
  const editor = await apiAs(await createPerson("editor", info));
  const reviewer = await apiAs(await createPerson("reviewer", info));
  const app = await appWithLiveRelease(admin, editor, reviewer, prefix);
  return { admin, editor, reviewer, app };
}

async function published(api: APIRequestContext, app: string): Promise<PublishedConfig> {
  const res = await api.get(`/api/config/v1/apps/${app}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as PublishedConfig;
}

/**
 * The app's scoring service as an operator runs it: its own process, a token holding the three
 * scopes it uses, a telemetry report every second. Resolves once it is ready (a release held,
 * every model with an instance) with the instance id it reports under.
 */
async function startService(admin: APIRequestContext, app: string): Promise<{ service: ScoringServiceProcess; instance: string }> {
  const res = await admin.post("/api/v1/admin/tokens", { data: { name: uniqueName("scorer"), scopes: ["config:read", "features:read", "telemetry:write"] } });
  expect(res.status(), await res.text()).toBe(201);
  const { secret } = (await res.json()) as { secret: string };
  const service = await startScoringServiceProcess([`--console=${baseURL}`, `--app=${app}`, "--port=0", "--telemetry-interval-ms=1000"], {
    SCORING_CONSOLE_TOKEN: secret,
    SCORING_TELEMETRY_TOKEN: secret,
  });
  const instance = /telemetry: instance (\S+),/.exec(service.output())?.[1];
  expect(instance, service.output()).toBeTruthy();
  await expect.poll(async () => (await fetch(`${service.url}/healthz`)).status, { timeout: 60_000, message: `the scoring service to be ready:\n${service.output()}` }).toBe(200);
  return { service, instance: instance! };
}

/**
 * The demo traffic generator aimed at the service, its requests renamed for the test's app.
 * `skip` leaves requests out before they are sent (a broken load balancer, a client that never
 * calls for some users). Returns the stop.
 */
function startTraffic(url: string, app: string, skip: (request: DemoRequest) => boolean = () => false): () => Promise<void> {
  const stop = new AbortController();
  const running = runDemoTraffic({
    url,
    // Light: each request reads built-in rows from the console, which the suite's other specs share.
    rate: 5,
    signal: stop.signal,
    send: async (to, body) => {
      if (skip(body)) return;
      const res = await fetch(`${to}/score`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...body, app_name: app }), signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
    },
  });
  return async () => {
    stop.abort();
    await running;
  };
}

test("a generator that never sends one solution's users is flagged on the Live page, naming its buckets, and alerted through the DAG's webhook", async ({ page }, info) => {
  const { admin, editor, reviewer, app } = await liveApp(info, "skewed");
  // A real receiver on the hook allow-list, as the app's DAG alert webhook.
  const receiver = await startHookReceiver({ reply: () => 200 });
  const allowed = await admin.post("/api/v1/admin/hook-allowlist", { data: { url: receiver.url("/live-alerts"), description: `e2e Live alerts of ${app}` } });
  expect(allowed.status(), await allowed.text()).toBe(201);
  const { endpoint, secret } = (await allowed.json()) as { endpoint: { id: string }; secret: string };
  receiver.setSecret(secret);
  const dag = await editor.put(`/api/v1/apps/${app}/dag`, { data: { version: 0, document: { nodes: [], edges: [] }, alertWebhookUrl: receiver.url("/live-alerts") } });
  expect(dag.status(), await dag.text()).toBe(200);

  // The first solution (v1, 30% of the buckets) gets nothing: users hashing into its buckets are never sent.
  const view = readSolutions(await published(admin, app));
  const [dropped, kept] = view.solutions;
  expect(dropped!.buckets.length).toBeGreaterThan(0);
  const droppedBuckets = new Set(dropped!.buckets);
  const bucketOfRequest = (r: DemoRequest) => bucketOf({ salt: view.settings.salt, keyValue: r.origin[view.settings.hashKey] as number, bucketCount: view.settings.bucketCount });

  await signInAs(page, "viewer", info);
  const { service } = await startService(admin, app);
  const stopTraffic = startTraffic(service.url, app, (r) => droppedBuckets.has(bucketOfRequest(r)));
  try {
    await page.goto(`/live?app=${app}`);
    // The page refetches every 15 s: the flag shows once the service's reports add up to a significant skew.
    const srm = page.getByTestId("srm-result");
    await expect(srm).toHaveAttribute("data-status", "mismatch", { timeout: 90_000 });
    await expect(srm).toContainText("Sample ratio mismatch");
    await expect(srm).toContainText(`Deviating solutions: ${dropped!.name}`);
    // The check over buckets waits for 5 expected requests in each bucket, and names a bucket at |z| > 3:
    // an empty one once about 9 are expected in it (a few more refetches, the traffic going on).
    const named = page.getByTestId("srm-buckets");
    for (const bucket of dropped!.buckets) await expect(named).toContainText(new RegExp(`\\b${bucket} \\(0 seen`), { timeout: 120_000 });
    await expect(page.getByTestId(`split-row-${dropped!.name}`)).toContainText("0.0%");
    await expect(page.getByTestId(`split-row-${kept!.name}`)).toContainText("100.0%");
    await page.screenshot({ path: info.outputPath("live-skewed.png"), fullPage: true });

    // The console's alert check (every 10 s in the e2e server) sends the episode, signed, to the webhook.
    // Only the split's: a loaded machine may fail enough requests to open an error-rate alert too.
    const alerts = () =>
      receiver.received.filter((h) => {
        const p = h.payload as unknown as { type?: string; app?: string; kind?: string };
        return p.type === "live_alert" && p.app === app && p.kind === "split_mismatch";
      });
    await expect.poll(() => alerts().length, { timeout: 60_000, message: "the split alert to reach the webhook" }).toBeGreaterThan(0);
    const [alert] = alerts();
    expect(alert!.path).toBe("/live-alerts");
    expect(alert!.signatureValid).toBe(true);
    expect(alert!.payload).toMatchObject({ type: "live_alert", app, kind: "split_mismatch", subject: "split" });
    const message = (alert!.payload as unknown as { message: string }).message;
    const configured = (s: { buckets: number[] }) => `${((s.buckets.length / view.settings.bucketCount) * 100).toFixed(1)}% configured`;
    expect(message).toContain(`${dropped!.name} 0.0% of requests for ${configured(dropped!)}`);
    expect(message).toContain(`${kept!.name} 100.0% of requests for ${configured(kept!)}`);
    // The console records it delivered, once.
    const listed = (await (await reviewer.get(`/api/v1/apps/${app}/live/alerts?state=open`)).json()) as { alerts: { kind: string; deliveryState: string }[] };
    expect(listed.alerts.filter((a) => a.kind === "split_mismatch")).toEqual([expect.objectContaining({ deliveryState: "delivered" })]);
  } finally {
    await stopTraffic();
    await service.stop();
    await receiver.close();
    await admin.delete(`/api/v1/admin/hook-allowlist/${endpoint.id}`);
    await Promise.all([admin.dispose(), editor.dispose(), reviewer.dispose()]);
  }
});

test("a publish moves the scoring instance on the Live page to the new release", async ({ page }, info) => {
  const { admin, editor, reviewer, app } = await liveApp(info, "moving");
  const first = await published(admin, app);
  // The editor moves two buckets from v2 to v1 and asks to publish; it is verified now, approved below.
  const draft = (await (await editor.get(`/api/v1/apps/${app}/solutions`)).json()) as { version: number };
  const split = await editor.put(`/api/v1/apps/${app}/solutions-split`, { data: { version: draft.version, buckets: { v1: [0, 1, 2, 3, 4], v2: [5, 6, 7, 8, 9] } } });
  expect(split.status(), await split.text()).toBe(200);
  const document = await (await editor.get(`/api/v1/apps/${app}/solutions-export`)).json();
  const asked = await editor.post(`/api/v1/apps/${app}/releases`, { data: { comment: "50/50", change: { document } } });
  expect(asked.status(), await asked.text()).toBe(201);
  const id = ((await asked.json()) as { changeRequest: { id: string } }).changeRequest.id;
  expect(await waitForVerification(reviewer, id)).toMatch(/^(passed|warned)$/);

  await signInAs(page, "viewer", info);
  const { service, instance } = await startService(admin, app);
  const stopTraffic = startTraffic(service.url, app);
  try {
    await page.goto(`/live?app=${app}`);
    const row = page.getByTestId(`instance-row-${instance}`);
    const release = row.getByTestId("instance-release");
    await expect(release).toHaveText(String(first.revision), { timeout: 60_000 });
    await expect(row).not.toContainText("stale");

    // The reviewer approves: the release is delivered, the service takes it between requests,
    // its next report says so, and the page follows.
    const approved = await reviewer.post(`/api/v1/change-requests/${id}/approve`, { data: { comment: "ok" } });
    expect(approved.status(), await approved.text()).toBe(200);
    await expect.poll(async () => (await published(admin, app)).revision, { timeout: 20_000 }).toBeGreaterThan(first.revision);
    const second = await published(admin, app);
    await expect(page.getByRole("heading", { name: new RegExp(`Traffic split on release #\\d+ \\(revision ${second.revision}\\)`) })).toBeVisible({ timeout: 60_000 });
    await expect(release).toHaveText(String(second.revision), { timeout: 60_000 });
    await expect(row).not.toContainText("not the live revision");
    await expect(row).not.toContainText("stale");
    await page.screenshot({ path: info.outputPath("live-moved.png"), fullPage: true });
  } finally {
    await stopTraffic();
    await service.stop();
    await Promise.all([admin.dispose(), editor.dispose(), reviewer.dispose()]);
  }
});
