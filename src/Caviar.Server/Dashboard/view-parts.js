// Pieces shared by the views: a chart's figure (caption, controls, SVG, legend outside the plot), a parameter picker,
// key–value lists and addresses.
import { el, W, H } from "./svg.js";

export const jobPath = name => "/tuning-jobs/" + encodeURIComponent(name);

export function figure(id, caption, legendNode, ...controls) {
  const figure = document.createElement("figure");
  const title = document.createElement("figcaption");
  title.append(caption, ...controls.map(c => c.label ?? c));
  const svg = el("svg", { id, class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": caption });
  figure.append(title, svg);
  if (legendNode) figure.append(legendNode);
  return { figure, svg };
}

export function legend(entries) {
  const node = document.createElement("div");
  node.className = "legend";
  for (const [kind, label] of entries) {
    const item = document.createElement("span");
    const swatch = document.createElement("span");
    swatch.className = "swatch " + kind;
    item.append(swatch, label);
    node.append(item);
  }
  return node;
}

// A <select> of parameter names that keeps the user's choice when the list is refilled.
export function select(id, labelText) {
  const label = document.createElement("label");
  const select = document.createElement("select");
  select.id = id;
  select.addEventListener("change", () => { select.dataset.touched = "1"; });
  label.append(labelText + " ", select);
  return {
    label, select,
    fill(names) {
      const keep = select.value;
      if ([...select.options].map(o => o.value).join("\n") === names.join("\n")) return;
      select.replaceChildren(...names.map(n => Object.assign(document.createElement("option"), { value: n, textContent: n })));
      if (names.includes(keep)) select.value = keep;
    },
  };
}

export function keyValues(entries) {
  const list = document.createElement("dl");
  list.className = "params";
  for (const [k, v] of entries) {
    list.append(Object.assign(document.createElement("dt"), { textContent: k }), Object.assign(document.createElement("dd"), { textContent: String(v) }));
  }
  return list;
}

export function heading(text) { return Object.assign(document.createElement("h3"), { textContent: text }); }
