// Pareto front of a study with several objectives: every completed trial as a point in the plane of two objectives
// (with 3–4 objectives, the pair chosen), each axis in its objective's own terms (a log axis when its values span two
// orders of magnitude) and titled with its direction. The front — feasible trials no other one dominates, over every
// objective, as the API computes it — is drawn large in its own colour and, with two objectives, joined by the
// staircase that bounds the region it dominates; other feasible trials small, infeasible ones as crosses.
import { el, clear, empty, axes, dataScale, wantsLog, trialMarks } from "./svg.js";
import { isNumber, describe } from "./trials.js";

// The staircase through the front (two objectives): sorted by x, it steps along x first when x is minimised (the
// corner between two neighbours is (x of the next, y of this one)), along y first when x is maximised.
export function staircase(points, xMinimized) {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]), out = [];
  sorted.forEach(([x, y], i) => {
    if (i > 0) out.push(xMinimized ? [x, sorted[i - 1][1]] : [sorted[i - 1][0], y]);
    out.push([x, y]);
  });
  return out;
}

// objectives: [{name, direction}]; pair: the two objective indices drawn (x, y); front: the front's trial numbers.
export function drawPareto(svg, trials, objectives, pair, front, onPick) {
  const [i, j] = pair;
  const done = trials.filter(t => t.state === "Completed" && isNumber(t.values?.[i]) && isNumber(t.values?.[j]));
  if (done.length === 0) return empty(svg, "no completed trial yet");
  clear(svg);
  const onFront = new Set(front), xs = done.map(t => t.values[i]), ys = done.map(t => t.values[j]);
  const xLog = wantsLog(xs), yLog = wantsLog(ys);
  const title = (o, log) => `${o.name} (${o.direction === "Maximize" ? "maximize" : "minimize"}${log ? ", log scale" : ""})`;
  const x = dataScale(xs, 58, 466, { log: xLog }), y = dataScale(ys, 240, 12, { log: yLog });
  axes(svg, x, y, title(objectives[i], xLog), title(objectives[j], yLog));
  Object.assign(svg.dataset, { xLog, yLog, pair: `${i},${j}` });
  trialMarks(svg, done, describe, onPick);
  const frontTrials = done.filter(t => onFront.has(t.number) && t.feasible !== false);
  if (objectives.length === 2 && frontTrials.length > 1) {
    const steps = staircase(frontTrials.map(t => [t.values[i], t.values[j]]), objectives[i].direction !== "Maximize");
    el("polyline", { points: steps.map(([a, b]) => `${x(a)},${y(b)}`).join(" "), class: "front-line" }, svg);
  }
  // Dominated trials first, the front on top.
  for (const t of done.filter(t => !onFront.has(t.number))) {
    const cx = x(t.values[i]), cy = y(t.values[j]);
    const node = t.feasible === false
      ? el("path", { d: `M${cx - 3},${cy - 3}L${cx + 3},${cy + 3}M${cx - 3},${cy + 3}L${cx + 3},${cy - 3}`, class: "pareto-infeasible" }, svg)
      : el("circle", { cx, cy, r: 2.5, class: "pareto-dominated" }, svg);
    node.dataset.trial = t.number;
  }
  for (const t of frontTrials) {
    const node = el("circle", { cx: x(t.values[i]), cy: y(t.values[j]), r: 4.5, class: "pareto-front" }, svg);
    node.dataset.trial = t.number;
  }
}
