import { expect, test } from "@playwright/test";
import { signInAs } from "./support";

test.use({ viewport: { width: 1440, height: 900 } });

test("Raw JSON keeps the values typed field by field, checks the declared types before sending, and a changed request marks the result stale", async ({ page }, info) => {
  await signInAs(page, "viewer", info);
  await page.goto("/trial");
  const form = page.getByRole("form", { name: "Trial scoring request" });
  await form.getByLabel("App").selectOption("favpush");
  await form.getByLabel("uid (int)").fill("234");
  await form.getByLabel("goods_id (int)").fill("123");

  // Field by field -> Raw JSON: the values come along, typed as declared.
  await form.getByLabel("Raw JSON origin").check();
  const raw = form.getByLabel("origin (JSON)");
  expect(JSON.parse(await raw.inputValue())).toEqual({ uid: 234, goods_id: 123 });

  // A string where an int is declared: refused before anything is sent, naming the field.
  const scored: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith("/api/v1/score")) scored.push(r.method());
  });
  await raw.fill('{"uid": "234", "goods_id": 123}');
  await form.getByRole("button", { name: "Score", exact: true }).click();
  await expect(form.getByText('"uid" is declared int, but is the string "234"')).toBeVisible();
  await page.screenshot({ path: info.outputPath("raw-type-error.png") });

  // Raw JSON -> field by field: the edited values come back.
  await raw.fill('{"uid": 235, "goods_id": 123}');
  await form.getByLabel("Raw JSON origin").uncheck();
  await expect(form.getByLabel("uid (int)")).toHaveValue("235");
  await expect(form.getByLabel("goods_id (int)")).toHaveValue("123");
  expect(scored).toEqual([]);

  const answered = page.waitForResponse((r) => r.url().endsWith("/api/v1/score"));
  await form.getByRole("button", { name: "Score", exact: true }).click();
  await answered;
  await expect(page.getByTestId("outcome")).toBeVisible();
  await expect(page.getByTestId("stale-result")).toHaveCount(0);

  // The input changes: the result says it is stale; back to what was scored, it is current again.
  await form.getByLabel("goods_id (int)").fill("124");
  await expect(page.getByTestId("stale-result")).toContainText("Stale: the request changed since this result");
  await page.screenshot({ path: info.outputPath("stale-result.png"), fullPage: true });
  await form.getByLabel("goods_id (int)").fill("123");
  await expect(page.getByTestId("stale-result")).toHaveCount(0);

  // The same request typed as Raw JSON, keys in another order, is still the one scored.
  await form.getByLabel("Raw JSON origin").check();
  await raw.fill('{"goods_id": 123, "uid": 235}');
  await expect(page.getByTestId("stale-result")).toHaveCount(0);
  await raw.fill('{"goods_id": 123, "uid": 236}');
  await expect(page.getByTestId("stale-result")).toBeVisible();
});
