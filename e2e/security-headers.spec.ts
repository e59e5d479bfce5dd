import { expect, test, type Page, type Response } from "@playwright/test";
import { signInAs, uniqueName } from "./support";

/** Every CSP violation Chromium reports on a page: its console message and the DOM event. */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(msg.text())) violations.push(msg.text());
  });
  // The address says which section to look at when a page error shows up in a long run.
  page.on("pageerror", (err) => violations.push(`page error at ${page.url()}: ${err.message}`));
  return violations;
}

async function cspViolationEvents(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

function expectCommonHeaders(res: { headers(): Record<string, string> }) {
  const h = res.headers();
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["referrer-policy"]).toBe("same-origin");
  // Plain HTTP here (COOKIE_SECURE unset): no HSTS.
  expect(h["strict-transport-security"]).toBeUndefined();
}

function pageNonce(res: Response): string {
  const csp = res.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("'unsafe-inline' 'strict-dynamic'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(csp)?.[1];
  expect(nonce, csp).toBeTruthy();
  return nonce!;
}

test("pages and API answers carry the security headers, and every section runs with no CSP violation", async ({ page, request }, info) => {
  // Every section visited, beside another spec on two cores.
  test.setTimeout(180_000);
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  const violations = watchCsp(page);

  const signIn = await page.goto("/sign-in");
  expectCommonHeaders(signIn!);
  const firstNonce = pageNonce(signIn!);
  await signInAs(page, "editor", info);
  const switcher = page.getByLabel("App", { exact: true });
  await switcher.selectOption("favpush");
  await expect(switcher).toHaveValue("favpush");

  // Each section as a full page load (its own nonce), then a client-side navigation from it.
  const nav = page.getByRole("navigation", { name: "Sections" });
  const hrefs = await nav.getByRole("link").evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute("href")!));
  expect(hrefs.length).toBeGreaterThan(5);
  const nonces = new Set([firstNonce]);
  for (const href of hrefs) {
    const res = await page.goto(href);
    expect(res!.status(), href).toBe(200);
    expectCommonHeaders(res!);
    nonces.add(pageNonce(res!));
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await cspViolationEvents(page), href).toEqual([]);
  }
  expect(nonces.size).toBe(hrefs.length + 1);

  // The DAG editor (React Flow: inline styles, its own stylesheet) hydrated and drew its graph.
  await page.goto(hrefs.find((h) => h.startsWith("/dag"))!);
  await expect(page.locator(".react-flow__node").first()).toBeVisible();
  expect(await cspViolationEvents(page)).toEqual([]);

  const api = await request.get("/api/v1/health");
  expectCommonHeaders(api);
  expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  const asset = await page.evaluate(() => (document.querySelector('script[src^="/_next/static/"]') as HTMLScriptElement).src);
  const assetRes = await request.get(asset);
  expect(assetRes.headers()["x-content-type-options"]).toBe("nosniff");

  expect(violations).toEqual([]);
});

test("a 12 MB feature-table load still goes through (uploads never pass the page proxy)", async ({ page }, info) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const violations = watchCsp(page);
  await signInAs(page, "editor", info);
  await page.getByRole("link", { name: "Feature tables" }).click();

  const name = uniqueName("e2e_big");
  await page.getByRole("button", { name: "Register a table" }).click();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Operator served").selectOption("getKKV");
  await page.getByLabel("Value encoding").selectOption("string");
  await page.getByRole("button", { name: "Register table" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();

  // Over the ~10 MB a proxy would clone and cut a body at: 3,000 rows of 4,000-character values.
  const rows = 3_000;
  const value = "v".repeat(4_000);
  const csv = ["key,field,value", ...Array.from({ length: rows }, (_, i) => `u${i}|g,blob,${value}`), `u0|g,last,end`].join("\n");
  expect(csv.length).toBeGreaterThan(12 * 1000 * 1000);
  await page.getByLabel("File").setInputFiles({ name: "big.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Load rows" }).click();
  const n = (x: number) => x.toLocaleString("en-US");
  await expect(page.getByText(`${n(rows + 1)} row(s), ${n(rows)} key(s) written`)).toBeVisible({ timeout: 60_000 });

  // The last line of the file arrived: the body was not cut.
  await page.getByLabel("Rendered key").fill("u0|g");
  await page.getByRole("button", { name: "Look up", exact: true }).click();
  await expect(page.getByTestId("lookup-result").getByRole("row", { name: /last/ })).toContainText("end");
  expect(await cspViolationEvents(page)).toEqual([]);
  expect(violations).toEqual([]);
});
