import { expect, test, type Page } from "@playwright/test";
import { favpushApp } from "../db/seed/favpush/app";
import { favpushArticleDocument } from "../db/seed/favpush/solutions";
import { adminApi, signInAs, uniqueName } from "./support";

/**
 * The console on a 1024 px wide screen: every page under app/(console) fits, nothing is cut off.
 * Screenshots land in test-results/e2e/1024-*.png for a person to look at.
 */
const WIDTH = 1024;
test.use({ viewport: { width: WIDTH, height: 800 } });

/** Every route under app/(console), with the demo's names for the dynamic segments. */
const ROUTES: { path: string; heading: RegExp }[] = [
  { path: "/", heading: /^Apps$/ },
  { path: "/apps", heading: /^Apps$/ },
  { path: "/apps/new", heading: /^New app$/ },
  { path: "/apps/favpush", heading: /^App favpush$/ },
  { path: "/solutions?app=favpush", heading: /^Solutions of favpush$/ },
  { path: "/feature-tables", heading: /^Feature tables$/ },
  { path: "/feature-tables/user_tbl", heading: /^user_tbl$/ },
  { path: "/fg", heading: /^fg/ },
  { path: "/models", heading: /^Models$/ },
  { path: "/models/favpush_lr", heading: /^Model favpush_lr$/ },
  { path: "/dag?app=favpush", heading: /^Version DAG · favpush$/ },
  { path: "/releases?app=favpush", heading: /^Releases$/ },
  { path: "/approvals", heading: /^Approvals$/ },
  { path: "/live?app=favpush", heading: /^Live$/ },
  { path: "/trial?app=favpush", heading: /^Trial scoring$/ },
  { path: "/audit", heading: /^Audit log$/ },
  { path: "/admin", heading: /^Admin$/ },
];

/** Waits for the page's heading and for its spinners to go. */
async function settle(page: Page, heading: RegExp) {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
  await expect(page.locator("main [role=status]:has(.animate-spin)")).toHaveCount(0, { timeout: 20_000 });
}

/**
 * What sticks out sideways: the page itself, and every control (button, link, field) lying
 * outside a card, a table's scroller or any other box that clips it. The DAG canvas pans, so
 * what is inside it is its own business.
 */
async function overflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const describe = (el: Element) => {
      const text = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${text ? ` "${text}"` : ""}`;
    };
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth) problems.push(`the page is ${document.documentElement.scrollWidth} px wide`);
    for (const el of document.querySelectorAll("button, a[href], input, select, textarea")) {
      if (el.closest(".react-flow")) continue;
      const box = el.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue; // not shown (or the skip link, until focused)
      for (let box2: Element | null = el.parentElement; box2 && box2 !== document.documentElement; box2 = box2.parentElement) {
        // Boxes that clip, and the ones drawn as cards (a section, a bordered form or panel).
        const clips = getComputedStyle(box2).overflowX !== "visible";
        const card = box2.tagName === "SECTION" || box2.tagName === "FORM" || box2.classList.contains("rounded-lg");
        if (!clips && !card) continue;
        const outer = box2.getBoundingClientRect();
        if (box.left < outer.left - 1 || box.right > outer.right + 1) {
          problems.push(`${describe(el)} sticks out of ${describe(box2).slice(0, 30)} (${Math.round(box.left)}-${Math.round(box.right)} vs ${Math.round(outer.left)}-${Math.round(outer.right)})`);
          break;
        }
      }
    }
    // A select squeezed by its table or grid shows a letter of its value, not the value.
    for (const select of document.querySelectorAll("select")) {
      const option = select.selectedOptions[0];
      if (!option || select.getBoundingClientRect().width <= 1) continue;
      const probe = document.createElement("span");
      const style = getComputedStyle(select);
      probe.style.font = style.font;
      probe.style.whiteSpace = "pre";
      probe.textContent = option.text;
      document.body.append(probe);
      // The arrow sits in the right padding (pr-8 on our selects); a native one needs ~24 px.
      const needed = Math.min(probe.getBoundingClientRect().width, 160) + parseFloat(style.paddingLeft) + Math.max(parseFloat(style.paddingRight), 24);
      probe.remove();
      if (select.clientWidth < needed) problems.push(`${describe(select).slice(0, 40)} is ${select.clientWidth} px wide, its value "${option.text.slice(0, 30)}" needs ${Math.round(needed)}`);
    }
    return [...new Set(problems)];
  });
}

async function expectFits(page: Page, name: string) {
  await page.screenshot({ path: `test-results/e2e/${WIDTH}-${name}.png`, fullPage: true });
  expect(await overflows(page), `${name} at ${WIDTH} px`).toEqual([]);
}

test("every console page fits a 1024 px screen; the skip link is the first tab stop", async ({ page }, info) => {
  // Eleven pages, each settled, screenshotted and measured, beside another spec on two cores.
  test.setTimeout(180_000);
  await signInAs(page, "admin", info);

  for (const route of ROUTES) {
    await page.goto(route.path);
    await settle(page, route.heading);
    await expectFits(page, route.path.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "home");
  }

  // The first Tab lands on the skip link, shown while focused; it leads into <main>.
  await page.goto("/models");
  await settle(page, /^Models$/);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  expect((await skip.boundingBox())!.width).toBeGreaterThan(40);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main-content$/);
  await expect(page.locator("main#main-content")).toBeFocused();
});

test("at 1024 px the DAG canvas gets the width: the side panel floats, closes and reopens", async ({ page }, info) => {
  await signInAs(page, "editor", info);
  await page.goto("/dag?app=favpush");
  await settle(page, /^Version DAG · favpush$/);
  const canvas = page.getByTestId("dag-canvas");
  const panel = page.getByRole("complementary", { name: "Node details" });
  // Closed at first: the canvas spans the content width.
  await expect(panel).toBeHidden();
  expect((await canvas.boundingBox())!.width).toBeGreaterThan(700);

  // Choosing a node opens its settings over the canvas; the fields show their values whole.
  await page.getByTestId("dag-node-load_user_vec").click();
  await expect(panel).toBeVisible();
  expect((await canvas.boundingBox())!.width).toBeGreaterThan(700);
  for (const label of ["Method", "Timeout, s", "Retries"]) {
    const field = panel.getByLabel(label, { exact: true });
    const fits = await field.evaluate((el: HTMLInputElement | HTMLSelectElement) => {
      // A select's text needs its arrow's room too (pr-8).
      const text = el instanceof HTMLSelectElement ? el.selectedOptions[0]!.text : el.value;
      const probe = document.createElement("span");
      probe.style.font = getComputedStyle(el).font;
      probe.textContent = text;
      document.body.append(probe);
      const needed = probe.getBoundingClientRect().width + (el instanceof HTMLSelectElement ? 32 : 28);
      probe.remove();
      return el.clientWidth >= needed;
    });
    expect(fits, `${label} shows its value whole`).toBe(true);
  }
  await expectFits(page, "dag-node-panel");

  const toggle = page.getByRole("button", { name: "Hide side panel" });
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await toggle.click();
  await expect(panel).toBeHidden();
  await page.getByRole("button", { name: "Show side panel" }).click();
  await expect(panel).toBeVisible();
});

test("a new app at 1024 px: one clear empty state on Solutions, a clone right after its source, an empty DAG that says how to start", async ({ page }, info) => {
  const app = uniqueName("layout");
  const api = await adminApi();
  const created = await api.post("/api/v1/apps", { data: favpushApp({ name: app }) });
  expect(created.status(), await created.text()).toBe(201);

  await signInAs(page, "editor", info);
  await page.goto(`/solutions?app=${app}`);
  await settle(page, new RegExp(`^Solutions of ${app}$`));
  await expect(page.getByRole("heading", { name: "No solutions yet" })).toBeVisible();
  // One way to start, and no word of a diff or of a broken split that does not exist yet.
  await expect(page.getByRole("button", { name: "New solution" })).toHaveCount(1);
  const publish = page.getByTestId("draft-diff");
  await expect(publish).toContainText("the draft has no solutions");
  await expect(page.getByText("No difference")).toHaveCount(0);
  await expect(page.getByText(/gaps or overlaps/)).toHaveCount(0);
  await expectFits(page, "solutions-new-app");

  // The demo's two solutions, then a clone of the first: it sits between them.
  const res = await api.post(`/api/v1/apps/${app}/solutions-import`, { data: { version: 0, document: { ...favpushArticleDocument(), app_name: app } } });
  expect(res.status(), await res.text()).toBe(200);
  await page.reload();
  await settle(page, new RegExp(`^Solutions of ${app}$`));
  await page.getByRole("button", { name: "Clone v1" }).click();
  await page.getByRole("button", { name: "Clone", exact: true }).click();
  await expect(page.getByText("Cloned v1 as v1_copy")).toBeVisible();
  const rows = page.locator("[data-testid^=solution-row-]");
  await expect(rows).toHaveCount(3);
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-testid")))).toEqual(["solution-row-v1", "solution-row-v1_copy", "solution-row-v2"]);
  await expectFits(page, "solutions-after-clone");

  // The app's DAG has no nodes yet: the canvas says how to start.
  await page.goto(`/dag?app=${app}`);
  await expect(page.getByTestId("dag-empty-hint")).toContainText("Start with a Data node");
  await expectFits(page, "dag-empty");
  await api.dispose();
});

test("a new fg class is offered v1 as its first version", async ({ page }, info) => {
  await signInAs(page, "editor", info);
  await page.goto("/fg");
  await settle(page, /^fg/);
  await page.getByRole("button", { name: "New version" }).first().click();
  const version = page.getByLabel("Version", { exact: true });
  await page.getByLabel("Class", { exact: true }).fill(`com.e2e.fg.${uniqueName("Fresh")}`);
  await expect(version).toHaveValue("v1");
  // A class that has versions gets the one after its newest.
  await page.getByLabel("Class", { exact: true }).fill("com.xxx.ranking.fg.DNNFg");
  await expect(version).toHaveValue("v4");
  await expectFits(page, "fg-new-version");
});
