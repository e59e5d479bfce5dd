import { expect, test, type APIRequestContext, type Locator, type Page, type TestInfo } from "@playwright/test";
import { FAVPUSH_LR_NEXT_VERSION, FAVPUSH_MODEL_VERSION } from "../db/seed/favpush/versions";
import { adminApi, apiAs, appWithLiveRelease, createPerson, expectVerified, lrStates, modelOperation, signIn, waitForVerification } from "./support";

/**
 * Review as people do it: an editor changes a split and a model version and asks to publish;
 * the reviewer reads what the request does before the key table, trial-scores a sample under
 * the candidate next to live, and approves, and the page confirms what happened. Then the same
 * with the keyboard only. Each test has an app of its own (favpush-shaped, one favpush sample).
 */
const next = FAVPUSH_LR_NEXT_VERSION;
type Person = { email: string; password: string };

/**
 * The test's own editor and reviewer (signed in over the API, and the reviewer's sign-in for the
 * page), the admin's API, and an app of the test's own with a live release.
 */
async function liveAppWithPeople(info: TestInfo) {
  const admin = await adminApi();
  const editorPerson = await createPerson("editor", info);
  const reviewerPerson = await createPerson("reviewer", info);
  const editor = await apiAs(editorPerson);
  const reviewer = await apiAs(reviewerPerson);
  const app = await appWithLiveRelease(admin, editor, reviewer);
  return { admin, editor, reviewer, reviewerPerson, app };
}

/** The editor saves one solution of the draft (its latest version) through the API the Solutions page uses. */
async function saveSolution(editor: APIRequestContext, app: string, name: "v1" | "v2", change: Record<string, unknown>) {
  const draft = (await (await editor.get(`/api/v1/apps/${app}/solutions`)).json()) as { version: number; solutions: { name: string }[] };
  const current = draft.solutions.find((s) => s.name === name)!;
  const saved = await editor.put(`/api/v1/apps/${app}/solutions/${name}`, { data: { version: draft.version, solution: { ...current, ...change } } });
  expect(saved.status(), await saved.text()).toBe(200);
}

/** The editor saves a new bucket split (every solution's buckets at once) as the bucket editor does. */
async function saveSplit(editor: APIRequestContext, app: string, buckets: Record<string, number[]>) {
  const draft = (await (await editor.get(`/api/v1/apps/${app}/solutions`)).json()) as { version: number };
  const saved = await editor.put(`/api/v1/apps/${app}/solutions-split`, { data: { version: draft.version, buckets } });
  expect(saved.status(), await saved.text()).toBe(200);
}

async function requestPublish(editor: APIRequestContext, app: string, comment: string): Promise<string> {
  const document = await (await editor.get(`/api/v1/apps/${app}/solutions-export`)).json();
  const res = await editor.post(`/api/v1/apps/${app}/releases`, { data: { comment, change: { document } } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { changeRequest: { id: string } }).changeRequest.id;
}

async function reviewerPage(page: Page, reviewer: Person, comment: string): Promise<Locator> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, reviewer);
  await page.goto("/approvals");
  return page.getByTestId("change-request").filter({ hasText: comment });
}

test.describe("reviewing a change request", () => {
  let loadedBefore = false;
  test.beforeAll(async () => {
    // The candidate moves v1 to favpush_lr's next version: loaded for the test, as a model platform would, and unloaded after if it was not.
    const admin = await adminApi();
    loadedBefore = (await lrStates(admin, next)).every((s) => s === "AVAILABLE");
    if (!loadedBefore) await modelOperation(admin, { kind: "load", version: next });
    await admin.dispose();
  });
  test.afterAll(async () => {
    if (loadedBefore) return;
    const admin = await adminApi();
    // The first test's app went live on it, so the unload names that app and has to be confirmed.
    await modelOperation(admin, { kind: "unload", version: next, confirm: true });
    await admin.dispose();
  });

  test("a reviewer reads what a split and model change does, trial-scores it against live, approves and sees the release go out", async ({ page }, info) => {
    test.setTimeout(180_000);
    const { admin, editor, reviewer, reviewerPerson, app } = await liveAppWithPeople(info);

    // The editor gives bucket 2 to v2 and moves v1's model to the next version, then asks to publish.
    await saveSplit(editor, app, { v1: [0, 1], v2: [2, 3, 4, 5, 6, 7, 8, 9] });
    await saveSolution(editor, app, "v1", { model: { name: "favpush_lr", version: String(next) } });
    const comment = `${app}: v2 takes bucket 2; v1 on favpush_lr ${next}`;
    const id = await requestPublish(editor, app, comment);

    // The reviewer's request opens with what it does, before the verification report and the key table.
    const card = await reviewerPage(page, reviewerPerson, comment);
    const summary = card.getByTestId("change-summary");
    await expect(summary).toContainText("against live, release #1");
    await expect(summary).toContainText("Traffic: v1 30% → 20%; v2 70% → 80%");
    await expect(summary).toContainText("v1 → v2: bucket 2, 10% of traffic");
    await expect(summary).toContainText("10% of users change solution.");
    await expect(summary).toContainText(`v1: model favpush_lr ${FAVPUSH_MODEL_VERSION} → ${next}`);
    const top = async (locator: Locator) => (await locator.boundingBox())!.y;
    expect(await top(summary)).toBeLessThan(await top(card.getByTestId("verification-panel")));
    await expectVerified(card);
    await card.screenshot({ path: info.outputPath("change-request-1440.png") });
    await page.setViewportSize({ width: 1024, height: 900 });
    await card.screenshot({ path: info.outputPath("change-request-1024.png") });
    await page.setViewportSize({ width: 1440, height: 900 });

    // One click: a sample under the candidate next to live.
    await summary.getByRole("button", { name: "Trial-score against live" }).click();
    await expect(page).toHaveURL(new RegExp(`/trial\\?changeRequest=${id}$`));
    await expect(page.getByTestId("change-request-trial")).toContainText(`Publish ${app}`);
    await expect(page.getByLabel("Compare with another solution or config")).toBeChecked();
    const candidate = page.getByTestId("outcome-by bucket · change request");
    const live = page.getByTestId("outcome-by bucket · published");
    await expect(candidate.getByTestId("score-summary")).toContainText(/bucket \d/, { timeout: 30_000 });
    await expect(live.getByTestId("score-summary")).toContainText(/bucket \d/);
    await expect(candidate.getByTestId("trace-config")).toHaveAttribute("data-ok", "true");
    await page.screenshot({ path: info.outputPath("trial-against-live-1440.png"), fullPage: true });

    // Back on the request, the reviewer approves, and the page says what happened.
    await page.goBack();
    await expectVerified(card);
    await card.getByRole("button", { name: "Approve" }).click();
    const status = page.getByTestId("decision-line");
    await expect(status).toContainText(`Approved — release #2 of ${app}`);
    await expect(status).toContainText("is delivered", { timeout: 30_000 });
    await expect(card).toHaveCount(0);
    await page.screenshot({ path: info.outputPath("approved-1440.png") });

    await Promise.all([admin.dispose(), editor.dispose(), reviewer.dispose()]);
  });

  test("keyboard only: Tab to Approve, Enter, and the confirmation takes the focus", async ({ page }, info) => {
    test.setTimeout(180_000);
    const { admin, editor, reviewer, reviewerPerson, app } = await liveAppWithPeople(info);
    await saveSplit(editor, app, { v1: [0, 1], v2: [2, 3, 4, 5, 6, 7, 8, 9] });
    const comment = `${app}, keyboard: v2 takes bucket 2`;
    const id = await requestPublish(editor, app, comment);
    expect(await waitForVerification(reviewer, id)).toMatch(/^(passed|warned)$/);

    await signIn(page, reviewerPerson);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/approvals?request=${id}`);
    const focused = page.getByRole("region", { name: "The request you opened" }).getByTestId("change-request");
    await expect(focused.getByTestId("change-summary")).toContainText("v1 → v2: bucket 2, 10% of traffic");
    await expectVerified(focused);

    // Tab through the page from its top until the opened request's Approve has the focus, noting what the keyboard passes on the way.
    const approve = focused.getByRole("button", { name: "Approve" });
    const passed: string[] = [];
    for (let i = 0; i < 120 && !(await approve.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press("Tab");
      passed.push(await page.evaluate(() => document.activeElement?.textContent?.trim() ?? ""));
    }
    await expect(approve).toBeFocused();
    expect(passed).toContain("Trial-score against live");
    await page.keyboard.press("Enter");
    const status = page.getByTestId("decision-line");
    await expect(status).toContainText(`Approved — release #2 of ${app}`);
    await expect(status).toBeFocused();

    await Promise.all([admin.dispose(), editor.dispose(), reviewer.dispose()]);
  });
});
