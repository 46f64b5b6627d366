// A population-based training study's page: the members' schedules of one hyperparameter (a step line each), the
// points where a member copied another, the tooltip of one, the hyperparameter picker; and a study without PBT, whose
// page shows no such chart. Each line's corners are read back in the axes' own terms (the tick labels and their
// grid lines), so the test compares values, not pixels.
// usage: node pbt.mjs URL TOKEN PBT_JOB PLAIN_JOB SCREENSHOT_DIR; prints one JSON object.
import { launch, signIn } from "./browser.mjs";

const [url, token, job, plain, shots] = process.argv.slice(2);
const browser = await launch();
const errors = [];
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.on("pageerror", e => errors.push(e.message));
  await signIn(page, `${url}#/tuning-jobs/${job}`, token);
  await page.waitForFunction(name => document.body.dataset.loaded === name && document.querySelector("#pbt[data-loaded]")
    && document.querySelector("#pbt polyline.pbt-line"), job);
  const result = { errors, shown: await page.locator("#pbt").isVisible() };
  result.chart = await page.locator("#pbt").evaluate(svg => {
    const ticks = (texts, at) => [...svg.querySelectorAll(texts)].map((t, k) => ({ label: Number(t.textContent), px: at(t, k) }));
    const grid = [...svg.querySelectorAll("line.grid")];
    return {
      parameter: svg.dataset.parameter, log: svg.dataset.log === "true",
      xTitle: svg.querySelector("text.x-title").textContent, yTitle: svg.querySelector("text.y-title").textContent,
      xTicks: ticks("text.x-tick", t => Number(t.getAttribute("x"))),
      yTicks: ticks("text.y-tick", (t, k) => Number(grid[k].getAttribute("y1"))),
      lines: [...svg.querySelectorAll("polyline.pbt-line")].map(l => ({
        member: Number(l.dataset.member), stroke: l.getAttribute("stroke"),
        points: l.getAttribute("points").split(" ").map(p => p.split(",").map(Number)),
      })),
      copies: [...svg.querySelectorAll("circle.pbt-copy")].map(c => ({
        member: Number(c.dataset.member), round: Number(c.dataset.round), parent: Number(c.dataset.parent),
        x: Number(c.getAttribute("cx")), y: Number(c.getAttribute("cy")),
      })),
    };
  });
  result.options = await page.locator("#pbt-param option").allTextContents();
  await page.locator("#pbt circle.pbt-copy").first().hover();
  await page.waitForFunction(() => !document.getElementById("tooltip").hidden);
  result.tooltip = await page.locator("#tooltip").textContent();
  await page.locator("#pbt").evaluate(svg => svg.closest("figure").scrollIntoView());
  await page.screenshot({ path: `${shots}/pbt-light.png` });

  await page.goto(`${url}#/tuning-jobs/${plain}`);
  await page.waitForFunction(name => document.body.dataset.loaded === name && document.querySelector("#history circle.point"), plain);
  result.plainShown = await page.locator("#pbt").isVisible();
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
