// End-to-end tests drive the release build in Debian's Chromium (never a downloaded browser).
import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serverCommand } from "./scripts/server.mjs";

const port = Number(process.env.TEND_E2E_PORT || 4173);
// The server's data folder, made once here and inherited by the test workers (tests/e2e/sync.spec.mjs reads
// the database the server wrote).
process.env.TEND_E2E_DATA ||= mkdtempSync(join(tmpdir(), "tend-server-data-"));

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "target/e2e-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 360, height: 740 },
    serviceWorkers: "allow",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
      ],
    },
  },
  webServer: {
    // Reminders may go to the test push service on loopback (tests/e2e/push.spec.mjs).
    command: serverCommand("dist", port, process.env.TEND_E2E_DATA, ["--loopback-push"]).flat().join(" "),
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 20_000,
  },
});
