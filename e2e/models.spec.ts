import { expect, test } from "@playwright/test";
import { signInAs } from "./support";

test("an editor loads a new version, watches it go AVAILABLE, hot-fixes it and moves the stable label, twice", async ({ page }, info) => {
  await signInAs(page, "editor", info);
  await page.getByRole("link", { name: "Models" }).click();
  const row = page.getByTestId("model-row-favpush_lr");
  await expect(row).toContainText("20200116");
  await row.getByRole("link", { name: "favpush_lr" }).click();
  await expect(page.getByRole("heading", { name: "Model favpush_lr" })).toBeVisible();

  await page.getByLabel("Load version").fill("20200117");
  await page.getByRole("button", { name: "Load", exact: true }).click();
  const latest = page.getByTestId("latest-operation");
  await expect(latest).toContainText("load version 20200117");
  await expect(latest).toContainText("version 20200117: LOADING");
  await expect(latest).toContainText("succeeded");
  await expect(page.getByTestId("version-row-20200117")).toContainText("AVAILABLE");

  await page.getByTestId("version-row-20200117").getByRole("button", { name: "Hot-fix reload" }).click();
  await expect(latest).toContainText("hot-fix reload version 20200117");
  await expect(latest).toContainText("version 20200117: END");
  await expect(latest).toContainText("succeeded");
  await expect(page.getByTestId("version-row-20200117")).toContainText("AVAILABLE");

  await page.getByLabel("Version (AVAILABLE everywhere)").selectOption("20200117");
  await page.getByRole("button", { name: "Move label" }).click();
  await expect(latest).toContainText("move label stable to 20200117");
  await expect(latest).toContainText("succeeded");
  await expect(page.getByTestId("label-stable")).toContainText("20200117");
  await expect(page.getByTestId("model-conf")).toContainText('key: "stable"');

  // Move the existing label on, back to the other AVAILABLE version.
  await page.getByLabel("Version (AVAILABLE everywhere)").selectOption("20200116");
  await page.getByRole("button", { name: "Move label" }).click();
  await expect(latest).toContainText("move label stable to 20200116");
  await expect(latest).toContainText("succeeded");
  await expect(page.getByTestId("label-stable")).toContainText("20200116");
  await expect(page.getByTestId("model-conf")).toContainText('key: "stable" value: 20200116');

  await page.getByRole("button", { name: "Show signatures" }).click();
  await expect(page.getByTestId("signatures")).toContainText("signature_def['serving_default']");
  await page.screenshot({ path: info.outputPath("model-page.png"), fullPage: true });
});

test("a viewer sees versions and state but no operations", async ({ page }, info) => {
  await signInAs(page, "viewer", info);
  await page.goto("/models/half_plus_two");
  await expect(page.getByTestId("version-row-123")).toContainText("AVAILABLE");
  await expect(page.getByRole("button", { name: "Hot-fix reload" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Apply to every instance" })).toHaveCount(0);
});
