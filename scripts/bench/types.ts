/** One benchmark figure; `npm run bench` prints them side by side. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

/** Calls `fn` in batches until `ms` have passed (after a warm-up), returns calls per second. */
export function measureRate(fn: (i: number) => unknown, ms = 1000): number {
  let sink = 0;
  const warmEnd = performance.now() + ms / 4;
  let i = 0;
  while (performance.now() < warmEnd) {
    for (let k = 0; k < 1000; k++) if (fn(i++)) sink++;
  }
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let k = 0; k < 1000; k++) if (fn(i++)) sink++;
    calls += 1000;
    now = performance.now();
  }
  if (sink === -1) console.log(sink); // keep the results alive
  return (calls / (now - start)) * 1000;
}
