// Where the dashboard keeps the API token: typed in, kept in the tab's sessionStorage only, never in localStorage or
// the address; a token in an old #token= link is removed from the address and not used; a wrong one is refused.
// usage: node token-handling.mjs URL TOKEN; prints one JSON object.
import { launch, signIn } from "./browser.mjs";

const [url, token] = process.argv.slice(2);
const browser = await launch();
const stored = page => page.evaluate(() => ({
  session: sessionStorage.getItem("caviar-token"), local: localStorage.getItem("caviar-token"), address: location.href,
}));
const asked = page => page.locator("#signin").isVisible();

try {
  const context = await browser.newContext();
  const page = await context.newPage();

  await page.goto(`${url}#token=${token}`);
  await page.waitForSelector("#signin:not([hidden])");
  const fromLink = { asked: await asked(page), buttons: await page.locator("nav a.job").count(), ...await stored(page) };

  await signIn(page, url, "wrong-token");
  await page.waitForSelector("#signin:not([hidden])");
  const wrong = { asked: await asked(page), refusal: await page.locator("#signin-error").textContent(), ...await stored(page) };

  await page.evaluate(() => localStorage.setItem("caviar-token", "left by an older dashboard"));
  await signIn(page, url, token);
  await page.waitForSelector("nav a.job");
  const right = { asked: await asked(page), buttons: await page.locator("nav a.job").count(), ...await stored(page) };

  await page.reload();
  await page.waitForSelector("nav a.job");
  const reloaded = { asked: await asked(page), ...await stored(page) };

  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto(url);
  await fresh.waitForSelector("#signin:not([hidden])");
  const newSession = { asked: await asked(fresh), ...await stored(fresh) };

  console.log(JSON.stringify({ fromLink, wrong, right, reloaded, newSession }));
} finally {
  await browser.close();
}
