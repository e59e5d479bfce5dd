import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { adminApi, signInAs } from "./support";

/** The article's document, as the demo imports it (v2's buckets one level too high). */
const FAVPUSH_DOCUMENT: unknown = JSON.parse(readFileSync(path.resolve("test/fixtures/favpush.solutions.json"), "utf8"));

type Draft = { version: number; solutions: { name: string; buckets: number[] }[] };

/** favpush as the demo seeds it (v1 on 0-2, v2 on 3-9), whatever earlier specs did to it. */
async function resetFavpush(api: APIRequestContext): Promise<void> {
  const draft = (await (await api.get("/api/v1/apps/favpush/solutions")).json()) as Draft;
  const split = Object.fromEntries(draft.solutions.map((s) => [s.name, s.buckets]));
  if (draft.solutions.length === 2 && JSON.stringify(split) === JSON.stringify({ v1: [0, 1, 2], v2: [3, 4, 5, 6, 7, 8, 9] })) return;
  const res = await api.post("/api/v1/apps/favpush/solutions-import", { data: { version: draft.version, document: FAVPUSH_DOCUMENT } });
  expect(res.status(), await res.text()).toBe(200);
}

async function dragAcross(page: Page, from: number, to: number) {
  const a = await page.locator(`[data-bucket="${from}"]`).boundingBox();
  const b = await page.locator(`[data-bucket="${to}"]`).boundingBox();
  if (!a || !b) throw new Error("bucket cells not on screen");
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 6 });
  await page.mouse.up();
}

test("an editor moves buckets 3-4 from v2 to v1 and requests a publish; once a reviewer approves, the config center serves the new split", async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const admin = await adminApi();
  await resetFavpush(admin);
  await admin.dispose();

  await signInAs(page, "editor", info);
  await page.goto("/solutions?app=favpush");
  await expect(page.getByRole("heading", { name: "Solutions of favpush" })).toBeVisible();
  const grid = page.getByTestId("bucket-grid");
  await expect(grid.locator('[data-owner="v1"]')).toHaveCount(3);
  await expect(grid.locator('[data-owner="v2"]')).toHaveCount(7);

  // v1 is the solution a drag assigns to (the first one); drag across buckets 3 and 4.
  await expect(page.getByRole("radio", { name: /v1/ })).toHaveAttribute("aria-checked", "true");
  await dragAcross(page, 3, 4);
  await expect(page.locator('[data-bucket="3"]')).toHaveAttribute("data-owner", "v1");
  await expect(page.locator('[data-bucket="4"]')).toHaveAttribute("data-owner", "v1");
  await expect(page.getByTestId("share-v1")).toContainText("50%");
  await expect(page.getByTestId("share-v1")).toContainText("saved 30%");

  const summary = page.getByTestId("bucket-grid").locator("xpath=ancestor::section[1]").getByTestId("move-summary");
  await expect(summary).toContainText("Saving moves 2 buckets (20% of traffic) to another solution");
  await expect(summary).toContainText("v2 → v1: buckets 3-4 (20%)");
  await page.screenshot({ path: info.outputPath("move-summary.png"), fullPage: true });

  await page.getByRole("button", { name: "Save split" }).click();
  await expect(page.getByText(/Split saved \(draft version \d+\)/)).toBeVisible();
  await expect(page.getByTestId("solution-row-v1")).toContainText("0-4");

  // The diff of the saved draft against the last release.
  const diff = page.getByTestId("draft-diff");
  await expect(diff.getByTestId("move-summary")).toContainText("v2 → v1: buckets 3-4 (20%)");
  await diff.getByRole("button", { name: /Show the document keys that change/ }).click();
  await expect(diff.getByText("solutions[v1].buckets")).toBeVisible();

  await page.getByLabel("Comment for reviewers").fill("Give v1 another 20% of traffic (buckets 3-4)");
  const published = page.waitForResponse((r) => r.url().endsWith("/api/v1/apps/favpush/solutions-publish") && r.request().method() === "POST");
  await page.getByRole("button", { name: "Request publish" }).click();
  const answer = await published;
  expect(answer.status(), await answer.text()).toBe(201);
  const { changeRequest } = (await answer.json()) as { changeRequest: { id: string; state: string } };
  expect(changeRequest.state).toBe("pending");
  await expect(page.getByText("Publish requested")).toBeVisible();

  // A reviewer, in a browser of their own, approves it. (The Approvals page is not built yet; its API is.)
  const reviewerContext = await browser.newContext();
  const reviewer = await reviewerContext.newPage();
  await signInAs(reviewer, "reviewer", info);
  const approved = await reviewer.request.post(`/api/v1/change-requests/${changeRequest.id}/approve`, { data: { comment: "Looks right" } });
  expect(approved.status(), await approved.text()).toBe(200);
  expect(((await approved.json()) as { state: string }).state).toBe("approved");

  // The built-in config center serves the new split once the release is delivered.
  await expect
    .poll(
      async () => {
        const res = await reviewer.request.get("/api/config/v1/apps/favpush");
        if (res.status() !== 200) return null;
        const { document } = (await res.json()) as { document: { solutions: Record<string, { buckets: number[] }>[] } };
        return Object.fromEntries(document.solutions.map((entry) => Object.entries(entry)[0]!).map(([name, body]) => [name, body.buckets]));
      },
      { timeout: 30_000 },
    )
    .toEqual({ v1: [0, 1, 2, 3, 4], v2: [5, 6, 7, 8, 9] });
  await reviewerContext.close();

  // The editor's page now says there is nothing left to publish.
  await page.reload();
  await expect(page.getByTestId("draft-diff")).toContainText("No difference");
});
