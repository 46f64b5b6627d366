// Starting a job from the dashboard's form (#/new): a bad spec's errors are listed, each next to the line it names
// and marked in the gutter; a good spec starts the job and its page opens.
// usage: node start-job.mjs URL TOKEN BAD_SPEC GOOD_SPEC SCREENSHOT_DIR; prints one JSON object.
import { launch, signIn } from "./browser.mjs";

const [url, token, bad, good, shots] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const errors = [];
  page.on("pageerror", e => errors.push(e.message));
  await signIn(page, `${url}#/`, token);
  await page.waitForFunction(() => document.body.dataset.loaded === "home");
  await page.locator("#start-job").click();
  await page.waitForFunction(() => document.body.dataset.loaded === "start");
  const result = { address: page.url() };
  await page.locator("#spec").fill(bad);
  await page.locator("#start button[type=submit]").click();
  await page.waitForFunction(() => document.body.dataset.loaded === "start-refused");
  result.refused = await page.locator("#spec-errors li").evaluateAll(items =>
    items.map(li => ({ field: li.dataset.field, line: li.dataset.line ?? null, text: li.textContent })));
  result.marked = await page.locator(".spec-editor .gutter").evaluate(g =>
    g.textContent.split("\n").filter(l => l.startsWith("▶")).map(l => Number(l.slice(1))));
  result.jobsAfterRefusal = await page.locator("#jobs a.job").count();
  for (const theme of ["light", "dark"]) {
    await page.evaluate(t => { document.documentElement.dataset.theme = t; }, theme);
    await page.screenshot({ path: `${shots}/start-refused-${theme}.png` });
  }
  await page.locator("#spec").fill(good);
  await page.locator("#start button[type=submit]").click();
  const name = JSON.parse(good).name;
  await page.waitForFunction(n => document.body.dataset.loaded === n, name);
  await page.waitForFunction(n => [...document.querySelectorAll("#jobs a.job .name")].some(a => a.textContent === n), name);
  result.started = { address: page.url(), title: await page.locator("#title").textContent(),
    listed: await page.locator("#jobs a.job .name").allTextContents() };
  result.errors = errors;
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
