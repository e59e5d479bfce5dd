import { expect, test } from "@playwright/test";
import { signInAs } from "./support";

const SECTIONS: { nav: string; heading: RegExp }[] = [
  { nav: "Apps", heading: /^Apps$/ },
  { nav: "Solutions", heading: /^Solutions( of favpush)?$/ },
  { nav: "Feature tables", heading: /^Feature tables$/ },
  { nav: "fg", heading: /^fg/ },
  { nav: "Models", heading: /^Models$/ },
  { nav: "Version DAG", heading: /^Version DAG( · favpush)?$/ },
  { nav: "Releases", heading: /^Releases$/ },
  { nav: "Approvals", heading: /^Approvals$/ },
  { nav: "Live", heading: /^Live$/ },
  { nav: "Trial scoring", heading: /^Trial scoring$/ },
  { nav: "Audit log", heading: /^Audit log$/ },
  { nav: "Admin", heading: /^Admin$/ },
];

for (const role of ["viewer", "editor", "reviewer", "admin"] as const) {
  test(`${role} signs in and visits every section`, async ({ page }, info) => {
    // Twelve sections, a full-page screenshot of each, beside another spec on two cores.
    test.setTimeout(180_000);
    const person = await signInAs(page, role, info);
    await expect(page.getByTestId("current-user")).toHaveText(`E2E ${role}`);
    await expect(page.getByTestId("current-role")).toHaveText(role);
    const switcher = page.getByLabel("App", { exact: true });
    await expect(switcher.locator("option", { hasText: /^favpush$/ })).toHaveCount(1);
    await switcher.selectOption("favpush");
    await expect(switcher).toHaveValue("favpush");

    const nav = page.getByRole("navigation", { name: "Sections" });
    for (const section of SECTIONS) {
      const link = nav.getByRole("link", { name: section.nav, exact: true });
      if (section.nav === "Admin" && role !== "admin") {
        await expect(link).toHaveCount(0);
        continue;
      }
      await link.click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(section.heading);
      await expect(link).toHaveAttribute("aria-current", "page");
      await page.screenshot({ path: info.outputPath(`${role}-${section.nav.replace(/\W+/g, "-").toLowerCase()}.png`), fullPage: true });
    }
    if (role === "viewer") {
      await page.goto("/sign-out");
      await page.getByRole("form", { name: "Sign out" }).getByRole("button", { name: "Sign out" }).click();
    } else {
      await page.getByRole("button", { name: "Sign out" }).click();
    }
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/apps");
    await expect(page).toHaveURL(/\/sign-in/);
    expect(person.email).toContain(role);
  });
}

test("the console is usable at 1920 px wide", async ({ page }, info) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await signInAs(page, "admin", info);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "People" })).toBeVisible();
  await page.screenshot({ path: info.outputPath("admin-1920.png"), fullPage: true });
});
