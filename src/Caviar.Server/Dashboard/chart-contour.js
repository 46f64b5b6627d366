// Contour plot of a chosen pair of parameters: the objective interpolated over a grid (inverse-distance weighting of
// the completed trials, in each axis's own scale: log for log ranges, categories in the order given), coloured from
// best (light) to worst (dark), with the trials as points on top (beyond 2,000 trials, an evenly spread 2,000 of them).
import { el, clear, empty, axes, dataScale, bands, trialMarks } from "./svg.js";
import { isNumber, viridis, goodness, describe } from "./trials.js";

const CELLS = 28, SAMPLE = 2000;

function axisScale(axis, done, lo, hi) {
  if (axis.kind === "categorical") return bands(axis.categories, lo + (hi - lo) * 0.08, hi - (hi - lo) * 0.08);
  const seen = done.map(t => t.params[axis.name]);
  return dataScale([axis.min ?? Math.min(...seen), axis.max ?? Math.max(...seen)], lo, hi, { log: axis.log, integer: axis.kind === "integer" });
}

export function drawContour(svg, trials, xAxis, yAxis, maximize, onPick) {
  const done = trials.filter(t => t.state === "Completed" && isNumber(t.value)
    && t.params[xAxis?.name] !== undefined && t.params[yAxis?.name] !== undefined);
  if (!xAxis || !yAxis || xAxis.name === yAxis.name) return empty(svg, "choose two different parameters");
  if (done.length === 0) return empty(svg, "no completed trial yet");
  clear(svg);
  const x = axisScale(xAxis, done, 58, 466), y = axisScale(yAxis, done, 240, 12);
  const good = goodness(done.map(t => t.value), maximize);
  const px = done.map(t => [x(t.params[xAxis.name]), y(t.params[yAxis.name]), good(t.value)]);
  trialMarks(svg, done, describe, onPick);
  // Interpolated from at most SAMPLE trials (evenly spread over the study), so 10,000 trials draw as fast as 2,000.
  const stride = Math.max(1, Math.ceil(px.length / SAMPLE)), xs = [], ys = [], gs = [];
  for (let k = 0; k < px.length; k += stride) { xs.push(px[k][0]); ys.push(px[k][1]); gs.push(px[k][2]); }
  const cw = (466 - 58) / CELLS, ch = (240 - 12) / CELLS;
  const cells = el("g", { class: "contour-cells" }, svg);
  for (let i = 0; i < CELLS; i++)
    for (let j = 0; j < CELLS; j++) {
      const cx = 58 + (i + 0.5) * cw, cy = 12 + (j + 0.5) * ch;
      let weights = 0, sum = 0;
      for (let k = 0; k < xs.length; k++) {
        const dx = xs[k] - cx, dy = ys[k] - cy, q = dx * dx + dy * dy + 1, w = 1 / (q * q);
        weights += w; sum += w * gs[k];
      }
      el("rect", { x: 58 + i * cw, y: 12 + j * ch, width: cw + 0.5, height: ch + 0.5, fill: viridis(sum / weights), class: "cell" }, cells);
    }
  axes(svg, x, y, xAxis.name + (xAxis.log ? " (log scale)" : ""), yAxis.name + (yAxis.log ? " (log scale)" : ""));
  done.forEach((t, k) => {
    if (k % stride) return;   // the trials interpolated from (every one up to SAMPLE trials)
    const point = el("circle", { cx: px[k][0], cy: px[k][1], r: 3, class: "point contour-point" }, svg);
    point.dataset.trial = t.number;
  });
}
