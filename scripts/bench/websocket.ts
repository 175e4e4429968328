/**
 * The WebSocket observer's cost in real Chromium: a page sends and receives 100,000
 * small messages over one socket to the simulated compute instance's echo endpoint, from a studio
 * page with the observed WebSocket and, alternately, with the native one of a blank frame of the
 * same page (no content script runs there); medians of ROUNDS runs each, wall time and the page main thread's
 * CPU time (CDP `Performance.getMetrics` ThreadTime: a shared machine's load inflates wall time,
 * not CPU time). Target: at most 5% more. Then the
 * heap retained per message on a socket that stays open (CDP: collect garbage, read the used heap,
 * 100,000 more messages, again): the observer keeps nothing per message. Needs `npm run build` and
 * Chromium; skipped with a line saying why otherwise.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { EXTENSION_DIR, findChromium } from "../../test/browser/harness/chromium.js";
import { HOSTS } from "../../test/browser/harness/network.js";
import { startScenarioBrowser } from "../../test/browser/harness/scenario.js";
import type { BenchResult } from "./types.js";

const MESSAGES = 100_000;
/** Messages in flight at once: enough to keep the socket busy without one round trip per message. */
const WINDOW = 256;
const ROUNDS = 5;
const URL = `wss://${HOSTS.compute}/ws/health/echo-plain`;

/**
 * In the studio page: send `count` small messages, WINDOW in flight, until every echo is back; ms.
 * `native` uses the constructor of a blank same-origin frame, where no content script runs, so both
 * variants share one document, process and event loop and differ only by the observer.
 */
function pingPong(page: Page, count: number, native: boolean): Promise<number> {
  return page.evaluate(
    ({ url, count, window, native }) =>
      new Promise<number>((resolve, reject) => {
        const g = globalThis as unknown as { __nativeFrame?: HTMLIFrameElement };
        if (native && !g.__nativeFrame) {
          g.__nativeFrame = document.createElement("iframe");
          document.body.append(g.__nativeFrame);
        }
        const Socket = native
          ? (g.__nativeFrame!.contentWindow as unknown as { WebSocket: typeof WebSocket }).WebSocket
          : WebSocket;
        const ws = new Socket(url);
        let sent = 0;
        let received = 0;
        let start = 0;
        ws.onopen = () => {
          start = performance.now();
          while (sent < window && sent < count) ws.send(`m${sent++}`);
        };
        ws.onmessage = () => {
          received++;
          if (sent < count) ws.send(`m${sent++}`);
          else if (received === count) {
            const ms = performance.now() - start;
            ws.onclose = () => resolve(ms);
            ws.close(1000);
          }
        };
        ws.onerror = () => reject(new Error("socket error"));
      }),
    { url: URL, count, window: WINDOW, native },
  );
}

/** Heap bytes retained after `count` messages on one socket that stays open (after a warm-up). */
async function retainedPerSocket(page: Page, count: number, native: boolean): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  // tsx names inner functions with an `__name` helper that pages do not have.
  await page.evaluate("globalThis.__name ??= (f) => f");
  await page.evaluate(
    ({ url, window, native }) =>
      new Promise<void>((resolve) => {
        const g = globalThis as unknown as {
          __bench: { ws: WebSocket; run(n: number): Promise<void> };
          __nativeFrame?: HTMLIFrameElement;
        };
        const Socket = native
          ? (g.__nativeFrame!.contentWindow as unknown as { WebSocket: typeof WebSocket }).WebSocket
          : WebSocket;
        const ws = new Socket(url);
        let pending: (() => void) | undefined;
        let left = 0;
        let inFlight = 0;
        ws.onmessage = () => {
          inFlight--;
          if (left > 0) {
            left--;
            inFlight++;
            ws.send("x");
          } else if (inFlight === 0) pending?.();
        };
        const run = (n: number) =>
          new Promise<void>((done) => {
            pending = done;
            left = n;
            while (left > 0 && inFlight < window) {
              left--;
              inFlight++;
              ws.send("x");
            }
          });
        g.__bench = { ws, run };
        ws.onopen = () => resolve();
      }),
    { url: URL, window: WINDOW, native },
  );
  const used = async (): Promise<number> => {
    await cdp.send("HeapProfiler.collectGarbage");
    await cdp.send("HeapProfiler.collectGarbage");
    return (await cdp.send("Runtime.getHeapUsage")).usedSize;
  };
  await page.evaluate(
    (n) => (globalThis as unknown as { __bench: { run(n: number): Promise<void> } }).__bench.run(n),
    10_000,
  );
  const before = await used();
  await page.evaluate(
    (n) => (globalThis as unknown as { __bench: { run(n: number): Promise<void> } }).__bench.run(n),
    count,
  );
  const after = await used();
  await page.evaluate(() => (globalThis as unknown as { __bench: { ws: WebSocket } }).__bench.ws.close(1000));
  await cdp.detach();
  return after - before;
}

/** One run: wall ms, and CPU ms of the page's main thread (CDP ThreadTime), which other load does not inflate. */
interface Sample {
  wall: number;
  cpu: number;
}

async function measured(page: Page, count: number, native: boolean): Promise<Sample> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const threadTime = async () =>
    (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "ThreadTime")?.value ?? Number.NaN;
  const before = await threadTime();
  const wall = await pingPong(page, count, native);
  const cpu = ((await threadTime()) - before) * 1000;
  await cdp.detach();
  return { wall, cpu };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

export async function run(): Promise<BenchResult[]> {
  try {
    findChromium();
  } catch (error) {
    console.log(`  skipped: ${(error as Error).message}`);
    return [];
  }
  if (!existsSync(join(EXTENSION_DIR, "manifest.json"))) {
    console.log("  skipped: dist/chrome is missing; run `npm run build` first");
    return [];
  }
  const s = await startScenarioBrowser();
  try {
    const studio = await s.studio([]);
    const page = studio.page;
    const observerActive = await page.evaluate(
      () => !Function.prototype.toString.call(WebSocket).includes("WebSocket"),
    );
    if (!observerActive) throw new Error("the observer is not active in the studio page");
    await pingPong(page, 10_000, false);
    await pingPong(page, 10_000, true);
    const observed: Sample[] = [];
    const native: Sample[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so drift on a shared machine hits both alike.
      if (round % 2 === 0) {
        observed.push(await measured(page, MESSAGES, false));
        native.push(await measured(page, MESSAGES, true));
      } else {
        native.push(await measured(page, MESSAGES, true));
        observed.push(await measured(page, MESSAGES, false));
      }
    }
    const wallWith = median(observed.map((x) => x.wall));
    const wallWithout = median(native.map((x) => x.wall));
    const cpuWith = median(observed.map((x) => x.cpu));
    const cpuWithout = median(native.map((x) => x.cpu));
    const pairedCpu = median(observed.map((x, i) => x.cpu / native[i]!.cpu - 1)) * 100;
    const retainedObserved = await retainedPerSocket(page, MESSAGES, false);
    const retainedNative = await retainedPerSocket(page, MESSAGES, true);
    return [
      {
        name: `100,000 messages each way, wall, without the observer (median of ${ROUNDS})`,
        value: wallWithout,
        unit: "ms",
        note: native.map((x) => Math.round(x.wall)).join(" "),
      },
      {
        name: `100,000 messages each way, wall, with the observer (median of ${ROUNDS})`,
        value: wallWith,
        unit: "ms",
        note: observed.map((x) => Math.round(x.wall)).join(" "),
      },
      {
        name: "page main-thread CPU for them, without the observer (median)",
        value: cpuWithout,
        unit: "ms",
        note: native.map((x) => Math.round(x.cpu)).join(" "),
      },
      {
        name: "page main-thread CPU for them, with the observer (median)",
        value: cpuWith,
        unit: "ms",
        note: observed.map((x) => Math.round(x.cpu)).join(" "),
      },
      {
        name: "observer overhead: median of paired CPU ratios, same run (target at most 5%)",
        value: pairedCpu,
        unit: "%",
      },
      {
        name: "observer overhead on wall time, medians, same run",
        value: ((wallWith - wallWithout) / wallWithout) * 100,
        unit: "%",
      },
      {
        name: "heap retained over 100,000 more messages, one open socket, without",
        value: retainedNative,
        unit: "bytes",
      },
      {
        name: "heap retained over 100,000 more messages, one open socket, with",
        value: retainedObserved,
        unit: "bytes",
        note: `${(retainedObserved / MESSAGES).toFixed(3)} bytes/message`,
      },
    ];
  } finally {
    await s.close();
  }
}
