// A training job's page followed live (its log and loss curve grow without a reload), stopped from the page; then
// 2 trials of a study picked in the table and compared side by side, on an address that survives a reload.
// usage: node training-and-compare.mjs URL TOKEN SCREENSHOT_DIR; prints one JSON object.
import { launch, signIn } from "./browser.mjs";

const [url, token, shots] = process.argv.slice(2);
const call = (path, body) => fetch(url.replace(/\/$/, "") + "/api" + path, {
  method: "POST", headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" }, body: JSON.stringify(body ?? {}),
}).then(async r => { if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`); return r.json(); });

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on("pageerror", e => errors.push(e.message));
  await signIn(page, url, token);
  await page.waitForSelector("nav #training-jobs a.job");
  const listed = await page.locator("#training-jobs a.job .name").allTextContents();
  await page.locator("#training-jobs a.job").first().click();
  await page.waitForFunction(() => document.querySelector("pre.log")?.textContent.includes("epoch=1 "));
  await page.evaluate(() => { window.notReloaded = true; });
  const first = { address: page.url(), title: await page.locator("#title").textContent(), log: await page.locator("pre.log").last().textContent() };
  const seen = Math.max(...[...first.log.matchAll(/epoch=(\d+) /g)].map(m => Number(m[1])));
  first.lastEpoch = seen;
  await page.waitForFunction(n => document.querySelector("pre.log")?.textContent.includes(`epoch=${n} `), seen + 2, { timeout: 30000 });
  // The metric is read from the log by the runner, so its file may be a poll behind the log: wait for its points too.
  await page.waitForFunction(n => (document.querySelector("#metric-loss polyline.curve")?.getAttribute("points").split(" ").length ?? 0) >= n,
    seen + 2, { timeout: 30000 });
  const later = { log: await page.locator("pre.log").last().textContent(),
    lossPoints: await page.locator("#metric-loss polyline.curve").getAttribute("points").then(p => p.split(" ").length), metricCharts: await page.locator("svg.metric-chart").count(),
    notReloaded: await page.evaluate(() => window.notReloaded === true), stopShown: await page.locator("#stop").isVisible() };
  // The runner samples the job's processes every 5 s: CPU and memory appear under their own heading, named for people.
  await page.waitForSelector("#system-metrics #metric-rss_mb .curve", { timeout: 30000 });
  later.system = { captions: await page.locator("#system-metrics figcaption").allTextContents(),
    xTitle: await page.locator("#system-metrics #metric-rss_mb text.x-title").textContent(),
    headings: await page.locator("#job h3").allTextContents() };
  await page.screenshot({ path: `${shots}/training.png`, fullPage: true });
  await page.locator("#stop").click();
  await page.waitForFunction(() => document.getElementById("title").textContent.includes("Stopped"), null, { timeout: 30000 });
  const stopped = { title: await page.locator("#title").textContent(), stopShown: await page.locator("#stop").isVisible() };

  await call("/studies", { name: "cmp", strategy: "Random", space: [{ type: "integer", name: "n", minValue: 1, maxValue: 9 }] });
  for (let i = 0; i < 3; i++) {
    const trial = await call("/studies/cmp/ask");
    for (let step = 1; step <= 3; step++) await call(`/studies/cmp/trials/${trial.id}/report`, { step, value: (i + 1) / step });
    await call(`/studies/cmp/trials/${trial.id}/tell`, { value: (i + 1) / 3 });
  }
  await page.goto(url + "#/tuning-jobs/cmp");
  await page.waitForFunction(() => document.body.dataset.loaded === "cmp" && document.querySelectorAll("tr.trial-row").length === 3);
  const compareButton = page.locator("#compare");
  const disabledAlone = await (async () => { await page.locator('tr.trial-row[data-trial="0"] input[type=checkbox]').check(); return compareButton.isDisabled(); })();
  await page.locator('tr.trial-row[data-trial="2"] input[type=checkbox]').check();
  const enabledWithTwo = await compareButton.isEnabled();
  await compareButton.click();
  await page.waitForFunction(() => document.body.dataset.loaded === "cmp/compare" && document.querySelectorAll("#compare-curves .curve").length === 2);
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.loaded === "cmp/compare" && document.querySelectorAll("#compare-curves .curve").length === 2);
  const compared = {
    address: page.url(),
    rows: await page.locator("#compare-table tr").evaluateAll(rows => rows.map(r => [...r.cells].map(c => c.textContent))),
    curves: await page.locator("#compare-curves .curve").count(),
  };
  await page.screenshot({ path: `${shots}/compare.png`, fullPage: true });
  console.log(JSON.stringify({ listed, first, later, stopped, disabledAlone, enabledWithTwo, compared, errors }));
} finally {
  await browser.close();
}
