import { expect, test, type Page } from "@playwright/test";
import { FAVPUSH_LR_NEXT_VERSION, FAVPUSH_MODEL_VERSION } from "../db/seed/favpush/versions";
import { adminApi, lrStates, modelOperation, signInAs } from "./support";

test.use({ viewport: { width: 1440, height: 900 } });

const loaded = String(FAVPUSH_MODEL_VERSION);

/** Presses keys one after the other, as a person at the keyboard would. */
async function keys(page: Page, ...list: string[]) {
  for (const k of list) await page.keyboard.press(k);
}

test("an editor fills the solution form with the keyboard only, picking model, version and fg from the registry", async ({ page }, info) => {
  await signInAs(page, "editor", info);
  await page.goto("/solutions?app=favpush");
  await page.getByRole("button", { name: "New solution" }).first().focus();
  await keys(page, "Enter");
  const form = page.getByRole("form", { name: "New solution" });
  const name = form.getByLabel("Name", { exact: true });
  await expect(name).toBeFocused();
  await page.keyboard.type("kb_pick");

  // Model name: typing filters, ArrowDown highlights, Enter picks.
  await keys(page, "Tab");
  const modelName = form.getByRole("combobox", { name: "Model name" });
  await expect(modelName).toBeFocused();
  await page.keyboard.type("favpush_l");
  await expect(modelName).toHaveAttribute("aria-expanded", "true");
  const modelList = page.locator(`#${await modelName.getAttribute("aria-controls")}`);
  await expect(modelList.getByRole("option")).toHaveText([/favpush_lr/]);
  await keys(page, "ArrowDown");
  await expect(modelList.getByRole("option", { name: /favpush_lr/ })).toHaveAttribute("aria-selected", "true");
  await expect(modelName).toHaveAttribute("aria-activedescendant", /.+/);
  await keys(page, "Enter");
  await expect(modelName).toHaveValue("favpush_lr");
  await expect(modelName).toHaveAttribute("aria-expanded", "false");

  // Model version: the registry's numbers and the app's version keys; an unknown key is allowed, with a warning.
  await keys(page, "Tab");
  const version = form.getByRole("combobox", { name: "Model version" });
  await keys(page, "ArrowDown");
  const versionList = page.locator(`#${await version.getAttribute("aria-controls")}`);
  await expect(versionList.getByRole("option", { name: new RegExp(loaded) })).toBeVisible();
  await expect(versionList.getByRole("option", { name: /favpush_lr_v1/ })).toContainText("version key");
  await keys(page, "Escape");
  await expect(version).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.type("nosuch_key");
  await expect(form).toContainText('"nosuch_key" is not a version key this app knows yet');
  await keys(page, "Control+A", "Backspace");
  await page.keyboard.type("favpush_lr");
  await keys(page, "ArrowDown", "Enter");
  await expect(version).toHaveValue("favpush_lr_v1");
  await expect(form).not.toContainText("is not a version key");

  await keys(page, "Tab");
  const fgClass = form.getByRole("combobox", { name: "fg class" });
  await page.keyboard.type("LRFg");
  await keys(page, "ArrowDown", "Enter");
  await expect(fgClass).toHaveValue("com.xxx.ranking.fg.LRFg");

  await keys(page, "Tab", "ArrowDown", "Enter");
  await expect(form.getByRole("combobox", { name: "fg version" })).toHaveValue("v2");
  await page.screenshot({ path: info.outputPath("solution-form-pickers.png"), fullPage: true });

  // Past "Add feature" to the buckets, where Enter submits the form.
  await keys(page, "Tab", "Tab");
  await expect(form.getByLabel("Buckets")).toBeFocused();
  await keys(page, "Enter");
  await expect(page.getByText("Created kb_pick.")).toBeVisible();
  const row = page.getByTestId("solution-row-kb_pick");
  await expect(row).toContainText("favpush_lr");
  await expect(row).toContainText("favpush_lr_v1");
  await expect(row).toContainText("com.xxx.ranking.fg.LRFg");

  // Deleting asks first; the dialog starts on Cancel.
  await row.getByRole("button", { name: "Delete kb_pick" }).focus();
  await keys(page, "Enter");
  const ask = page.getByRole("dialog", { name: "Delete solution kb_pick?" });
  await expect(ask).toContainText("It has not been published.");
  await expect(ask.getByRole("button", { name: "Cancel" })).toBeFocused();
  await keys(page, "Tab", "Enter");
  await expect(page.getByText("Deleted kb_pick.")).toBeVisible();
});

test("a model version shows what uses it, and unloading a live version asks first, naming the app", async ({ page }, info) => {
  // favpush's first release goes live once verified (on the samples, through the models) and delivered: on a loaded machine, minutes after start.
  test.setTimeout(240_000);
  const admin = await adminApi();
  // Which version live scores with depends on what ran before (the DAG spec promotes the next
  // one): the test takes the one live uses now, loaded.
  const liveUses = async (version: number) =>
    ((await (await admin.get(`/api/v1/models/favpush_lr/versions/${version}/used-by`)).json()) as { uses: { where: string; app: string }[] }).uses.some((u) => u.where === "live" && u.app === "favpush");
  let live = 0;
  await expect
    .poll(async () => {
      for (const v of [FAVPUSH_MODEL_VERSION, FAVPUSH_LR_NEXT_VERSION]) if (await liveUses(v)) return (live = v);
      return 0;
    }, { timeout: 180_000 })
    .toBeGreaterThan(0);
  const version = String(live);
  if (!(await lrStates(admin, live)).every((s) => s === "AVAILABLE")) await modelOperation(admin, { kind: "load", version: live });
  // A label on it would refuse the unload outright (move labels first): take it off for the test, put it back after.
  const model = (await (await admin.get("/api/v1/models/favpush_lr")).json()) as { model: { labels: Record<string, number> } };
  const labelled = Object.entries(model.model.labels).filter(([, v]) => v === live);
  // An earlier spec may have unloaded this version before: only an unload newer than these would be this test's.
  const unloads = async () =>
    ((await (await admin.get("/api/v1/models/favpush_lr/operations")).json()) as { operations: { id: string; kind: string; params: { version?: number } }[] }).operations
      .filter((o) => o.kind === "unload" && o.params.version === live)
      .map((o) => o.id);
  const unloadsBefore = new Set(await unloads());
  for (const [label] of labelled) await modelOperation(admin, { kind: "label", label, version: null });
  try {
    await signInAs(page, "editor", info);
    await page.goto("/models/favpush_lr");
    const usedBy = page.getByTestId(`used-by-${version}`);
    await expect(usedBy).toContainText("App favpush");
    await expect(usedBy).toContainText("live");
    await expect(usedBy).toContainText("solution v1");
    await expect(usedBy).toContainText("via version key favpush_lr_v1");

    await page.getByTestId(`version-row-${version}`).getByRole("button", { name: "Unload" }).click();
    const ask = page.getByRole("dialog", { name: `Unload version ${version} of favpush_lr?` });
    await expect(ask).toBeVisible();
    await expect(ask.getByRole("list", { name: "Affected solutions" })).toContainText("app favpush, solution v1");
    await page.screenshot({ path: info.outputPath("unload-confirmation.png") });
    await ask.getByRole("button", { name: "Cancel" }).click();
    await expect(ask).toBeHidden();
    // Nothing was started: the version still serves everywhere.
    await expect(page.getByTestId(`version-row-${version}`)).toContainText("AVAILABLE");
    expect((await unloads()).filter((id) => !unloadsBefore.has(id))).toEqual([]);
  } finally {
    for (const [label] of labelled) await modelOperation(admin, { kind: "label", label, version: live });
    await admin.dispose();
  }
});
