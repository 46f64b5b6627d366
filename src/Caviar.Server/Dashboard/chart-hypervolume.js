// Hypervolume over trials (several objectives): the hypervolume the front dominates, up to the reference point,
// after each completed feasible trial — the API's hypervolumeHistory — as a step line by trial number, with a point
// where a trial raised it (hover names the trial, click opens it). It only rises: a flat stretch is a search that
// found nothing better.
import { el, clear, empty, axes, dataScale, scale, trialMarks, formatValue } from "./svg.js";
import { describe } from "./trials.js";

// history: [{number, hypervolume}] (undefined while it loads); trials: to describe the raising ones; last: the study's last trial number.
export function drawHypervolume(svg, history, referencePoint, trials, last, onPick) {
  if (history === undefined) return empty(svg, "loading…");   // the API's answer is on its way
  if (!history.length || !referencePoint) return empty(svg, "needs a completed feasible trial");
  clear(svg);
  const numbers = history.map(h => h.number), top = Math.max(...history.map(h => h.hypervolume));
  const x = dataScale([...numbers, last ?? numbers[numbers.length - 1]], 58, 466, { integer: true });
  const y = scale(0, top > 0 ? top * 1.08 : 1, 240, 12, { count: 5 });
  axes(svg, x, y, "trial", "hypervolume");   // the reference point is said beside the chart (too long for an axis)
  svg.dataset.hypervolume = history[history.length - 1].hypervolume;
  const points = [];
  history.forEach((h, k) => {
    if (k > 0) points.push(`${x(h.number)},${y(history[k - 1].hypervolume)}`);
    points.push(`${x(h.number)},${y(h.hypervolume)}`);
  });
  points.push(`${x(Math.max(last ?? 0, numbers[numbers.length - 1]))},${y(history[history.length - 1].hypervolume)}`);
  el("polyline", { points: points.join(" "), class: "hypervolume-line" }, svg);
  const byNumber = new Map(trials.map(t => [t.number, t]));
  const raised = history.filter((h, k) => k === 0 || h.hypervolume > history[k - 1].hypervolume);
  trialMarks(svg, raised.map(h => byNumber.get(h.number) ?? { number: h.number, state: "Completed", params: {} }),
    t => `${describe(t)} — hypervolume ${formatValue(history.find(h => h.number === t.number).hypervolume)}`, onPick);
  for (const h of raised) el("circle", { cx: x(h.number), cy: y(h.hypervolume), r: 3, class: "hypervolume-point" }, svg).dataset.trial = h.number;
}
