// Five years of history for 12 medicines (about 49,000 dose events), made by `tend generate` up to the start of
// today, so today's doses are still to take at whatever time a benchmark runs. Shared by the browser benchmarks.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes the backup into `dir`; answers its path and its text. */
export function fiveYears(dir) {
  const startOfToday = `${new Date().toISOString().slice(0, 10)}T00:00:00Z`;
  const text = execFileSync(
    "cargo",
    ["run", "--release", "-q", "-p", "tend-cli", "--", "generate", "--medicines", "12", "--days", "1826", "--tz", "Europe/London", "--now", startOfToday],
    { maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "inherit"] },
  );
  const path = join(dir, "five-years.json");
  writeFileSync(path, text);
  return { path, text };
}
