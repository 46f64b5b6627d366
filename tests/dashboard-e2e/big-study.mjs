// A study of 10,000 trials: how long the page takes from navigation to every chart and the table drawn, and how long
// sorting and filtering the table then take (measured in the browser). Besides wall time, the CPU time all of
// Chromium's processes spent opening the study from the start page (DevTools' SystemInfo.getProcessInfo): on a
// machine shared with other work, wall time says more about the neighbours than about the page.
// usage: node big-study.mjs URL TOKEN JOB TRIALS SCREENSHOT; prints one JSON object.
import { launch, signIn } from "./browser.mjs";

const [url, token, job, trials, screenshot] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on("pageerror", e => errors.push(e.message));
  await signIn(page, url, token);
  await page.waitForFunction(() => document.body.dataset.loaded === "home");
  const cdp = await browser.newBrowserCDPSession();
  const cpu = async () => (await cdp.send("SystemInfo.getProcessInfo")).processInfo.reduce((sum, p) => sum + p.cpuTime, 0);
  const opened = [];
  for (let i = 0; i < 2; i++) {   // from the start page to the study, in the page (no reload): the second time is warm
    await page.goto(url + "#/");
    await page.waitForFunction(() => document.body.dataset.loaded === "home");
    const [cpuBefore, started] = [await cpu(), Date.now()];
    await page.goto(url + "#/tuning-jobs/" + job);
    await page.waitForFunction(([name, n]) => document.body.dataset.loaded === name && document.body.dataset.trials === n, [job, trials], { timeout: 60000 });
    opened.push({ wallMs: Date.now() - started, browserCpuMs: Math.round((await cpu() - cpuBefore) * 1000) });
  }
  const loads = [];
  for (let i = 0; i < 2; i++) {   // the first load also compiles the page's scripts; both are reported
    const started = Date.now();
    await page.goto(url + "#/tuning-jobs/" + job);
    await page.reload();
    await page.waitForFunction(([name, n]) => document.body.dataset.loaded === name && document.body.dataset.trials === n, [job, trials], { timeout: 60000 });
    await page.waitForFunction(() => document.body.dataset.paintedMs);
    loads.push({ wallMs: Date.now() - started, drawnMs: Number(await page.evaluate(() => document.body.dataset.drawnMs)),
      paintedMs: Number(await page.evaluate(() => document.body.dataset.paintedMs)) });
  }
  // Where the last load's time went: the page's own measures (timing.js), summed by name.
  const measures = () => page.evaluate(() => {
    const sums = {};
    for (const m of performance.getEntriesByType("measure").filter(m => m.name.startsWith("caviar:"))) {
      const name = m.name.slice(7);
      sums[name] = Math.round((sums[name] ?? 0) + m.duration);
    }
    sums["asked at"] = Math.round(performance.getEntriesByName("caviar:asked")[0]?.startTime ?? -1);
    return sums;
  });
  const breakdown = await measures();
  // Responsiveness after the load: a chart out of sight drawn when scrolled to, and a tooltip shown on hover.
  const scrolled = {};
  for (const id of ["slice", "contour", "edf"]) {
    const started = Date.now();
    await page.locator("#" + id).scrollIntoViewIfNeeded();
    await page.waitForSelector(`#${id} [data-trial], #${id} polyline`);
    scrolled[id] = Date.now() - started;
  }
  const afterScrolling = await measures();
  for (const id of ["slice", "contour", "edf"]) Object.assign(scrolled, { [id + " drawn in"]: afterScrolling["draw " + id], [id + " shown in"]: afterScrolling["shown " + id] });
  await page.evaluate(() => window.scrollTo(0, 0));
  const hoverStarted = Date.now();
  await page.locator("#history circle.point").nth(5000).hover({ force: true });   // points overlap: whichever is on top
  await page.waitForSelector("#tooltip:not([hidden])");
  const tooltipMs = Date.now() - hoverStarted;
  const counts = { points: await page.locator("#history circle.point").count(), lines: await page.locator("#parallel polyline.trial-line").count(),
    rows: await page.locator("tr.trial-row").count(), count: await page.locator("#trial-count").textContent() };
  const timed = async action => {
    const [cpuBefore, started] = [await cpu(), Date.now()];
    await action();
    return { wallMs: Date.now() - started, browserCpuMs: Math.round((await cpu() - cpuBefore) * 1000) };
  };
  const sortMs = await timed(async () => { await page.locator('#trials th[data-key="value"]').click(); await page.waitForSelector('#trials th[data-key="value"][aria-sort="ascending"]'); });
  const filterMs = await timed(async () => {
    await page.locator('#trials input[data-filter="value"]').fill("<1");
    await page.waitForFunction(() => !document.getElementById("trial-count").textContent.startsWith(document.body.dataset.trials + " of"));
  });
  const filtered = await page.locator("#trial-count").textContent();
  await page.screenshot({ path: screenshot });
  console.log(JSON.stringify({ opened, loads, breakdown, scrolled, tooltipMs, counts, sortMs, filterMs, filtered, errors }));
} finally {
  await browser.close();
}
