// The trials table: one column per field (number, state, value — one per objective with several, then whether the
// trial is feasible and on the Pareto front —, each parameter, each user attribute, duration, start, failure reason),
// each sortable (click or Enter on its header) and filterable (the box under it: text matches anywhere; numbers also
// take >x, <x, >=x, <=x, =x and a..b). Shown a page at a time, so a study of 10,000 trials stays quick. Every value
// is put in as text.
import { formatValue } from "./svg.js";
import { duration, isNumber } from "./trials.js";

const PAGE = 50;

// objectives: null for one objective; else {names, directions, front: a Set of the front's trial numbers}.
export function columnsOf(space, trials, objectives = null) {
  const names = space.length ? space.map(a => a.name) : [...new Set(trials.flatMap(t => Object.keys(t.params)))].sort();
  const attributes = attributeNames(trials);
  return [
    { key: "number", label: "#", read: t => t.number },
    { key: "state", label: "state", read: t => t.state },
    ...(objectives ? objectiveColumns(trials, objectives) : [{ key: "value", label: "value", read: t => t.value }]),
    ...names.map(n => ({ key: "param:" + n, label: n, read: t => t.params[n] })),
    ...attributes.map(n => ({ key: "attr:" + n, label: n, title: "user attribute " + n, read: t => attributeValue(t, n) })),
    { key: "duration", label: "duration (s)", read: duration },
    { key: "startedAt", label: "started", read: t => t.startedAt, show: v => v ? new Date(v).toLocaleString() : "" },
    { key: "failureReason", label: "failure reason", read: t => t.failureReason ?? "", className: "reason" },
  ];
}

function objectiveColumns(trials, { names, directions, front }) {
  const constrained = trials.some(t => t.constraints?.length);
  return [
    ...names.map((n, k) => ({ key: "value:" + k, label: n, title: `objective ${n} (${directions[k].toLowerCase()})`, read: t => t.values?.[k] ?? null })),
    ...(constrained ? [{ key: "feasible", label: "feasible", read: t => t.values && t.constraints?.length ? (t.feasible ? "yes" : "no") : "" }] : []),
    { key: "front", label: "Pareto front", read: t => front.has(t.number) ? "yes" : "" },
  ];
}

// The names of the user attributes (trial.SetAttribute) any trial has, sorted.
export function attributeNames(trials) {
  const names = new Set();
  for (const t of trials) for (const n in t.userAttributes ?? {}) names.add(n);
  return [...names].sort();
}

// An attribute's value as the table sorts and filters it: numbers and text as they are, anything else as JSON.
export function attributeValue(t, name) {
  const v = t.userAttributes?.[name];
  return v === null || v === undefined || typeof v === "number" || typeof v === "string" ? v : JSON.stringify(v);
}

// A filter box's text as a test on one value.
export function parseFilter(query) {
  const q = query.trim();
  if (!q) return () => true;
  let m;
  if ((m = /^(-?[\d.eE+-]+)\s*\.\.\s*(-?[\d.eE+-]+)$/.exec(q)) && !isNaN(m[1]) && !isNaN(m[2]))
    return v => isNumber(v) && v >= Number(m[1]) && v <= Number(m[2]);
  if ((m = /^(>=|<=|>|<|=)\s*(-?[\d.eE+-]+)$/.exec(q)) && !isNaN(m[2])) {
    const n = Number(m[2]);
    return { ">": v => v > n, "<": v => v < n, ">=": v => v >= n, "<=": v => v <= n, "=": v => v === n }[m[1]].bind(null);
  }
  const needle = q.toLowerCase();
  return v => v !== null && v !== undefined && String(typeof v === "number" ? formatValue(v) : v).toLowerCase().includes(needle);
}

function compare(a, b) {
  const missingA = a === null || a === undefined || a === "", missingB = b === null || b === undefined || b === "";
  if (missingA || missingB) return missingA - missingB;
  return typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b));
}

export class TrialsTable {
  constructor(root, linkOf) {
    this.root = root; this.linkOf = linkOf;
    this.sort = { key: "number", descending: false };
    this.filters = {}; this.page = 0; this.extra = () => true; this.selected = new Set();
    this.onSelect = () => {};
  }

  // Shows these trials (the columns follow space); keeps sorting, filters, page and the focused filter box.
  update(trials, space, objectives = null) {
    this.trials = trials;
    this.columns = columnsOf(space, trials, objectives);
    this.render();
  }

  rows() {
    const tests = this.columns.filter(c => this.filters[c.key]).map(c => [c, parseFilter(this.filters[c.key])]);
    const column = this.columns.find(c => c.key === this.sort.key) ?? this.columns[0];
    const rows = this.trials.filter(t => this.extra(t) && tests.every(([c, test]) => test(c.read(t))));
    rows.sort((a, b) => compare(column.read(a), column.read(b)) * (this.sort.descending ? -1 : 1) || a.number - b.number);
    return rows;
  }

  render() {
    const focused = document.activeElement?.dataset?.filter;
    const rows = this.rows(), pages = Math.max(1, Math.ceil(rows.length / PAGE));
    this.page = Math.min(this.page, pages - 1);
    const table = document.createElement("table");
    table.id = "trials";
    const head = table.createTHead(), header = head.insertRow(), filterRow = head.insertRow();
    header.appendChild(Object.assign(document.createElement("th"), { textContent: "compare" }));
    filterRow.appendChild(document.createElement("th"));
    for (const c of this.columns) {
      const th = document.createElement("th");
      th.textContent = c.label;
      th.tabIndex = 0;
      th.dataset.key = c.key;
      if (c.title) th.title = c.title;
      if (c.className) th.className = c.className;
      th.setAttribute("aria-sort", this.sort.key === c.key ? (this.sort.descending ? "descending" : "ascending") : "none");
      const toggle = () => {
        this.sort = { key: c.key, descending: this.sort.key === c.key && !this.sort.descending };
        this.render();
        this.root.querySelector(`th[data-key="${CSS.escape(c.key)}"]`)?.focus();
      };
      th.addEventListener("click", toggle);
      th.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(); } });
      header.appendChild(th);
      const cell = document.createElement("th");
      const input = Object.assign(document.createElement("input"), { type: "search", value: this.filters[c.key] ?? "" });
      input.dataset.filter = c.key;
      input.setAttribute("aria-label", "filter " + c.label);
      input.placeholder = ["state", "failureReason", "feasible", "front"].includes(c.key) ? "text" : "e.g. >0.5, 1..2";
      input.addEventListener("input", () => { this.filters[c.key] = input.value; this.page = 0; this.render(); });
      cell.appendChild(input);
      filterRow.appendChild(cell);
    }
    const body = table.createTBody();
    for (const t of rows.slice(this.page * PAGE, (this.page + 1) * PAGE)) {
      const row = body.insertRow();
      row.className = "trial-row state-row-" + t.state;
      row.dataset.trial = t.number;
      const pick = document.createElement("input");
      pick.type = "checkbox";
      pick.checked = this.selected.has(t.number);
      pick.setAttribute("aria-label", "compare trial " + t.number);
      pick.addEventListener("change", () => {
        if (pick.checked) this.selected.add(t.number); else this.selected.delete(t.number);
        this.onSelect(this.selected);
      });
      row.insertCell().appendChild(pick);
      for (const c of this.columns) {
        const td = row.insertCell(), v = c.read(t);
        if (c.className) td.className = c.className;
        if (c.key === "number") {
          const link = document.createElement("a");
          link.href = this.linkOf(t.number);
          link.textContent = String(t.number);
          td.appendChild(link);
        } else td.textContent = c.show ? c.show(v) : String(formatValue(v ?? ""));
      }
    }
    const pager = document.createElement("div");
    pager.className = "pager";
    const button = (label, page, disabled) => {
      const b = Object.assign(document.createElement("button"), { textContent: label, disabled, type: "button" });
      b.addEventListener("click", () => { this.page = page; this.render(); });
      pager.appendChild(b);
    };
    button("‹ previous", this.page - 1, this.page === 0);
    const count = document.createElement("span");
    count.id = "trial-count";
    count.textContent = `${rows.length} of ${this.trials.length} trials — page ${this.page + 1} of ${pages}`;
    pager.appendChild(count);
    button("next ›", this.page + 1, this.page >= pages - 1);
    this.root.replaceChildren(table, pager);
    if (focused) {
      const input = this.root.querySelector(`input[data-filter="${CSS.escape(focused)}"]`);
      input?.focus();
      input?.setSelectionRange(input.value.length, input.value.length);
    }
  }
}
