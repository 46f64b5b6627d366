// Reading trials as the API gives them: their columns (for the table, the filters and the charts) and colours.
export const STATES = ["Running", "Completed", "Pruned", "Failed", "Stopped"];
export const isNumber = v => typeof v === "number" && Number.isFinite(v);
export const duration = t => t.startedAt && t.finishedAt ? (Date.parse(t.finishedAt) - Date.parse(t.startedAt)) / 1000 : null;
export const stepsOf = t => Object.keys(t.intermediateValues).map(Number);

// Sequential colour map (viridis: readable with every kind of colour blindness, and in grey), q in [0, 1]. On the dark
// theme its darkest fifth (near-black purple, lost on the background) is left out.
const VIRIDIS = [[68, 1, 84], [59, 82, 139], [33, 144, 141], [93, 201, 99], [253, 231, 37]];
export function viridis(q) {
  q = Math.max(0, Math.min(1, Number.isFinite(q) ? q : 0));
  if (document.documentElement.dataset.theme === "dark") q = 0.2 + 0.8 * q;
  q *= VIRIDIS.length - 1;
  const i = Math.min(Math.floor(q), VIRIDIS.length - 2), f = q - i, [a, b] = [VIRIDIS[i], VIRIDIS[i + 1]];
  return `rgb(${a.map((c, k) => Math.round(c + (b[k] - c) * f)).join(",")})`;
}

// The best trial so far after each completed trial, in trial order.
export function bestSoFar(trials, maximize) {
  let best = null;
  return trials.filter(t => t.state === "Completed" && isNumber(t.value)).map(t => {
    if (best === null || (maximize ? t.value > best : t.value < best)) best = t.value;
    return { number: t.number, best };
  });
}

// The goodness of each value in [0, 1] (1: the best), by rank, so a few outliers do not wash out the colours.
export function goodness(values, maximize) {
  const sorted = [...values].sort((a, b) => a - b), n = sorted.length;
  return v => {
    let lo = 0, hi = n;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid] < v) lo = mid + 1; else hi = mid; }
    const q = n > 1 ? lo / (n - 1) : 1;
    return maximize ? q : 1 - q;
  };
}

// A trial in one line (the tooltips): number, state, its value (every objective's with several, and whether it is
// feasible when it has constraints), its parameters and failure reason.
export function describe(t) {
  const params = Object.entries(t.params).map(([k, v]) => `${k}=${typeof v === "number" ? Number(v.toPrecision(6)) : v}`).join(", ");
  const short = v => Number(v.toPrecision(6));
  const value = t.values?.length > 1 ? ` values ${t.values.map(short).join(", ")}` : isNumber(t.value) ? ` value ${short(t.value)}` : "";
  const feasible = t.constraints?.length && t.values ? (t.feasible ? " feasible" : " infeasible") : "";
  return `trial ${t.number} ${t.state}${value}${feasible}${params ? " — " + params : ""}${t.failureReason ? " — " + t.failureReason : ""}`;
}

// With several objectives, the trials as the one-objective charts read them: value is objective k's.
export function onObjective(trials, k) {
  return k === 0 ? trials : trials.map(t => ({ ...t, value: t.values ? t.values[k] ?? null : null }));
}
