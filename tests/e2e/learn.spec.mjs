// Learn and Stories as a person uses them: their conditions first, search, reading offline, the suggested
// article following what happened, and the story form holding back what must not be shared.
import { test, expect } from "@playwright/test";
import { openApp, loadExample, expectAccessible } from "./helpers.mjs";

async function openLearn(page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Learn" }).click();
  await expect(page.locator("#screen-host section.condition").first()).toBeVisible();
}

const firstSection = (page) => page.locator("#screen-host section.condition h2").first();

test("choosing conditions puts them first in Learn, and search finds words in article bodies", async ({ page }) => {
  const problems = await openApp(page);
  await openLearn(page);
  await expect(firstSection(page)).toHaveText("For everyone");
  await page.getByText("Choose your conditions").click();
  await page.getByRole("checkbox", { name: "Asthma" }).check();
  await expect(firstSection(page)).toHaveText("Asthma");
  await expect(page.locator("#screen-host section.condition").first()).toContainText("For your conditions");
  await page.getByRole("checkbox", { name: "Asthma" }).uncheck();
  await page.getByRole("checkbox", { name: "COPD" }).check();
  await expect(firstSection(page)).toHaveText("COPD");
  await expectAccessible(page, "learn");

  await page.getByLabel("Search articles and stories").fill("grapefruit");
  await expect(page.getByRole("link", { name: "How cholesterol medicines work" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText(/Results: 1/);
  await page.getByLabel("Search articles and stories").fill("grapefr statins");
  await expect(page.getByRole("link", { name: "How cholesterol medicines work" })).toBeVisible();
  expect(problems).toEqual([]);
});

test("a medicine's condition also puts it first", async ({ page }) => {
  await openApp(page);
  await page.goto("/medicines/new");
  await page.getByLabel("Name", { exact: true }).fill("Preventer inhaler");
  await page.getByLabel("What is it for?").selectOption("asthma");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/medicines$/);
  await openLearn(page);
  await expect(firstSection(page)).toHaveText("Asthma");
});

test("an article opens offline after one visit, with its sources and reviewed date", async ({ page, context }) => {
  await openApp(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.goto("/learn/asthma-why-adherence");
  const article = page.locator("article");
  await expect(article.getByRole("heading", { level: 1 })).toHaveText("Why your asthma medicines matter every day");
  await expect(article.getByRole("heading", { name: "Sources" })).toBeVisible();
  await expect(article.getByRole("link", { name: "Asthma (MedlinePlus)" })).toHaveAttribute("href", "https://medlineplus.gov/asthma.html");
  await expect(article).toContainText("Reviewed");
  await expect(article).toContainText("not medical advice");
  await expectAccessible(page, "article");

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator("article h1")).toHaveText("Why your asthma medicines matter every day");
  await expect(page.locator("article .article-body")).toContainText("toothbrush");
  // Marked as read in the library.
  await page.getByRole("link", { name: "Back to Learn" }).click();
  await expect(page.locator("section.condition", { hasText: "Asthma" }).locator("li", { hasText: "Why your asthma medicines matter" })).toContainText("Read");
  await context.setOffline(false);
});

test("depression articles show where to get urgent help", async ({ page }) => {
  await openApp(page, "/learn/depression-why-adherence");
  await expect(page.getByRole("complementary", { name: "If you need help now" })).toContainText("988");
});

test("the suggested article changes after two missed doses", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-10T07:00:00") });
  await openApp(page);
  await loadExample(page);
  const card = page.locator(".next-article");
  await expect(card).toContainText("Starting a new medicine");
  await expect(card).toContainText("You recently started");
  // A day and a half later nothing was logged: yesterday's doses are missed.
  await page.clock.fastForward("36:00:00");
  await expect(card).toContainText("Ways to remember your doses", { timeout: 15_000 });
  await expect(card).toContainText("Doses missed in the last seven days");
  await card.getByRole("link", { name: "Ways to remember your doses" }).click();
  await expect(page.locator("article h1")).toHaveText("Ways to remember your doses");
});

test("stories: labelled composites, 'this helped me' kept, and the share form holds back contact details", async ({ page }) => {
  const problems = await openApp(page, "/stories");
  await expect(page.locator("section[data-condition] li").first()).toBeVisible();
  await expectAccessible(page, "stories");
  await page.locator("section[data-condition=asthma] a").first().click();
  await expect(page.locator("article .composite")).toContainText("illustrative composite");
  const helped = page.getByRole("button", { name: "This helped me" });
  await helped.click();
  await expect(helped).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  await expect(page.getByRole("button", { name: "This helped me" })).toHaveAttribute("aria-pressed", "true");

  await page.goto("/stories/share");
  await page.getByRole("textbox", { name: "Your story" }).fill("It was hard at first. Call me on 555-123-4567 if you want to talk.");
  await page.getByRole("button", { name: "Check my story" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("cannot be shared yet");
  await expect(alert).toContainText("a phone number: “555-123-4567”");
  await expectAccessible(page, "share-story");

  // Markup typed into a story stays text.
  const markup = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script> it got easier.';
  await page.getByRole("textbox", { name: "Your story" }).fill(markup);
  await page.getByLabel("Condition").selectOption("asthma");
  await page.getByLabel("I agree").check();
  await page.getByRole("button", { name: "Check my story" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sharing needs a Tend server" })).toBeVisible();
  await expect(page.locator(".story-preview")).toHaveText(markup);
  expect(await page.locator(".story-preview img, .story-preview script").count()).toBe(0);
  expect(await page.evaluate(() => window.pwned)).toBeUndefined();
  expect(problems).toEqual([]);
});
