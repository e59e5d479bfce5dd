import { expect, test, type Page } from "@playwright/test";
import { baseURL, createPerson } from "./support";

// `next` as it appears in the sign-in URL (percent-encoded where a browser would send it so).
const EVIL_NEXT = ["/%5Cevil.example/x", "/\\evil.example/x", "/%09/evil.example/x", "//evil.example/x", "%2F%2Fevil.example%2Fx", "javascript:alert(1)", "https://evil.example/x"];

/** Signs in through the form of /sign-in?next=<rawNext>; evil.example answers, so a redirect there would be seen. */
async function signInWithNext(page: Page, person: { email: string; password: string }, rawNext: string) {
  // By host: the sign-in URL itself names evil.example in its query.
  await page.route((url) => url.hostname === "evil.example", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<h1>evil</h1>" }));
  await page.goto(`/sign-in?next=${rawNext}`);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test.describe("sign-in redirect", () => {
  let person: { email: string; password: string };
  test.beforeAll(async ({}, info) => {
    person = await createPerson("viewer", info);
  });

  for (const next of EVIL_NEXT) {
    test(`next=${next} stays on the console`, async ({ browser }) => {
      const context = await browser.newContext({ baseURL });
      const page = await context.newPage();
      await signInWithNext(page, person, next);
      // The fallback "/" leads to the apps list; the page is the console's own.
      await expect(page).toHaveURL(`${baseURL}/apps`);
      await expect(page.getByTestId("current-role")).toHaveText("viewer");
      expect(new URL(page.url()).origin).toBe(baseURL);
      await context.close();
    });
  }

  test("a path of the console is where sign-in goes", async ({ browser }) => {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await signInWithNext(page, person, "/models");
    await expect(page).toHaveURL(`${baseURL}/models`);
    await expect(page.getByTestId("current-role")).toHaveText("viewer");
    await context.close();
  });
});
