// Where the page's time goes, as User Timing entries (performance.measure, named "caviar:…"): reading the event
// stream's data, drawing each chart, the table. Cheap (one mark pair per step), so always on; the browser test of a
// 10,000-trial study reads them back (performance.getEntriesByType("measure")).
export function timed(name, work) {
  const start = performance.now();
  try { return work(); }
  finally { performance.measure("caviar:" + name, { start, end: performance.now() }); }
}
