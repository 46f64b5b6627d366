// User attributes (trial.SetAttribute) in the trials table — a column each, sorted and filtered like the others — and
// on a trial's page.
// usage: node attributes.mjs URL TOKEN JOB SCREENSHOT_DIR; prints one JSON object.
import { launch, signIn } from "./browser.mjs";

const [url, token, job, shots] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const errors = [];
  page.on("pageerror", e => errors.push(e.message));
  await signIn(page, `${url}#/tuning-jobs/${job}`, token);
  await page.waitForFunction(name => document.body.dataset.loaded === name, job);
  const column = async key => page.locator("#trials").evaluate((table, key) => {
    const index = [...table.querySelectorAll("thead tr:first-child th")].findIndex(th => th.dataset.key === key);
    return [...table.querySelectorAll("tbody tr")].map(r => r.cells[index].textContent);
  }, key);
  const result = { headers: await page.locator("#trials thead tr:first-child th").allTextContents() };
  await page.locator(`#trials th[data-key="attr:epochs"]`).click();
  result.epochsAscending = await column("attr:epochs");
  await page.locator(`#trials input[data-filter="attr:device"]`).fill("cpu");
  result.cpu = await column("attr:device");
  await page.locator(`#trials input[data-filter="attr:device"]`).fill("");
  await page.locator(`#trials input[data-filter="attr:epochs"]`).fill(">=3");
  result.manyEpochs = await column("attr:epochs");
  await page.screenshot({ path: `${shots}/attributes-table.png` });
  await page.goto(`${url}#/tuning-jobs/${job}/trials/2`);
  await page.waitForFunction(name => document.body.dataset.loaded === name + "/trials/2", job);
  result.trial = {
    names: await page.locator("#user-attributes dt").allTextContents(),
    values: await page.locator("#user-attributes dd").allTextContents(),
  };
  await page.screenshot({ path: `${shots}/attributes-trial.png` });
  result.errors = errors;
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
