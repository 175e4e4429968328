/**
 * `npm run bench`: every benchmark in one process, figures side by side. Speed is measured here,
 * never asserted in tests. Run on an idle machine and compare ratios from the same run.
 */
import { cpus } from "node:os";
import type { BenchResult } from "./bench/types.js";

const suites: Array<[string, () => Promise<{ run(): Promise<BenchResult[]> }>]> = [
  ["pac", () => import("./bench/pac.js")],
  ["diagnosis", () => import("./bench/diagnosis.js")],
  ["redact", () => import("./bench/redact.js")],
  ["check", () => import("./bench/check.js")],
  // Real Chromium with dist/chrome; skipped with a line when either is missing.
  ["websocket", () => import("./bench/websocket.js")],
];

function format(result: BenchResult): string {
  const value = result.value >= 100 ? Math.round(result.value).toLocaleString("en-US") : result.value.toFixed(2);
  return `  ${result.name.padEnd(66)} ${value.padStart(14)} ${result.unit}${result.note ? `  (${result.note})` : ""}`;
}

const only = process.argv.slice(2);
console.log(
  `aml-network-doctor benchmarks, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"} x${cpus().length}`,
);
for (const [name, load] of suites) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n${name}`);
  const suite = await load();
  for (const result of await suite.run()) console.log(format(result));
}
