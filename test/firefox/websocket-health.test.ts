/**
 * In Firefox ESR: dist/firefox's page-world observer (`world: "MAIN"`, Firefox 128+) in a
 * studio tab behind the CONNECT proxy. A compute instance that drops connections idle for IDLE_MS
 * (TCP RST, no close frame) becomes a websocket-dropped finding naming that idle time; a 1002 from
 * a middlebox becomes websocket-protocol; and what Firefox tells the page about a frame it cannot
 * parse is checked, because the advice says it. Waits are for state, never fixed sleeps.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "puppeteer-core";
import type { Report } from "../../src/core/report-schema.js";
import { createCertificates } from "../browser/harness/certificates.js";
import { startConnectProxy, type ConnectProxy, type ProxyDecision } from "../browser/harness/connect-proxy.js";
import { startHttpsHost } from "../browser/harness/https-host.js";
import { studioUrl } from "../browser/harness/studio-page.js";
import { busySocket, oneSocket, reconnectingKernel, transparencyTrace } from "../browser/harness/websocket-clients.js";
import { BROWSER_TESTS_SKIPPED, closeAfterTest } from "../support/browser-tests.js";
import { waitFor } from "../support/poll.js";
import { launchFirefox, missingFirefoxSetup, type LaunchedFirefox } from "./harness/firefox.js";

const IDLE_MS = 2000;
const DROPS = 3;
const STUDIO = "ml.azure.com";
const COMPUTE = "ci1.westeurope.instances.azureml.ms";
/** Not studio and no WebSocket host: the observer does not run there. */
const PLAIN = "login.microsoftonline.com";
const health = (path: string) => `wss://${COMPUTE}/ws/health/${path}`;

declare const browser: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  tabs: { query(query: object): Promise<{ id?: number }[]> };
  storage: {
    session: { get(keys: null): Promise<Record<string, { state?: { counts?: { socketCloses?: number } } }>> };
  };
};

describe.skipIf(BROWSER_TESTS_SKIPPED)("dist/firefox: WebSocket health after the handshake", () => {
  const closers: (() => Promise<void> | void)[] = [];
  let firefox: LaunchedFirefox;
  let reader: Page;

  const getReport = (tabId: number, lang: "en" | "ja" = "en"): Promise<Report> =>
    reader.evaluate(
      (id, l) => browser.runtime.sendMessage({ type: "get-report", tabId: id, lang: l }) as Promise<Report>,
      tabId,
      lang,
    );
  const socketCloses = (tabId: number): Promise<number> =>
    reader.evaluate(
      async (id) => (await browser.storage.session.get(null))[`tab:${id}`]?.state?.counts?.socketCloses ?? 0,
      tabId,
    );

  /** A new studio tab, closed when the test ends, and its tab id. */
  async function studioTab(): Promise<{ page: Page; tabId: number }> {
    const page = await firefox.browser.newPage();
    closeAfterTest(page);
    const url = studioUrl([]);
    await page.goto(url, { waitUntil: "load" });
    const tabs = await reader.evaluate((u) => browser.tabs.query({ url: u }), url);
    if (tabs[0]?.id === undefined) throw new Error(`tabs.query found no tab for ${url}`);
    return { page, tabId: tabs[0].id };
  }

  beforeAll(async () => {
    const missing = missingFirefoxSetup();
    if (missing) throw new Error(missing);
    const certs = createCertificates([STUDIO, COMPUTE, PLAIN], ["inspected.blob.core.windows.net"]);
    closers.push(certs.dispose);
    const https = await startHttpsHost(certs.trusted);
    closers.push(https.close);
    const proxy: ConnectProxy = await startConnectProxy((host): ProxyDecision =>
      [STUDIO, COMPUTE, PLAIN].includes(host) ? { action: "tunnel", port: https.port } : { action: "deny" },
    );
    closers.push(proxy.close);
    firefox = await launchFirefox({ proxy, caCert: certs.caCert, idleTimeoutMs: 60_000 });
    closers.push(firefox.close);
    reader = await firefox.openExtensionPage("popup.html?tab=0");
  });
  afterAll(async () => {
    for (const close of closers.reverse())
      await Promise.resolve()
        .then(close)
        .catch(() => undefined);
  });

  test(`a kernel dropped after ${IDLE_MS / 1000} s idle is websocket-dropped naming that idle time; a busy socket is not`, async () => {
    const kernel = await studioTab();
    const busy = await studioTab();
    const [codes, busyCode] = await Promise.all([
      reconnectingKernel(kernel.page, health(`idle-drop?after=${IDLE_MS}`), DROPS),
      busySocket(busy.page, health(`idle-drop?after=${IDLE_MS}`), IDLE_MS * 2.5, IDLE_MS / 8),
    ]);
    expect(codes).toEqual(Array(DROPS).fill(1006));
    expect(busyCode).toBe(1000);
    await waitFor(
      "the kernel tab's closes in the worker",
      () => socketCloses(kernel.tabId),
      (n) => n >= DROPS,
      15_000,
    );
    await waitFor(
      "the busy tab's close in the worker",
      () => socketCloses(busy.tabId),
      (n) => n >= 1,
      15_000,
    );
    const report = await getReport(kernel.tabId);
    expect(report.findings.flatMap((f) => f.failures.map((x) => [f.entry, x.kind, x.count, x.closeCodes]))).toEqual([
      ["compute-instance", "websocket-dropped", DROPS, [1006]],
    ]);
    // The server's idle timer in whole seconds; a loaded machine may fire it a little late.
    const named = report.findings[0]!.failures[0]!.idleTimeoutSeconds;
    expect([IDLE_MS / 1000, IDLE_MS / 1000 + 1]).toContain(named);
    expect(report.findings[0]!.failures[0]!.explanation).toBe(
      `The notebook kernel connection dropped ${DROPS} times, each after about ${named} seconds without traffic`,
    );
    expect((await getReport(busy.tabId)).findings).toEqual([]);
  });

  test("a middlebox's 1002 is websocket-protocol; Firefox reports a frame it cannot parse to the page as 1006", async () => {
    const tab = await studioTab();
    expect(await oneSocket(tab.page, health("close?code=1002"))).toBe("1002 true");
    expect(await oneSocket(tab.page, health("bad-frame"))).toBe("1006 false");
    await waitFor(
      "both closes in the worker",
      () => socketCloses(tab.tabId),
      (n) => n >= 2,
      15_000,
    );
    const report = await getReport(tab.tabId);
    expect(report.findings.flatMap((f) => f.failures.map((x) => [x.kind, x.closeCodes]))).toEqual([
      ["websocket-protocol", [1002]],
    ]);
  });

  test("a wrapped socket behaves exactly like a native one in a page without the observer", async () => {
    const tab = await studioTab();
    const plain = await firefox.browser.newPage();
    closeAfterTest(plain);
    await plain.goto(`https://${PLAIN}/plain`, { waitUntil: "load" });
    const native = await transparencyTrace(plain, health("echo"));
    const observed = await transparencyTrace(tab.page, health("echo"));
    expect(observed).toEqual(native);
    expect(native).toContain("onclose 1000 done true 3 bufferedAmount 0");
    await waitFor(
      "the studio tab's close in the worker",
      () => socketCloses(tab.tabId),
      (n) => n >= 1,
      15_000,
    );
  });
});
