// The dashboard while a study runs: trials told through the ask/tell API (by this script, between looks at the page)
// appear in the table and charts without a reload; a study created meanwhile appears in the job list; every view has
// an address that survives a reload, and the token is asked once and never put in the address.
// usage: node live.mjs URL TOKEN SCREENSHOT_DIR; prints one JSON object.
import { launch, signIn } from "./browser.mjs";

const [url, token, shots] = process.argv.slice(2);
const call = (path, body) => fetch(url.replace(/\/$/, "") + "/api" + path, {
  method: "POST", headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" }, body: JSON.stringify(body ?? {}),
}).then(async r => { if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`); return r.json(); });
const space = [{ type: "continuous", name: "lr", minValue: 0.0001, maxValue: 1, scalingType: "Logarithmic" },
               { type: "categorical", name: "opt", values: ["sgd", "adam", "rmsprop"] }];

const browser = await launch();
try {
  await call("/studies", { name: "live", strategy: "Random", space });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on("pageerror", e => errors.push(e.message));
  await signIn(page, url + "#/tuning-jobs/live", token);
  await page.waitForFunction(() => document.body.dataset.loaded === "live");
  await page.evaluate(() => { window.notReloaded = true; });
  const before = { rows: await page.locator("tr.trial-row").count(), jobs: await page.locator("nav a.job").count() };

  const count = (selector, n) => page.waitForFunction(([s, n]) => document.querySelectorAll(s).length === n, [selector, n], { timeout: 15000 });
  for (let i = 0; i < 3; i++) {
    const trial = await call("/studies/live/ask");
    await call(`/studies/live/trials/${trial.id}/report`, { step: 1, value: 10 / (i + 1) });
    await call(`/studies/live/trials/${trial.id}/report`, { step: 2, value: 5 / (i + 1) });
    await call(`/studies/live/trials/${trial.id}/tell`, { value: 5 / (i + 1) });
  }
  await count("tr.trial-row", 3);
  await count("#history circle.point", 3);
  // A trial pruned after one reported step: drawn as a point in the intermediate values, distinguishable from the rest.
  const pruned = await call("/studies/live/ask");
  await call(`/studies/live/trials/${pruned.id}/report`, { step: 1, value: 40 });
  await call(`/studies/live/trials/${pruned.id}/tell`, { state: "Pruned", reason: "pruned at step 1" });
  await count("#curves circle.curve-point.state-Pruned", 1);
  await count("tr.trial-row", 4);
  const during = {
    rows: await page.locator("tr.trial-row").count(),
    historyPoints: await page.locator("#history circle.point").count(),
    completedCurves: await page.locator("#curves polyline.curve.state-Completed").count(),
    prunedPoints: await page.locator("#curves circle.curve-point.state-Pruned").count(),
    prunedTip: await page.locator("#curves circle.curve-point.state-Pruned").hover().then(() => page.locator("#tooltip").textContent()),
    title: await page.locator("#title").textContent(),
  };
  await call("/studies", { name: "later", strategy: "Random", space });
  await count("nav a.job", 2);
  const afterCreate = { jobs: await page.locator("nav a.job .name").allTextContents(), notReloaded: await page.evaluate(() => window.notReloaded === true) };
  await page.screenshot({ path: `${shots}/live.png`, fullPage: true });

  await page.reload();
  await page.waitForFunction(() => document.body.dataset.loaded === "live");
  const reloaded = {
    asked: await page.locator("#signin").isVisible(), title: await page.locator("#title").textContent(),
    rows: await page.locator("tr.trial-row").count(), address: page.url(),
    selected: await page.locator("nav a.job.selected .name").textContent(),
  };
  await page.locator("tr.trial-row a", { hasText: /^0$/ }).click();
  await page.waitForFunction(() => document.body.dataset.loaded === "live/trials/0");
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.loaded === "live/trials/0");
  const trialPage = { address: page.url(), title: await page.locator("#title").textContent(), asked: await page.locator("#signin").isVisible(),
    params: await page.locator(".summary dt").allTextContents() };
  await page.goBack();
  await page.waitForFunction(() => document.body.dataset.loaded === "live");
  const back = { address: page.url(), title: await page.locator("#title").textContent() };
  const stored = await page.evaluate(() => ({ session: sessionStorage.getItem("caviar-token"), local: localStorage.getItem("caviar-token") }));
  console.log(JSON.stringify({ before, during, afterCreate, reloaded, trialPage, back, stored, errors }));
} finally {
  await browser.close();
}
