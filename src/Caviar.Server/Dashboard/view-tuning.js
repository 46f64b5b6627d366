// A tuning job's page (#/tuning-jobs/NAME): its best trial, the charts and the trials table, kept up to date from
// the event stream (the first `trials` event holds every trial, later ones what changed).
import { api, post } from "./api.js";
import { formatValue } from "./svg.js";
import { drawHistory } from "./chart-history.js";
import { drawCurves } from "./chart-curves.js";
import { drawParallel } from "./chart-parallel.js";
import { drawImportance } from "./chart-importance.js";
import { drawSlice } from "./chart-slice.js";
import { drawContour } from "./chart-contour.js";
import { drawEdf } from "./chart-edf.js";
import { TrialsTable } from "./table.js";
import { figure, legend, select, jobPath } from "./view-parts.js";

export function tuningView(root, name, setTitle) {
  const trials = new Map();
  let job = null, importanceFor = -1, importance = [], scheduled = false, drawn = false;
  const brushes = {};
  const pick = number => { location.hash = `#/tuning-jobs/${encodeURIComponent(name)}/trials/${number}`; };

  const best = Object.assign(document.createElement("div"), { id: "best" });
  const actions = document.createElement("div");
  actions.className = "actions";
  const stop = Object.assign(document.createElement("button"), { type: "button", id: "stop", textContent: "stop this tuning job" });
  stop.addEventListener("click", () => post(jobPath(name) + "/stop").then(() => { stop.textContent = "stopping…"; stop.disabled = true; },
    e => { stop.textContent = e.message; }));
  const compare = Object.assign(document.createElement("button"), { type: "button", id: "compare", textContent: "compare selected trials (2–4)", disabled: true });
  compare.addEventListener("click", () => {
    location.hash = `#/tuning-jobs/${encodeURIComponent(name)}/compare/${[...table.selected].sort((a, b) => a - b).join(",")}`;
  });
  actions.append(stop, compare);
  const history = figure("history", "Optimization history",
    legend([["completed", "completed trial"], ["pruned", "pruned (hollow)"], ["failed", "failed / no value (× on the axis)"], ["best", "best so far"]]));
  const curves = figure("curves", "Intermediate values",
    legend([["completed", "completed"], ["pruned", "pruned (dashed; one step: a hollow point)"], ["running", "running"]]));
  const parallel = figure("parallel", "Parallel coordinates", legend([["best", "drag along an axis to filter the table; colour: dark worst → light best"]]));
  const importanceFigure = figure("importance", "Hyperparameter importance (PED-ANOVA)");
  const sliceParam = select("slice-param", "parameter");
  const slice = figure("slice", "Slice", legend([["completed", "colour: trial number, dark early → light late"]]), sliceParam);
  const contourX = select("contour-x", "x"), contourY = select("contour-y", "y");
  const contour = figure("contour", "Contour", legend([["completed", "colour: dark worst → light best"]]), contourX, contourY);
  const edf = figure("edf", "Empirical distribution of values");
  const charts = document.createElement("div");
  charts.className = "charts";
  charts.append(history.figure, curves.figure, parallel.figure, importanceFigure.figure, slice.figure, contour.figure, edf.figure);
  const tableRoot = Object.assign(document.createElement("div"), { id: "table" });
  const table = new TrialsTable(tableRoot, number => `#/tuning-jobs/${encodeURIComponent(name)}/trials/${number}`);
  table.onSelect = selected => { compare.disabled = selected.size < 2 || selected.size > 4; };
  root.replaceChildren(best, actions, charts, tableRoot);
  for (const control of [sliceParam.select, contourX.select, contourY.select]) control.addEventListener("change", () => draw());
  document.addEventListener("keydown", function clearBrushes(e) {
    if (!root.isConnected) return document.removeEventListener("keydown", clearBrushes);
    if (e.key === "Escape" && Object.keys(brushes).length) { for (const k of Object.keys(brushes)) delete brushes[k]; draw(); }
  });

  function draw() {
    scheduled = false;
    if (!job) return;
    const list = [...trials.values()].sort((a, b) => a.number - b.number);
    const maximize = job.direction === "Maximize", space = job.space;
    setTitle(`${name} — ${job.direction}, ${list.length} trials`);
    best.textContent = job.best
      ? `Best: trial ${job.best.number}, value ${formatValue(job.best.value)}, ` + Object.entries(job.best.params).map(([k, v]) => `${k}=${formatValue(v)}`).join(", ")
      : "No completed trial yet";
    stop.hidden = !job.running;
    for (const s of [sliceParam, contourX, contourY]) s.fill(space.map(a => a.name));
    if (!contourY.select.dataset.touched && space.length > 1 && contourY.select.value === space[0].name) contourY.select.value = space[1].name;
    const axis = n => space.find(a => a.name === n);
    // Charts out of sight are drawn when scrolled to (then kept up to date): opening a study of 10,000 trials draws
    // only what the window shows.
    drawWhenSeen(history, () => drawHistory(history.svg, list, maximize, pick));
    drawWhenSeen(curves, () => drawCurves(curves.svg, list, pick));
    drawWhenSeen(parallel, () => drawParallel(parallel.svg, list, space, maximize, brushes, () => draw()));
    drawWhenSeen(slice, () => drawSlice(slice.svg, list, axis(sliceParam.select.value), pick));
    drawWhenSeen(contour, () => drawContour(contour.svg, list, axis(contourX.select.value), axis(contourY.select.value), maximize, pick));
    drawWhenSeen(edf, () => drawEdf(edf.svg, list));
    drawImportance(importanceFigure.svg, importance);
    table.extra = parallel.svg.brushFilter ?? (() => true);
    table.update(list, space);
    const completed = list.filter(t => t.state === "Completed").length;
    if (completed !== importanceFor) {
      importanceFor = completed;
      api(jobPath(name) + "/importance").then(found => {
        importance = found;
        drawImportance(importanceFigure.svg, importance);
        importanceFigure.svg.dataset.loaded = completed;   // the importance of this many completed trials is shown
      });
    }
    drawn = true;
    document.body.dataset.loaded = name;
    document.body.dataset.trials = list.length;
    document.body.dataset.drawnMs = Math.round(performance.now());   // since the page's navigation began
  }
  const pending = new Map();
  const observer = new IntersectionObserver(entries => {
    for (const e of entries) if (e.isIntersecting && pending.has(e.target)) { const paint = pending.get(e.target); pending.delete(e.target); paint(); }
  });
  for (const chart of [history, curves, parallel, slice, contour, edf]) observer.observe(chart.figure);
  const inView = node => { const box = node.getBoundingClientRect(); return box.bottom > 0 && box.top < window.innerHeight; };
  function drawWhenSeen(chart, paint) {
    if (inView(chart.figure)) { pending.delete(chart.figure); paint(); }
    else pending.set(chart.figure, paint);
  }
  const later = () => { if (!scheduled) { scheduled = true; requestAnimationFrame(draw); } };

  return {
    query: "?tuningJob=" + encodeURIComponent(name),
    onEvent(kind, data) {
      if (kind === "job") { job = data; later(); }
      else if (kind === "trials") {
        if (data.snapshot) trials.clear();
        for (const t of data.trials) trials.set(t.number, t);
        later();
      } else if (kind === "missing") { setTitle(`${name}: ${data.reason}`, true); document.body.dataset.loaded = name; }
    },
    get drawn() { return drawn; },
  };
}
