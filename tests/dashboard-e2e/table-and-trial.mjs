// The trials table and a trial's page: sorting by a column (click, and Enter on a focused header), filtering by text,
// by comparisons and ranges, the columns shown; then a trial's page with its parameters, metrics, log tail and a file
// downloaded through the page (with the token, never in the address).
// usage: node table-and-trial.mjs URL TOKEN JOB SCREENSHOT_DIR; prints one JSON object.
import { readFile } from "node:fs/promises";
import { launch, signIn } from "./browser.mjs";

const [url, token, job, shots] = process.argv.slice(2);
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", e => errors.push(e.message));
  await signIn(page, `${url}#/tuning-jobs/${job}`, token);
  await page.waitForFunction(name => document.body.dataset.loaded === name, job);
  const column = async key => page.locator("#trials").evaluate((table, key) => {
    const index = [...table.querySelectorAll("thead tr:first-child th")].findIndex(th => th.dataset.key === key);
    return [...table.querySelectorAll("tbody tr")].map(r => r.cells[index].textContent);
  }, key);
  const header = key => page.locator(`#trials th[data-key="${key}"]`);
  const filter = (key, text) => page.locator(`#trials input[data-filter="${key}"]`).fill(text);

  const result = { headers: await page.locator("#trials thead tr:first-child th").allTextContents(), numbers: await column("number") };
  await header("param:width").click();
  result.widthAscending = await column("param:width");
  result.widthSort = await header("param:width").getAttribute("aria-sort");
  await header("param:width").click();
  result.widthDescending = await column("param:width");
  await header("number").focus();
  await page.keyboard.press("Enter");
  result.byKeyboard = { numbers: await column("number"), sort: await header("number").getAttribute("aria-sort") };
  await filter("param:act", "relu");
  result.relu = await column("param:act");
  await filter("param:act", "");
  await filter("param:width", ">=32");
  result.wide = await column("param:width");
  await filter("param:width", "10..40");
  result.middle = await column("param:width");
  await filter("param:width", "");
  await filter("state", "completed");
  result.completed = await column("state");
  await filter("state", "nothing like it");
  result.none = { rows: await page.locator("tr.trial-row").count(), count: await page.locator("#trial-count").textContent() };
  await filter("state", "");
  result.durations = await column("duration");
  result.started = await column("startedAt");

  await page.locator("tr.trial-row a", { hasText: /^1$/ }).click();
  await page.waitForFunction(name => document.body.dataset.loaded === name + "/trials/1", job);
  await page.waitForSelector("#files button.download");
  result.trial = {
    address: page.url(),
    title: await page.locator("#title").textContent(),
    params: await page.locator(".summary dt").allTextContents(),
    log: await page.locator("pre.log").last().textContent(),
    metricCharts: await page.locator("svg.metric-chart").count(),
    metricPoints: await page.locator("svg.metric-chart polyline.curve").count(),
    curve: await page.locator("#trial-curve .curve").count(),
    files: await page.locator("#files button.download").allTextContents(),
  };
  await page.screenshot({ path: `${shots}/trial.png`, fullPage: true });
  const [download] = await Promise.all([page.waitForEvent("download"),
    page.locator("#files button.download", { hasText: "model/model.txt" }).click()]);
  result.download = { name: download.suggestedFilename(), content: await readFile(await download.path(), "utf8"), address: page.url() };
  result.errors = errors;
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
