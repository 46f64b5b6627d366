// Hyperparameter importance (PED-ANOVA): one horizontal bar per parameter, most important first, with its value.
import { el, empty, clear, text, axes, scale, bands, tip } from "./svg.js";

export function drawImportance(svg, importance) {
  if (importance.length === 0) return empty(svg, "needs a few completed trials");
  clear(svg);
  const sorted = [...importance].sort((a, b) => b.importance - a.importance);
  const max = Math.max(...sorted.map(p => p.importance), 1e-9);
  const x = scale(0, max * 1.15, 120, 466, { count: 4 });
  const rowHeight = Math.min(28, 226 / sorted.length);
  const y = bands(sorted.map(p => p.name), 12 + rowHeight / 2, 12 + rowHeight * (sorted.length - 0.5));
  const shown = { ticks: () => [] };
  axes(svg, x, Object.assign(v => y(v), shown), "importance", "");
  sorted.forEach(p => {
    text(svg, 114, y(p.name) + 4, p.name, { "text-anchor": "end", class: "tick bar-label" });
    const bar = el("rect", { x: 120, y: y(p.name) - rowHeight * 0.35, width: x(p.importance) - 120, height: rowHeight * 0.7, class: "bar" }, svg);
    tip(bar, `${p.name}: importance ${p.importance.toFixed(3)}`);
    text(svg, x(p.importance) + 4, y(p.name) + 4, p.importance.toFixed(3), { class: "tick bar-value" });
  });
}
