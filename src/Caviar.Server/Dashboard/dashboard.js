// Caviar dashboard: reads the HTTP API with the bearer token the user types in, and draws SVG charts.
// Safe against hostile stored values: every string from the API is put into the page as text (textContent), never
// as markup; the server's Content-Security-Policy allows no inline script besides. The token is kept in this tab's
// sessionStorage only (gone when the tab closes), never in localStorage and never in the address.
const TOKEN_KEY = "caviar-token";
localStorage.removeItem(TOKEN_KEY);   // where an older dashboard kept it
if (/(^|[#&])token=/.test(location.hash)) history.replaceState(null, "", location.pathname + location.search);
let token = sessionStorage.getItem(TOKEN_KEY) || "";
const api = path => fetch("/api" + path, { headers: { Authorization: "Bearer " + token } })
  .then(r => r.ok ? r.json() : r.json().then(e =>
    Promise.reject(Object.assign(new Error(`${e.field}: ${e.reason}`), { status: r.status }))));
const jobPath = name => "/tuning-jobs/" + encodeURIComponent(name);
const NS = "http://www.w3.org/2000/svg";
const W = 420, H = 240, PAD = 48;  // PAD: room left of and below the plot for tick labels and axis titles

function el(name, attrs, parent) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}
function clear(svg) { while (svg.firstChild) svg.removeChild(svg.firstChild); }
const fmt = v => typeof v === "number" ? String(Number(v.toPrecision(6))) : (v ?? "-");
const tick = v => String(Number(v.toPrecision(3)));

// Maps values onto [lo, hi]; on a log scale (log: true) through log10. The map keeps its range for tick labels.
function scale(values, lo, hi, log = false) {
  const f = log ? Math.log10 : v => v;
  const min = Math.min(...values), max = Math.max(...values), span = f(max) - f(min) || 1;
  const map = v => lo + (f(v) - f(min)) / span * (hi - lo);
  map.min = min; map.max = max; map.log = log;
  return map;
}
// A log scale reads better when positive values span two orders of magnitude or more (most tuning objectives).
const wantsLog = values => values.length > 1 && Math.min(...values) > 0 && Math.max(...values) / Math.min(...values) >= 100;

function axes(svg, xLabel, yLabel) {
  el("line", { x1: PAD, y1: H - PAD, x2: W - 8, y2: H - PAD, stroke: "#888" }, svg);
  el("line", { x1: PAD, y1: 8, x2: PAD, y2: H - PAD, stroke: "#888" }, svg);
  el("text", { x: W / 2, y: H - 8, "text-anchor": "middle", "font-size": 11 }, svg).textContent = xLabel;
  el("text", { x: 10, y: H / 2, "font-size": 11, transform: `rotate(-90 10 ${H / 2})`, "text-anchor": "middle" }, svg).textContent = yLabel;
}
function tickLabel(svg, x, y, text, anchor = "middle") {
  el("text", { x, y, "text-anchor": anchor, "font-size": 9, fill: "#555", class: "tick" }, svg).textContent = text;
}
// Tick labels at both ends of each scale (and the middle of the y scale), so a chart reads without hovering.
function ticks(svg, x, y) {
  if (x) for (const v of [x.min, x.max]) tickLabel(svg, x(v), H - PAD + 12, tick(v));
  if (y) {
    const middle = y.log ? Math.sqrt(y.min * y.max) : (y.min + y.max) / 2;
    for (const v of y.min === y.max ? [y.min] : [y.min, middle, y.max]) tickLabel(svg, PAD - 4, y(v) + 3, tick(v), "end");
  }
}
function empty(svg, message) {
  el("text", { x: (W + PAD) / 2, y: H / 2, "text-anchor": "middle", "font-size": 12, fill: "#888", class: "empty" }, svg).textContent = message;
}

function drawHistory(svg, trials, maximize) {
  clear(svg);
  const done = trials.filter(t => t.state === "Completed");
  const log = wantsLog(done.map(t => t.value));
  axes(svg, "trial", log ? "value (log scale)" : "value");
  if (done.length === 0) return empty(svg, "no completed trial yet");
  const x = scale(done.map(t => t.number), PAD, W - 12), y = scale(done.map(t => t.value), H - PAD, 12, log);
  ticks(svg, x, y);
  let best = null;
  const path = [];
  for (const t of done) {
    el("circle", { cx: x(t.number), cy: y(t.value), r: 2.5, fill: "#4f6bed", class: "point" }, svg);
    if (best === null || (maximize ? t.value > best : t.value < best)) best = t.value;
    path.push(`${x(t.number)},${y(best)}`);
  }
  el("polyline", { points: path.join(" "), fill: "none", stroke: "#e8710a", "stroke-width": 1.5, class: "best-line" }, svg);
}

function drawParallel(svg, trials, maximize) {
  clear(svg);
  const done = trials.filter(t => t.state === "Completed");
  const params = [...new Set(done.flatMap(t => Object.keys(t.params)))].sort();
  if (params.length === 0) return empty(svg, "no completed trial yet");
  // The objective is the first axis, as in Optuna's plot; each axis: the position of a value in [0, 1] and the
  // labels of its two ends.
  const names = ["objective", ...params];
  const read = (t, n) => n === "objective" ? t.value : t.params[n];
  const values = done.map(t => t.value), objective = scale(values, 0, 1, wantsLog(values));
  const columns = names.map(n => {
    const vals = done.map(t => read(t, n));
    if (typeof vals[0] === "string") {
      const cats = [...new Set(vals)].sort();
      return { at: v => cats.indexOf(v) / Math.max(cats.length - 1, 1), low: cats[0], high: cats[cats.length - 1] };
    }
    const s = n === "objective" ? objective : scale(vals, 0, 1);
    return { at: v => s(v), low: tick(s.min), high: tick(s.max) };
  });
  const xs = names.map((_, i) => PAD + i * (W - 2 * PAD) / Math.max(names.length - 1, 1));
  names.forEach((n, i) => {
    el("line", { x1: xs[i], y1: 12, x2: xs[i], y2: H - PAD, stroke: "#bbb" }, svg);
    el("text", { x: xs[i], y: H - 14, "text-anchor": "middle", "font-size": 10 }, svg).textContent = n;
    tickLabel(svg, xs[i], H - PAD + 11, columns[i].low);
    tickLabel(svg, xs[i], 9, columns[i].high);
  });
  // Colour: dark blue for the best trials, light green for the worst, on the objective axis's scale.
  for (const t of done) {
    const q = maximize ? 1 - objective(t.value) : objective(t.value);
    const points = names.map((n, i) => `${xs[i]},${(H - PAD) - columns[i].at(read(t, n)) * (H - PAD - 12)}`).join(" ");
    el("polyline", { points, fill: "none", stroke: `hsl(${230 - 180 * q}, 70%, ${35 + 30 * q}%)`, "stroke-opacity": 0.6, class: "trial-line" }, svg);
  }
}

function drawImportance(svg, importance) {
  clear(svg);
  axes(svg, "hyperparameter", "importance");
  if (importance.length === 0) return empty(svg, "needs a few completed trials");
  ticks(svg, null, scale([0, 1], H - PAD, 16));
  const width = (W - PAD - 12) / Math.max(importance.length, 1);
  importance.forEach((p, i) => {
    const h = p.importance * (H - PAD - 16);
    el("rect", { x: PAD + i * width + 4, y: H - PAD - h, width: width - 8, height: h, fill: "#4f6bed", class: "bar" }, svg);
    el("text", { x: PAD + i * width + width / 2, y: H - PAD + 12, "text-anchor": "middle", "font-size": 10 }, svg).textContent = p.name;
  });
}

function drawCurves(svg, trials) {
  clear(svg);
  axes(svg, "step", "intermediate value");
  const curves = trials.filter(t => Object.keys(t.intermediateValues).length > 0);
  const steps = curves.flatMap(t => Object.keys(t.intermediateValues).map(Number));
  const values = curves.flatMap(t => Object.values(t.intermediateValues));
  if (steps.length === 0) return empty(svg, "no intermediate values reported");
  const log = wantsLog(values);
  const x = scale(steps, PAD, W - 12), y = scale(values, H - PAD, 12, log);
  ticks(svg, x, y);
  for (const t of curves) {
    const points = Object.entries(t.intermediateValues).map(([s, v]) => `${x(Number(s))},${y(v)}`).join(" ");
    el("polyline", { points, fill: "none", stroke: t.state === "Pruned" ? "#999" : "#2e7d32",
      "stroke-dasharray": t.state === "Pruned" ? "3 2" : "", class: "curve" }, svg);
  }
}

// The trials table, built node by node: parameter names, values and failure reasons are text, whatever they hold.
function cell(row, tag, text, className) {
  const node = document.createElement(tag);
  node.textContent = String(text);
  if (className) node.className = className;
  row.appendChild(node);
}
function fillTable(trials) {
  const names = [...new Set(trials.flatMap(t => Object.keys(t.params)))].sort();
  const header = document.createElement("tr");
  for (const name of ["#", "state", "value", ...names]) cell(header, "th", name);
  cell(header, "th", "failure reason", "reason");
  const rows = trials.map(t => {
    const row = document.createElement("tr");
    row.className = "trial-row";
    for (const value of [t.number, t.state, fmt(t.value), ...names.map(n => fmt(t.params[n]))]) cell(row, "td", value);
    cell(row, "td", t.failureReason ?? "", "reason");
    return row;
  });
  document.getElementById("trials").replaceChildren(header, ...rows);
}

async function show(name) {
  document.querySelectorAll("nav button").forEach(b => b.classList.toggle("selected", b.textContent === name));
  const title = document.getElementById("title");
  try {
    const [job, trials, importance] = await Promise.all([
      api(jobPath(name)), api(jobPath(name) + "/trials"), api(jobPath(name) + "/importance")]);
    const maximize = job.direction === "Maximize";
    title.classList.remove("error");
    title.textContent = `${name} — ${job.direction}, ${trials.length} trials`;
    document.getElementById("best").textContent = job.best
      ? `Best: trial ${job.best.number}, value ${fmt(job.best.value)}, ` + Object.entries(job.best.params).map(([k, v]) => `${k}=${fmt(v)}`).join(", ")
      : "No completed trial yet";
    drawHistory(document.getElementById("history"), trials, maximize);
    drawParallel(document.getElementById("parallel"), trials, maximize);
    drawImportance(document.getElementById("importance"), importance);
    drawCurves(document.getElementById("curves"), trials);
    fillTable(trials);
  } catch (e) {
    title.classList.add("error");
    title.textContent = `${name}: ${e.message}`;
  }
  document.body.dataset.loaded = name;
}

function showError(message) {
  const error = document.createElement("span");
  error.className = "error";
  error.textContent = message;
  document.getElementById("jobs").replaceChildren(error);
}

// Asks for the token; a refused one is forgotten and the refusal shown.
function askForToken(message) {
  if (!message) document.getElementById("jobs").textContent = "no token given yet";
  document.getElementById("signin-error").textContent = message;
  document.getElementById("signin").hidden = false;
  document.getElementById("token").focus();
}
document.getElementById("signin").addEventListener("submit", event => {
  event.preventDefault();
  const input = document.getElementById("token");
  token = input.value.trim();
  input.value = "";
  sessionStorage.setItem(TOKEN_KEY, token);
  document.getElementById("signin").hidden = true;
  listJobs();
});

function listJobs() {
  api("/tuning-jobs").then(jobs => {
    const list = document.getElementById("jobs");
    list.replaceChildren();
    for (const job of jobs) {
      const button = document.createElement("button");
      button.textContent = job.name;
      button.onclick = () => show(job.name);
      list.appendChild(button);
    }
    if (jobs.length > 0) show(jobs[0].name);
  }).catch(e => {
    showError(e.message);
    if (e.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      askForToken(e.message);
    }
  });
}

if (token) listJobs();
else askForToken("");
