import { expect, request as playwrightRequest, test } from "@playwright/test";
import { adminApi, baseURL, createPerson, signIn, signInAs, uniqueName, expectVerified, waitForVerification } from "./support";

/**
 * Requests that cannot undo each other, as people meet them, on an app of its own: a publish
 * request goes stale when another release changes the document first; the reviewer's Approve is
 * refused with the reason; the requester re-bases it on the Approvals page; the reviewer then
 * approves it. Asking for the same publish twice offers the first request.
 */
test("a stale request is refused, re-based by its requester and then approved; a duplicate points at the first", async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const app = uniqueName("stale");
  const admin = await adminApi();
  expect((await admin.post("/api/v1/apps", { data: { name: app, bucketCount: 2, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } })).status()).toBe(201);
  await admin.dispose();
  const document = (model: string) => ({
    app_name: app,
    solutions: [{ v1: { features: {}, model: { name: "favpush_lr", version: model }, fg: { class: "com.xxx.ranking.fg.LRFg", version: "v2" }, buckets: [0, 1] } }],
  });

  await signInAs(page, "editor", info);
  const reviewer = await createPerson("reviewer", info);
  const reviewerApi = await playwrightRequest.newContext({ baseURL });
  expect((await reviewerApi.post("/api/v1/auth/sign-in", { data: { email: reviewer.email, password: reviewer.password } })).status()).toBe(200);
  // The model version keys resolve through the release's versions to a version the dev model server holds: verification passes.
  const versions = { lr_v1: "20200116", lr_v2: "20200116", lr_v3: "20200116" };
  const ask = (model: string) => page.request.post(`/api/v1/apps/${app}/releases`, { data: { comment: `Ship ${model}`, change: { document: document(model), versions } } });
  const idOf = async (res: Awaited<ReturnType<typeof ask>>) => ((await res.json()) as { changeRequest: { id: string } }).changeRequest.id;

  // #1, then a request for lr_v2 built on #1.
  const first = await ask("lr_v1");
  await waitForVerification(reviewerApi, await idOf(first));
  expect((await reviewerApi.post(`/api/v1/change-requests/${await idOf(first)}/approve`, { data: { comment: "ok" } })).status()).toBe(200);
  const stale = await ask("lr_v2");
  expect(stale.status()).toBe(201);
  const staleId = await idOf(stale);

  // The same publish again (a second tab): refused, naming the first.
  const twice = await ask("lr_v2");
  expect(twice.status()).toBe(409);
  expect(((await twice.json()) as { error: { details: { changeRequestId: string } } }).error.details.changeRequestId).toBe(staleId);

  // Someone else's lr_v3 is approved first: #2 changes the document the lr_v2 request replaces.
  const other = await ask("lr_v3");
  await waitForVerification(reviewerApi, await idOf(other));
  expect((await reviewerApi.post(`/api/v1/change-requests/${await idOf(other)}/approve`, { data: { comment: "ok" } })).status()).toBe(200);

  // The reviewer opens the stale request: it says so, and Approve is refused with the reason.
  const reviewerPage = await (await browser.newContext({ baseURL })).newPage();
  await signIn(reviewerPage, reviewer);
  await reviewerPage.goto(`/approvals?request=${staleId}`);
  const card = reviewerPage.getByRole("region", { name: "The request you opened" }).getByTestId("change-request");
  await expect(card).toContainText("Stale: release #2 changed what this request replaces");
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(card).toContainText("changed the solutions document or the app's bucket settings after this request was built");
  await reviewerPage.screenshot({ path: info.outputPath("stale-request.png"), fullPage: true });

  // The requester re-bases it on the Approvals page.
  await page.goto(`/approvals?request=${staleId}`);
  const mine = page.getByRole("region", { name: "The request you opened" }).getByTestId("change-request");
  await mine.getByRole("button", { name: "Re-base" }).click();
  await expect(mine).not.toContainText("Stale:");

  // Now the reviewer approves it: release #3 holds lr_v2.
  await reviewerPage.reload();
  await expect(card).not.toContainText("Stale:");
  await expectVerified(card);
  await card.getByRole("button", { name: "Approve" }).click();
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/apps/${app}/releases`)).json()) as { releases: { seq: number }[] }).releases.map((r) => r.seq))
    .toContain(3);
  await reviewerApi.dispose();
});
