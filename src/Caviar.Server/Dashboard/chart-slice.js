// Slice plot: the objective against one parameter's values (its log axis for a log range, categories in the order
// given), one point per completed trial coloured by trial number (dark: early, light: late).
import { el, clear, empty, axes, dataScale, bands, wantsLog, trialMarks } from "./svg.js";
import { isNumber, viridis, describe } from "./trials.js";

export function drawSlice(svg, trials, axis, onPick, { label = "objective value" } = {}) {
  const done = trials.filter(t => t.state === "Completed" && isNumber(t.value) && t.params[axis?.name] !== undefined);
  if (!axis || done.length === 0) return empty(svg, "no completed trial yet");
  clear(svg);
  const values = done.map(t => t.value), log = wantsLog(values);
  const x = axis.kind === "categorical"
    ? bands(axis.categories, 80, 440)
    : dataScale([axis.min ?? Math.min(...done.map(t => t.params[axis.name])), axis.max ?? Math.max(...done.map(t => t.params[axis.name]))],
      58, 466, { log: axis.log, integer: axis.kind === "integer" });
  const y = dataScale(values, 240, 12, { log });
  axes(svg, x, y, axis.name + (axis.log ? " (log scale)" : ""), log ? `${label} (log scale)` : label);
  trialMarks(svg, done, describe, onPick);
  const last = Math.max(...done.map(t => t.number), 1);
  for (const t of done) {
    const point = el("circle", { cx: x(t.params[axis.name]), cy: y(t.value), r: 3.5, fill: viridis(t.number / last), class: "point slice-point" }, svg);
    point.dataset.trial = t.number;
  }
}
