/**
 * In real Chromium: studio's WebSockets after the handshake, seen by the page-world
 * observer (dist/chrome's content scripts) and turned into findings by the worker. The simulated
 * compute instance drops connections idle for IDLE_MS with a TCP RST (Azure Firewall does this after
 * 4 minutes), closes with codes a page chooses, or sends a frame the browser cannot parse.
 * Every wait is for a state (a close count in the worker's session, a report), never a fixed sleep.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Report } from "../../src/core/report-schema.js";
import { pollUntil } from "../support/poll.js";
import { BROWSER_TESTS_SKIPPED } from "./harness/chromium.js";
import type { ExtensionDriver } from "./harness/extension-driver.js";
import { HOSTS } from "./harness/network.js";
import { closeAfterTest, startScenarioBrowser, type ScenarioBrowser } from "./harness/scenario.js";
import { busySocket, oneSocket, reconnectingKernel, transparencyTrace } from "./harness/websocket-clients.js";

/** The simulated firewall's idle timeout: seconds in tests, 240 s in Azure Firewall. */
const IDLE_MS = 2000;
const DROPS = 3;
const health = (path: string) => `wss://${HOSTS.compute}/ws/health/${path}`;

/** WebSocket closes the worker has recorded for a tab (its session in storage.session). */
async function socketCloses(ext: ExtensionDriver, tabId: number): Promise<number> {
  const all = JSON.parse(await ext.storageText()) as Record<string, { state?: { counts?: { socketCloses?: number } } }>;
  return all[`tab:${tabId}`]?.state?.counts?.socketCloses ?? 0;
}

/** Polls until the worker has recorded at least `count` closes for the tab; returns the count. */
async function waitForCloses(ext: ExtensionDriver, tabId: number, count: number, timeout = 20_000): Promise<number> {
  return pollUntil(
    () => socketCloses(ext, tabId),
    (seen) => seen >= count,
    timeout,
  );
}

/** The page's frame showing `host`, once it has loaded. */
async function waitForFrame(
  page: import("playwright-core").Page,
  host: string,
): Promise<import("playwright-core").Frame> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const frame = page.frames().find((f) => f.url().startsWith(`https://${host}/`));
    if (frame && (await frame.evaluate(() => document.readyState).catch(() => "")) === "complete") return frame;
    if (Date.now() > deadline)
      throw new Error(
        `no loaded frame for ${host}: ${page
          .frames()
          .map((f) => f.url())
          .join(", ")}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(BROWSER_TESTS_SKIPPED)("real Chromium: WebSocket health after the handshake", () => {
  let s: ScenarioBrowser;

  beforeAll(async () => {
    s = await startScenarioBrowser();
  });
  afterAll(async () => {
    await s?.close();
  });

  test("a wrapped socket in studio behaves exactly like a native one in a page without the observer", async () => {
    const studio = await s.studio([]);
    closeAfterTest(studio.page);
    // login.microsoftonline.com is neither studio nor a WebSocket host: no content script there.
    const plain = await s.chromium.context.newPage();
    closeAfterTest(plain);
    await plain.goto(`https://${HOSTS.login}/plain`);
    const url = health("echo");
    const native = await transparencyTrace(plain, url);
    const observed = await transparencyTrace(studio.page, url);
    expect(observed).toEqual(native);
    expect(native).toContain(`onclose 1000 done true 3 bufferedAmount 0`);
    expect(native.some((line) => line.includes('extensions "permessage-deflate'))).toBe(true);
    // The observer was there: the studio tab's worker session recorded the close.
    expect(await waitForCloses(s.ext, studio.tabId, 1)).toBeGreaterThanOrEqual(1);
    const observerActive = await studio.page.evaluate(() => Function.prototype.toString.call(WebSocket));
    const nativeText = await plain.evaluate(() => Function.prototype.toString.call(WebSocket));
    // The one difference a page could read: V8 prints a Proxy without its name.
    expect([nativeText, observerActive]).toEqual([
      "function WebSocket() { [native code] }",
      "function () { [native code] }",
    ]);
  });

  test(`a kernel dropped after ${IDLE_MS / 1000} s idle is a websocket-dropped finding naming that idle time; a busy socket is not`, async () => {
    const kernel = await s.studio([]);
    closeAfterTest(kernel.page);
    const busy = await s.studio([]);
    closeAfterTest(busy.page);
    const [codes, busyCode] = await Promise.all([
      reconnectingKernel(kernel.page, health(`idle-drop?after=${IDLE_MS}`), DROPS),
      busySocket(busy.page, health(`idle-drop?after=${IDLE_MS}`), IDLE_MS * 2.5, IDLE_MS / 8),
    ]);
    expect(codes).toEqual(Array(DROPS).fill(1006));
    expect(busyCode).toBe(1000);

    expect(await waitForCloses(s.ext, kernel.tabId, DROPS)).toBe(DROPS);
    const report: Report = await s.ext.getReport(kernel.tabId);
    expect(report.findings.map((f) => f.entry)).toEqual(["compute-instance"]);
    const failure = report.findings[0]!.failures.find((f) => f.kind === "websocket-dropped");
    expect(failure).toMatchObject({ host: HOSTS.compute, websocket: true, count: DROPS, closeCodes: [1006] });
    // The server's idle timer, named in whole seconds; a loaded machine may fire it a little late.
    const named = failure?.idleTimeoutSeconds ?? 0;
    expect(named === IDLE_MS / 1000 || named === IDLE_MS / 1000 + 1, `idleTimeoutSeconds ${named}`).toBe(true);
    expect(failure?.explanation).toBe(
      `The notebook kernel connection dropped ${DROPS} times, each after about ${named} seconds without traffic`,
    );
    expect(report.findings[0]!.advice).toContain(`a firewall or proxy closes idle connections after about ${named} s`);
    expect(await s.ext.badge(kernel.tabId)).toBe("1");
    const ja = await s.ext.getReport(kernel.tabId, { lang: "ja" });
    expect(ja.findings[0]!.failures[0]!.explanation).toBe(
      `ノートブック カーネルの接続が ${DROPS} 回切断されました（いずれも約 ${named} 秒間通信がなかった後）`,
    );

    expect(await waitForCloses(s.ext, busy.tabId, 1)).toBe(1);
    expect((await s.ext.getReport(busy.tabId)).findings).toEqual([]);
  });

  test("clean closes by the server (1000, 1001) and by the page (1000, no code), and a navigation, are no finding", async () => {
    const tab = await s.studio([]);
    closeAfterTest(tab.page);
    const outcomes = await Promise.all([
      oneSocket(tab.page, health("close?code=1000")),
      oneSocket(tab.page, health("close?code=1001")),
      oneSocket(tab.page, health("echo"), 1000),
      oneSocket(tab.page, health("echo"), "no-code"),
    ]);
    expect(outcomes).toEqual(["1000 true", "1001 true", "1000 true", "1005 true"]);
    expect(await waitForCloses(s.ext, tab.tabId, 4)).toBe(4);
    // A socket still open when studio navigates away.
    await tab.page.evaluate((url) => void new WebSocket(url), health("echo"));
    await tab.page.goto(tab.url);
    const report = await s.ext.getReport(tab.tabId);
    expect(report.findings).toEqual([]);
    expect(report.unmatched).toEqual([]);
  });

  test("a compute instance page in a frame of studio is observed too (all frames), for the studio tab", async () => {
    const tab = await s.studio([]);
    closeAfterTest(tab.page);
    await tab.page.evaluate((src) => {
      const frame = document.createElement("iframe");
      frame.src = src;
      document.body.append(frame);
    }, `https://${HOSTS.compute}/lab`);
    const frame = await waitForFrame(tab.page, HOSTS.compute);
    expect(await reconnectingKernel(frame, health(`idle-drop?after=${IDLE_MS}`), 2)).toEqual([1006, 1006]);
    expect(await waitForCloses(s.ext, tab.tabId, 2)).toBe(2);
    const failure = (await s.ext.getReport(tab.tabId)).findings[0]?.failures[0];
    expect(failure).toMatchObject({ kind: "websocket-dropped", count: 2 });
    expect([IDLE_MS / 1000, IDLE_MS / 1000 + 1]).toContain(failure?.idleTimeoutSeconds);
  });

  test("a middlebox closing with 1002 is websocket-protocol; a frame Chromium cannot parse reaches the page as 1006", async () => {
    const tab = await s.studio([]);
    closeAfterTest(tab.page);
    expect(await oneSocket(tab.page, health("close?code=1002"))).toBe("1002 true");
    // What the advice says: Chromium fails the connection itself and tells the page 1006, not 1002.
    expect(await oneSocket(tab.page, health("bad-frame"))).toBe("1006 false");
    expect(await waitForCloses(s.ext, tab.tabId, 2)).toBe(2);
    const report = await s.ext.getReport(tab.tabId);
    const failures = report.findings.flatMap((f) => f.failures.map((x) => [f.entry, x.kind, x.closeCodes, x.count]));
    expect(failures).toEqual([["compute-instance", "websocket-protocol", [1002], 1]]);
    expect(report.findings[0]!.advice).toContain("reported to the page as 1006 by Chromium and Firefox");
  });
});
