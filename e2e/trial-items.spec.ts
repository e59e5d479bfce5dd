import { expect, test } from "@playwright/test";
import { favpushCfGoods } from "../db/seed/favpush/rows";
import { restoreFavpushDemoVersions, signInAs } from "./support";

test.use({ viewport: { width: 1440, height: 900 } });

// Goods ids with every feature of both demo solutions for uid 234 (vectors and a cf map): 123 among them.
const GOODS = favpushCfGoods(234);

test.beforeAll(async ({}, info) => restoreFavpushDemoVersions(info));

test("a viewer pastes goods ids, sees them ranked under a solution, then under two solutions side by side", async ({ page }, info) => {
  await signInAs(page, "viewer", info);
  await page.goto("/trial");
  const form = page.getByRole("form", { name: "Trial scoring request" });
  await form.getByLabel("App").selectOption("favpush");
  await form.getByLabel("uid (int)").fill("234");
  const box = form.getByTestId("items-box");
  // favpush declares no item fields (its templates take goods_id from origin): goods_id is offered, sent per item.
  await expect(box.getByLabel("Item field")).toHaveValue("goods_id");
  const ids = box.getByLabel("Item ids (goods_id)");

  // An id that is not an int is refused before anything is sent, naming it.
  await ids.fill("123\nabc");
  await form.getByRole("button", { name: "Score", exact: true }).click();
  await expect(box.getByRole("alert")).toContainText('"abc" (item 2): a whole number is needed');
  await expect(page.getByTestId("outcome")).toHaveCount(0);

  await ids.fill(GOODS.join(", "));
  await expect(box).toContainText(`${GOODS.length} items`);
  await expect(form.getByLabel("goods_id (int)")).toBeDisabled();
  await form.getByLabel("Force solution (optional)").selectOption("v1");
  const sent = page.waitForRequest((r) => r.url().endsWith("/api/v1/score"));
  await form.getByRole("button", { name: "Score", exact: true }).click();
  const body = (await sent).postDataJSON() as { origin: Record<string, unknown>; items: unknown[] };
  expect(body.origin).toEqual({ uid: 234 });
  expect(body.items).toEqual(GOODS.map((goods_id) => ({ goods_id })));

  const outcome = page.getByTestId("outcome");
  await expect(outcome.getByTestId("batch-summary")).toContainText("solution v1");
  await expect(outcome.getByTestId("batch-summary")).toContainText(`${GOODS.length} items`);
  const rows = outcome.getByTestId("ranking-row");
  await expect(rows).toHaveCount(GOODS.length);
  await expect(rows.first().locator("td").first()).toHaveText("1");
  for (const id of GOODS) await expect(outcome.locator(`[data-testid="ranking-row"][data-item="${id}"] td`).nth(2)).toHaveText(/\d\.\d+/);
  await page.screenshot({ path: info.outputPath("trial-items-ranking.png"), fullPage: true });

  // A changed list marks the ranking stale, as a changed origin does.
  await ids.fill(GOODS.slice(1).join("\n"));
  await expect(page.getByTestId("stale-result")).toBeVisible();
  await ids.fill(GOODS.join(", "));
  await expect(page.getByTestId("stale-result")).toHaveCount(0);

  // Compare: v1 (LR) and v2 (DNN) rank the same goods; each item's rank under both, and the change.
  await page.getByLabel("Compare with another solution or config").check();
  await page.getByLabel("Compare: solution").selectOption("v2");
  await page.getByRole("button", { name: "Score both" }).click();
  await expect(page.getByTestId("outcome-v2 · published").getByTestId("batch-summary")).toContainText("favpush_dnn");
  const compared = page.getByTestId("comparison-row");
  await expect(compared).toHaveCount(GOODS.length);
  for (const id of GOODS) {
    const cells = page.locator(`[data-testid="comparison-row"][data-item="${id}"] td`);
    await expect(cells.nth(1)).toHaveText(/^\d+$/);
    await expect(cells.nth(3)).toHaveText(/^\d+$/);
    await expect(cells.nth(5)).toHaveText(/same|▲ \d+|▼ \d+/);
  }
  await page.screenshot({ path: info.outputPath("trial-items-compare.png"), fullPage: true });
});
