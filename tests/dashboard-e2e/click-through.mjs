// Opens the dashboard in Debian's Chromium, clicks each tuning job in the list and reports what the page shows.
// usage: node click-through.mjs URL TOKEN SCREENSHOT   (the token is typed into the page); prints one JSON object.
import { launch, signIn } from "./browser.mjs";

const [url, token, screenshot] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on("pageerror", e => errors.push(e.message));
  await signIn(page, url, token);
  await page.waitForSelector("nav a.job");
  const jobs = await page.locator("nav a.job .name").allTextContents();
  const shown = {};
  for (const job of jobs) {
    await page.locator("nav a.job", { has: page.locator(".name", { hasText: new RegExp(`^${job}$`) }) }).click();
    await page.waitForFunction(name => document.body.dataset.loaded === name, job);
    await page.waitForSelector("#importance[data-loaded]");
    shown[job] = {
      address: page.url(),
      title: await page.locator("#title").textContent(),
      best: await page.locator("#best").textContent(),
      rows: await page.locator("tr.trial-row").count(),
      points: await page.locator("#history circle.point").count(),
      lines: await page.locator("#parallel polyline.trial-line").count(),
      bars: await page.locator("#importance rect.bar").count(),
      curves: await page.locator("#curves .curve").count(),
      historyXTicks: await page.locator("#history text.x-tick").allTextContents(),
      historyYTicks: await page.locator("#history text.y-tick").allTextContents(),
      parallelAxes: await page.locator("#parallel g.pc-axis").count(),
      parallelTicks: await page.locator("#parallel g.pc-axis").evaluateAll(axes =>
        Object.fromEntries(axes.map(a => [a.dataset.axis, [...a.querySelectorAll("text.pc-tick")].map(t => t.textContent)]))),
      curvesNote: await page.locator("#curves text.empty").allTextContents(),
      selected: await page.locator("nav a.job.selected .name").textContent(),
    };
  }
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ jobs, shown, errors }));
} finally {
  await browser.close();
}
