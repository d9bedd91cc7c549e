// Learn and Stories as a person uses them: their conditions first, search, reading offline, the suggested
// article following what happened, and the story form holding back what must not be shared.
import { test, expect } from "@playwright/test";
import { expectAccessible } from "./helpers.mjs";
import { openApp } from "./pages/app.mjs";
import { TodayPage } from "./pages/today.mjs";
import { MedicineForm } from "./pages/medicines.mjs";
import { ArticlePage, LearnPage, ShareStoryPage, StoriesPage } from "./pages/learn.mjs";

test("choosing conditions puts them first in Learn, and search finds words in article bodies", async ({ page }) => {
  const problems = await openApp(page);
  const learn = new LearnPage(page);
  await learn.open();
  await expect(learn.firstSectionHeading).toHaveText("For everyone");
  await learn.setCondition("Asthma", true);
  await expect(learn.firstSectionHeading).toHaveText("Asthma");
  await expect(learn.sections.first()).toContainText("For your conditions");
  await learn.setCondition("Asthma", false);
  await learn.setCondition("COPD", true);
  await expect(learn.firstSectionHeading).toHaveText("COPD");
  await expectAccessible(page, "learn");

  await learn.search.fill("grapefruit");
  await expect(page.getByRole("link", { name: "How cholesterol medicines work" })).toBeVisible();
  await expect(learn.results).toHaveText(/Results: 1/);
  await learn.search.fill("grapefr statins");
  await expect(page.getByRole("link", { name: "How cholesterol medicines work" })).toBeVisible();
  expect(problems).toEqual([]);
});

test("a medicine's condition also puts it first", async ({ page }) => {
  await openApp(page);
  const form = new MedicineForm(page);
  await form.open();
  await form.fill({ name: "Preventer inhaler", condition: "asthma" });
  await form.saveAndReturn();
  const learn = new LearnPage(page);
  await learn.open();
  await expect(learn.firstSectionHeading).toHaveText("Asthma");
});

test("an article opens offline after one visit, with its sources and reviewed date", async ({ page, context }) => {
  await openApp(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.goto("/learn/asthma-why-adherence");
  const { article, title } = new ArticlePage(page);
  await expect(title).toHaveText("Why your asthma medicines matter every day");
  await expect(article.getByRole("heading", { name: "Sources" })).toBeVisible();
  await expect(article.getByRole("link", { name: "Asthma (MedlinePlus)" })).toHaveAttribute("href", "https://medlineplus.gov/asthma.html");
  await expect(article).toContainText("Reviewed");
  await expect(article).toContainText("not medical advice");
  await expectAccessible(page, "article");

  await context.setOffline(true);
  await page.reload();
  await expect(title).toHaveText("Why your asthma medicines matter every day");
  await expect(article).toContainText("toothbrush");
  // Marked as read in the library.
  await page.getByRole("link", { name: "Back to Learn" }).click();
  const learn = new LearnPage(page);
  await expect(learn.section("Asthma").getByRole("listitem").filter({ hasText: "Why your asthma medicines matter" })).toContainText("Read");
  await context.setOffline(false);
});

test("depression articles show where to get urgent help", async ({ page }) => {
  await openApp(page, "/learn/depression-why-adherence");
  await expect(page.getByRole("complementary", { name: "If you need help now" })).toContainText("988");
});

test("the suggested article changes after two missed doses", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-10T07:00:00") });
  await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  const card = today.suggestion;
  await expect(card).toContainText("Starting a new medicine");
  await expect(card).toContainText("You recently started");
  // A day and a half later nothing was logged: yesterday's doses are missed.
  await page.clock.fastForward("36:00:00");
  await expect(card).toContainText("Ways to remember your doses", { timeout: 15_000 });
  await expect(card).toContainText("Doses missed in the last seven days");
  await card.getByRole("link", { name: "Ways to remember your doses" }).click();
  await expect(new ArticlePage(page).title).toHaveText("Ways to remember your doses");
});

test("stories: labelled composites, 'this helped me' kept, and the share form holds back contact details", async ({ page }) => {
  const problems = await openApp(page, "/stories");
  const stories = new StoriesPage(page);
  await expect(stories.section("Asthma").getByRole("listitem").first()).toBeVisible();
  await expectAccessible(page, "stories");
  await stories.section("Asthma").getByRole("link").first().click();
  await expect(new ArticlePage(page).article).toContainText("illustrative composite");
  const helped = page.getByRole("button", { name: "This helped me" });
  await helped.click();
  await expect(helped).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  await expect(page.getByRole("button", { name: "This helped me" })).toHaveAttribute("aria-pressed", "true");

  const share = new ShareStoryPage(page);
  await share.open();
  await share.story.fill("It was hard at first. Call me on 555-123-4567 if you want to talk.");
  await share.check();
  await expect(share.heldBack).toContainText("cannot be shared yet");
  await expect(share.heldBack).toContainText("a phone number: “555-123-4567”");
  await expectAccessible(page, "share-story");

  // Markup typed into a story stays text: the preview shows it as typed, and nothing in it runs or loads.
  const markup = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script> it got easier.';
  await share.write(markup, ["Asthma"]);
  await expect(share.preview).toBeVisible();
  await expect(page.getByRole("main").getByText(markup, { exact: true })).toBeVisible();
  await expect(page.getByRole("img")).toHaveCount(0);
  expect(await page.evaluate(() => window.pwned)).toBeUndefined();
  expect(problems).toEqual([]);
});
