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

/** The form for sharing a story, and what it says back. */
export class ShareStoryPage {
  constructor(page) {
    this.page = page;
    this.story = page.getByRole("textbox", { name: "Your story" });
    this.heldBack = page.getByRole("alert");
  }

  async open() {
    await this.page.goto("/stories/share");
    await expect(this.story).toBeVisible();
  }

  async check() {
    await this.page.getByRole("button", { name: "Check my story" }).click();
  }
}
