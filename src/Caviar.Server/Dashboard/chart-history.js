// Optimization history: every trial's value by trial number (log axis when values span two orders of magnitude),
// the best value so far as a step line, pruned trials hollow, failed and value-less trials as crosses on the axis.
import { el, clear, empty, axes, dataScale, wantsLog, trialMarks } from "./svg.js";
import { isNumber, bestSoFar, describe } from "./trials.js";

export function drawHistory(svg, trials, maximize, onPick, { label = "objective value" } = {}) {
  const valued = trials.filter(t => isNumber(t.value) && t.state !== "Running");
  if (trials.length === 0) return empty(svg, "no trial yet");
  clear(svg);
  const log = wantsLog(valued.map(t => t.value));
  svg.dataset.log = log;
  const numbers = trials.map(t => t.number);
  const x = dataScale(numbers, 58, 466, { integer: true });
  const values = valued.length ? valued.map(t => t.value) : [0, 1];
  const area = { top: 12, bottom: 240 };
  const y = dataScale(values, area.bottom - 14, area.top, { log });
  axes(svg, x, y, "trial", log ? `${label} (log scale)` : label);
  trialMarks(svg, trials, describe, onPick);
  const best = bestSoFar(trials, maximize);
  if (best.length) {
    const points = [];
    best.forEach((b, i) => {
      if (i > 0) points.push(`${x(b.number)},${y(best[i - 1].best)}`);
      points.push(`${x(b.number)},${y(b.best)}`);
    });
    points.push(`${x(Math.max(...numbers))},${y(best[best.length - 1].best)}`);
    el("polyline", { points: points.join(" "), class: "best-line" }, svg);
  }
  for (const t of trials) {
    let node;
    if (isNumber(t.value) && t.state !== "Running")
      node = el("circle", { cx: x(t.number), cy: y(t.value), r: 3, class: `point state-${t.state}` }, svg);
    else if (t.state !== "Running") {
      const cx = x(t.number), cy = area.bottom - 4;
      node = el("path", { d: `M${cx - 3},${cy - 3}L${cx + 3},${cy + 3}M${cx - 3},${cy + 3}L${cx + 3},${cy - 3}`, class: `mark state-${t.state}` }, svg);
    }
    if (node) node.dataset.trial = t.number;
  }
}
