import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { adminApi, baseURL, createPerson, signIn, signInAs, uniqueName, expectVerified, waitForVerification } from "./support";

/**
 * A rollback as an editor and a reviewer do it, on an app of its own (the demo favpush is
 * untouched): the editor sees what the rollback changes from live and ticks that the version
 * the DAG wrote rolls back too, a reviewer approves it on the Approvals page, the release shows
 * as #5, its output node is held on the canvas, and the Solutions page's draft is the
 * rolled-back document with the editor's earlier draft restorable.
 */
test("rollback: diff from live, DAG keys, approval, #N, the draft after delivery", async ({ page, browser }, info) => {
  test.setTimeout(180_000);
  const app = uniqueName("rb");
  const admin = await adminApi();
  expect((await admin.post("/api/v1/apps", { data: { name: app, bucketCount: 2, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } })).status()).toBe(201);
  // A data node straight into an output node: the output writes `${app}_vec` at the data version.
  const vec = `${app}_vec`;
  const dag = {
    nodes: [
      { id: "d", key: `${app}_data`, kind: "data", position: { x: 0, y: 0 } },
      { id: "o", key: vec, kind: "output", position: { x: 300, y: 0 }, output: { writes: "own_key" } },
    ],
    edges: [{ id: "e", source: "d", target: "o" }],
  };
  const saved = await admin.put(`/api/v1/apps/${app}/dag`, { data: { version: 0, document: dag } });
  expect(saved.status(), await saved.text()).toBe(200);
  const tokenRes = await admin.post("/api/v1/admin/tokens", { data: { name: uniqueName("platform"), scopes: ["dag:write"] } });
  const { secret } = (await tokenRes.json()) as { secret: string };
  await admin.dispose();

  await signInAs(page, "editor", info);
  const reviewerPerson = await createPerson("reviewer", info);
  const reviewerApi = await playwrightRequest.newContext({ baseURL });
  expect((await reviewerApi.post("/api/v1/auth/sign-in", { data: { email: reviewerPerson.email, password: reviewerPerson.password } })).status()).toBe(200);

  const document = (model: string) => ({
    app_name: app,
    solutions: [{ v1: { features: {}, model: { name: "favpush_lr", version: model }, fg: { class: "com.xxx.ranking.fg.LRFg", version: "v2" }, buckets: [0, 1] } }],
  });
  const releasesOf = async () =>
    ((await (await page.request.get(`/api/v1/apps/${app}/releases`)).json()) as { releases: { seq: number; delivery: { state: string } }[] }).releases;
  const waitForRelease = (seq: number) =>
    expect.poll(async () => (await releasesOf()).find((r) => r.seq === seq)?.delivery.state, { timeout: 30_000 }).toBe("delivered");
  const publishApproved = async (model: string, seq: number) => {
    // The model version keys resolve through the release's versions to a version the dev model server holds: verification passes.
    const versions = { lr_v1: "20200116", lr_v2: "20200116", lr_v3: "20200116" };
    const res = await page.request.post(`/api/v1/apps/${app}/releases`, { data: { comment: `Ship ${model}`, change: { document: document(model), versions } } });
    expect(res.status(), await res.text()).toBe(201);
    const { changeRequest } = (await res.json()) as { changeRequest: { id: string } };
    await approveByApi(reviewerApi, changeRequest.id);
    await waitForRelease(seq);
  };
  const dataVersion = async (version: string, seq: number) => {
    const res = await page.request.put(`/api/v1/apps/${app}/dag/nodes/${app}_data/version`, { data: { version }, headers: { authorization: `Bearer ${secret}` } });
    expect(res.status(), await res.text()).toBe(200);
    await waitForRelease(seq);
  };
  // #1 lr_v1; #2 the DAG writes vec=1; #3 lr_v2; #4 the DAG writes vec=2.
  await publishApproved("lr_v1", 1);
  await dataVersion("1", 2);
  await publishApproved("lr_v2", 3);
  await dataVersion("2", 4);

  // The editor's draft has unpublished work (lr_v3).
  const draft = (await (await page.request.get(`/api/v1/apps/${app}/solutions`)).json()) as { version: number };
  expect((await page.request.post(`/api/v1/apps/${app}/solutions-import`, { data: { version: draft.version, document: document("lr_v3") } })).status()).toBe(200);

  // Roll back to #2: the preview is from live (#4), not what #2 changed.
  await page.goto(`/releases?app=${app}`);
  await expect(page.getByTestId("release-row-4")).toContainText("#4");
  await page.getByTestId("release-row-2").getByRole("button", { name: "Show diff" }).click();
  const form = page.getByTestId("rollback-form");
  const preview = form.getByTestId("rollback-preview");
  await expect(preview).toContainText("Live (#4)");
  await expect(preview.getByRole("row", { name: /model\.version/ })).toContainText("lr_v2");
  await expect(preview.getByRole("row", { name: /model\.version/ })).toContainText("lr_v1");
  // The DAG's key keeps its live value unless ticked.
  await expect(preview.getByRole("row", { name: new RegExp(`versions\\.${vec}`) })).toHaveCount(0);
  await expect(form).toContainText(`${vec}: live 2, at #2 1`);
  await form.getByLabel(/Roll these back too/).check();
  await expect(preview.getByRole("row", { name: new RegExp(`versions\\.${vec}`) })).toContainText("1");
  await expect(form).toContainText("will be held");
  await page.screenshot({ path: info.outputPath("rollback-preview.png"), fullPage: true });
  await form.getByLabel("Why roll back?").fill("lr_v2 and day-2 vectors hurt CTR");
  await form.getByRole("button", { name: "Request rollback to #2" }).click();
  await expect(page.getByText("Rollback requested")).toBeVisible();

  // The reviewer approves on the Approvals page, seeing the same diff from live.
  const reviewerContext = await browser.newContext();
  const reviewer = await reviewerContext.newPage();
  await signIn(reviewer, reviewerPerson);
  await reviewer.goto("/approvals");
  const card = reviewer.getByTestId("change-request").filter({ hasText: "lr_v2 and day-2 vectors hurt CTR" });
  await expect(card).toContainText("#2");
  await expect(card.getByRole("table", { name: "Differences, side by side" })).toContainText("lr_v1");
  await card.getByLabel("Your comment").fill("Go back");
  await expectVerified(card);
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(card).toHaveCount(0);
  await reviewerContext.close();

  // Released as #5, delivered; one identifier per release.
  await page.goto(`/releases?app=${app}`);
  const fifth = page.getByTestId("release-row-5");
  await expect(fifth).toContainText("#5");
  await expect(fifth).toContainText("rollback to #2");
  await expect(fifth.getByTestId("delivery-state")).toContainText("delivered");

  // The output node is held at the rolled-back version.
  await page.goto(`/dag?app=${app}`);
  await expect(page.getByTestId(`dag-node-${vec}`)).toHaveAttribute("data-held", "true");
  await expect(page.getByTestId(`dag-node-${vec}`)).toContainText("held by rollback #5");

  // The draft is the rolled-back document; the earlier draft (lr_v3) can come back.
  await page.goto(`/solutions?app=${app}`);
  const banner = page.getByTestId("draft-live-banner");
  await expect(banner).toContainText("Rollback #5 replaced the draft");
  const current = (await (await page.request.get(`/api/v1/apps/${app}/solutions`)).json()) as { solutions: { model: { version: string } }[] };
  expect(current.solutions[0]!.model.version).toBe("lr_v1");
  await page.screenshot({ path: info.outputPath("solutions-after-rollback.png"), fullPage: true });
  await banner.getByRole("button", { name: "Restore the draft from before the rollback" }).click();
  await expect(banner).toContainText("The draft differs from live (#5)");
  // Resetting asks first and says what it discards.
  await banner.getByRole("button", { name: "Reset the draft to live" }).click();
  await expect(banner.getByRole("group", { name: "Confirm the reset" })).toContainText("changes v1");
  await banner.getByRole("button", { name: "Discard the changes and reset" }).click();
  await expect(banner).not.toContainText("differs from live");
  await reviewerApi.dispose();
});

async function approveByApi(reviewer: APIRequestContext, id: string) {
  await waitForVerification(reviewer, id);
  const res = await reviewer.post(`/api/v1/change-requests/${id}/approve`, { data: { comment: "ok" } });
  expect(res.status(), await res.text()).toBe(200);
}
