import { expect, test } from "@playwright/test";
import { baseURL, signIn, signInAs, uniqueName } from "./support";

test("wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("nobody@e2e.local");
  await page.getByLabel("Password").fill("wrong");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText("Wrong email or password.");
});

test("an admin adds a person, changes the role, deactivates them; issues and revokes a token", async ({ page, browser }, info) => {
  await signInAs(page, "admin", info);
  await page.getByRole("link", { name: "Admin" }).click();

  const email = `${uniqueName("new")}@e2e.local`;
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name").fill("New Person");
  await page.getByLabel("Role", { exact: true }).selectOption("editor");
  await page.getByRole("button", { name: "Add person" }).click();
  const password = (await page.getByTestId("secret-once").textContent())!;
  expect(password).toMatch(/^[a-z2-9-]{23}$/);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("secret-once")).toHaveCount(0);

  const row = page.getByTestId(`user-row-${email}`);
  await expect(row).toContainText("active");
  await row.getByLabel(`Role of ${email}`).selectOption("reviewer");
  await expect(row.getByLabel(`Role of ${email}`)).toHaveValue("reviewer");

  // The new person can sign in with the password shown once, as a reviewer.
  const other = await browser.newContext({ baseURL });
  const otherPage = await other.newPage();
  await signIn(otherPage, { email, password });
  await expect(otherPage.getByTestId("current-role")).toHaveText("reviewer");

  await row.getByRole("button", { name: "Deactivate" }).click();
  await expect(row).toContainText("deactivated");
  await otherPage.reload();
  await expect(otherPage).toHaveURL(/\/sign-in/);
  await other.close();

  await page.getByLabel("Machine").fill("feature-platform");
  await page.getByLabel(/dag:write/).check();
  await page.getByRole("button", { name: "Issue token" }).click();
  const secret = (await page.getByTestId("secret-once").textContent())!;
  expect(secret).toMatch(/^sct_/);
  const tokenRow = page.getByTestId("token-row-feature-platform");
  await expect(tokenRow).toContainText("dag:write");
  await tokenRow.getByRole("button", { name: "Revoke" }).click();
  // Asks first, saying when the token was last used.
  const ask = page.getByRole("dialog", { name: "Revoke the token of feature-platform?" });
  await expect(ask).toContainText("has never been used");
  await ask.getByRole("button", { name: "Revoke token" }).click();
  await expect(tokenRow).toContainText("revoked");
  await page.screenshot({ path: info.outputPath("admin.png"), fullPage: true });

  const res = await page.request.get("/api/v1/apps", { headers: { authorization: `Bearer ${secret}` } });
  expect(res.status()).toBe(401);
});

test("a cross-site form post is refused with 403 and creates nothing", async ({ page }, info) => {
  await signInAs(page, "editor", info);
  const name = uniqueName("csrf");
  // A page of another origin posting a form at the console with the victim's cookie.
  await page.route("http://attacker.test/", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<form method="post" action="${baseURL}/api/v1/apps" enctype="text/plain"><input name='{"name":"${name}","bucketCount":10,"hashKey":"uid","originFields":[{"name":"uid","type":"string"}],"x":"' value='"}'><button>go</button></form>`,
    }),
  );
  await page.goto("http://attacker.test/");
  const [response] = await Promise.all([page.waitForResponse(`${baseURL}/api/v1/apps`), page.getByRole("button", { name: "go" }).click()]);
  expect(response.status()).toBe(403);
  await page.goto(`${baseURL}/api/v1/apps/${name}`);
  await expect(page.locator("body")).toContainText("not_found");
});
