// Parallel coordinates: the objective and every parameter as vertical axes, each with its real tick values (log axes
// for log ranges, categories in the order given), one line per completed trial coloured by how good it is. Dragging
// along an axis selects a range (a brush); the trials outside every brush are dimmed and onBrush gets the filter.
// From the keyboard: Tab to an axis, ↑/↓ move the brush's upper edge, Shift+↑/↓ its lower edge, Delete clears it.
import { el, clear, empty, text, scale, bands, wantsLog, tip, trialMarks } from "./svg.js";
import { isNumber, viridis, goodness, describe } from "./trials.js";

const TOP = 24, BOTTOM = 236;
let refocus = null;   // the axis whose handle had the keyboard focus when a key changed its brush (the chart is redrawn)

export function drawParallel(svg, trials, space, maximize, brushes, onBrush, { label = "objective" } = {}) {
  const done = trials.filter(t => t.state === "Completed" && isNumber(t.value));
  if (done.length === 0) return empty(svg, "no completed trial yet");
  clear(svg);
  const values = done.map(t => t.value), objectiveLog = wantsLog(values);
  const columns = [{ name: label, read: t => t.value, scale: scale(Math.min(...values), Math.max(...values), BOTTOM, TOP, { log: objectiveLog }) }];
  for (const axis of space) {
    const read = t => t.params[axis.name];
    if (axis.kind === "categorical") columns.push({ name: axis.name, read, scale: bands(axis.categories, BOTTOM, TOP), categorical: true });
    else {
      const seen = done.map(read).filter(isNumber);
      const min = axis.min ?? Math.min(...seen), max = axis.max ?? Math.max(...seen);
      columns.push({ name: axis.name, read, scale: scale(min, max, BOTTOM, TOP, { log: axis.log && min > 0, integer: axis.kind === "integer", count: 4 }) });
    }
  }
  const left = 50, right = 446, xs = columns.map((_, i) => left + i * (right - left) / Math.max(columns.length - 1, 1));
  const good = goodness(values, maximize);
  const inside = t => columns.every(c => {
    const b = brushes[c.name];
    if (!b) return true;
    const p = c.scale(c.read(t));
    return p >= Math.min(b[0], b[1]) && p <= Math.max(b[0], b[1]);
  });
  trialMarks(svg, done, describe, null);
  const lines = el("g", { class: "lines" }, svg);
  for (const t of done.sort((a, b) => good(a.value) - good(b.value))) {
    const points = columns.map((c, i) => `${xs[i]},${c.read(t) === undefined ? BOTTOM : c.scale(c.read(t))}`).join(" ");
    const line = el("polyline", { points, stroke: viridis(good(t.value)), class: "trial-line" + (inside(t) ? "" : " dimmed") }, lines);
    line.dataset.trial = t.number;
  }
  columns.forEach((c, i) => {
    const g = el("g", { class: "pc-axis", "data-axis": c.name }, svg);
    el("line", { x1: xs[i], y1: TOP, x2: xs[i], y2: BOTTOM, class: "axis" }, g);
    text(g, xs[i], BOTTOM + 20, c.name, { "text-anchor": "middle", class: "axis-title" });
    if (c.scale.log) text(g, xs[i], BOTTOM + 32, "(log scale)", { "text-anchor": "middle", class: "tick log-note" });
    for (const t of c.scale.ticks()) {
      el("line", { x1: xs[i] - 3, y1: c.scale(t.value), x2: xs[i], y2: c.scale(t.value), class: "axis" }, g);
      text(g, xs[i] - 5, c.scale(t.value) + 3, t.label, { "text-anchor": "end", class: "tick pc-tick" });
    }
    if (brushes[c.name]) {
      const [a, b] = brushes[c.name];
      el("rect", { x: xs[i] - 6, y: Math.min(a, b), width: 12, height: Math.abs(b - a), class: "brush" }, g);
    }
    // The brush handle: a wide transparent strip along the axis; drag to select, click to clear.
    const handle = el("rect", { x: xs[i] - 10, y: TOP - 4, width: 20, height: BOTTOM - TOP + 8, class: "brush-handle", tabindex: 0 }, g);
    tip(handle, `drag along ${c.name} to filter the trials (or ↑/↓, Shift+↑/↓); click or Delete to clear; Escape clears all`);
    handle.setAttribute("aria-label", `filter by ${c.name}`);
    handle.addEventListener("keydown", e => {
      const [top, bottom] = brushes[c.name] ? [Math.min(...brushes[c.name]), Math.max(...brushes[c.name])] : [TOP, BOTTOM];
      const step = (BOTTOM - TOP) / 10;
      if (e.key === "Delete" || e.key === "Backspace") delete brushes[c.name];
      else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
        const d = e.key === "ArrowUp" ? -step : step;
        brushes[c.name] = e.shiftKey ? [top, Math.max(top + 2, Math.min(BOTTOM, bottom + d))] : [Math.max(TOP, Math.min(bottom - 2, top + d)), bottom];
      } else return;
      e.preventDefault();
      refocus = c.name;
      onBrush();
    });
    handle.addEventListener("pointerdown", e => {
      const toSvg = ev => { const p = svg.createSVGPoint(); p.x = ev.clientX; p.y = ev.clientY; return p.matrixTransform(svg.getScreenCTM().inverse()).y; };
      const start = Math.max(TOP, Math.min(BOTTOM, toSvg(e)));
      handle.setPointerCapture(e.pointerId);
      const move = ev => { brushes[c.name] = [start, Math.max(TOP, Math.min(BOTTOM, toSvg(ev)))]; };
      const up = ev => {
        handle.removeEventListener("pointermove", move);
        handle.removeEventListener("pointerup", up);
        move(ev);
        if (Math.abs(brushes[c.name][1] - start) < 3) delete brushes[c.name];
        onBrush();
      };
      handle.addEventListener("pointermove", move);
      handle.addEventListener("pointerup", up);
    });
  });
  if (refocus) {
    svg.querySelector(`g.pc-axis[data-axis="${CSS.escape(refocus)}"] rect.brush-handle`)?.focus();
    refocus = null;
  }
  svg.brushFilter = t => t.state === "Completed" && isNumber(t.value) ? inside(t) : Object.keys(brushes).length === 0;
}
