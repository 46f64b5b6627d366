// A tuning job's page (#/tuning-jobs/NAME): its best trial, the charts and the trials table, kept up to date from
// the event stream (the first `trials` event holds every trial, later ones what changed). With several objectives:
// the Pareto front (a chosen pair of objectives for 3–4) and the hypervolume over trials first, a column per
// objective in the table, and the one-objective charts drawn for the objective chosen above them. Population-based
// training: the members' hyperparameter schedules over rounds first (the stored lineage, asked again as trials finish).
import { api, post } from "./api.js";
import { formatValue } from "./svg.js";
import { drawHistory } from "./chart-history.js";
import { drawCurves } from "./chart-curves.js";
import { drawParallel } from "./chart-parallel.js";
import { drawImportance } from "./chart-importance.js";
import { drawSlice } from "./chart-slice.js";
import { drawContour } from "./chart-contour.js";
import { drawEdf } from "./chart-edf.js";
import { drawPareto } from "./chart-pareto.js";
import { drawHypervolume } from "./chart-hypervolume.js";
import { drawPbt } from "./chart-pbt.js";
import { TrialsTable } from "./table.js";
import { onObjective } from "./trials.js";
import { timed } from "./timing.js";
import { figure, legend, select, jobPath } from "./view-parts.js";

export function tuningView(root, name, setTitle) {
  const trials = new Map();
  let job = null, importanceFor = "", importance = [], scheduled = false, drawn = false;
  let front = null, frontFor = -1, frontLoading = false;   // the API's pareto-front answer, for that many completed trials
  let lineage, lineageFor = -1, lineageLoading = false;   // the API's pbt-lineage answer, for that many finished trials
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
  const objectivePick = select("objective", "one-objective charts show");
  objectivePick.label.hidden = true;
  actions.append(stop, compare, objectivePick.label);
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
  const pairPick = select("pareto-pair", "objectives");
  const pareto = figure("pareto", "Pareto front", legend([["best", "Pareto front (feasible, not dominated)"],
    ["completed", "dominated"], ["failed", "infeasible (×)"]]), pairPick);
  const hypervolume = figure("hypervolume", "Hypervolume over trials", legend([["accent", "hypervolume of the front so far; points: trials that raised it"]]));
  const referenceNote = Object.assign(document.createElement("span"), { id: "reference-point" });
  hypervolume.figure.querySelector(".legend").append(referenceNote);
  const pbtParam = select("pbt-param", "hyperparameter");
  const pbt = figure("pbt", "PBT schedules", legend([["accent", "a step line per member (colour: member 0 dark → last light); points: the member copied another's checkpoint (hover: which)"]]), pbtParam);
  pareto.figure.hidden = hypervolume.figure.hidden = pbt.figure.hidden = true;
  const charts = document.createElement("div");
  charts.className = "charts";
  charts.append(pbt.figure, pareto.figure, hypervolume.figure, history.figure, curves.figure, parallel.figure, importanceFigure.figure, slice.figure,
    contour.figure, edf.figure);
  const tableRoot = Object.assign(document.createElement("div"), { id: "table" });
  const table = new TrialsTable(tableRoot, number => `#/tuning-jobs/${encodeURIComponent(name)}/trials/${number}`);
  table.onSelect = selected => { compare.disabled = selected.size < 2 || selected.size > 4; };
  root.replaceChildren(best, actions, charts, tableRoot);
  for (const control of [sliceParam.select, contourX.select, contourY.select, pairPick.select, pbtParam.select]) control.addEventListener("change", () => draw());
  objectivePick.select.addEventListener("change", () => { for (const k of Object.keys(brushes)) delete brushes[k]; draw(); });
  window.addEventListener("caviar-theme", function redraw() {
    if (!root.isConnected) return window.removeEventListener("caviar-theme", redraw);
    draw();
  });
  document.addEventListener("keydown", function clearBrushes(e) {
    if (!root.isConnected) return document.removeEventListener("keydown", clearBrushes);
    if (e.key === "Escape" && Object.keys(brushes).length) { for (const k of Object.keys(brushes)) delete brushes[k]; draw(); }
  });

  function draw() {
    scheduled = false;
    if (!job) return;
    const all = [...trials.values()].sort((a, b) => a.number - b.number);
    const directions = job.directions?.length ? job.directions : [job.direction], several = directions.length > 1;
    const names = job.objectives?.length === directions.length ? job.objectives : directions.map((_, k) => `value${k}`);
    objectivePick.fill(names);
    objectivePick.label.hidden = !several;
    const objective = several ? Math.max(0, names.indexOf(objectivePick.select.value)) : 0;
    const list = onObjective(all, objective), maximize = directions[objective] === "Maximize", space = job.space;
    const valueLabel = several ? names[objective] : "objective value";
    setTitle(`${name} — ${directions.join(", ")}, ${all.length} trials`);
    best.textContent = several ? frontSummary(names)
      : job.best
      ? `Best: trial ${job.best.number}, value ${formatValue(job.best.value)}, ` + Object.entries(job.best.params).map(([k, v]) => `${k}=${formatValue(v)}`).join(", ")
      : "No completed trial yet";
    stop.hidden = !job.running;
    for (const s of [sliceParam, contourX, contourY]) s.fill(space.map(a => a.name));
    if (!contourY.select.dataset.touched && space.length > 1 && contourY.select.value === space[0].name) contourY.select.value = space[1].name;
    const axis = n => space.find(a => a.name === n);
    // Charts out of sight are drawn when scrolled to (then kept up to date): opening a study of 10,000 trials draws
    // only what the window shows.
    pareto.figure.hidden = hypervolume.figure.hidden = !several;
    // Which charts the window shows, read once before any is drawn: reading a position after drawing 10,000 marks
    // makes the browser lay the page out there and then (once per chart), instead of once when it paints.
    visible = new Set(lazyCharts.filter(c => inView(c.figure)));
    if (several) {
      const pairs = names.flatMap((_, a) => names.slice(a + 1).map((_, k) => [a, a + 1 + k]));
      pairPick.fill(pairs.map(([a, b]) => `${names[a]} vs ${names[b]}`));
      pairPick.label.hidden = pairs.length === 1;
      const pair = pairs[Math.max(0, pairPick.select.selectedIndex)];
      const objectives = names.map((n, k) => ({ name: n, direction: directions[k] }));
      drawWhenSeen(pareto, () => drawPareto(pareto.svg, all, objectives, pair, job.paretoFront?.trials ?? [], pick));
      referenceNote.textContent = front?.referencePoint
        ? "reference point: " + names.map((n, k) => `${n} ${formatValue(front.referencePoint[k])}`).join(", ") : "";
      drawWhenSeen(hypervolume, () => drawHypervolume(hypervolume.svg, front?.hypervolumeHistory, front?.referencePoint, all,
        all.length ? all[all.length - 1].number : 0, pick));
    }
    pbt.figure.hidden = !job.pbt;
    if (job.pbt) {
      const order = space.map(a => a.name), named = lineage?.hyperParameters ?? order;
      pbtParam.fill([...named].sort((a, b) => (order.indexOf(a) + 1 || 1e9) - (order.indexOf(b) + 1 || 1e9)));
      drawPbt(pbt.svg, lineage, pbtParam.select.value, axis(pbtParam.select.value));
      const finished = list.filter(t => t.state !== "Running").length;
      if (finished !== lineageFor && !lineageLoading) {
        lineageLoading = true;
        api(jobPath(name) + "/pbt-lineage").then(found => {
          lineage = found;
          lineageFor = finished;
          pbt.svg.dataset.loaded = finished;   // the lineage as it was after this many finished trials is shown
          later();
        }, () => { lineage = null; lineageFor = finished; later(); }).finally(() => { lineageLoading = false; });
      }
    }
    drawWhenSeen(history, () => drawHistory(history.svg, list, maximize, pick, { label: valueLabel }));
    drawWhenSeen(curves, () => drawCurves(curves.svg, list, pick));
    drawWhenSeen(parallel, () => drawParallel(parallel.svg, list, space, maximize, brushes, () => draw(), { label: several ? names[objective] : "objective" }));
    drawWhenSeen(slice, () => drawSlice(slice.svg, list, axis(sliceParam.select.value), pick, { label: valueLabel }));
    drawWhenSeen(contour, () => drawContour(contour.svg, list, axis(contourX.select.value), axis(contourY.select.value), maximize, pick));
    drawWhenSeen(edf, () => drawEdf(edf.svg, list, { label: valueLabel }));
    drawImportance(importanceFigure.svg, importance);
    table.extra = parallel.svg.brushFilter ?? (() => true);
    timed("table", () => table.update(list, space, several ? { names, directions, front: new Set(job.paretoFront?.trials ?? []) } : null));
    const completed = list.filter(t => t.state === "Completed").length;
    if (`${completed}/${objective}` !== importanceFor) {
      importanceFor = `${completed}/${objective}`;
      api(jobPath(name) + "/importance" + (several ? `?objective=${objective}` : "")).then(found => {
        if (importanceFor !== `${completed}/${objective}`) return;   // a newer answer is on its way
        importance = found;
        drawImportance(importanceFigure.svg, importance);
        importanceFigure.svg.dataset.loaded = completed;   // the importance of this many completed trials is shown
      });
    }
    if (several && completed !== frontFor && !frontLoading) {
      const asked = completed;
      frontLoading = true;
      api(jobPath(name) + "/pareto-front").then(found => {
        front = found;
        frontFor = asked;
        hypervolume.svg.dataset.loaded = asked;   // the hypervolume history of this many completed trials is shown
        later();
      }, () => {}).finally(() => { frontLoading = false; });
    }
    drawn = true;
    document.body.dataset.loaded = name;
    document.body.dataset.trials = list.length;
    document.body.dataset.drawnMs = Math.round(performance.now());   // since the page's navigation began
    // Once the browser has laid out and painted what was drawn: a task queued from the next frame runs after it.
    requestAnimationFrame(() => setTimeout(() => { document.body.dataset.paintedMs = Math.round(performance.now()); }));
  }
  const lazyCharts = [pareto, hypervolume, history, curves, parallel, slice, contour, edf];
  let visible = new Set();
  const pending = new Map();
  const observer = new IntersectionObserver(entries => {
    for (const e of entries) if (e.isIntersecting && pending.has(e.target)) { const paint = pending.get(e.target); pending.delete(e.target); paint(); }
  });
  for (const chart of lazyCharts) observer.observe(chart.figure);
  const inView = node => { const box = node.getBoundingClientRect(); return box.bottom > 0 && box.top < window.innerHeight; };
  function drawWhenSeen(chart, paint) {
    const timedPaint = () => {
      const start = performance.now();
      timed("draw " + chart.svg.id, paint);
      // ... and until the browser has laid it out and painted it (a task queued from the next frame runs after that).
      requestAnimationFrame(() => setTimeout(() => performance.measure("caviar:shown " + chart.svg.id, { start, end: performance.now() })));
    };
    if (visible.has(chart)) { pending.delete(chart.figure); timedPaint(); }
    else pending.set(chart.figure, timedPaint);
  }
  // With several objectives the summary names the front: its size, its first trials and its hypervolume.
  function frontSummary(names) {
    const numbers = job.paretoFront?.trials ?? [];
    if (!numbers.length) return "No completed feasible trial yet";
    const shown = numbers.slice(0, 12).map(n => "#" + n).join(", ") + (numbers.length > 12 ? ", …" : "");
    const reference = job.paretoFront.referencePoint;
    return `Pareto front: ${numbers.length} trial${numbers.length === 1 ? "" : "s"} (${shown}); hypervolume ${formatValue(job.paretoFront.hypervolume)}`
      + (reference ? ` (reference point ${names.map((n, k) => `${n}=${formatValue(reference[k])}`).join(", ")})` : "");
  }
  // Redraws follow the event stream, but a page whose drawing takes long (a study of many thousand trials) waits twice
  // as long as its last drawing took before the next: live, it spends at most a third of its time drawing and stays
  // free for the user in between. Small studies redraw at once.
  let lastDraw = { end: 0, took: 0 };
  const later = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => requestAnimationFrame(() => {
      const start = performance.now();
      timed("view", draw);
      lastDraw = { end: performance.now(), took: performance.now() - start };
    }), Math.max(0, lastDraw.end + 2 * lastDraw.took - performance.now()));
  };

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
