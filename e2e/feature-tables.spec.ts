import { expect, test, type Page } from "@playwright/test";
import { favpushVersions } from "../db/seed/favpush/versions";
import { signInAs, uniqueName } from "./support";

/** The template input of the "Try a query template" card (the app switcher is a combobox too). */
const templateInput = (page: Page) => page.locator('input[role="combobox"]');

test("an editor registers a table, loads sample rows (a bad file first) and looks up a key", async ({ page }, info) => {
  await signInAs(page, "editor", info);
  await page.getByRole("link", { name: "Feature tables" }).click();
  await expect(page.getByTestId("table-row-user_tbl")).toBeVisible();

  const name = uniqueName("e2e_cf");
  await page.getByRole("button", { name: "Register a table" }).click();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Operator served").selectOption("getKKV");
  await page.getByLabel("Value encoding").selectOption("json");
  await page.getByLabel("Key description").fill("{uid}|{goods_id}");
  await page.getByLabel("Owner").fill("e2e");
  await page.getByRole("button", { name: "Register table" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByTestId("table-health")).toContainText("Answering");

  const bad = ['{"key": "234|123", "fields": {"score": 0.5}}', "{not json", '{"key": "", "fields": {"score": 1}}'].join("\n");
  await page.getByLabel("File").setInputFiles({ name: "rows.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(bad) });
  await page.getByRole("button", { name: "Load rows" }).click();
  const badRows = page.getByTestId("bad-rows");
  await expect(badRows).toContainText("line 2");
  await expect(badRows).toContainText("line 3");
  await expect(page.getByText("Nothing was loaded: the file has bad lines")).toBeVisible();

  await page.getByLabel("Rendered key").fill("234|123");
  await page.getByRole("button", { name: "Look up", exact: true }).click();
  await expect(page.getByTestId("lookup-result")).toContainText("not found");

  const good = ["key,field,value", "234|123,score,0.5", "234|123,co_clicks,12", "7|9,score,1"].join("\n");
  await page.getByLabel("File").setInputFiles({ name: "rows.csv", mimeType: "text/csv", buffer: Buffer.from(good) });
  await expect(page.getByLabel("Format")).toHaveValue("csv");
  await page.getByRole("button", { name: "Load rows" }).click();
  await expect(page.getByText("3 row(s), 2 key(s) written")).toBeVisible();

  await page.getByRole("button", { name: "Look up", exact: true }).click();
  const result = page.getByTestId("lookup-result");
  await expect(result).toContainText("found");
  await expect(result.getByRole("row", { name: /co_clicks/ })).toContainText("12");
  await page.screenshot({ path: info.outputPath("feature-table.png"), fullPage: true });
});

test("a template with an error is underlined where it is wrong, and completion fills a table name", async ({ page }, info) => {
  await signInAs(page, "viewer", info);
  await page.goto("/feature-tables?app=favpush");
  const field = templateInput(page);
  await expect(page.getByText("Valid template")).toBeVisible();

  await field.fill("getKV usr_tbl {uid}|{version:favpush_vec_v2}");
  const mark = page.locator('[data-template-mark="error"]');
  await expect(mark).toHaveText("usr_tbl");
  await expect(page.getByTestId("template-problems")).toContainText('col 7–13No feature table "usr_tbl" is registered. Did you mean user_tbl?');
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Use user_tbl" }).click();
  await expect(field).toHaveValue("getKV user_tbl {uid}|{version:favpush_vec_v2}");
  await expect(mark).toHaveCount(0);

  await field.fill("");
  await field.pressSequentially("getKKV g");
  await expect(page.getByRole("option", { name: /graph_cf_tbl/ })).toBeVisible();
  await field.press("Enter");
  await expect(field).toHaveValue("getKKV graph_cf_tbl ");
  await field.pressSequentially("{ui");
  await field.press("Tab");
  await expect(field).toHaveValue("getKKV graph_cf_tbl {uid}");
  await field.pressSequentially("|{goods_id}|{version:favpush_c");
  await field.press("Enter");
  await expect(field).toHaveValue("getKKV graph_cf_tbl {uid}|{goods_id}|{version:favpush_cf_v5}");
  await expect(page.getByText("Valid template")).toBeVisible();

  await page.getByLabel("origin.goods_id").fill("123");
  const cfVersion = favpushVersions().favpush_cf_v5;
  await page.getByLabel("Version of favpush_cf_v5").fill(cfVersion);
  await page.getByRole("button", { name: "Look up" }).click();
  await expect(page.getByTestId("lookup-result")).toContainText("found");
  await expect(page.getByTestId("lookup-result")).toContainText(`234|123|${cfVersion}`);
});

test("an editor writes a declarative fg version with validation, tries it and publishes it", async ({ page }, info) => {
  await signInAs(page, "editor", info);
  await page.getByRole("link", { name: "fg", exact: true }).click();
  await expect(page.getByRole("button", { name: /v2/ }).first()).toBeVisible();

  // The demo's DNNFg@v3 is code: it runs in the sandbox worker of the production server.
  const dnn = page.getByRole("navigation", { name: "fg classes and versions" }).locator("section", { hasText: "com.xxx.ranking.fg.DNNFg" });
  await dnn.getByRole("button", { name: /v3/ }).click();
  await expect(page.getByTestId("fg-package")).toContainText("export function build(fm)");
  const tryCode = page.getByRole("form", { name: "Try it" });
  await tryCode.getByRole("button", { name: "Build TensorIO" }).click();
  await expect(tryCode.getByTestId("tensor-cf")).toContainText("[1, 1]");
  await expect(tryCode.getByTestId("tensor-user")).toContainText("[1, 8]");

  const simple = `E2eFg${Date.now().toString(36)}`;
  await page.getByRole("button", { name: "New version" }).click();
  await page.getByLabel("Declarative spec").check();
  await page.getByLabel("Class", { exact: true }).fill(`com.e2e.fg.${simple}`);
  await page.getByLabel("Version", { exact: true }).fill("v1");
  const spec = page.getByLabel("Spec (JSON)");
  await spec.fill('{"inputs": [{"name": "x", "dtype": "float", "shape": [1, 2], "sources": []}], "outputs": []}');
  const problems = page.getByTestId("spec-problems");
  await expect(problems).toContainText("$.inputs[0].sources");
  await expect(problems).toContainText("$.outputs");
  await expect(page.getByRole("button", { name: "Publish v1" })).toBeDisabled();

  await spec.fill(
    JSON.stringify({
      inputs: [
        { name: "x", dtype: "float", shape: [1, 2], sources: [{ path: "cf.score", transforms: [{ op: "log1p" }] }, { path: "cf.co_clicks", default: 0 }] },
      ],
      outputs: [{ name: "y", dtype: "float" }],
    }),
  );
  await expect(problems).toHaveCount(0);
  const draft = page.getByRole("form", { name: "Try the draft" });
  await draft.getByRole("button", { name: "Build TensorIO" }).click();
  await expect(draft.getByTestId("tensor-x")).toContainText("[1, 2]");
  await expect(draft.getByTestId("tensor-x")).toContainText("12");

  await page.getByRole("button", { name: "Publish v1" }).click();
  await expect(page.getByRole("heading", { name: simple, exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: `com.e2e.fg.${simple} @ v1` })).toBeVisible();
  await expect(page.getByTestId("fg-package")).toContainText("cf.co_clicks");

  const tryIt = page.getByRole("form", { name: "Try it" });
  await tryIt.getByLabel("featureMap (JSON)").fill('{"origin": {"uid": 1}, "cf": null}');
  await tryIt.getByRole("button", { name: "Build TensorIO" }).click();
  await expect(tryIt.getByText("The fg failed")).toBeVisible();
  await tryIt.getByLabel("featureMap (JSON)").fill('{"origin": {"uid": 1}, "cf": {"score": 0, "co_clicks": 3}}');
  await tryIt.getByRole("button", { name: "Build TensorIO" }).click();
  await expect(tryIt.getByTestId("tensor-x")).toContainText("0, 3");
  await page.screenshot({ path: info.outputPath("fg-page.png"), fullPage: true });
});
