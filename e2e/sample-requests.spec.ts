import { expect, test } from "@playwright/test";
import { adminApi, signInAs, uniqueName } from "./support";

/**
 * An admin looks after an app's sample requests on its page, on an app of its own: types one,
 * makes a trial on the Trial page and adds it from the recent trials, deletes one, and changes
 * the verification thresholds. The app has no release, so its trial fails; it is kept all the same.
 */
test("an admin adds a sample by typing and from a recent trial, deletes one and changes the thresholds", async ({ page }, info) => {
  const app = uniqueName("samples");
  const admin = await adminApi();
  const created = await admin.post("/api/v1/apps", { data: { name: app, bucketCount: 2, hashKey: "uid", originFields: [{ name: "uid", type: "int" }, { name: "goods_id", type: "int" }] } });
  expect(created.status(), await created.text()).toBe(201);
  await admin.dispose();

  await signInAs(page, "admin", info);
  await page.goto(`/apps/${app}`);
  const samples = page.getByRole("region", { name: `Sample requests of ${app}` });
  await expect(samples).toContainText("No sample requests yet");
  await expect(samples).toContainText(`Every release of ${app} is scored on these requests before it goes out`);

  // Typed: a mistake is shown under the field, then fixed.
  const form = samples.getByRole("form", { name: "Add a sample request" });
  await form.getByLabel("Name").fill("new user");
  await form.getByLabel("Request (origin JSON)").fill('{"uid": 7, "goods_id": ');
  await form.getByRole("button", { name: "Add sample" }).click();
  await expect(form.getByRole("alert")).toContainText("Not JSON");
  await form.getByLabel("Request (origin JSON)").fill('{"uid": 7, "goods_id": 101}');
  await form.getByLabel("Request (origin JSON)").press("Control+Enter");
  const table = samples.getByRole("table", { name: `Sample requests of ${app}` });
  await expect(table).toContainText("new user");
  await expect(table).toContainText("uid=7, goods_id=101");
  await expect(table).toContainText("manual");
  // The same name again is refused under the name.
  await form.getByLabel("Name").fill("new user");
  await form.getByLabel("Request (origin JSON)").fill('{"uid": 8, "goods_id": 102}');
  await form.getByRole("button", { name: "Add sample" }).click();
  await expect(form.getByRole("alert")).toContainText('already has a sample request named "new user"');

  // A trial on the Trial page, then added from the recent trials.
  await page.getByRole("link", { name: "Trial scoring" }).click();
  const trial = page.getByRole("form", { name: "Trial scoring request" });
  await trial.getByLabel("App").selectOption(app);
  await trial.getByLabel("uid (int)").fill("42");
  await trial.getByLabel("goods_id (int)").fill("123");
  await page.getByRole("button", { name: "Score", exact: true }).click();
  await expect(page.getByTestId("outcome")).toBeVisible();
  // The trial is kept just after its answer: wait for it as the list will show it.
  await expect
    .poll(async () => JSON.stringify(await (await page.request.get(`/api/v1/apps/${app}/recent-trials`)).json()))
    .toContain('{"uid":42,"goods_id":123}');

  await page.goto(`/apps/${app}`);
  await samples.getByRole("button", { name: "Add recent trials…" }).click();
  const picker = samples.getByRole("group", { name: "Recent trials" });
  await expect(picker.getByRole("checkbox").first()).toBeVisible();
  await page.screenshot({ path: info.outputPath("recent-trials-1280.png"), fullPage: true });
  await picker.getByRole("checkbox", { name: /uid=42, goods_id=123/ }).first().check();
  await picker.getByRole("button", { name: "Add 1 chosen" }).click();
  await expect(samples).toContainText("Added 1 sample request from recent trials.");
  await expect(table).toContainText(/Trial \d+: uid=42, goods_id=123/);
  await expect(table.getByRole("row").filter({ hasText: "uid=42" })).toContainText("trial");
  await page.setViewportSize({ width: 1440, height: 1100 });
  await page.screenshot({ path: info.outputPath("sample-requests-1440.png"), fullPage: true });
  await page.setViewportSize({ width: 1024, height: 1100 });
  await page.screenshot({ path: info.outputPath("sample-requests-1024.png"), fullPage: true });

  // Delete, confirmed.
  await table.getByRole("button", { name: "Delete new user" }).click();
  await samples.getByRole("group", { name: "Confirm deleting new user" }).getByRole("button", { name: "Yes, delete" }).click();
  await expect(samples).toContainText("Deleted “new user”.");
  await expect(table).not.toContainText("new user");
  await expect(table.getByRole("row")).toHaveCount(2);

  // Thresholds: a bad value is refused under the field, then saved.
  const thresholds = page.getByRole("form", { name: "Verification thresholds" });
  await thresholds.getByLabel("Failed samples tolerated").fill("1.5");
  await thresholds.getByRole("button", { name: "Save thresholds" }).click();
  await expect(thresholds.getByRole("alert")).toContainText("Enter a whole number");
  await thresholds.getByLabel("Failed samples tolerated").fill("1");
  await thresholds.getByLabel("Missing-feature warning (%)").fill("10");
  await thresholds.getByRole("button", { name: "Save thresholds" }).click();
  await expect(thresholds).toContainText("Saved.");
  await page.reload();
  await expect(page.getByRole("form", { name: "Verification thresholds" }).getByLabel("Missing-feature warning (%)")).toHaveValue("10");
  await expect(page.getByRole("form", { name: "Verification thresholds" }).getByLabel("Failed samples tolerated")).toHaveValue("1");
});

test("an editor reads the samples and thresholds, with who edits them", async ({ page }, info) => {
  await signInAs(page, "editor", info);
  await page.goto("/apps/favpush");
  const samples = page.getByRole("region", { name: "Sample requests of favpush" });
  await expect(samples.getByRole("table")).toContainText("Demo example (uid 234)");
  await expect(samples).toContainText("An admin edits the sample requests");
  await expect(samples.getByRole("form", { name: "Add a sample request" })).toHaveCount(0);
  await expect(page.getByText("An admin changes the thresholds.")).toBeVisible();
});
