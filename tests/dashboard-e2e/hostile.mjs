// Opens the dashboard on a store holding hostile strings (markup with script in study names, parameter names,
// categorical values and failure reasons), clicks every job and reports whether any script ran and what text shows.
// It runs twice: as served (with the Content-Security-Policy) and with the policy bypassed, which shows the page
// itself renders stored strings as text and does not lean on the policy alone.
// usage: node hostile.mjs URL TOKEN; prints one JSON object.
import { launch, signIn } from "./browser.mjs";

const [url, token] = process.argv.slice(2);
const browser = await launch();

async function visit(bypassCSP) {
  const context = await browser.newContext({ bypassCSP });
  const page = await context.newPage();
  const dialogs = [];
  page.on("dialog", dialog => { dialogs.push(dialog.message()); dialog.dismiss().catch(() => {}); });
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener("securitypolicyviolation", e => window.violations.push(e.violatedDirective));
  });
  await signIn(page, url, token);
  await page.waitForSelector("nav a.job");
  const jobs = await page.locator("nav a.job .name").allTextContents();
  const shown = {};
  for (const [index, job] of jobs.entries()) {
    await page.evaluate(() => { delete document.body.dataset.loaded; });
    await page.locator("nav a.job").nth(index).click();
    await page.waitForFunction(name => document.body.dataset.loaded === name, job);
    await page.waitForTimeout(300);   // time for an injected image's error handler to fire
    shown[job] = {
      title: await page.locator("#title").textContent(),
      headers: await page.locator("#trials th").allTextContents(),
      cells: await page.locator("#trials td").allTextContents(),
      chartTexts: await page.locator("svg text").allTextContents(),
      injected: await page.locator("main img, nav img, main script, nav script, [onerror], [onload]").count(),
    };
  }
  // An inline script added now: the policy must stop it (unless bypassed).
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.inlineRan = true";
    document.body.appendChild(script);
  });
  await page.waitForTimeout(200);
  const result = {
    jobs, shown, dialogs,
    pwned: await page.evaluate(() => window.pwned ?? null),
    inlineRan: await page.evaluate(() => window.inlineRan ?? false),
    violations: await page.evaluate(() => window.violations),
  };
  await context.close();
  return result;
}

try {
  console.log(JSON.stringify({ enforced: await visit(false), bypassed: await visit(true) }));
} finally {
  await browser.close();
}
