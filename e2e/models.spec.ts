import { expect, test } from "@playwright/test";
import { FAVPUSH_LR_NEXT_VERSION, FAVPUSH_MODEL_VERSION } from "../db/seed/favpush/versions";
import { adminApi, lrStates, modelOperation, signInAs } from "./support";

const loaded = String(FAVPUSH_MODEL_VERSION);
const next = String(FAVPUSH_LR_NEXT_VERSION);

test("an editor loads a new version, watches it go AVAILABLE, hot-fixes it and moves the stable label, twice", async ({ page }, info) => {
  // The version starts unloaded, whatever an earlier spec left (the DAG spec promotes it).
  const admin = await adminApi();
  if ((await lrStates(admin, FAVPUSH_LR_NEXT_VERSION)).includes("AVAILABLE")) await modelOperation(admin, { kind: "unload", version: FAVPUSH_LR_NEXT_VERSION, confirm: true });
  await admin.dispose();
  await signInAs(page, "editor", info);
  await page.getByRole("link", { name: "Models" }).click();
  const row = page.getByTestId("model-row-favpush_lr");
  await expect(row).toContainText(loaded);
  await row.getByRole("link", { name: "favpush_lr" }).click();
  await expect(page.getByRole("heading", { name: "Model favpush_lr" })).toBeVisible();

  await page.getByLabel("Load version").fill(next);
  await page.getByRole("button", { name: "Load", exact: true }).click();
  const latest = page.getByTestId("latest-operation");
  await expect(latest).toContainText(`load version ${next}`);
  await expect(latest).toContainText(`version ${next}: LOADING`);
  await expect(latest).toContainText("succeeded");
  await expect(page.getByTestId(`version-row-${next}`)).toContainText("AVAILABLE");

  // A version live scores with (an earlier spec may have promoted it) asks first.
  const usedBy = await adminApi().then(async (api) => {
    const body = (await (await api.get(`/api/v1/models/favpush_lr/versions/${next}/used-by`)).json()) as { uses: { where: string }[]; labels: string[] };
    await api.dispose();
    return body;
  });
  await page.getByTestId(`version-row-${next}`).getByRole("button", { name: "Hot-fix reload" }).click();
  if (usedBy.uses.some((u) => u.where === "live") || usedBy.labels.length > 0) {
    await page.getByRole("dialog", { name: `Hot-fix reload version ${next} of favpush_lr?` }).getByRole("button", { name: `Hot-fix reload version ${next}` }).click();
  }
  await expect(latest).toContainText(`hot-fix reload version ${next}`);
  await expect(latest).toContainText(`version ${next}: END`);
  await expect(latest).toContainText("succeeded");
  await expect(page.getByTestId(`version-row-${next}`)).toContainText("AVAILABLE");

  await page.getByLabel("Version (AVAILABLE everywhere)").selectOption(next);
  await page.getByRole("button", { name: "Move label" }).click();
  await expect(latest).toContainText(`move label stable to ${next}`);
  await expect(latest).toContainText("succeeded");
  await expect(page.getByTestId("label-stable")).toContainText(next);
  await expect(page.getByTestId("model-conf")).toContainText('key: "stable"');

  // Move the existing label on, back to the other AVAILABLE version.
  await page.getByLabel("Version (AVAILABLE everywhere)").selectOption(loaded);
  await page.getByRole("button", { name: "Move label" }).click();
  await expect(latest).toContainText(`move label stable to ${loaded}`);
  await expect(latest).toContainText("succeeded");
  await expect(page.getByTestId("label-stable")).toContainText(loaded);
  await expect(page.getByTestId("model-conf")).toContainText(`key: "stable" value: ${loaded}`);

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
