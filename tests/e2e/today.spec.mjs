// The Today page as a person sees it: the example plan's doses, in time order, readable and accessible.
import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

const shots = "tests/e2e/screenshots";

for (const colorScheme of ["light", "dark"]) {
  test(`Today lists today's doses in time order (${colorScheme})`, async ({ page }) => {
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    await page.emulateMedia({ colorScheme });
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
    await expect(page.getByText("This is an example plan")).toBeVisible();

    const times = await page.locator(".dose-time").allTextContents();
    expect(times.length).toBeGreaterThanOrEqual(2);
    expect([...times].sort()).toEqual(times);
    await expect(page.locator(".dose", { hasText: "Blood pressure tablet" })).toHaveCount(1);
    await expect(page.locator(".dose", { hasText: "Diabetes tablet" })).toHaveCount(2);
    // Every dose says its status in words, not only by colour.
    for (const status of await page.locator(".dose .status").allTextContents()) {
      expect(status).toMatch(/Coming up|Due now|Late|Missed|Taken|Skipped|Snoozed/);
    }
    await expect(page.locator(".summary")).toHaveText(/\d+ of \d+ doses still to take/);

    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await page.screenshot({ path: `${shots}/today-360-${colorScheme}.png`, fullPage: true });
    expect(problems).toEqual([]);
  });
}

test("Today fits 320 px wide without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Today" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${shots}/today-320.png`, fullPage: true });
});

test("the Content-Security-Policy allows the app and nothing inline", async ({ page }) => {
  const violations = [];
  await page.exposeFunction("reportViolation", (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Today" })).toBeVisible();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toContain("unsafe-inline");
  expect(violations).toEqual([]);
});
