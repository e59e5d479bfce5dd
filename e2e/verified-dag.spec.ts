import { expect, test, type APIRequestContext } from "@playwright/test";
import { adminApi, signInAs, uniqueName } from "./support";

/**
 * docs/verification.md, *Releases without review*: a DAG output node whose data version has no
 * rows is held: its release fails verification (the samples cannot score), the node shows failed
 * with the reasons, the Releases page shows the failed checks, and nothing is published.
 */
type ReleaseRow = { id: string; seq: number; delivery: { state: string }; verification: { state: string | null; failures: { title: string; reason: string | null }[] } };

async function releasesOf(api: APIRequestContext, app: string): Promise<ReleaseRow[]> {
  const res = await api.get(`/api/v1/apps/${app}/releases`);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { releases: ReleaseRow[] }).releases;
}

/** An app shaped like favpush (its latest release's document and versions, its samples), publishing without review. */
async function favpushLikeApp(api: APIRequestContext): Promise<string> {
  const app = uniqueName("vdag");
  const favpush = (await (await api.get("/api/v1/apps/favpush")).json()) as { bucketCount: number; hashKey: string; salt: string; originFields: unknown[] };
  const created = await api.post("/api/v1/apps", { data: { name: app, bucketCount: favpush.bucketCount, hashKey: favpush.hashKey, salt: favpush.salt, originFields: favpush.originFields } });
  expect(created.status(), await created.text()).toBe(201);
  const settings = (await (await api.get(`/api/v1/apps/${app}/release-settings`)).json()) as { version: number };
  const put = await api.put(`/api/v1/apps/${app}/release-settings`, { data: { requiresApproval: false, requiredApprovals: 1, version: settings.version } });
  expect(put.status(), await put.text()).toBe(200);
  for (const origin of [{ uid: 234, goods_id: 123 }, { uid: 7, goods_id: 100 }]) {
    const res = await api.post(`/api/v1/apps/${app}/sample-requests`, { data: { name: `uid ${origin.uid}`, origin } });
    expect(res.status(), await res.text()).toBe(201);
  }
  const [live] = await releasesOf(api, "favpush");
  const detail = (await (await api.get(`/api/v1/apps/favpush/releases/${live!.id}`)).json()) as { content: { document: Record<string, unknown>; versions: Record<string, string> } };
  const document = { ...detail.content.document, app_name: app };
  const published = await api.post(`/api/v1/apps/${app}/releases`, { data: { comment: "first", change: { document, versions: detail.content.versions } } });
  expect(published.status(), await published.text()).toBe(201);
  // Held, verified on the samples, then delivered.
  await expect.poll(async () => (await releasesOf(api, app))[0]?.delivery.state, { timeout: 60_000 }).toBe("delivered");
  return app;
}

test("a data version without rows is held at the output node, failed with the reasons, and nothing is published", async ({ page }, info) => {
  test.setTimeout(180_000);
  const api = await adminApi();
  const app = await favpushLikeApp(api);
  const dag = {
    nodes: [
      { id: "vec", key: "vec", kind: "data", position: { x: 40, y: 80 }, description: "Vectors, set by the feature platform (no loader)" },
      { id: "out", key: "favpush_vec_v2", kind: "output", position: { x: 360, y: 80 }, output: { writes: "own_key" } },
    ],
    edges: [{ id: "vec->out", source: "vec", target: "out" }],
  };
  const saved = await api.put(`/api/v1/apps/${app}/dag`, { data: { version: 0, document: dag } });
  expect(saved.status(), await saved.text()).toBe(200);

  const token = await api.post("/api/v1/admin/tokens", { data: { name: uniqueName("platform"), scopes: ["dag:write"] } });
  const { secret } = (await token.json()) as { secret: string };
  const set = await api.put(`/api/v1/apps/${app}/dag/nodes/vec/version`, { data: { version: "20200116norows" }, headers: { authorization: `Bearer ${secret}` } });
  expect(set.status(), await set.text()).toBe(200);

  // The output node's release is held, verified, and fails: not delivered.
  await expect.poll(async () => (await releasesOf(api, app)).find((r) => r.seq === 2)?.delivery.state, { timeout: 60_000 }).toBe("failed");
  const releases = await releasesOf(api, app);
  expect(releases.find((r) => r.seq === 2)?.verification.state).toBe("failed");
  expect(releases.find((r) => r.seq === 1)?.delivery.state).toBe("delivered");

  await signInAs(page, "editor", info);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/dag?app=${app}`);
  const node = page.getByTestId("dag-node-favpush_vec_v2");
  await expect(node).toHaveAttribute("data-alerts", /verification_failed/);
  await node.click();
  const box = page.getByTestId("verification-failure");
  await expect(box).toContainText("Its release failed verification: nothing was published");
  await expect(box).toContainText(/samples? (scored|failed)|failed at|fg/i);
  await expect(page.getByRole("button", { name: "Retry", exact: true })).toBeVisible();
  await page.screenshot({ path: info.outputPath("verified-dag-1440.png"), fullPage: true });

  await page.goto(`/releases?app=${app}`);
  const failedRow = page.getByTestId("verification-failures").first();
  await expect(failedRow).toBeVisible();
  await expect(page.getByText("failed verification").first()).toBeVisible();
  await page.screenshot({ path: info.outputPath("verified-releases-1440.png"), fullPage: true });
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.screenshot({ path: info.outputPath("verified-releases-1024.png"), fullPage: true });
  await page.goto(`/dag?app=${app}`);
  await page.getByTestId("dag-node-favpush_vec_v2").click();
  await expect(page.getByTestId("verification-failure")).toBeVisible();
  await page.screenshot({ path: info.outputPath("verified-dag-1024.png"), fullPage: true });

  // Nothing was published: the center still serves release #1.
  const [first] = (await releasesOf(api, app)).filter((r) => r.seq === 1);
  const config = await api.post("/api/v1/admin/tokens", { data: { name: uniqueName("reader"), scopes: ["config:read"] } });
  const reader = ((await config.json()) as { secret: string }).secret;
  const served = await api.get(`/api/config/v1/apps/${app}`, { headers: { authorization: `Bearer ${reader}` } });
  expect(served.status(), await served.text()).toBe(200);
  expect(((await served.json()) as { releaseId: string }).releaseId).toBe(first!.id);
  await api.dispose();
});
