import { expect, test, type Page } from "@playwright/test";
import { favpushVersions } from "../db/seed/favpush/versions";
import { adminApi, baseURL, restoreFavpushDemoVersions, signInAs, uniqueName } from "./support";

// The versions of the demo's first release (db/seed): what the demo tables hold rows under and the
// dev model server loads. Other specs move favpush's versions on (the DAG spec publishes new data
// versions), so this one puts them back through the release flow, as an operator would, before it scores.
const DEMO_VERSIONS = favpushVersions();

test.beforeAll(async ({}, info) => restoreFavpushDemoVersions(info));


async function fillRequest(page: Page, origin: { uid: string; goods_id: string }) {
  const form = page.getByRole("form", { name: "Trial scoring request" });
  await form.getByLabel("App").selectOption("favpush");
  await form.getByLabel("uid (int)").fill(origin.uid);
  await form.getByLabel("goods_id (int)").fill(origin.goods_id);
}

test("a viewer scores uid 234 / goods 123, sees the score and the trace, forces v2 and compares v1 with v2", async ({ page }, info) => {
  await signInAs(page, "viewer", info);
  await page.getByRole("link", { name: "Trial scoring" }).click();
  await expect(page.getByRole("heading", { name: "Trial scoring" })).toBeVisible();

  await fillRequest(page, { uid: "234", goods_id: "123" });
  await page.getByRole("button", { name: "Score", exact: true }).click();
  const outcome = page.getByTestId("outcome");
  await expect(outcome.getByTestId("score-summary")).toContainText(/bucket \d/);
  await expect(outcome.getByTestId("tensor-y")).toContainText(/0\.\d+/);
  for (const stage of ["config", "bucket", "solution", "features", "featureMap", "fg", "predict"]) {
    await expect(outcome.getByTestId(`trace-${stage}`)).toHaveAttribute("data-ok", "true");
  }
  await outcome.getByText("Feature queries (", { exact: false }).click();
  await expect(outcome.getByRole("table", { name: "Feature queries" })).toContainText(`234|${DEMO_VERSIONS.favpush_vec_v2}`);
  await page.screenshot({ path: info.outputPath("trial-result.png"), fullPage: true });

  await page.getByLabel("Force solution (optional)").selectOption("v2");
  await page.getByRole("button", { name: "Score", exact: true }).click();
  await expect(outcome.getByTestId("score-summary")).toContainText("solution v2");
  await expect(outcome.getByTestId("score-summary")).toContainText("favpush_dnn");

  await page.getByLabel("Force solution (optional)").selectOption("v1");
  await page.getByLabel("Compare with another solution or config").check();
  await page.getByLabel("Compare: solution").selectOption("v2");
  await page.getByRole("button", { name: "Score both" }).click();
  const left = page.getByTestId("outcome-v1 · published");
  const right = page.getByTestId("outcome-v2 · published");
  await expect(left.getByTestId("score-summary")).toContainText("favpush_lr");
  await expect(right.getByTestId("score-summary")).toContainText("favpush_dnn");
  // The two models give different scores: the comparison marks the tensor with its difference, and so do both sides.
  await expect(page.getByTestId("compare-y")).toHaveClass(/bg-amber-50/);
  await expect(page.getByTestId("compare-y")).toContainText(/[+-]\d/);
  await expect(left.getByTestId("tensor-y")).toHaveClass(/bg-amber-50/);
  await expect(right.getByTestId("tensor-y")).toHaveClass(/bg-amber-50/);
  // The TensorIO inputs are compared too: LR's x against the DNN's user, goods and cf, all on one side only.
  await expect(page.getByTestId("compare-input-x")).toHaveAttribute("data-differs", "true");
  await expect(page.getByTestId("compare-input-cf")).toContainText("only right");
  await left.getByText("TensorIO (1 input tensor differs)").click();
  await expect(left.getByTestId("input-x")).toHaveClass(/bg-amber-50/);
  await page.screenshot({ path: info.outputPath("trial-compare.png"), fullPage: true });

  // Copy as curl: the command of the last request, in the clipboard and shown.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await page.getByRole("button", { name: "Copy as curl" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  const shown = (await page.getByTestId("curl-command").textContent())!;
  expect(shown).toContain(`curl -X POST '${baseURL}/api/v1/score'`);
  expect(shown).toContain(`"origin":{"uid":234,"goods_id":123}`);
  expect(shown).toContain(`"solution":"v1"`);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);

  // Recent requests re-run with one click: the forced-v2 request is scored again, alone.
  const rescored = page.waitForResponse((r) => r.url().endsWith("/api/v1/score") && (r.request().postDataJSON() as { options?: { solution?: string } }).options?.solution === "v2");
  await page.getByRole("button", { name: /"uid":234,"goods_id":123\} → v2/ }).click();
  expect((await rescored).status()).toBe(200);
  await expect(outcome.getByTestId("score-summary")).toContainText("solution v2");
  await expect(outcome.getByTestId("score-summary")).toContainText("favpush_dnn");
  await expect(left).toHaveCount(0);
  await expect(page.getByLabel("Force solution (optional)")).toHaveValue("v2");

  // Another person signing in on the same browser does not see these requests.
  await page.context().clearCookies();
  await signInAs(page, "viewer", info);
  await page.goto("/trial");
  await expect(page.getByText("Your last requests show up here for one-click re-runs.")).toBeVisible();
  await expect(page.getByRole("button", { name: /favpush .*"uid":234/ })).toHaveCount(0);
});

test("a failing stage is marked and explained: a feature table whose Redis does not answer", async ({ page }, info) => {
  const api = await adminApi();
  const tag = uniqueName("broken");
  const conn = await api.post("/api/v1/connections", { data: { name: tag.replace(/_/g, "-").toLowerCase(), host: "127.0.0.1", port: 1, keyPrefixes: [`${tag}:`] } });
  expect(conn.status(), await conn.text()).toBe(201);
  const connection = (await conn.json()) as { id: string };
  const table = `${tag}_tbl`;
  const created = await api.post("/api/v1/feature-tables", {
    data: { name: table, operator: "getKV", storage: "redis", connectionId: connection.id, keyPrefix: `${tag}:user:`, encoding: "float_vector" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const draft = (await (await api.get("/api/v1/apps/favpush/solutions")).json()) as { version: number };
  const solution = tag.slice(0, 30);
  const added = await api.post("/api/v1/apps/favpush/solutions", {
    data: {
      version: draft.version,
      solution: {
        name: solution,
        features: { user_vec: `getKV ${table} {uid}`, goods_vec: "getKV goods_tbl {goods_id}|{version:favpush_vec_v2}" },
        model: { name: "favpush_lr", version: "favpush_lr_v1" },
        fg: { class: "com.xxx.ranking.fg.LRFg", version: "v2" },
        buckets: [],
      },
    },
  });
  expect(added.status(), await added.text()).toBe(201);

  try {
    await signInAs(page, "viewer", info);
    await page.goto("/trial");
    await fillRequest(page, { uid: "234", goods_id: "123" });
    await page.getByLabel("Config", { exact: true }).selectOption("draft");
    await page.getByLabel("Force solution (optional)").selectOption(solution);
    await page.getByRole("button", { name: "Score", exact: true }).click();
    const outcome = page.getByTestId("outcome");
    await expect(outcome.getByRole("alert").first()).toContainText("Scoring failed");
    await expect(outcome.getByTestId("trace-features")).toHaveAttribute("data-ok", "false");
    await expect(outcome.getByTestId("trace-features")).toContainText(table);
    await expect(outcome.getByTestId("trace-fg")).toHaveCount(0);
    await page.screenshot({ path: info.outputPath("trial-failure.png"), fullPage: true });
  } finally {
    const now = (await (await api.get("/api/v1/apps/favpush/solutions")).json()) as { version: number };
    await api.delete(`/api/v1/apps/favpush/solutions/${solution}`, { data: { version: now.version } });
    await api.dispose();
  }
});
