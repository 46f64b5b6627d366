// Intermediate values (learning curves): every trial that reported one, by step. Completed trials solid, pruned ones
// dashed in another colour, running ones in a third; a trial with a single step is drawn as a point. Hovering a curve
// names its trial; clicking opens it.
import { el, clear, empty, axes, dataScale, wantsLog, trialMarks } from "./svg.js";
import { describe } from "./trials.js";

export function drawCurves(svg, trials, onPick, { label = "intermediate value", xLabel = "step" } = {}) {
  const curves = trials.filter(t => Object.keys(t.intermediateValues).length > 0);
  if (curves.length === 0) return empty(svg, "no intermediate values reported");
  clear(svg);
  const steps = [], values = [];
  for (const t of curves) for (const [s, v] of Object.entries(t.intermediateValues)) { steps.push(Number(s)); values.push(v); }
  const log = wantsLog(values);
  svg.dataset.log = log;
  const x = dataScale(steps, 58, 466, { integer: true }), y = dataScale(values, 240, 12, { log });
  axes(svg, x, y, xLabel, log ? `${label} (log scale)` : label);
  trialMarks(svg, curves, describe, onPick);
  for (const t of curves) {
    const entries = Object.entries(t.intermediateValues);
    const node = entries.length === 1
      ? el("circle", { cx: x(Number(entries[0][0])), cy: y(entries[0][1]), r: 3.5, class: `curve curve-point state-${t.state}` }, svg)
      : el("polyline", { points: entries.map(([s, v]) => `${x(Number(s))},${y(v)}`).join(" "), class: `curve state-${t.state}` }, svg);
    node.dataset.trial = t.number;
  }
}
