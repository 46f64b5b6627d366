// The charts of a study whose values span 0.44–149, with a log-scale parameter, a categorical one given out of
// alphabetical order, an integer one, a failed trial and a trial pruned after one step: what each chart draws (axes,
// ticks, marks), tooltips, brushing the parallel coordinates (and the table following), slice and contour choices,
// the dark theme, keyboard use and the 1280×800 layout.
// usage: node charts.mjs URL TOKEN SCREENSHOT_DIR; prints one JSON object.
import { launch, signIn } from "./browser.mjs";

const [url, token, shots] = process.argv.slice(2);
const call = (path, body) => fetch(url.replace(/\/$/, "") + "/api" + path, {
  method: "POST", headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" }, body: JSON.stringify(body ?? {}),
}).then(async r => { if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`); return r.json(); });

await call("/studies", { name: "spread", strategy: "Random", seed: 3, space: [
  { type: "continuous", name: "lr", minValue: 0.00001, maxValue: 1, scalingType: "Logarithmic" },
  { type: "categorical", name: "opt", values: ["sgd", "adam", "rmsprop"] },
  { type: "integer", name: "units", minValue: 1, maxValue: 5 }] });
const values = [149, 80, 35, 12, 9.5, 4.2, 2.5, 1.1, 0.7, 0.44, 60, 3.3];
const told = [];
for (const [i, value] of values.entries()) {
  const trial = await call("/studies/spread/ask");
  for (let step = 1; step <= 3; step++) await call(`/studies/spread/trials/${trial.id}/report`, { step, value: value * (4 - step) });
  await call(`/studies/spread/trials/${trial.id}/tell`, { value });
  told.push({ number: trial.number, ...trial.params, value });
}
const failed = await call("/studies/spread/ask");
await call(`/studies/spread/trials/${failed.id}/tell`, { state: "Failed", reason: "out of memory" });
const pruned = await call("/studies/spread/ask");
await call(`/studies/spread/trials/${pruned.id}/report`, { step: 1, value: 500 });
await call(`/studies/spread/trials/${pruned.id}/tell`, { state: "Pruned", reason: "pruned at step 1" });

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on("pageerror", e => errors.push(e.message));
  await signIn(page, url + "#/tuning-jobs/spread", token);
  await page.waitForFunction(() => document.body.dataset.loaded === "spread" && document.querySelector("#importance[data-loaded]"));
  const texts = selector => page.locator(selector).allTextContents();
  const result = { told, errors };
  result.history = {
    log: await page.locator("#history").getAttribute("data-log"), yTicks: await texts("#history text.y-tick"),
    xTicks: await texts("#history text.x-tick"), points: await page.locator("#history circle.point").count(),
    bestLine: await page.locator("#history polyline.best-line").count(), failedMarks: await page.locator("#history path.mark.state-Failed").count(),
    prunedMarks: await page.locator("#history path.mark.state-Pruned").count(), yTitle: await page.locator("#history text.y-title").textContent(),
  };
  await page.locator("#history circle.point").first().hover();
  result.tooltip = { shown: await page.locator("#tooltip").isVisible(), text: await page.locator("#tooltip").textContent() };
  result.curves = {
    lines: await page.locator("#curves polyline.curve.state-Completed").count(), prunedPoints: await page.locator("#curves circle.curve-point.state-Pruned").count(),
    log: await page.locator("#curves").getAttribute("data-log"),
  };
  await page.locator("#curves circle.curve-point.state-Pruned").hover();
  result.curveTooltip = await page.locator("#tooltip").textContent();
  const axisTicks = name => page.locator(`#parallel g.pc-axis[data-axis="${name}"] text.pc-tick`).allTextContents();
  result.parallel = {
    lines: await page.locator("#parallel polyline.trial-line").count(), opt: await axisTicks("opt"), lr: await axisTicks("lr"),
    units: await axisTicks("units"), objective: await axisTicks("objective"),
    logNotes: await page.locator("#parallel g.pc-axis text.log-note").evaluateAll(n => n.map(t => t.parentNode.dataset.axis)),
  };
  // Brush the upper 60% of the units axis (units 2.6 to 5, so 3, 4 and 5): the table keeps those trials only.
  const handle = await page.locator('#parallel g.pc-axis[data-axis="units"] rect.brush-handle').boundingBox();
  const axisLine = await page.locator('#parallel g.pc-axis[data-axis="units"] line').first().boundingBox();
  await page.mouse.move(handle.x + handle.width / 2, axisLine.y - 2);
  await page.mouse.down();
  await page.mouse.move(handle.x + handle.width / 2, axisLine.y + axisLine.height * 0.6, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelectorAll("#parallel polyline.trial-line.dimmed").length > 0);
  const unitsColumn = () => page.locator("#trials").evaluate(table => {
    const index = [...table.querySelectorAll("thead tr:first-child th")].findIndex(th => th.dataset.key === "param:units");
    return [...table.querySelectorAll("tbody tr")].map(r => Number(r.cells[index].textContent));
  });
  result.brushed = { units: await unitsColumn(), dimmed: await page.locator("#parallel polyline.trial-line.dimmed").count() };
  await page.screenshot({ path: `${shots}/charts-brushed.png`, fullPage: true });
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => document.querySelectorAll("#parallel polyline.trial-line.dimmed").length === 0);
  result.unbrushed = { rows: await page.locator("tr.trial-row").count() };
  // From the keyboard: focus the units axis, move the brush's upper edge down 4 tenths (units 1 to 3.4 stay), then
  // Delete clears it.
  await page.locator('#parallel g.pc-axis[data-axis="units"] rect.brush-handle').focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowDown");
  await page.waitForFunction(() => document.querySelectorAll("#parallel polyline.trial-line.dimmed").length > 0);
  result.keyboardBrush = { units: await unitsColumn(), focused: await page.evaluate(() => document.activeElement?.parentNode?.dataset?.axis ?? null) };
  await page.keyboard.press("Delete");
  await page.waitForFunction(() => document.querySelectorAll("#parallel polyline.trial-line.dimmed").length === 0);
  result.keyboardBrush.cleared = await page.locator("tr.trial-row").count();
  await page.locator("#slice").scrollIntoViewIfNeeded();   // charts out of sight are drawn when scrolled to
  await page.locator("#slice-param").selectOption("opt");
  await page.waitForFunction(() => [...document.querySelectorAll("#slice text.x-tick")].some(t => t.textContent === "adam"));
  result.slice = { xTicks: await texts("#slice text.x-tick"), points: await page.locator("#slice circle.point").count(), yTitle: await page.locator("#slice text.y-title").textContent() };
  await page.locator("#contour").scrollIntoViewIfNeeded();
  await page.locator("#contour-x").selectOption("lr");
  await page.locator("#contour-y").selectOption("units");
  await page.waitForFunction(() => document.querySelector("#contour text.x-title").textContent.startsWith("lr"));
  result.contour = { xTicks: await texts("#contour text.x-tick"), yTicks: await texts("#contour text.y-tick"),
    cells: await page.locator("#contour rect.cell").count(), points: await page.locator("#contour circle.point").count() };
  await page.locator("#edf").scrollIntoViewIfNeeded();
  await page.waitForSelector("#edf polyline.edf-line");
  result.edf = { line: await page.locator("#edf polyline.edf-line").count(), log: await page.locator("#edf").getAttribute("data-log") };
  result.importance = await texts("#importance text.bar-label");
  result.layout = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  await page.screenshot({ path: `${shots}/charts-light.png`, fullPage: true });

  await page.locator("#theme").click();
  result.dark = await page.evaluate(() => ({ theme: document.documentElement.dataset.theme, background: getComputedStyle(document.body).backgroundColor,
    stored: localStorage.getItem("caviar-theme") }));
  await page.screenshot({ path: `${shots}/charts-dark.png`, fullPage: true });
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.loaded === "spread");
  result.darkAfterReload = await page.evaluate(() => document.documentElement.dataset.theme);

  // Keyboard only: from the start page, Tab to the job's link and press Enter; Tab reaches a sortable header.
  await page.goto(url + "#/");
  await page.waitForFunction(() => document.body.dataset.loaded === "home" && document.querySelector("nav a.job"));
  let reached = null;
  for (let i = 0; i < 10 && reached !== "spread"; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.classList.contains("job") ? document.activeElement.querySelector(".name").textContent : null);
  }
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.body.dataset.loaded === "spread");
  result.keyboard = { reached, address: page.url() };
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
