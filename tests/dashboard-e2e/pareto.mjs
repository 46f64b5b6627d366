// Studies with several objectives: the Pareto front chart (which trials are drawn as the front, which as infeasible,
// the axes' titles and scales, the staircase, a tooltip), the hypervolume over trials, the objective columns of the
// table, the one-objective charts following the objective chosen, the trial page's values, and for three objectives
// the choice of pair. Screenshots at 1280×800, light and dark.
// usage: node pareto.mjs URL TOKEN TWO_OBJECTIVE_JOB THREE_OBJECTIVE_JOB SCREENSHOT_DIR; prints one JSON object.
import { launch, signIn } from "./browser.mjs";

const [url, token, two, three, shots] = process.argv.slice(2);
const browser = await launch();
const errors = [];
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.on("pageerror", e => errors.push(e.message));
  await signIn(page, `${url}#/tuning-jobs/${two}`, token);
  await page.waitForFunction(name => document.body.dataset.loaded === name && document.querySelector("#hypervolume[data-loaded]")
    && document.querySelector("#hypervolume polyline.hypervolume-line"), two);
  const texts = selector => page.locator(selector).allTextContents();
  const numbers = selector => page.locator(selector).evaluateAll(nodes => nodes.map(n => Number(n.dataset.trial)).sort((a, b) => a - b));
  const result = { errors, title: await page.locator("#title").textContent(), best: await page.locator("#best").textContent() };
  result.pareto = {
    front: await numbers("#pareto circle.pareto-front"), dominated: await numbers("#pareto circle.pareto-dominated"),
    infeasible: await numbers("#pareto path.pareto-infeasible"), staircase: await page.locator("#pareto polyline.front-line").count(),
    xTitle: await page.locator("#pareto text.x-title").textContent(), yTitle: await page.locator("#pareto text.y-title").textContent(),
    yTicks: await texts("#pareto text.y-tick"), pairShown: await page.locator("#pareto-pair").isVisible(),
  };
  await page.locator("#pareto circle.pareto-front").first().hover();
  result.tooltip = await page.locator("#tooltip").textContent();
  result.hypervolume = {
    final: Number(await page.locator("#hypervolume").getAttribute("data-hypervolume")),
    raised: await numbers("#hypervolume circle.hypervolume-point"), yTitle: await page.locator("#hypervolume text.y-title").textContent(),
    xTicks: await texts("#hypervolume text.x-tick"),
  };
  result.reference = await page.locator("#reference-point").textContent();
  result.headers = await texts("#trials thead tr:first-child th");
  const column = key => page.locator("#trials").evaluate((table, key) => {
    const index = [...table.querySelectorAll("thead tr:first-child th")].findIndex(th => th.dataset.key === key);
    return [...table.querySelectorAll("tbody tr")].map(r => r.cells[index].textContent);
  }, key);
  await page.locator('#trials input[data-filter="front"]').fill("yes");
  await page.waitForFunction(() => !document.getElementById("trial-count").textContent.startsWith(document.body.dataset.trials + " of"));
  result.frontRows = (await column("number")).map(Number).sort((a, b) => a - b);
  await page.locator('#trials input[data-filter="front"]').fill("");
  await page.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, 0); });
  result.layout = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  await page.screenshot({ path: `${shots}/pareto-light.png` });

  // The one-objective charts follow the objective chosen; so does the importance.
  result.historyTitleFirst = await page.locator("#history text.y-title").textContent();
  await page.locator("#objective").selectOption({ index: 1 });
  await page.waitForFunction(() => document.querySelector("#history text.y-title").textContent.startsWith("latency_ms"));
  result.historyTitleSecond = await page.locator("#history text.y-title").textContent();
  await page.locator("#parallel").scrollIntoViewIfNeeded();   // charts out of sight are drawn when scrolled to
  await page.waitForSelector('#parallel g.pc-axis[data-axis="latency_ms"]');
  result.parallelAxes = await page.locator("#parallel g.pc-axis").evaluateAll(n => n.map(g => g.dataset.axis));

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator("#theme").click();
  await page.screenshot({ path: `${shots}/pareto-dark.png` });
  await page.locator("#theme").click();

  // A front trial's page names each value after its objective and says it is feasible.
  const first = result.pareto.front[0];
  await page.goto(`${url}#/tuning-jobs/${two}/trials/${first}`);
  await page.waitForFunction(path => document.body.dataset.loaded === path, `${two}/trials/${first}`);
  await page.waitForFunction(() => [...document.querySelectorAll(".summary dt")].some(dt => dt.textContent === "accuracy"));
  result.trialPage = await page.locator(".summary dl.params").first().locator("dt").allTextContents();

  // Two front trials side by side: a row per objective, named.
  const [a, b] = result.pareto.front;
  await page.goto(`${url}#/tuning-jobs/${two}/compare/${a},${b}`);
  await page.waitForFunction(() => [...document.querySelectorAll("#compare-table th")].some(th => th.textContent === "latency_ms"));
  result.compared = await page.locator("#compare-table tr").evaluateAll(rows => rows.map(r => r.cells[0].textContent));

  // Three objectives: pairs to choose from, each drawn on its own objectives.
  await page.goto(`${url}#/tuning-jobs/${three}`);
  await page.waitForFunction(name => document.body.dataset.loaded === name && document.querySelector("#pareto circle.pareto-front")
    && document.querySelector("#hypervolume polyline.hypervolume-line"), three);
  result.three = { pairs: await page.locator("#pareto-pair option").allTextContents(), staircase: await page.locator("#pareto polyline.front-line").count(),
    front: await numbers("#pareto circle.pareto-front"), first: await page.locator("#pareto text.x-title").textContent() };
  await page.locator("#pareto-pair").selectOption({ index: 2 });
  await page.waitForFunction(() => document.querySelector("#pareto").dataset.pair === "1,2");
  result.three.chosen = { x: await page.locator("#pareto text.x-title").textContent(), y: await page.locator("#pareto text.y-title").textContent() };
  await page.screenshot({ path: `${shots}/pareto-three.png` });
  console.log(JSON.stringify(result));
} catch (e) {
  console.error("page errors:", JSON.stringify(errors));
  throw e;
} finally {
  await browser.close();
}
