// End-to-end tests drive the release build in Debian's Chromium (never a downloaded browser).
import { defineConfig } from "@playwright/test";
import { serverCommand } from "./scripts/server.mjs";

const port = Number(process.env.TEND_E2E_PORT || 4173);

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
    command: serverCommand("dist", port).flat().join(" "),
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 20_000,
  },
});
