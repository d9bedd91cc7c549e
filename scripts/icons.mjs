// Renders the app icons (PNG) from our own SVG artwork with Debian's Chromium, and takes the install-screen
// screenshots from the built app. Run by hand after changing the artwork or the Today screen; the outputs are
// committed. Usage: node scripts/icons.mjs   (with the app served: target/release/tend-server --listen 127.0.0.1:4180)
import { chromium } from "@playwright/test";
import { readFileSync } from "node:fs";

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless=new", "--no-sandbox"] });
const svg = (file) => `data:image/svg+xml;base64,${readFileSync(file).toString("base64")}`;
const renders = [
  ["public/icon.svg", 192, "public/icons/icon-192.png"],
  ["public/icon.svg", 512, "public/icons/icon-512.png"],
  ["public/icons/maskable.svg", 512, "public/icons/maskable-512.png"],
  ["public/icons/maskable.svg", 180, "public/icons/apple-touch-icon.png"],
];
for (const [source, size, out] of renders) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<style>html,body{margin:0;background:transparent}</style><img src="${svg(source)}" width="${size}" height="${size}">`);
  await page.screenshot({ path: out, omitBackground: true });
  await page.close();
}
const base = process.env.TEND_URL || "http://127.0.0.1:4180";
for (const [width, height, out] of [[360, 740, "public/screenshots/today-narrow.png"], [1280, 800, "public/screenshots/today-wide.png"]]) {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(`${base}/`);
  await page.getByRole("button", { name: /example/i }).click();
  await page.locator(".dose").first().waitFor();
  await page.screenshot({ path: out });
  await page.close();
}
await browser.close();
console.log("icons and screenshots written");
