// Caviar dashboard: the router (every view has an address: #/tuning-jobs/NAME, #/tuning-jobs/NAME/trials/N,
// #/tuning-jobs/NAME/compare/1,2, #/training-jobs/NAME, #/new to start a job, surviving a reload), the token form, the job lists and the
// one event stream per view that keeps everything live. Safe against hostile stored values: every string from the
// API is put into the page as text (textContent), never as markup; the Content-Security-Policy allows no inline
// script besides.
import { session, setToken, events } from "./api.js";
import { tuningView } from "./view-tuning.js";
import { trialView } from "./view-trial.js";
import { trainingView } from "./view-training.js";
import { compareView } from "./view-compare.js";
import { startView } from "./view-start.js";

if (/(^|[#&/])token=/.test(location.hash)) history.replaceState(null, "", location.pathname + location.search);

// Theme: light or dark as the system prefers, until the user picks one (kept in localStorage).
const themeButton = document.getElementById("theme");
function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  themeButton.textContent = theme === "dark" ? "light theme" : "dark theme";
}
applyTheme(localStorage.getItem("caviar-theme") || (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light"));
themeButton.addEventListener("click", () => {
  const theme = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
  localStorage.setItem("caviar-theme", theme);
  applyTheme(theme);
  window.dispatchEvent(new Event("caviar-theme"));   // views redraw what takes its colours from the theme
});

const title = document.getElementById("title");
function setTitle(text, error = false) {
  title.textContent = text;
  title.classList.toggle("error", error);
}

// #/tuning-jobs/NAME[/trials/N | /compare/1,2] or #/training-jobs/NAME; anything else is the start page.
export function parseRoute(hash) {
  const parts = hash.replace(/^#\/?/, "").split("/").map(p => { try { return decodeURIComponent(p); } catch { return p; } });
  if (parts[0] === "tuning-jobs" && parts[1]) {
    if (parts[2] === "trials" && /^\d+$/.test(parts[3] ?? "")) return { kind: "trial", name: parts[1], number: Number(parts[3]) };
    if (parts[2] === "compare" && parts[3]) return { kind: "compare", name: parts[1], numbers: parts[3].split(",").filter(n => /^\d+$/.test(n)).map(Number) };
    return { kind: "tuning", name: parts[1] };
  }
  if (parts[0] === "training-jobs" && parts[1]) return { kind: "training", name: parts[1] };
  if (parts[0] === "new") return { kind: "start" };
  return { kind: "home" };
}

let current = null, controller = null, lastJobs = null;
function route() {
  if (!session.token) return;
  controller?.abort();
  controller = new AbortController();
  const r = parseRoute(location.hash), root = document.getElementById("view");
  delete document.body.dataset.loaded;
  if (r.kind === "tuning") current = tuningView(root, r.name, setTitle);
  else if (r.kind === "trial") current = trialView(root, r.name, r.number, setTitle);
  else if (r.kind === "compare") current = compareView(root, r.name, r.numbers, setTitle);
  else if (r.kind === "training") current = trainingView(root, r.name, setTitle);
  else if (r.kind === "start") current = startView(root, setTitle);
  else {
    current = { query: "", onEvent() {} };
    setTitle("Select a job");
    root.replaceChildren(Object.assign(document.createElement("p"), { textContent: "Pick a tuning or training job on the left." }));
    document.body.dataset.loaded = "home";
  }
  if (lastJobs) showJobs(lastJobs);
  const view = current;
  events("/events" + view.query, (kind, data) => {
    if (kind === "jobs") { lastJobs = data; showJobs(data); }
    else view.onEvent(kind, data);
  }, error => refused(error, r), controller.signal);
}

function link(href, label, note, selected) {
  const a = document.createElement("a");
  a.href = href;
  a.className = "job" + (selected ? " selected" : "");
  if (selected) a.setAttribute("aria-current", "page");
  const name = document.createElement("span");
  name.className = "name";
  name.textContent = label;
  const extra = document.createElement("span");
  extra.className = "note";
  extra.textContent = note;
  a.append(name, extra);
  return a;
}
function showJobs({ tuning, training }) {
  const r = parseRoute(location.hash);
  const tuningNames = new Set(tuning.map(j => j.name));
  document.getElementById("jobs").replaceChildren(...tuning.map(j => link(`#/tuning-jobs/${encodeURIComponent(j.name)}`, j.name,
    `${j.running ? "● " : ""}${j.completed}/${j.trials}`, r.kind !== "training" && r.name === j.name)));
  if (!tuning.length) document.getElementById("jobs").textContent = "no tuning job yet";
  // Trials' own jobs (NAME-0001) are reached from their trial; the list shows jobs started on their own.
  const own = training.filter(j => !tuningNames.has(j.name.replace(/-\d{4,}$/, "")));
  document.getElementById("training-jobs").replaceChildren(...own.map(j => link(`#/training-jobs/${encodeURIComponent(j.name)}`, j.name,
    j.state, r.kind === "training" && r.name === j.name)));
  for (const a of document.querySelectorAll("nav a.job")) if (a.querySelector(".note").textContent.startsWith("●")) a.querySelector(".note").classList.add("live");
  document.body.dataset.jobs = tuning.length + training.length;
}

// Asks for the token; a refused one is forgotten and the refusal shown.
function askForToken(message) {
  if (!message) document.getElementById("jobs").textContent = "no token given yet";
  document.getElementById("signin-error").textContent = message;
  document.getElementById("signin").hidden = false;
  document.getElementById("token").focus();
}
function refused(error, r) {
  if (error.status === 401) {
    setToken("");
    controller?.abort();
    const list = document.getElementById("jobs");
    list.replaceChildren(Object.assign(document.createElement("span"), { className: "error", textContent: error.message }));
    askForToken(error.message);
  } else {
    setTitle(r.name ? `${r.name}: ${error.message}` : error.message, true);
    document.body.dataset.loaded = r.name ?? "home";
  }
}
document.getElementById("signin").addEventListener("submit", event => {
  event.preventDefault();
  const input = document.getElementById("token");
  setToken(input.value.trim());
  input.value = "";
  document.getElementById("signin").hidden = true;
  route();
});

window.addEventListener("hashchange", route);
if (session.token) route();
else askForToken("");
