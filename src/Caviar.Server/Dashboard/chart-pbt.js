// Population-based training: each member's value of one hyperparameter over the rounds, as a step line (the value a
// round trained with holds from its start to the next round's), one colour per member. A point marks the start of a
// round in which the member copied another's checkpoint (exploit) and then perturbed or resampled its values
// (explore); hovering it names the member it copied from. Drawn from the API's /pbt-lineage answer.
import { el, clear, empty, axes, scale, dataScale, bands, wantsLog, tip, formatValue } from "./svg.js";
import { viridis } from "./trials.js";

// lineage: the API's answer (undefined while it loads); name: the hyperparameter; axis: its range from job.space (or undefined).
export function drawPbt(svg, lineage, name, axis) {
  if (lineage === undefined) return empty(svg, "loading…");
  const entries = (lineage?.entries ?? []).filter(e => e.hyperParameters[name] !== undefined);
  if (!entries.length) return empty(svg, "no lineage stored yet");
  clear(svg);
  const values = entries.map(e => e.hyperParameters[name]);
  const categorical = axis?.kind === "categorical" || values.some(v => typeof v !== "number");
  const log = !categorical && (axis?.log ?? wantsLog(values));
  const rounds = lineage.rounds, members = lineage.populationSize;
  const x = scale(0, rounds, 58, 466, { integer: true });
  const y = categorical ? bands(axis?.categories ?? [...new Set(values.map(String))], 240, 12) : dataScale(values, 240, 12, { log, integer: axis?.kind === "integer" });
  const at = v => y(categorical ? String(v) : v);
  axes(svg, x, y, "round", log ? `${name} (log scale)` : name);
  svg.dataset.log = log;
  svg.dataset.parameter = name;
  const colour = m => viridis(members > 1 ? m / (members - 1) : 0);
  const byMember = new Map();
  for (const e of entries) (byMember.get(e.member) ?? byMember.set(e.member, []).get(e.member)).push(e);
  for (const [member, steps] of byMember) {
    steps.sort((a, b) => a.round - b.round);
    const points = [];
    for (const e of steps) points.push(`${x(e.round)},${at(e.hyperParameters[name])}`, `${x(e.round + 1)},${at(e.hyperParameters[name])}`);
    const line = el("polyline", { points: points.join(" "), stroke: colour(member), class: "pbt-line" }, svg);
    line.dataset.member = member;
    tip(line, `member ${member}: ` + steps.map(e => `round ${e.round} ${formatValue(e.hyperParameters[name])}`).join(", "));
  }
  for (const e of entries.filter(e => e.parentMember !== null && e.parentMember !== undefined)) {
    const point = el("circle", { cx: x(e.round), cy: at(e.hyperParameters[name]), r: 4, fill: colour(e.member), class: "pbt-copy", tabindex: 0 }, svg);
    Object.assign(point.dataset, { member: e.member, round: e.round, parent: e.parentMember });
    tip(point, `member ${e.member}, round ${e.round}: copied member ${e.parentMember}'s checkpoint, then ${name} = ${formatValue(e.hyperParameters[name])}`
      + (e.score === null || e.score === undefined ? "" : `; scored ${formatValue(e.score)}`));
  }
}
