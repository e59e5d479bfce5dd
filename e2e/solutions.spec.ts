import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { favpushArticleDocument, favpushSolutions } from "../db/seed/favpush/solutions";
import { adminApi, expectVerified, signInAs } from "./support";

type Draft = { version: number; solutions: { name: string; buckets: number[] }[] };

/** favpush as the demo seeds it (v1 on 0-2, v2 on 3-9), whatever earlier specs did to it. */
async function resetFavpush(api: APIRequestContext): Promise<void> {
  const draft = (await (await api.get("/api/v1/apps/favpush/solutions")).json()) as Draft;
  const split = Object.fromEntries(draft.solutions.map((s) => [s.name, s.buckets]));
  const seeded = Object.fromEntries(favpushSolutions().map((s) => [s.name, s.buckets]));
  if (draft.solutions.length === 2 && JSON.stringify(split) === JSON.stringify(seeded)) return;
  // The article's document, as the demo imports it (v2's buckets one level too high).
  const res = await api.post("/api/v1/apps/favpush/solutions-import", { data: { version: draft.version, document: favpushArticleDocument() } });
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

  // A reviewer, in a browser of their own, approves it on the Approvals page.
  const reviewerContext = await browser.newContext();
  const reviewer = await reviewerContext.newPage();
  await signInAs(reviewer, "reviewer", info);
  await reviewer.getByRole("link", { name: /Approvals/ }).click();
  const card = reviewer.getByTestId("change-request").filter({ hasText: "Give v1 another 20% of traffic (buckets 3-4)" });
  await expect(card).toContainText("solutions[v1].buckets");
  await card.getByLabel("Your comment").fill("Looks right");
  await expectVerified(card);
  await card.getByRole("button", { name: "Approve" }).click();
  // Approved, it leaves the reviewer's waiting list; the history shows it released.
  await expect(card).toHaveCount(0);
  await reviewer.getByRole("tab", { name: "History" }).click();
  await expect(card.first()).toContainText("Released as release #");

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

test("an editor imports solutions into a new app, works the split by keyboard, meets a conflict, previews traffic, exports, and adds and deletes a solution", async ({ page }, info) => {
  test.setTimeout(120_000);
  const app = `sol_${Date.now().toString(36)}`;
  const admin = await adminApi();
  const created = await admin.post("/api/v1/apps", { data: { name: app, bucketCount: 20, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
  expect(created.status(), await created.text()).toBe(201);

  await signInAs(page, "editor", info);
  await page.goto(`/solutions?app=${app}`);
  await expect(page.getByText("No solutions yet")).toBeVisible();

  // Import, with a preview first.
  const body = (model: string, buckets: number[]) => ({
    features: { user_vec: "getKV user_tbl {uid}|{version:favpush_vec_v2}" },
    model: { name: model, version: `${model}_v1` },
    fg: { class: "com.xxx.ranking.fg.LRFg", version: "v2" },
    buckets,
  });
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const document = { app_name: app, solutions: [{ v1: body("lr", range(0, 9)) }, { v2: body("dnn", range(10, 19)) }] };
  await page.getByRole("button", { name: "Import…" }).click();
  await page.getByLabel("Document").fill("{ not json");
  await page.getByRole("button", { name: "Preview import" }).click();
  await expect(page.getByText(/This is not JSON/)).toBeVisible();
  await page.getByLabel("Document").fill(JSON.stringify({ ...document, solutions: [{ v1: { ...body("lr", [0, 1.5]) } }] }));
  await page.getByRole("button", { name: "Preview import" }).click();
  await expect(page.getByText("$.solutions[0].v1.buckets[1]")).toBeVisible();
  await page.getByLabel("Document").fill(JSON.stringify(document, null, 2));
  await page.getByRole("button", { name: "Preview import" }).click();
  const preview = page.getByTestId("import-preview");
  await expect(preview).toContainText("added v1");
  await expect(preview).toContainText("added v2");
  await preview.getByRole("button", { name: "Apply import" }).click();
  await expect(page.getByText("Imported: the draft now holds the document's solutions.")).toBeVisible();
  await expect(page.getByTestId("solution-row-v1")).toContainText("0-9");
  await expect(page.getByTestId("solution-row-v2")).toContainText("10-19");

  // By keyboard: 2 picks v2, Home goes to bucket 0, Space assigns it.
  const grid = page.getByTestId("bucket-grid");
  await grid.focus();
  await page.keyboard.press("2");
  await expect(page.getByRole("radio", { name: /v2/ })).toHaveAttribute("aria-checked", "true");
  await page.keyboard.press("Home");
  await page.keyboard.press("Space");
  await expect(page.locator('[data-bucket="0"]')).toHaveAttribute("data-owner", "v2");
  await expect(page.getByTestId("move-summary").first()).toContainText("v1 → v2: bucket 0 (5%)");

  // A gap is shown and listed, and the split cannot be saved until it is filled.
  await page.getByRole("radio", { name: "No solution" }).click();
  await page.getByLabel("Buckets", { exact: true }).fill("18-19");
  await page.getByRole("button", { name: "Assign to no solution" }).click();
  await expect(page.getByTestId("split-problems")).toContainText("Gaps: buckets 18-19 belong to no solution.");
  await expect(page.locator('[data-bucket="19"]')).toHaveAttribute("data-owner", "");
  await expect(page.getByRole("button", { name: "Save split" })).toBeDisabled();
  await page.getByRole("radio", { name: /v2/ }).click();
  await page.getByRole("button", { name: "Assign to v2" }).click();
  await expect(page.getByTestId("split-ok")).toBeVisible();

  // Someone else moves bucket 5 meanwhile: saving shows their change, and keeping mine saves.
  const current = (await (await admin.get(`/api/v1/apps/${app}/solutions`)).json()) as Draft;
  const theirs = await admin.put(`/api/v1/apps/${app}/solutions-split`, {
    data: { version: current.version, buckets: { v1: [0, 1, 2, 3, 4, 6, 7, 8, 9], v2: [5, ...range(10, 19)] } },
  });
  expect(theirs.status(), await theirs.text()).toBe(200);
  await page.getByRole("button", { name: "Save split" }).click();
  const conflict = page.getByRole("status").filter({ hasText: "Not saved:" });
  await expect(conflict).toContainText("changed the solutions while you were editing");
  await expect(conflict).toContainText("v1 → v2: bucket 5 (5%)");
  await page.screenshot({ path: info.outputPath("conflict.png"), fullPage: true });
  await conflict.getByRole("button", { name: "Keep mine (save again to overwrite)" }).click();
  await expect(page.getByTestId("move-summary").first()).toContainText("v1 → v2: bucket 0 (5%)");
  await expect(page.getByTestId("move-summary").first()).toContainText("v2 → v1: bucket 5 (5%)");
  await page.getByRole("button", { name: "Save split" }).click();
  await expect(page.getByText(/Split saved/)).toBeVisible();
  await expect(page.getByTestId("solution-row-v2")).toContainText("0, 10-19");

  // Traffic preview: pasted keys, then random ones.
  await page.getByLabel("Key values, one per line").fill("10001\n10002\nu_abc");
  await page.getByRole("button", { name: "Preview these keys" }).click();
  const traffic = page.getByTestId("traffic-preview");
  await expect(traffic.getByRole("table", { name: "Bucket and solution per key" }).locator("tbody tr")).toHaveCount(3);
  await page.getByLabel("Or generate").fill("20000");
  await page.getByRole("button", { name: "random keys" }).click();
  await expect(traffic).toContainText("20,000 random uid values");
  await expect(traffic.getByRole("table", { name: "Share per solution" })).toContainText("55%");

  // Export gives the canonical document of the draft.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export JSON" }).click();
  const exported = JSON.parse(await (await import("node:fs/promises")).readFile((await (await download).path())!, "utf8")) as { app_name: string; solutions: object[] };
  expect(exported).toEqual({
    app_name: app,
    solutions: [{ v1: { ...body("lr", range(1, 9)) } }, { v2: { ...body("dnn", [0, ...range(10, 19)]) } }],
    app: { bucket_count: 20, hash_key: "uid", salt: app },
  });

  // A new solution: a template the parser refuses is named on save; fixed, it is created without buckets.
  await page.getByRole("button", { name: "New solution" }).first().click();
  const form = page.getByRole("form", { name: "New solution" });
  await form.getByLabel("Name", { exact: true }).fill("v3");
  await form.getByLabel("Model name").fill("dnn");
  await form.getByLabel("Model version").fill("dnn_v2");
  await form.getByLabel("fg class").fill("com.xxx.ranking.fg.DNNFg");
  await form.getByLabel("fg version").fill("v2");
  await form.getByRole("button", { name: "Add feature" }).click();
  await form.getByLabel("Feature 1 name").fill("user_vec");
  await form.getByLabel("Feature 1 query template").fill("getKV user_tbl {user_id}");
  await expect(form).toContainText('The app declares no origin field "user_id"');
  await form.getByRole("button", { name: "Create solution" }).click();
  await expect(form.getByRole("alert").filter({ hasText: "Invalid query template: v3 feature user_vec" }).first()).toBeVisible();
  await form.getByLabel("Feature 1 query template").fill("getKV user_tbl {uid}");
  await form.getByRole("button", { name: "Create solution" }).click();
  await expect(page.getByText("Created v3.")).toBeVisible();
  await expect(page.getByTestId("solution-row-v3")).toContainText("none");

  await page.getByRole("button", { name: "Delete v3" }).click();
  await page.getByRole("dialog", { name: "Delete solution v3?" }).getByRole("button", { name: "Delete v3" }).click();
  await expect(page.getByText("Deleted v3.")).toBeVisible();
  await expect(page.getByTestId("solution-row-v3")).toHaveCount(0);
  await admin.dispose();
});
