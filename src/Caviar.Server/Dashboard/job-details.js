// A training job's details (a trial's job or one of its own): status and attempts, a chart per metric (the job's own,
// then the system metrics the runner samples — CPU, memory, GPU — under their own heading), the tail of each attempt's
// log, and its files (model, checkpoints, output, logs) as download buttons.
import { download } from "./api.js";
import { formatValue } from "./svg.js";
import { drawCurves } from "./chart-curves.js";
import { figure, keyValues, heading } from "./view-parts.js";

// The runner's samples (Caviar.Jobs.Efficiency.SystemMetrics), by name: what their chart's axis says. Their step is
// the sample's number (one every $CAVIAR_SYSTEM_METRICS_SECONDS, 5 s by default).
const SYSTEM = { cpu_percent: "CPU use (% of one core)", rss_mb: "resident memory (MiB)", gpu_util_percent: "GPU utilisation (%)",
  gpu_memory_mb: "GPU memory (MiB)" };

function metricCharts(entries, state, title = name => name, xLabel = "step") {
  const charts = document.createElement("div");
  charts.className = "charts";
  for (const [name, points] of entries) {
    const chart = figure("metric-" + name.replace(/[^A-Za-z0-9_-]/g, "_"), title(name));
    chart.svg.classList.add("metric-chart");
    drawCurves(chart.svg, [{ number: 0, state: state === "Running" ? "Running" : "Completed", params: {}, value: null,
      intermediateValues: Object.fromEntries(points.map(([step, value]) => [step, value])) }], null, { label: title(name), xLabel });
    charts.append(chart.figure);
  }
  return charts;
}

export function showJob(root, view, filesPath) {
  const parts = [];
  const s = view.status;
  parts.push(heading("Training job"), keyValues([
    ["state", s.state], ["attempts", s.attempts], ["started", s.startedAt ? new Date(s.startedAt).toLocaleString() : ""],
    ["finished", s.finishedAt ? new Date(s.finishedAt).toLocaleString() : "—"], ["exit code", s.exitCode ?? "—"],
    ...(s.failureReason ? [["failure reason", s.failureReason]] : []),
    ...Object.entries(s.finalMetrics ?? {}).map(([k, v]) => ["final " + k, formatValue(v)]),
  ]));
  const metrics = Object.entries(view.metrics ?? {}), own = metrics.filter(([n]) => !(n in SYSTEM)), system = metrics.filter(([n]) => n in SYSTEM);
  if (own.length) parts.push(heading("Metrics"), metricCharts(own, s.state));
  if (system.length) {
    const charts = metricCharts(system, s.state, n => SYSTEM[n], "sample");
    charts.id = "system-metrics";
    parts.push(heading("System metrics"), charts);
  }
  parts.push(heading("Logs"));
  if (!view.logs.length) parts.push(Object.assign(document.createElement("p"), { textContent: "no log yet" }));
  for (const log of view.logs) {
    const details = document.createElement("details");
    details.open = log === view.logs[view.logs.length - 1];
    details.append(Object.assign(document.createElement("summary"), { textContent: log.name }),
      Object.assign(document.createElement("pre"), { className: "log", textContent: log.tail }));
    parts.push(details);
  }
  parts.push(heading("Files"));
  const files = document.createElement("ul");
  files.id = "files";
  for (const f of view.files) {
    const item = document.createElement("li");
    const button = Object.assign(document.createElement("button"), { type: "button", textContent: f.path, className: "download" });
    button.dataset.path = f.path;
    button.addEventListener("click", () => download(filesPath + "/" + f.path.split("/").map(encodeURIComponent).join("/"),
      f.path.split("/").pop()).catch(e => { button.textContent = `${f.path}: ${e.message}`; }));
    item.append(button, ` ${f.bytes.toLocaleString()} bytes`);
    files.append(item);
  }
  if (!view.files.length) files.append(Object.assign(document.createElement("li"), { textContent: "no files" }));
  parts.push(files);
  root.replaceChildren(...parts);
}
