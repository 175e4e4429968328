/** Browser project setup: starts a fresh metrics file, and prints it when the suite ends. */
import { METRICS_FILE, readMetrics, writeMetrics } from "./metrics.js";

export default function setup(): () => void {
  const started = Date.now();
  writeMetrics({ badgeLatencyMs: [], values: {} });
  return () => {
    const metrics = readMetrics();
    metrics.values.suiteSeconds = Math.round((Date.now() - started) / 100) / 10;
    writeMetrics(metrics);
    console.log(`browser metrics (${METRICS_FILE}):\n${JSON.stringify(metrics)}`);
  };
}
