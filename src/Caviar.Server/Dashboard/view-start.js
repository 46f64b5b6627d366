// Starting a job from a spec (#/new): the spec's JSON (a tuning or a training job) is sent to the API behind the token.
// A refusal lists every error the API names (400 with `errors`, each naming a spec field such as
// `limits.maxTrials`), each next to the line of the JSON where that field is written, which is also marked in the
// line-number gutter; a started job's page is opened.
import { api } from "./api.js";

// The line (1-based) where a spec field is written: the last key of its path, e.g. "maxTrials" for
// "limits.maxTrials" or "name" for "hyperParameterRanges[1].name", found after its parents' keys when they are
// there; null when the JSON does not name it (a field that is missing).
export function lineOf(json, field) {
  const keys = field.split(".").map(k => k.replace(/\[\d+\]$/, "")).filter(Boolean);
  const lines = json.split("\n");
  let from = 0;
  for (const [i, key] of keys.entries()) {
    const pattern = new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"\\s*:`, "i");
    const at = lines.findIndex((line, n) => n >= from && pattern.test(line));
    if (at < 0) return i === keys.length - 1 || from === 0 ? null : from + 1;
    from = at;
  }
  return keys.length ? from + 1 : null;
}

export function startView(root, setTitle) {
  setTitle("Start a job");
  const form = document.createElement("form");
  form.id = "start";
  const kind = document.createElement("select");
  kind.id = "start-kind";
  kind.setAttribute("aria-label", "kind of job");
  for (const [value, label] of [["tuning-jobs", "tuning job"], ["training-jobs", "training job"]])
    kind.append(Object.assign(document.createElement("option"), { value, textContent: label }));
  const editor = document.createElement("div");
  editor.className = "spec-editor";
  const gutter = document.createElement("pre");
  gutter.className = "gutter";
  gutter.setAttribute("aria-hidden", "true");
  const spec = document.createElement("textarea");
  spec.id = "spec";
  spec.spellcheck = false;
  spec.rows = 24;
  spec.setAttribute("aria-label", "the job's spec (JSON)");
  spec.placeholder = '{ "name": "my-job", ... }';
  editor.append(gutter, spec);
  const submit = Object.assign(document.createElement("button"), { type: "submit", textContent: "Start" });
  const errors = document.createElement("ul");
  errors.id = "spec-errors";
  errors.className = "error";
  errors.setAttribute("aria-live", "polite");
  form.append(kind, editor, submit, errors);
  root.replaceChildren(form);

  const marked = new Map();   // line -> reasons
  function drawGutter() {
    const count = spec.value.split("\n").length;
    gutter.textContent = Array.from({ length: count }, (_, i) => `${marked.has(i + 1) ? "▶" : " "}${String(i + 1).padStart(3)}`).join("\n");
    gutter.scrollTop = spec.scrollTop;
  }
  spec.addEventListener("input", () => { marked.clear(); errors.replaceChildren(); drawGutter(); });
  spec.addEventListener("scroll", () => { gutter.scrollTop = spec.scrollTop; });
  drawGutter();

  function show(list) {
    marked.clear();
    errors.replaceChildren(...list.map(e => {
      const line = lineOf(spec.value, e.field ?? "");
      if (line) marked.set(line, [...(marked.get(line) ?? []), e.reason]);
      const item = document.createElement("li");
      item.dataset.field = e.field ?? "";
      if (line) item.dataset.line = line;
      item.textContent = `${line ? `line ${line} — ` : ""}${e.field || "spec"}: ${e.reason}`;
      if (line) {
        item.tabIndex = 0;
        const select = () => {   // puts the cursor on the line it names
          const starts = spec.value.split("\n").slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
          spec.focus();
          spec.setSelectionRange(starts, starts + spec.value.split("\n")[line - 1].length);
        };
        item.addEventListener("click", select);
        item.addEventListener("keydown", ev => { if (ev.key === "Enter") select(); });
      }
      return item;
    }));
    drawGutter();
    document.body.dataset.loaded = "start-refused";
  }

  form.addEventListener("submit", async event => {
    event.preventDefault();
    let body;
    try { body = JSON.parse(spec.value); } catch (e) { show([{ field: "", reason: "not JSON: " + e.message }]); return; }
    submit.disabled = true;
    try {
      const started = await api("/" + kind.value, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
      location.hash = `#/${kind.value}/${encodeURIComponent(started.name)}`;
    } catch (e) {
      show(e.errors ?? [{ field: "", reason: e.message }]);
    } finally { submit.disabled = false; }
  });
  document.body.dataset.loaded = "start";
  return { query: "", onEvent() {} };
}
