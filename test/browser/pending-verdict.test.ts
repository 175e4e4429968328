/**
 * A verdict never depends on when the report is read. A WebSocket through a proxy that
 * refuses CONNECT fails with only `net::ERR_FAILED`; the extension probes the host to name the
 * cause. Here the proxy holds the probe's CONNECT until the test lets it go, so the report is read
 * while the probe is outstanding: it (and the popup) must say pending, then give `proxy-refused`.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { BROWSER_TESTS_SKIPPED } from "./harness/chromium.js";
import { startConnectProxy, type ConnectProxy } from "./harness/connect-proxy.js";
import { HOSTS } from "./harness/network.js";
import {
  closeAfterTest,
  findingOf,
  startScenarioBrowser,
  summarize,
  type ScenarioBrowser,
} from "./harness/scenario.js";
import { privateUrl } from "./harness/studio-page.js";

describe.skipIf(BROWSER_TESTS_SKIPPED)("real Chromium: a report read before the probe answers says pending", () => {
  let s: ScenarioBrowser;
  let proxy: ConnectProxy;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));

  beforeAll(async () => {
    s = await startScenarioBrowser(async () => {
      let computeConnects = 0;
      // The studio page itself goes direct; the compute host's first CONNECT (the WebSocket) is
      // refused at once, every later one (the extension's probe) only when the test says so.
      proxy = await startConnectProxy((host) => {
        if (host !== HOSTS.compute) return { action: "reset" };
        return ++computeConnects === 1 ? { action: "deny" } : { action: "deny", until: held };
      }, "127.0.0.2");
      const pac = [
        "function FindProxyForURL(url, host) {",
        '  if (host == "ml.azure.com") return "DIRECT";',
        `  return "PROXY ${proxy.address}:${proxy.port}";`,
        "}",
      ].join("\n");
      return { pac };
    });
  });
  afterAll(async () => {
    release();
    await s?.close();
    await proxy?.close();
  });

  test("while the probe's CONNECT is held the WebSocket is pending, in the report and the popup; then proxy-refused", async () => {
    const tab = await s.studio([{ kind: "ws", url: privateUrl("wss", HOSTS.compute, "/ws/accept") }]);
    closeAfterTest(tab.page);
    expect((await tab.waitForResults(1)).map((r) => r.outcome)).toEqual(["error"]);
    // The probe is outstanding once its CONNECT has reached the proxy.
    await expect
      .poll(() => proxy.log.filter((l) => l.target.startsWith(`${HOSTS.compute}:`)).length, { timeout: 20_000 })
      .toBe(2);

    const early = await s.ext.getReport(tab.tabId);
    expect(early.pendingHosts).toEqual([HOSTS.compute]);
    expect(findingOf(early, "compute-instance")).toMatchObject({
      pending: true,
      failures: [expect.objectContaining({ kind: "websocket", websocket: true, pending: true })],
    });

    const popup: Page = await s.chromium.context.newPage();
    closeAfterTest(popup);
    await popup.goto(`chrome-extension://${s.chromium.extensionId}/popup.html?tab=${tab.tabId}`);
    await expect.poll(() => popup.locator("#pending").count(), { timeout: 20_000 }).toBe(1);
    expect(await popup.locator("#pending").innerText()).toContain(HOSTS.compute);
    expect(await popup.locator('[data-entry="compute-instance"] [data-pending]').count()).toBe(1);

    release();
    const settled = await s.ext.waitForReport(
      tab.tabId,
      (r) => findingOf(r, "compute-instance")?.failures.some((f) => f.kind === "proxy-refused") ?? false,
    );
    expect(settled.pendingHosts).toBeUndefined();
    expect(summarize(settled)).toEqual(["compute-instance: proxy-refused/ws"]);
    expect(findingOf(settled, "compute-instance")?.failures).toEqual([
      expect.objectContaining({ kind: "proxy-refused", probed: true }),
    ]);
    // The popup asks again by itself and drops the note.
    await expect.poll(() => popup.locator("#pending").count(), { timeout: 20_000 }).toBe(0);
    await expect
      .poll(() => popup.locator('[data-entry="compute-instance"] [data-kind="proxy-refused"]').count(), {
        timeout: 20_000,
      })
      .toBe(1);
  });
});
