import { expect, test } from "@playwright/test";
import { adminApi, signInAs, uniqueName } from "./support";

test("an editor creates an app, then edits it", async ({ page }, info) => {
  await signInAs(page, "editor", info);
  const name = uniqueName("app");
  await page.getByRole("link", { name: "New app" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Description").fill("Created by the e2e suite");
  await page.getByLabel("Bucket count").fill("0");
  await page.getByRole("button", { name: "Create app" }).click();
  await expect(page.getByText("At least 1 bucket")).toBeVisible();

  await page.getByLabel("Bucket count").fill("100");
  await page.getByRole("button", { name: "Add origin field" }).click();
  await expect(page.getByLabel("Origin field 2 name")).toBeFocused();
  await page.getByLabel("Origin field 2 name").fill("goods_id");
  await page.getByLabel("Origin field 2 type").selectOption("int");
  await page.getByRole("button", { name: "Create app" }).click();

  await expect(page).toHaveURL(new RegExp(`/apps/${name}$`));
  await expect(page.getByRole("heading", { name: `App ${name}` })).toBeVisible();
  await expect(page.getByLabel("Salt")).toHaveValue(name);

  await page.getByLabel("Bucket count").fill("1000");
  await page.getByLabel("Bucket count").press("Enter");
  await expect(page.getByText("Saved. This app is now at version 2.")).toBeVisible();
  await page.screenshot({ path: info.outputPath("app-edit.png"), fullPage: true });

  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Apps", exact: true }).click();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("1,000");

  await page.getByRole("link", { name: "Audit log" }).click();
  await page.locator("#audit-app").fill(name);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByTestId("audit-row")).toHaveCount(2);
  await page.getByRole("button", { name: "Before / after" }).first().click();
  await expect(page.getByText('"bucketCount": 1000')).toBeVisible();
});

test("an editor declares item fields from the keyboard; a name that is an origin field is refused, naming it", async ({ page }, info) => {
  await signInAs(page, "editor", info);
  const api = await adminApi();
  const name = uniqueName("items");
  const created = await api.post("/api/v1/apps", { data: { name, bucketCount: 10, hashKey: "uid", originFields: [{ name: "uid", type: "int" }] } });
  expect(created.status()).toBe(201);
  await page.goto(`/apps/${name}`);
  const items = page.getByTestId("item-fields");
  await expect(items.getByText("None declared.")).toBeVisible();

  // Add, type, Enter: a second row opens with the focus in it (Enter does not submit the form).
  await page.getByRole("button", { name: "Add item field" }).click();
  await expect(page.getByLabel("Item field 1 name")).toBeFocused();
  await page.keyboard.type("uid");
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Item field 2 name")).toBeFocused();
  await page.keyboard.type("goods_id");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(items.getByRole("alert").first()).toContainText('"uid" is an origin field');

  await page.getByLabel("Item field 1 name").fill("sku");
  await page.getByLabel("Item field 1 type").selectOption("string");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved. This app is now at version 2.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Item field 1 name")).toHaveValue("sku");
  await expect(page.getByLabel("Item field 2 name")).toHaveValue("goods_id");
  await expect(page.getByLabel("Item field 2 type")).toHaveValue("int");

  // Removing one moves the focus to the row that takes its place.
  await page.getByRole("button", { name: "Remove item field sku" }).click();
  await expect(page.getByLabel("Item field 1 name")).toBeFocused();
  await expect(page.getByLabel("Item field 1 name")).toHaveValue("goods_id");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved. This app is now at version 3.")).toBeVisible();

  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Apps", exact: true }).click();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("goods_id:int");
  await expect(row).not.toContainText("sku");
});

test("saving over someone else's newer change shows a 409 with what changed", async ({ page }, info) => {
  await signInAs(page, "editor", info);
  const api = await adminApi();
  const name = uniqueName("race");
  const created = await api.post("/api/v1/apps", { data: { name, bucketCount: 10, hashKey: "uid", originFields: [{ name: "uid", type: "string" }] } });
  expect(created.status()).toBe(201);

  await page.goto(`/apps/${name}`);
  await expect(page.getByLabel("Bucket count")).toHaveValue("10");

  // Someone else saves while this page is open.
  const theirs = await api.put(`/api/v1/apps/${name}`, { data: { bucketCount: 50, hashKey: "uid", originFields: [{ name: "uid", type: "string" }], version: 1 } });
  expect(theirs.status()).toBe(200);

  await page.getByLabel("Bucket count").fill("20");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(/changed this app while you were editing \(now version 2\)/)).toBeVisible();
  const diff = page.getByTestId("conflict-diff");
  await expect(diff).toContainText("Bucket count");
  await expect(diff).toContainText("20");
  await expect(diff).toContainText("50");
  await page.screenshot({ path: info.outputPath("app-conflict.png"), fullPage: true });

  await page.getByRole("button", { name: /Keep mine/ }).click();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved. This app is now at version 3.")).toBeVisible();
  const now = await (await api.get(`/api/v1/apps/${name}`)).json();
  expect(now).toMatchObject({ bucketCount: 20, version: 3 });
  await api.dispose();
});

test("a viewer reads an app but cannot edit it", async ({ page }, info) => {
  await signInAs(page, "viewer", info);
  await expect(page.getByRole("link", { name: "New app" })).toHaveCount(0);
  await page.getByRole("link", { name: "favpush" }).click();
  await expect(page.getByLabel("Bucket count")).toBeDisabled();
  await expect(page.getByText("editing needs the editor role")).toBeVisible();
});
