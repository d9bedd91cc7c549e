// Learn, articles and Stories as a person uses them: the library's sections (the person's conditions first),
// search, an article with its sources, the stories and the share form. Found by role, label and visible text.
import { expect } from "@playwright/test";

export class LearnPage {
  constructor(page) {
    this.page = page;
    this.region = page.getByRole("region", { name: "Learn", exact: true });
    /** The library's sections, one a condition (or "For everyone"), in the order shown. */
    this.sections = this.region.getByRole("region");
    this.firstSectionHeading = this.sections.first().getByRole("heading", { level: 2 });
    this.search = page.getByLabel("Search articles and stories");
    this.results = this.region.getByRole("status");
  }

  /** Opens Learn from the tab bar and waits for its library. */
  async open() {
    await this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Learn" }).click();
    await expect(this.sections.first()).toBeVisible();
  }

  section(name) {
    return this.sections.filter({ has: this.page.getByRole("heading", { level: 2, name, exact: true }) });
  }

  /** Ticks or unticks one of the person's conditions. */
  async setCondition(name, on) {
    const box = this.page.getByRole("checkbox", { name });
    if (!(await box.isVisible())) await this.page.getByText("Choose your conditions").click();
    await box.setChecked(on);
  }
}

/** An article or story page. */
export class ArticlePage {
  constructor(page) {
    this.page = page;
    this.article = page.getByRole("article");
    this.title = this.article.getByRole("heading", { level: 1 });
  }
}

export class StoriesPage {
  constructor(page) {
    this.page = page;
    this.region = page.getByRole("region", { name: "Stories", exact: true });
    this.sections = this.region.getByRole("region");
  }

  section(name) {
    return this.sections.filter({ has: this.page.getByRole("heading", { level: 2, name, exact: true }) });
  }
}

/** The form for sharing a story, what it says back, and the author's own stories. */
export class ShareStoryPage {
  constructor(page) {
    this.page = page;
    this.story = page.getByRole("textbox", { name: "Your story" });
    this.heldBack = page.getByRole("alert");
    this.preview = page.getByRole("heading", { name: "This is exactly what will be published, without your name" });
    this.mine = page.getByRole("region", { name: "Your shared stories" });
  }

  async open() {
    await this.page.goto("/stories/share");
    await expect(this.story).toBeVisible();
  }

  async check() {
    await this.page.getByRole("button", { name: "Check my story" }).click();
  }

  /** Writes a story about `conditions` (their names as shown), gives consent and checks it. */
  async write(text, conditions) {
    for (const condition of conditions) await this.page.getByRole("checkbox", { name: condition, exact: true }).check();
    await this.story.fill(text);
    await this.page.getByRole("checkbox", { name: /I agree/ }).check();
    await this.check();
  }

  /** Sends the checked story for review. */
  async send() {
    await this.page.getByRole("button", { name: "Send for review" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: "Sent for review" })).toBeVisible();
  }

  /** The author's entry for a story, found by words in it. */
  entry(words) {
    return this.mine.getByRole("listitem").filter({ hasText: words });
  }
}

/** The community's stories on the Stories screen. */
export class CommunityStories {
  constructor(page) {
    this.page = page;
    this.region = page.getByRole("region", { name: "From the community" });
    this.stories = this.region.getByRole("article");
  }

  story(words) {
    return this.stories.filter({ hasText: words });
  }

  /** Reports a story with a reason as the form names it. */
  async report(words, reason) {
    const story = this.story(words);
    await story.getByRole("button", { name: "Report" }).click();
    await story.getByLabel("Why are you reporting this story?").selectOption({ label: reason });
    await story.getByRole("button", { name: "Send report" }).click();
    await expect(story.getByRole("status")).toHaveText("Thank you. A moderator will look at this story again.");
  }
}

/** The moderation screen, signed in with a link. */
export class ModerationPage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole("heading", { level: 1, name: "Moderation" });
    this.stories = page.getByRole("main").getByRole("listitem").filter({ has: page.getByRole("article") });
    this.log = page.getByRole("region", { name: "Moderation log" });
  }

  async signIn(link) {
    await this.page.goto(link);
    await expect(this.page.getByText(/^Signed in as /)).toBeVisible();
    expect(this.page.url()).not.toContain("signin=");
  }

  story(words) {
    return this.stories.filter({ hasText: words });
  }

  async show(status) {
    await this.page.getByLabel("Show", { exact: true }).selectOption({ label: status });
  }

  async publish(words, { remove = [] } = {}) {
    const story = this.story(words);
    for (const passage of remove) {
      await story.getByLabel("Passage to remove, exactly as written").fill(passage);
      await story.getByRole("button", { name: "Remove this passage" }).click();
    }
    await story.getByRole("button", { name: "Publish", exact: true }).click();
    await expect(this.page.getByRole("status").filter({ hasText: "Published." })).toBeVisible();
    await expect(story).toHaveCount(0);
  }

  async decline(words, reason) {
    const story = this.story(words);
    await story.getByLabel("Reason the author will see, if you decline").fill(reason);
    await story.getByRole("button", { name: "Decline", exact: true }).click();
    await expect(this.page.getByRole("status").filter({ hasText: "Declined" })).toBeVisible();
    await expect(story).toHaveCount(0);
  }
}
