import { expect, test, type Page } from "@playwright/test";
import { adminApi, signInAs, uniqueName, expectVerified } from "./support";

/**
 * Publishing through approval, as people do it: an editor asks (through the API: the Solutions
 * page's publish button is another section's), a reviewer in another browser approves on the
 * Approvals page, the Releases page shows the release delivered; a rollback goes the same way.
 */
test("editor publishes, reviewer approves, release is delivered; rollback the same way", async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const app = uniqueName("rel");
  const admin = await adminApi();
  const created = await admin.post("/api/v1/apps", { data: { name: app, bucketCount: 2, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
  expect(created.status(), await created.text()).toBe(201);
  await admin.dispose();

  await signInAs(page, "editor", info);
  const document = (model: string) => ({
    app_name: app,
    solutions: [{ v1: { features: {}, model: { name: "favpush_lr", version: model }, fg: { class: "com.xxx.ranking.fg.LRFg", version: "v2" }, buckets: [0, 1] } }],
  });
  const publish = async (change: unknown, comment: string) => {
    const res = await page.request.post(`/api/v1/apps/${app}/releases`, { data: { comment, change } });
    expect(res.status(), await res.text()).toBe(201);
  };
  // The model version key resolves through the release's versions to a version the dev model server holds: it passes verification.
  await publish({ document: document("lr_v1"), versions: { lr_v1: "20200116", [`${app}_vec`]: "20240101" } }, "First solutions of the app");

  const reviewerContext = await browser.newContext();
  const reviewer = await reviewerContext.newPage();
  await signInAs(reviewer, "reviewer", info);
  // The navigation counts what waits for the reviewer.
  const nav = reviewer.getByRole("navigation", { name: "Sections" });
  await expect(nav.getByTestId("approvals-waiting-count")).toHaveText(/^[1-9]\d*$/);
  await nav.getByRole("link", { name: "Approvals", exact: true }).click();
  await approveOnApprovalsPage(reviewer, app, "First solutions of the app", "Checked the split");
  await reviewer.screenshot({ path: info.outputPath("approvals-approved.png"), fullPage: true });

  await page.goto(`/releases?app=${app}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Releases");
  const first = page.getByTestId("release-row-1");
  await expect(first.getByTestId("delivery-state")).toContainText("delivered");
  await expect(first).toContainText("First solutions of the app");
  // What scoring services read: the document as sent, plus the app's bucket settings the console adds.
  const served = (await (await page.request.get(`/api/config/v1/apps/${app}`)).json()) as { document: unknown };
  expect(served.document).toEqual({ ...document("lr_v1"), app: { bucket_count: 2, hash_key: "uid", salt: app } });

  await publish({ versions: { [`${app}_vec`]: "20240102" } }, "Newer vectors");
  await approveOnApprovalsPage(reviewer, app, "Newer vectors", "");
  await expect(page.getByTestId("release-row-2").getByTestId("delivery-state")).toContainText("delivered");

  // The newest release's diff: the version that changed, side by side.
  await page.getByTestId("release-row-2").getByRole("button", { name: "Show diff" }).click();
  const diff = page.getByRole("table", { name: "Differences, side by side" });
  await expect(diff.getByRole("row", { name: new RegExp(`versions.${app}_vec`) })).toContainText("20240101");
  await expect(diff.getByRole("row", { name: new RegExp(`versions.${app}_vec`) })).toContainText("20240102");
  await page.screenshot({ path: info.outputPath("releases-diff.png"), fullPage: true });
  await page.getByTestId("release-row-2").getByRole("button", { name: "Hide diff" }).click();

  // Roll back to #1: asked on the Releases page, approved by the reviewer, delivered as #3.
  await page.getByTestId("release-row-1").getByRole("button", { name: "Show diff" }).click();
  await page.getByLabel("Why roll back?").fill("Vectors of the 2nd are broken");
  await page.getByRole("button", { name: "Request rollback to #1" }).click();
  await expect(page.getByText("Rollback requested")).toBeVisible();

  await approveOnApprovalsPage(reviewer, app, "Vectors of the 2nd are broken", "Go back", info.outputPath("approvals-rollback-card.png"));
  const third = page.getByTestId("release-row-3");
  await expect(third).toContainText("rollback to #1");
  await expect(third.getByTestId("delivery-state")).toContainText("delivered");
  await page.screenshot({ path: info.outputPath("releases-after-rollback.png"), fullPage: true });
  await reviewerContext.close();
});

test("nobody approves their own request: an admin sees no approve button on their own publish", async ({ page }, info) => {
  const app = uniqueName("self");
  const admin = await adminApi();
  expect((await admin.post("/api/v1/apps", { data: { name: app, bucketCount: 2, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } })).status()).toBe(201);
  await admin.dispose();
  await signInAs(page, "admin", info);
  const res = await page.request.post(`/api/v1/apps/${app}/releases`, { data: { comment: "My own change", change: { versions: { k: "1" } } } });
  expect(res.status()).toBe(201);
  await page.goto("/approvals");
  await page.getByRole("tab", { name: "All pending" }).click();
  const card = page.getByTestId("change-request").filter({ hasText: "My own change" });
  await expect(card).toContainText("asked by you");
  await expect(card.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await card.getByRole("button", { name: "Withdraw" }).click();
  await card.getByRole("button", { name: "Yes, withdraw" }).click();
  await expect(page.getByTestId("change-request").filter({ hasText: "My own change" })).toHaveCount(0);
  await page.goto("/admin");
  await expect(page.getByTestId("config-center-kind")).toContainText("Built-in");
  await expect(page.getByTestId("config-center-health")).toHaveText("healthy");
  await page.locator("#config-center").screenshot({ path: info.outputPath("admin-config-center.png") });
});

async function approveOnApprovalsPage(reviewer: Page, app: string, comment: string, reviewerComment: string, screenshot?: string) {
  await reviewer.goto("/approvals");
  await expect(reviewer.getByRole("heading", { level: 1 })).toHaveText("Approvals");
  const card = reviewer.getByTestId("change-request").filter({ hasText: comment }).filter({ hasText: app });
  await expect(card).toBeVisible();
  // A publish shows what it changes, side by side.
  await expect(card.getByRole("table", { name: "Differences, side by side" })).toBeVisible();
  if (screenshot) await card.screenshot({ path: screenshot });
  if (reviewerComment) await card.getByLabel("Your comment").fill(reviewerComment);
  await expectVerified(card);
  await card.getByRole("button", { name: "Approve" }).click();
  // Approved requests leave "Waiting for me"; the history keeps them.
  await expect(card).toHaveCount(0);
}
