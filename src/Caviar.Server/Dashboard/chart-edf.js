// Empirical distribution function of the objective: the share of completed trials with a value at most x (a log
// axis when values span two orders of magnitude).
import { el, clear, empty, axes, dataScale, scale, wantsLog, tip } from "./svg.js";
import { isNumber } from "./trials.js";

export function drawEdf(svg, trials, { label = "objective value" } = {}) {
  const values = trials.filter(t => t.state === "Completed" && isNumber(t.value)).map(t => t.value).sort((a, b) => a - b);
  if (values.length === 0) return empty(svg, "no completed trial yet");
  clear(svg);
  const log = wantsLog(values);
  svg.dataset.log = log;
  const x = dataScale(values, 58, 466, { log }), y = scale(0, 1, 240, 12, { count: 4 });
  axes(svg, x, y, log ? `${label} (log scale)` : label, "share of trials ≤ value");
  const points = [`${x.lo},${y(0)}`];
  values.forEach((v, i) => { points.push(`${x(v)},${y(i / values.length)}`, `${x(v)},${y((i + 1) / values.length)}`); });
  points.push(`${x.hi},${y(1)}`);
  tip(el("polyline", { points: points.join(" "), class: "edf-line" }, svg), `${values.length} completed trials`);
}
