import { expect, test } from "@playwright/test";
import { adminApi, baseURL, createPerson, signIn, signInAs, uniqueName } from "./support";

test.use({ viewport: { width: 1440, height: 900 } });

/**
 * The requester hears of the decision: an editor asks to publish, a reviewer rejects it with a
 * reason on the Approvals page; the editor sees the unread count on the bell in the top bar,
 * opens the Inbox, reads the reviewer's reason, and finds it again on the Solutions page.
 */
test("a rejected request reaches its requester: count in the top bar, reason in the Inbox and on the Solutions page", async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const app = uniqueName("inbox");
  const admin = await adminApi();
  expect((await admin.post("/api/v1/apps", { data: { name: app, bucketCount: 2, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } })).status()).toBe(201);
  await admin.dispose();

  await signInAs(page, "editor", info);
  await expect(page.getByTestId("inbox-unread-count")).toHaveCount(0);
  const document = {
    app_name: app,
    solutions: [{ v1: { features: {}, model: { name: "favpush_lr", version: "lr_v1" }, fg: { class: "com.xxx.ranking.fg.LRFg", version: "v2" }, buckets: [0, 1] } }],
  };
  const asked = await page.request.post(`/api/v1/apps/${app}/releases`, { data: { comment: "Ship lr_v1", change: { document, versions: { lr_v1: "20200116" } } } });
  expect(asked.status()).toBe(201);
  const id = ((await asked.json()) as { changeRequest: { id: string } }).changeRequest.id;

  // The reviewer rejects it with a reason.
  const reviewer = await createPerson("reviewer", info);
  const reviewerContext = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 } });
  const reviewerPage = await reviewerContext.newPage();
  await signIn(reviewerPage, reviewer);
  await reviewerPage.goto(`/approvals?request=${id}`);
  const card = reviewerPage.getByRole("region", { name: "The request you opened" }).getByTestId("change-request");
  await card.getByLabel("Your comment").fill("Bucket 1 is the holdout until Friday");
  await card.getByRole("button", { name: "Reject" }).click();
  await expect(card).toContainText("Rejected by");
  await reviewerContext.close();

  // The editor's top bar counts it (the count is fetched again when the page loads or gets the focus).
  await page.goto("/apps");
  const bell = page.getByTestId("inbox-link");
  await expect(page.getByTestId("inbox-unread-count")).toHaveText("1");
  await expect(bell).toHaveAccessibleName("Inbox, 1 unread");
  await page.screenshot({ path: info.outputPath("top-bar-count.png") });

  await bell.click();
  await expect(page).toHaveURL(/\/inbox$/);
  const item = page.getByTestId("inbox-item");
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("Rejected");
  await expect(item).toContainText(`rejected by ${reviewer.email}: Bucket 1 is the holdout until Friday`);
  await expect(item).toHaveAttribute("data-unread", "true");
  await expect(item.getByRole("link", { name: "Open the request" })).toHaveAttribute("href", `/approvals?request=${id}`);
  await page.screenshot({ path: info.outputPath("inbox.png"), fullPage: true });
  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(item).toHaveAttribute("data-unread", "false");
  await expect(page.getByTestId("inbox-unread-count")).toHaveCount(0);

  // The Solutions page keeps the reason in sight.
  await page.goto(`/solutions?app=${app}`);
  const notice = page.getByTestId("rejected-request-notice");
  await expect(notice).toContainText("Your change request was rejected");
  await expect(notice).toContainText("Bucket 1 is the holdout until Friday");
  await page.screenshot({ path: info.outputPath("solutions-rejected.png"), fullPage: true });
});
