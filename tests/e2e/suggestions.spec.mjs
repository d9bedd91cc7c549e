// Suggestions from a planted history: five weeks of the 8 AM pill taken around 9:35 in Madrid. History says so
// with the figures, one tap moves the reminder (past doses keep their time), a streak is celebrated, and a
// dismissed suggestion stays dismissed after a reload. axe light and dark; 320 px.
import { test, expect } from "@playwright/test";
import { expectAccessible, shots, sidewaysOverflow } from "./helpers.mjs";
import { goTo, openApp } from "./pages/app.mjs";
import { SettingsPage } from "./pages/settings.mjs";

test.use({ timezoneId: "Europe/Madrid" });

const PERSON = "00000000-0000-0000-0000-000000000001";
const PILL = "00000000-0000-0000-0000-00000000000a";
const SCHEDULE = "00000000-0000-0000-0000-0000000003f2";
const meta = (id) => ({ id, profile_id: PERSON, stamp: { wall_ms: 0, counter: 0, node: 0 }, deleted: false });
const uuid = (n) => `00000000-0000-0000-0000-${n.toString(16).padStart(12, "0")}`;

/** The 8 AM dose (Madrid, UTC+1 all through these weeks) taken at 9:35 every day from 15 November to 20 December. */
function plantedBackup() {
  const events = [];
  for (let day = new Date("2026-11-15T00:00:00Z"); day <= new Date("2026-12-20T00:00:00Z"); day.setUTCDate(day.getUTCDate() + 1)) {
    const date = day.toISOString().slice(0, 10);
    const at = `${date}T08:35:00Z`;
    events.push({
      ...meta(uuid(0x1000 + events.length)),
      stamp: { wall_ms: Date.parse(at), counter: 0, node: 0 },
      medication_id: PILL,
      occurrence: { schedule_id: SCHEDULE, slot: `${date}T08:00:00` },
      action: { kind: "taken", at, amount: 1.0 },
      recorded_at: at,
      zone: "Europe/Madrid",
      supersedes: null,
    });
  }
  return {
    format: "tend-backup",
    version: 2,
    exported_at: "2026-12-20T09:00:00Z",
    profiles: [{ ...meta(PERSON), name: "Ana", colour: "#1f6f5c", conditions: [], rules: { on_time_minutes: 60, missed_cutoff: { kind: "next_dose" } }, quiet_hours: null }],
    medications: [{
      ...meta(PILL), name: "Morning pill", strength: "", form: "tablet", unit: "tablet", instructions: "", conditions: [],
      colour: "#1f6f5c", pauses: [], ended_at: null, zone_policy: { kind: "follow_local" }, stock: null, repeat: { every_minutes: 0, times: 0 },
    }],
    schedules: [{
      ...meta(SCHEDULE), medication_id: PILL, pattern: { daily: { times: [{ time: "08:00:00", amount: 1.0 }] } },
      start: "2026-11-15", end: { kind: "never" }, taper: [],
    }],
    dose_events: events,
    zone_changes: [], goals: [], check_ins: [], measurements: [], refills: [],
  };
}

test("a reminder usually taken late is suggested at the time it is taken, and one tap moves it", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-12-20T10:00:00+01:00") });
  const problems = await openApp(page);
  const settings = new SettingsPage(page);
  await settings.open();
  await settings.importAndWait({ name: "planted.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(plantedBackup())) });

  await goTo(page, "History");
  const suggestions = page.getByRole("region", { name: "Suggestions" });
  await expect(suggestions).toContainText("never how much you take");
  const move = suggestions.getByRole("listitem").filter({ hasText: "Morning pill" });
  await expect(move).toContainText(/Morning pill: you usually take the 8:00\sAM dose around 9:30\sAM \(28 of the last 28 times\)/);
  const streak = suggestions.getByRole("listitem").filter({ hasText: "in a row" });
  await expect(streak).toHaveText(/30 days in a row with every dose taken\. Well done!/);

  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectAccessible(page, `suggestions-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await suggestions.screenshot({ path: `${shots}/suggestions-320.png` });

  // One tap moves the reminder; the suggestion goes, and the medicine now says 9:30.
  await move.getByRole("button", { name: /^Remind me at 9:30\sAM$/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reminder moved." })).toBeVisible();
  await expect(move).toHaveCount(0);
  await goTo(page, "Medicines");
  await expect(page.getByRole("listitem").filter({ hasText: "Morning pill" })).toContainText(/Every day at 9:30\sAM/);

  // Dismissed for good: gone after a reload, and with nothing left to suggest, the section goes too.
  await goTo(page, "History");
  await streak.getByRole("button", { name: "Don't suggest this again" }).click();
  await expect(suggestions).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "History" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Taken as prescribed" })).toBeVisible();
  await expect(suggestions).toHaveCount(0);
  expect(problems).toEqual([]);
});
