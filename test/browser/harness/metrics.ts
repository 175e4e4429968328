/**
 * Measurements of the real-browser suite (never asserted): samples are appended to
 * .tmp/browser-metrics.json as the files run one after another; global-setup.ts summarizes them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

export const METRICS_FILE = resolve(new URL("../../../.tmp/browser-metrics.json", import.meta.url).pathname);

export interface Metrics {
  /** Milliseconds from the page seeing a failure to the badge showing it, one per sample. */
  badgeLatencyMs: number[];
  medianBadgeLatencyMs?: number | undefined;
  /** Named one-off measurements (load test time and storage size, …). */
  values: Record<string, number | string>;
}

export function readMetrics(): Metrics {
  if (!existsSync(METRICS_FILE)) return { badgeLatencyMs: [], values: {} };
  return JSON.parse(readFileSync(METRICS_FILE, "utf8")) as Metrics;
}

export function writeMetrics(metrics: Metrics): void {
  mkdirSync(dirname(METRICS_FILE), { recursive: true });
  writeFileSync(METRICS_FILE, `${JSON.stringify(metrics, null, 2)}\n`);
}

export function recordBadgeLatency(ms: number): void {
  const metrics = readMetrics();
  metrics.badgeLatencyMs.push(Math.round(ms));
  metrics.medianBadgeLatencyMs = median(metrics.badgeLatencyMs);
  writeMetrics(metrics);
}

export function recordValue(name: string, value: number | string): void {
  const metrics = readMetrics();
  metrics.values[name] = value;
  writeMetrics(metrics);
}

export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round(((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2);
}
