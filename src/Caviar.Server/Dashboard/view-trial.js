// A trial's page (#/tuning-jobs/NAME/trials/N): its parameters, value and times, its user attributes, its
// intermediate values, and its
// training job (status, metrics, log tail, downloadable files). Re-read when the event stream says the trial changed,
// and every 2 s while it runs (its log grows without the trial changing).
import { api } from "./api.js";
import { formatValue } from "./svg.js";
import { drawCurves } from "./chart-curves.js";
import { duration } from "./trials.js";
import { figure, keyValues, heading, jobPath } from "./view-parts.js";
import { showJob } from "./job-details.js";
import { attributeNames, attributeValue } from "./table.js";

// The trial's user attributes (trial.SetAttribute), sorted by name; nothing when it has none.
function attributesOf(t) {
  const names = attributeNames([t]);
  if (!names.length) return [];
  const list = keyValues(names.map(n => [n, formatValue(attributeValue(t, n))]));
  list.id = "user-attributes";
  return [heading("User attributes"), list];
}

export function trialView(root, name, number, setTitle) {
  const back = Object.assign(document.createElement("a"), { href: `#/tuning-jobs/${encodeURIComponent(name)}`, textContent: `← ${name}` });
  const summary = document.createElement("div");
  summary.className = "summary";
  const curve = figure("trial-curve", "Intermediate values");
  const job = Object.assign(document.createElement("div"), { id: "job" });
  const charts = document.createElement("div");
  charts.className = "charts";
  charts.append(curve.figure);
  root.replaceChildren(back, summary, charts, job);
  let timer = null, loading = false, objectives = null, shown = null;
  const path = `${jobPath(name)}/trials/${number}`;

  async function load() {
    if (loading || !root.isConnected) return;
    loading = true;
    try {
      const found = await api(path);
      const t = shown = found.trial;
      setTitle(`${name} — trial ${t.number} (${t.state})`);
      showSummary(t);
      drawCurves(curve.svg, [t], null);
      if (found.job) showJob(job, found.job, `${path}/files`);
      else job.textContent = found.jobName ? "its training job has not started yet" : "this study's trials run no training job";
      clearTimeout(timer);
      if (t.state === "Running") timer = setTimeout(load, 2000);
      document.body.dataset.loaded = `${name}/trials/${number}`;
    } catch (e) {
      setTitle(`${name} — trial ${number}: ${e.message}`, true);
      document.body.dataset.loaded = `${name}/trials/${number}`;
    } finally { loading = false; }
  }
  // Its values: one per objective, named after the job's objectives when the event stream has said them.
  function showSummary(t) {
    const values = t.values?.length > 1
      ? t.values.map((v, k) => [objectives?.[k] ?? `value${k}`, formatValue(v)]) : [["value", formatValue(t.value)]];
    const feasibility = t.constraints?.length && t.values
      ? [["feasible", t.feasible ? "yes" : "no"], ["constraint values", t.constraints.map(formatValue).join(", ")]] : [];
    summary.replaceChildren(keyValues([
      ["state", t.state], ...values, ...feasibility, ["started", new Date(t.startedAt).toLocaleString()],
      ["duration (s)", formatValue(duration(t))], ...(t.failureReason ? [["failure reason", t.failureReason]] : []),
    ]), heading("Parameters"), keyValues(Object.entries(t.params).map(([k, v]) => [k, formatValue(v)])),
    ...attributesOf(t));
  }
  load();
  return {
    query: "?tuningJob=" + encodeURIComponent(name),
    onEvent(kind, data) {
      if (kind === "job" && data.objectives?.length > 1) { objectives = data.objectives; if (shown) showSummary(shown); }
      if (kind === "trials" && !data.snapshot && data.trials.some(t => t.number === number)) load();
    },
  };
}
