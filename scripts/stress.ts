/**
 * `npm run test:stress`: both real-browser suites (vitest projects `browser` and `firefox`), three
 * times in a row, while busy loops keep every core of the machine occupied. Proves that no verdict
 * and no test depends on timing: a shared CI machine is at least this busy. Exits 1 on any failed,
 * skipped or missing test.
 *
 * Options: `--runs N` (default 3), `--workers N` busy threads (default: one per core),
 * `--max-minutes N` hard bound on the load and the whole run (default 30).
 * Needs `npm run build` first (`npm run test:stress` does it).
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { Worker } from "node:worker_threads";

const ROOT = resolve(new URL("..", import.meta.url).pathname);
const VITEST = join(ROOT, "node_modules", "vitest", "vitest.mjs");
const OUT_DIR = join(ROOT, ".tmp", "stress");

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`stress: --${name} needs a whole number of at least 1, not ${JSON.stringify(process.argv[at + 1])}`);
    process.exit(2);
  }
  return value;
}

const runs = option("runs", 3);
const workers = option("workers", availableParallelism());
const maxMinutes = option("max-minutes", 30);
const deadline = Date.now() + maxMinutes * 60_000;

/**
 * The load: one thread per core, each spinning until told to stop or the deadline passes, and
 * counting its rounds (shared memory), so the summary can show the cores really were kept busy.
 */
const BUSY_LOOP = `
const { workerData } = require("node:worker_threads");
const { stop, rounds, index, deadline } = workerData;
const flag = new Int32Array(stop);
const count = new Float64Array(rounds);
let x = 0;
while (Atomics.load(flag, 0) === 0 && Date.now() < deadline) {
  for (let i = 1; i < 200000; i++) x += Math.sqrt(i) * Math.sin(i);
  count[index] += 1;
}
if (x === 42) console.log(x);
`;

function startLoad(threads: number): { stop(): Promise<number> } {
  const stop = new SharedArrayBuffer(4);
  const rounds = new SharedArrayBuffer(8 * threads);
  const exited = Array.from({ length: threads }, (_, index) => {
    const worker = new Worker(BUSY_LOOP, { eval: true, workerData: { stop, rounds, index, deadline } });
    return new Promise<void>((done) => worker.once("exit", () => done()));
  });
  return {
    async stop() {
      Atomics.store(new Int32Array(stop), 0, 1);
      await Promise.all(exited);
      return new Float64Array(rounds).reduce((sum, n) => sum + n, 0);
    },
  };
}

interface RunResult {
  run: number;
  seconds: number;
  exitCode: number | null;
  passed: number;
  failed: number;
  skipped: number;
  total: number;
  failures: string[];
}

interface VitestJson {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: Array<{ name: string; assertionResults: Array<{ fullName: string; status: string }> }>;
}

function runSuites(run: number): Promise<RunResult> {
  const output = join(OUT_DIR, `run-${run}.json`);
  rmSync(output, { force: true });
  const started = Date.now();
  const args = [
    VITEST,
    "run",
    "--project",
    "browser",
    "--project",
    "firefox",
    "--reporter",
    "default",
    "--reporter",
    "json",
    "--outputFile.json",
    output,
  ];
  return new Promise((done) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    const timer = setTimeout(() => child.kill("SIGTERM"), Math.max(0, deadline - Date.now()));
    child.on("exit", (exitCode) => {
      clearTimeout(timer);
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      let json: VitestJson | undefined;
      try {
        json = JSON.parse(readFileSync(output, "utf8")) as VitestJson;
      } catch {
        // No report: vitest died (or was stopped at the deadline) before writing one.
      }
      const failures = (json?.testResults ?? []).flatMap((file) =>
        file.assertionResults
          .filter((a) => a.status === "failed")
          .map((a) => `${file.name.replace(`${ROOT}/`, "")}: ${a.fullName}`),
      );
      done({
        run,
        seconds,
        exitCode,
        passed: json?.numPassedTests ?? 0,
        failed: json ? json.numFailedTests : 1,
        skipped: (json?.numPendingTests ?? 0) + (json?.numTodoTests ?? 0),
        total: json?.numTotalTests ?? 0,
        failures: json ? failures : ["no vitest report (crashed or stopped at the time bound)"],
      });
    });
  });
}

if (process.env.SKIP_BROWSER_TESTS) {
  console.error("stress: SKIP_BROWSER_TESTS is set; the stress run is the browser suites, so there is nothing to run.");
  process.exit(2);
}
mkdirSync(OUT_DIR, { recursive: true });
const began = Date.now();
const load = startLoad(workers);
const stopLoad = () => void load.stop();
process.once("SIGINT", () => {
  stopLoad();
  process.exit(130);
});
console.log(
  `stress: ${runs} runs of the browser and firefox suites, ${workers} busy threads on ${availableParallelism()} cores, at most ${maxMinutes} min`,
);
const results: RunResult[] = [];
const loads: string[] = [];
for (let run = 1; run <= runs && Date.now() < deadline; run++) {
  console.log(
    `\nstress: run ${run}/${runs}, load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(" ")}`,
  );
  results.push(await runSuites(run));
  loads.push(loadavg()[0]!.toFixed(1));
}
const rounds = await load.stop();
const busySeconds = (Date.now() - began) / 1000;

console.log("\nstress summary");
for (const r of results) {
  console.log(
    `  run ${r.run}: ${r.passed}/${r.total} passed, ${r.failed} failed, ${r.skipped} skipped, ${r.seconds} s (exit ${r.exitCode}, 1-min load average after: ${loads[r.run - 1]})`,
  );
  for (const failure of r.failures) console.log(`    FAILED ${failure}`);
}
const failed = results.reduce((n, r) => n + r.failed, 0);
const skipped = results.reduce((n, r) => n + r.skipped, 0);
// A run that failed no test but exited non-zero (vitest crashed, an error outside the tests) counts too.
const incomplete = results.length < runs || results.some((r) => r.total === 0 || (r.exitCode !== 0 && r.failed === 0));
console.log(
  `  total: ${results.length} runs in ${Math.round(busySeconds)} s, ${results.reduce((n, r) => n + r.passed, 0)} tests passed, ${failed} failed, ${skipped} skipped; ` +
    `load: ${workers} threads, ${Math.round(rounds / workers / busySeconds)} busy rounds/s per thread`,
);
if (failed > 0 || skipped > 0 || incomplete) {
  console.log(`stress: FAILED${incomplete ? " (a run did not finish, had no tests or exited non-zero)" : ""}`);
  process.exit(1);
}
console.log("stress: passed");
