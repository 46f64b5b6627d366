// A training job's page (#/training-jobs/NAME): status, attempts, metric curves, logs and files, live from the event
// stream (`training` events); a stop button while it runs.
import { post } from "./api.js";
import { showJob } from "./job-details.js";

export function trainingView(root, name, setTitle) {
  const actions = document.createElement("div");
  actions.className = "actions";
  const stop = Object.assign(document.createElement("button"), { type: "button", id: "stop", textContent: "stop this job", hidden: true });
  stop.addEventListener("click", () => post(`/training-jobs/${encodeURIComponent(name)}/stop`)
    .then(() => { stop.textContent = "stopping…"; stop.disabled = true; }, e => { stop.textContent = e.message; }));
  actions.append(stop);
  const details = Object.assign(document.createElement("div"), { id: "job" });
  root.replaceChildren(actions, details);
  return {
    query: "?trainingJob=" + encodeURIComponent(name),
    onEvent(kind, data) {
      if (kind !== "training") return;
      if (data.missing) { setTitle(`${name}: ${data.missing}`, true); document.body.dataset.loaded = name; return; }
      setTitle(`${name} — ${data.status.state}, ${data.status.attempts} attempt${data.status.attempts === 1 ? "" : "s"}`);
      stop.hidden = data.status.state !== "Running";
      showJob(details, data, `/training-jobs/${encodeURIComponent(name)}/files`);
      document.body.dataset.loaded = name;
    },
  };
}
