import { expect, test } from "@playwright/test";
import { baseURL, signIn, signInAs, createPerson } from "./support";

/**
 * Issue 16, Medium 6: the console registers (and so connects to) instances only at hosts on the
 * admin-managed allow-list. The e2e server runs in demo mode, which allows loopback.
 */
test("an admin allows a network on the Admin page; an editor's registration outside it is refused with the message", async ({ page, browser }, info) => {
  const network = `10.${20 + (Date.now() % 200)}.0.0/16`;
  const inside = network.replace("0.0/16", "3.4:8500");

  await signInAs(page, "admin", info);
  await page.getByRole("link", { name: "Admin" }).click();
  const card = page.getByRole("form", { name: "Allow instance hosts" });
  const list = page.getByRole("table", { name: "Allowed instance hosts and networks" });
  // Demo mode's loopback entries, for the dev model server.
  await expect(list.getByRole("row", { name: /127\.0\.0\.0\/8/ })).toBeVisible();

  await card.getByLabel("Host, IP or network").fill("10.0.0.0/33");
  await card.getByRole("button", { name: "Allow" }).click();
  await expect(card.getByText(/CIDR/)).toBeVisible();
  await card.getByLabel("Host, IP or network").fill(network);
  await card.getByLabel("Description").fill("model servers of the e2e test");
  await card.getByRole("button", { name: "Allow" }).click();
  const row = list.getByRole("row", { name: new RegExp(network.replace(/\./g, "\\.")) });
  await expect(row).toContainText("Network");
  await expect(row).toContainText("model servers of the e2e test");

  // The editor registers an instance through the API (as a model server's token would).
  const editor = await createPerson("editor", info);
  const context = await browser.newContext({ baseURL });
  const editorPage = await context.newPage();
  await signIn(editorPage, editor);
  const register = (address: string) =>
    editorPage.request.put("/api/v1/registry/instances", { headers: { origin: baseURL }, data: { model: "e2e_allowlist_model", address, ttlSeconds: 60 } });
  const refused = await register("192.0.2.10:8500");
  expect(refused.status()).toBe(422);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
    "192.0.2.10 is not on the instance allow-list: an admin must allow it (or a network holding it) on the Admin page before instances there can be registered.",
  );
  expect((await register(inside)).status()).toBe(200);

  // Removing the entry removes the registration it allowed.
  await row.getByRole("button", { name: `Remove ${network}` }).click();
  await expect(row).toHaveCount(0);
  const instances = (await (await editorPage.request.get("/api/v1/registry/instances")).json()) as { instances: { address: string }[] };
  expect(instances.instances.map((i) => i.address)).not.toContain(inside);
  await context.close();
});
