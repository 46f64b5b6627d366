// Shared by the scripts here: Debian's Chromium under Playwright, and signing in to the dashboard the way a user does.
import { chromium } from "playwright-core";

export async function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
}

// Opens the dashboard at url and types the token into its form.
export async function signIn(page, url, token) {
  await page.goto(url);
  await page.locator("#token").fill(token);
  await page.locator("#signin button[type=submit]").click();
}
