import { expect, test } from "@playwright/test";
import { favpushSolution } from "../db/seed/favpush/solutions";
import { FAVPUSH_LR_NEXT_VERSION } from "../db/seed/favpush/versions";
import { adminApi, apiAs, appWithLiveRelease, createPerson, expectVerified, lrStates, modelOperation, signIn } from "./support";

/**
 * Verification gates approval (docs/verification.md, Approval): an editor saves a solution whose
 * model version is not loaded and requests publish; the reviewer sees the failed check and
 * cannot approve; the editor loads the version on the Models page and re-runs verification;
 * the reviewer approves. The app is the test's own (favpush-shaped, favpush's samples).
 */
const next = FAVPUSH_LR_NEXT_VERSION;

test("a publish naming a model version that is not loaded fails verification and cannot be approved until the version is loaded and verification re-run", async ({ page, browser }, info) => {
  test.setTimeout(240_000);
  const admin = await adminApi();
  const editorPerson = await createPerson("editor", info);
  const reviewerPerson = await createPerson("reviewer", info);
  const editorApi = await apiAs(editorPerson);
  const reviewerApi = await apiAs(reviewerPerson);

  // The version starts unloaded, whatever an earlier spec left.
  if ((await lrStates(admin, next)).includes("AVAILABLE")) await modelOperation(editorApi, { kind: "unload", version: next, confirm: true });
  expect(await lrStates(admin, next)).not.toContain("AVAILABLE");

  // An app of its own with favpush's solutions, versions and two samples, released once (verified, approved, delivered).
  const app = await appWithLiveRelease(admin, editorApi, reviewerApi, "verified", 2);

  // The editor saves v1 on the version that is not loaded, then requests publish on the Solutions page.
  const draft = (await (await editorApi.get(`/api/v1/apps/${app}/solutions`)).json()) as { version: number };
  const v1 = favpushSolution("v1", { model: { name: "favpush_lr", version: String(next) } });
  const saved = await editorApi.put(`/api/v1/apps/${app}/solutions/v1`, { data: { version: draft.version, solution: v1 } });
  expect(saved.status(), await saved.text()).toBe(200);
  await signIn(page, editorPerson);
  await page.goto(`/solutions?app=${app}`);
  const comment = `Move v1 to favpush_lr ${next}`;
  await page.getByLabel("Comment for reviewers").fill(comment);
  await page.getByRole("button", { name: "Request publish" }).click();
  await expect(page.getByText("Publish requested")).toBeVisible();

  // The reviewer sees the failed check, and Approve says why it is blocked.
  const reviewerContext = await browser.newContext();
  const reviewer = await reviewerContext.newPage();
  await signIn(reviewer, reviewerPerson);
  await reviewer.goto("/approvals");
  const card = reviewer.getByTestId("change-request").filter({ hasText: comment });
  const panel = card.getByTestId("verification-panel");
  await expect(panel.getByTestId("verification-heading")).toContainText("Verification failed", { timeout: 60_000 });
  const failed = panel.locator('[data-testid="verification-check"][data-status="failed"]').filter({ hasText: `favpush_lr ${next}` });
  await expect(failed).toContainText("not loaded");
  await expect(failed.getByRole("link", { name: /Models|favpush_lr/ })).toHaveAttribute("href", "/models/favpush_lr");
  await expect(card.getByRole("button", { name: "Approve" })).toBeDisabled();
  await expect(card.getByTestId("approve-blocked")).toContainText("Verification failed");
  for (const width of [1440, 1024]) {
    await reviewer.setViewportSize({ width, height: 900 });
    await card.screenshot({ path: info.outputPath(`verification-failed-${width}.png`) });
  }

  // The editor loads the version on the Models page, then re-runs verification on the request.
  await page.goto("/models/favpush_lr");
  await page.getByLabel("Load version").fill(String(next));
  await page.getByRole("button", { name: "Load", exact: true }).click();
  await expect(page.getByTestId("latest-operation")).toContainText("succeeded", { timeout: 60_000 });
  await expect(page.getByTestId(`version-row-${next}`)).toContainText("AVAILABLE");
  await page.goto("/approvals");
  const mine = page.getByTestId("change-request").filter({ hasText: comment });
  await mine.getByRole("button", { name: "Re-run verification" }).click();
  await expectVerified(mine);

  // Now the reviewer approves it.
  await reviewer.reload();
  await expectVerified(card);
  await expect(card.getByTestId("approve-blocked")).toHaveCount(0);
  await card.screenshot({ path: info.outputPath("verification-passed.png") });
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(card).toHaveCount(0);
  const releases = (await (await reviewerApi.get(`/api/v1/apps/${app}/releases`)).json()) as { releases: { seq: number; verification: { reportId: string | null } }[] };
  expect(releases.releases.find((r) => r.seq === 2)?.verification.reportId).toBeTruthy();

  // Left as the demo seeds it: the version unloaded (the Models spec loads it itself). Its own app scores with it live: confirmed.
  await modelOperation(editorApi, { kind: "unload", version: next, confirm: true });
  await reviewerContext.close();
  await Promise.all([admin.dispose(), editorApi.dispose(), reviewerApi.dispose()]);
});
