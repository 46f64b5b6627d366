// Trials side by side (#/tuning-jobs/NAME/compare/1,4,7; 2–4 trials): state, value (each objective's), duration and every parameter in
// one table, and their intermediate values in one chart.
import { formatValue } from "./svg.js";
import { drawCurves } from "./chart-curves.js";
import { duration } from "./trials.js";
import { figure } from "./view-parts.js";

export function compareView(root, name, numbers, setTitle) {
  const table = document.createElement("table");
  table.className = "compare";
  table.id = "compare-table";
  const curves = figure("compare-curves", "Intermediate values");
  root.replaceChildren(Object.assign(document.createElement("a"), { href: `#/tuning-jobs/${encodeURIComponent(name)}`, textContent: `← ${name}` }),
    table, curves.figure);
  const trials = new Map();
  let objectives = null;   // the objectives' names, with several
  setTitle(`${name} — comparing trials ${numbers.join(", ")}`);
  if (numbers.length < 2 || numbers.length > 4) setTitle(`${name}: compare 2 to 4 trials, not ${numbers.length}`, true);
  function draw() {
    const shown = numbers.map(n => trials.get(n)).filter(Boolean);
    const params = [...new Set(shown.flatMap(t => Object.keys(t.params)))];
    const rows = [["trial", ...shown.map(t => t.number)], ["state", ...shown.map(t => t.state)], ...valueRows(shown),
      ["duration (s)", ...shown.map(t => formatValue(duration(t)))], ...params.map(p => [p, ...shown.map(t => formatValue(t.params[p]))]),
      ["failure reason", ...shown.map(t => t.failureReason ?? "")]];
    table.replaceChildren(...rows.map(([label, ...cells], i) => {
      const row = document.createElement("tr");
      row.append(Object.assign(document.createElement("th"), { textContent: label }),
        ...cells.map(c => Object.assign(document.createElement(i === 0 ? "th" : "td"), { textContent: String(c) })));
      return row;
    }));
    drawCurves(curves.svg, shown, null);
    document.body.dataset.loaded = `${name}/compare`;
  }
  // One row per objective (named as the job names them) with several, else the value.
  function valueRows(shown) {
    const count = Math.max(0, ...shown.map(t => t.values?.length ?? 0));
    if (count < 2) return [["value", ...shown.map(t => formatValue(t.value))]];
    return Array.from({ length: count }, (_, k) => [objectives?.[k] ?? `value${k}`, ...shown.map(t => formatValue(t.values?.[k]))]);
  }
  return {
    query: "?tuningJob=" + encodeURIComponent(name),
    onEvent(kind, data) {
      if (kind === "job" && data.objectives?.length > 1) { objectives = data.objectives; if (trials.size) draw(); }
      if (kind !== "trials") return;
      if (data.snapshot) trials.clear();
      for (const t of data.trials) if (numbers.includes(t.number)) trials.set(t.number, t);
      draw();
    },
  };
}
