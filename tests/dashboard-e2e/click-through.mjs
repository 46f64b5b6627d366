// Opens the dashboard in Debian's Chromium, clicks each tuning job in the list and reports what the page shows.
// usage: node click-through.mjs URL TOKEN SCREENSHOT   (the token is typed into the page); prints one JSON object.
import { launch, signIn } from "./browser.mjs";

const [url, token, screenshot] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, url, token);
  await page.waitForSelector("nav button");
  const jobs = await page.locator("nav button").allTextContents();
  const shown = {};
  for (const job of jobs) {
    await page.getByRole("button", { name: job, exact: true }).click();
    await page.waitForFunction(name => document.body.dataset.loaded === name, job);
    shown[job] = {
      title: await page.locator("#title").textContent(),
      best: await page.locator("#best").textContent(),
      rows: await page.locator("tr.trial-row").count(),
      points: await page.locator("#history circle.point").count(),
      lines: await page.locator("#parallel polyline.trial-line").count(),
      bars: await page.locator("#importance rect.bar").count(),
      curves: await page.locator("#curves polyline.curve").count(),
      historyTicks: await page.locator("#history text.tick").allTextContents(),
      parallelAxes: await page.locator("#parallel line").count(),
      curvesNote: await page.locator("#curves text.empty").allTextContents(),
      selected: await page.locator("nav button.selected").textContent(),
    };
  }
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ jobs, shown }));
} finally {
  await browser.close();
}
