// Community stories through the real tend-server, as people use them in separate browsers (contexts): an author
// shares a story, a moderator (signed in with the link `tend-server moderator add` printed) publishes it with a
// passage removed, a reader finds it, says it helped and reads it again offline; a declined story shows its
// reason to its author; three readers' reports hide a story.
import { test, expect } from "@playwright/test";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serverCommand } from "../../scripts/server.mjs";
import { expectAccessible, shots, sidewaysOverflow } from "./helpers.mjs";
import { openApp } from "./pages/app.mjs";
import { CommunityStories, ModerationPage, ShareStoryPage } from "./pages/learn.mjs";

// A server of their own: community stories are plaintext by design, and the sync tests check that the shared
// server's database holds no words of a person's records.
const port = Number(process.env.TEND_E2E_PORT || 4173) + 1;
const baseURL = `http://127.0.0.1:${port}`;
const data = mkdtempSync(join(tmpdir(), "tend-community-data-"));
let server;

test.beforeAll(async () => {
  const [binary, args] = serverCommand("dist", port, data);
  server = spawn(binary, args, { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((resolve, reject) => {
    server.stdout.once("data", resolve);
    server.once("exit", (code) => reject(new Error(`tend-server exited with ${code} before it listened`)));
  });
});

test.afterAll(() => server?.kill());

/** A moderator made on the server's command line, as its administrator would: the printed sign-in link. */
function moderatorLink(name) {
  const binary = join(process.env.CARGO_TARGET_DIR || "target", "release", "tend-server");
  const printed = execFileSync(binary, ["moderator", "add", name, "--data-dir", data, "--url", baseURL]).toString();
  const link = printed.match(/https?:\/\/\S+\/moderate#signin=\S+/);
  expect(link, printed).not.toBeNull();
  return link[0];
}

async function person(browser) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  return { context, page, problems: await openApp(page, "/stories") };
}

/** What the page reported as errors, but the browser's own lines about requests that failed, which going
 * offline is meant to cause. */
function appProblems(who) {
  return who.problems.filter((p) => !/Failed to load resource|net::ERR_/.test(p));
}

async function narrow(page, name) {
  await expectAccessible(page, name);
  await page.setViewportSize({ width: 320, height: 740 });
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${shots}/${name}-320.png`, fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
}

const SHARED =
  "The first month on my inhaler was hard. My neighbour on the corner reminded me every evening, " +
  'and now it is part of brushing my teeth. <img src=x onerror="window.pwned=1"> stays text.';
const DECLINED = "Some evenings I forgot my tablets, so I kept them beside the kettle and it worked for me.";

test("a shared story is reviewed, published with a passage removed, read by another person also offline, and a declined one tells its author why", async ({ browser }) => {
  test.setTimeout(120_000);
  const author = await person(browser);
  const share = new ShareStoryPage(author.page);
  await share.open();
  await share.write(SHARED, ["Asthma"]);
  await expect(share.preview).toBeVisible();
  await expect(author.page.getByText("About: Asthma")).toBeVisible();
  await narrow(author.page, "share-story-preview");
  await share.send();
  await expect(share.entry("My neighbour")).toContainText("Waiting for review");
  await share.write(DECLINED, ["High blood pressure"]);
  await share.send();
  await narrow(author.page, "share-story-sent");

  const moderator = { context: await browser.newContext({ baseURL }) };
  moderator.page = await moderator.context.newPage();
  const moderation = new ModerationPage(moderator.page);
  await moderation.signIn(moderatorLink("Mo"));
  await expect(moderation.story("My neighbour")).toBeVisible();
  await narrow(moderator.page, "moderation");
  await moderation.publish("My neighbour", { remove: ["My neighbour on the corner"] });
  await moderation.decline("beside the kettle", "It reads as advice: please tell what it was like for you.");
  await expect(moderation.log).toContainText("Mo: published (passages removed: 1)");
  await expect(moderation.log).toContainText("Mo: declined");

  // Another person, in their own browser, finds it among the community's stories, with the passage removed and
  // the markup as text.
  const reader = await person(browser);
  const community = new CommunityStories(reader.page);
  const story = community.story("[removed] reminded me every evening");
  await expect(story).toBeVisible();
  await expect(story).toContainText("Shared by a member of the community · Asthma");
  await expect(story).toContainText('<img src=x onerror="window.pwned=1"> stays text.');
  await expect(reader.page.getByRole("main").getByRole("img")).toHaveCount(0);
  expect(await reader.page.evaluate(() => window.pwned)).toBeUndefined();
  await expect(community.story("beside the kettle")).toHaveCount(0);
  await expect(reader.page.getByText("Illustrative story written by Tend").first()).toBeVisible();
  const helped = story.getByRole("button", { name: "This helped me" });
  await helped.click();
  await expect(helped).toHaveAttribute("aria-pressed", "true");
  await expect(story).toContainText("Found helpful: 1");
  await narrow(reader.page, "stories-community");

  // Offline only once the service worker has precached the app (it installs while the test reads; a busy machine
  // can be slower than the test).
  await reader.page.evaluate(() => navigator.serviceWorker.ready);
  await reader.context.setOffline(true);
  await reader.page.reload();
  await expect(community.region).toContainText("this device kept");
  await expect(community.story("[removed] reminded me every evening")).toBeVisible();
  await reader.context.setOffline(false);

  await author.page.reload();
  await expect(share.entry("[removed]")).toContainText("Published");
  const declined = share.entry("beside the kettle");
  await expect(declined).toContainText("Not published");
  await expect(declined).toContainText("Why: It reads as advice: please tell what it was like for you.");
  await declined.getByRole("button", { name: "Withdraw" }).click();
  await declined.getByRole("button", { name: "Withdraw it" }).click();
  await expect(share.mine.getByRole("listitem").filter({ hasText: "Withdrawn" })).toBeVisible();

  for (const who of [author, reader]) expect(appProblems(who)).toEqual([]);
  for (const who of [author, moderator, reader]) await who.context.close();
});

test("three readers' reports hide a published story until a moderator looks again", async ({ browser }) => {
  test.setTimeout(120_000);
  const text = "Living with COPD taught me to plan my walks, and the bench halfway up the hill is my friend.";
  const author = await person(browser);
  const share = new ShareStoryPage(author.page);
  await share.open();
  await share.write(text, ["COPD"]);
  await share.send();
  const moderator = { context: await browser.newContext({ baseURL }) };
  moderator.page = await moderator.context.newPage();
  const moderation = new ModerationPage(moderator.page);
  await moderation.signIn(moderatorLink("Ray"));
  await moderation.publish("the bench halfway");

  const readers = [];
  for (const reason of ["It promotes a product or service", "It is harmful or unkind", "Something else"]) {
    const reader = await person(browser);
    const community = new CommunityStories(reader.page);
    await expect(community.story("the bench halfway")).toBeVisible();
    await community.report("the bench halfway", reason);
    readers.push(reader);
  }
  await readers[0].page.reload();
  await expect(new CommunityStories(readers[0].page).region).toBeVisible();
  await expect(new CommunityStories(readers[0].page).story("the bench halfway")).toHaveCount(0);

  await moderator.page.reload();
  await moderation.show("Hidden after readers' reports");
  const hidden = moderation.story("the bench halfway");
  await expect(hidden).toContainText("promotion");
  await expect(moderation.log).toContainText("hidden by readers' reports (reports: 3)");
  for (const who of [author, ...readers]) await who.context.close();
  await moderator.context.close();
});
