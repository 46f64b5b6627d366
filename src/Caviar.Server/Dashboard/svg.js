// SVG building blocks of the charts: elements, scales with readable ticks (linear, logarithmic, integer, categories),
// axes and the shared tooltip. Every text from the API goes in as textContent, never as markup.
const NS = "http://www.w3.org/2000/svg";
export const W = 480, H = 280;
export const M = { left: 58, right: 14, top: 12, bottom: 40 };   // room for tick labels and axis titles

export function el(name, attrs, parent) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}
export function text(parent, x, y, content, attrs = {}) {
  const node = el("text", { x, y, ...attrs }, parent);
  node.textContent = String(content);
  return node;
}
export function clear(svg) { while (svg.firstChild) svg.removeChild(svg.firstChild); }
export function empty(svg, message) {
  clear(svg);
  text(svg, W / 2, H / 2, message, { "text-anchor": "middle", class: "empty" });
}

// Values spanning two orders of magnitude or more (all positive) read better on a log axis.
export const wantsLog = values => values.length > 1 && values.every(v => v > 0) && Math.max(...values) / Math.min(...values) >= 100;

function niceStep(span, count) {
  const raw = span / count, power = 10 ** Math.floor(Math.log10(raw)), f = raw / power;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * power;
}
// A label with as many decimals as the step needs, so neighbouring ticks never read the same.
export function formatTick(value, step) {
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) return value.toExponential(Math.max(0, Math.min(6, Math.round(Math.log10(magnitude) - Math.log10(step))))).replace("e+", "e");
  const decimals = Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9)));
  return value.toFixed(decimals);
}
export const formatValue = v => typeof v === "number" ? (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)))) : (v ?? "-");

// A numeric scale from [min, max] to pixels [lo, hi]; options: log, integer (ticks only at whole numbers).
export function scale(min, max, lo, hi, { log = false, integer = false, count = 5 } = {}) {
  if (!(max > min)) {
    if (log) { min /= 2; max *= 2; }
    else { const pad = Math.abs(min) * 0.1 || 1; min -= pad; max += pad; }
  }
  const f = log ? Math.log10 : v => v;
  const a = f(min), span = f(max) - a;
  const map = v => lo + (f(v) - a) / span * (hi - lo);
  map.invert = p => { const t = a + (p - lo) / (hi - lo) * span; return log ? 10 ** t : t; };
  map.min = min; map.max = max; map.log = log; map.lo = lo; map.hi = hi;
  map.ticks = () => {
    if (log) {
      const first = Math.ceil(Math.log10(min) - 1e-9), last = Math.floor(Math.log10(max) + 1e-9);
      let values = [];
      for (let e = first; e <= last; e++) values.push(10 ** e);
      if (values.length < 3)
        for (let e = first - 1; e <= last; e++) for (const m of [2, 5]) { const v = m * 10 ** e; if (v >= min && v <= max) values.push(v); }
      values.sort((p, q) => p - q);
      if (values.length < 2) return scale(min, max, lo, hi, { count }).ticks();
      return values.map(v => ({ value: v, label: formatTick(v, 10 ** Math.floor(Math.log10(v) + 1e-9)) }));
    }
    let step = niceStep(max - min, count);
    if (integer) step = Math.max(1, Math.round(step));
    const out = [];
    for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) out.push({ value: v, label: formatTick(v, step) });
    return out;
  };
  return map;
}
// Categories in the order given, evenly spaced between lo and hi.
export function bands(categories, lo, hi) {
  const step = categories.length > 1 ? (hi - lo) / (categories.length - 1) : 0;
  const map = v => categories.length > 1 ? lo + categories.indexOf(v) * step : (lo + hi) / 2;
  map.categories = categories; map.lo = lo; map.hi = hi;
  map.ticks = () => categories.map(c => ({ value: c, label: c }));
  map.invert = p => categories[Math.max(0, Math.min(categories.length - 1, Math.round((p - lo) / (step || 1))))];
  return map;
}
// A scale for padded data: numbers get 4% room at each end (so points do not sit on the axes).
export function dataScale(values, lo, hi, options = {}) {
  let min = Math.min(...values), max = Math.max(...values);
  if (options.log) { const r = (Math.log10(max) - Math.log10(min)) * 0.04 || 0.1; min /= 10 ** r; max *= 10 ** r; }
  else if (!options.integer) { const r = (max - min) * 0.04; min -= r; max += r; }
  else { min -= 0.5; max += 0.5; }
  return scale(min, max, lo, hi, options);
}

// Axes with ticks and grid lines; x and y are scales (x may be bands). Returns the plot area.
export function axes(svg, x, y, xLabel, yLabel) {
  const area = { left: M.left, right: W - M.right, top: M.top, bottom: H - M.bottom };
  el("line", { x1: area.left, y1: area.bottom, x2: area.right, y2: area.bottom, class: "axis" }, svg);
  el("line", { x1: area.left, y1: area.top, x2: area.left, y2: area.bottom, class: "axis" }, svg);
  for (const t of x.ticks()) {
    const px = x(t.value);
    el("line", { x1: px, y1: area.bottom, x2: px, y2: area.bottom + 4, class: "axis" }, svg);
    text(svg, px, area.bottom + 14, t.label, { "text-anchor": "middle", class: "tick x-tick" });
  }
  for (const t of y.ticks()) {
    const py = y(t.value);
    el("line", { x1: area.left, y1: py, x2: area.right, y2: py, class: "grid" }, svg);
    text(svg, area.left - 5, py + 3, t.label, { "text-anchor": "end", class: "tick y-tick" });
  }
  text(svg, (area.left + area.right) / 2, H - 6, xLabel, { "text-anchor": "middle", class: "axis-title x-title" });
  text(svg, 12, (area.top + area.bottom) / 2, yLabel,
    { "text-anchor": "middle", transform: `rotate(-90 12 ${(area.top + area.bottom) / 2})`, class: "axis-title y-title" });
  return area;
}

// The tooltip: any element with data-tip shows its text next to the pointer (or next to it when it has focus); a
// chart's trial mark (data-trial) is described when hovered, by the function the chart left on its SVG, so drawing
// 10,000 marks builds no 10,000 strings. Clicking a trial mark calls the chart's onPick (one listener per chart).
const tooltip = document.getElementById("tooltip");
export function tip(node, content) { node.dataset.tip = content; return node; }
export function trialMarks(svg, trials, describe, onPick) {
  const byNumber = new Map(trials.map(t => [t.number, t]));
  svg.describeTrial = number => byNumber.has(number) ? describe(byNumber.get(number)) : "";
  svg.onclick = onPick ? e => { const mark = e.target.closest?.("[data-trial]"); if (mark) onPick(Number(mark.dataset.trial)); } : null;
}
function tipText(target) {
  if (target.dataset.tip) return target.dataset.tip;
  return target.ownerSVGElement?.describeTrial?.(Number(target.dataset.trial)) ?? "";
}
function showTip(target, x, y) {
  tooltip.textContent = tipText(target);
  tooltip.hidden = false;
  tooltip.style.left = Math.min(x + 12, window.innerWidth - tooltip.offsetWidth - 4) + "px";
  tooltip.style.top = (y + 12) + "px";
}
document.addEventListener("mouseover", e => {
  const target = e.target.closest?.("[data-tip], [data-trial]");
  if (target) showTip(target, e.clientX, e.clientY); else tooltip.hidden = true;
});
document.addEventListener("focusin", e => {
  if (!e.target.dataset?.tip) return;
  const box = e.target.getBoundingClientRect();
  showTip(e.target, box.right, box.top);
});
document.addEventListener("focusout", () => { tooltip.hidden = true; });
