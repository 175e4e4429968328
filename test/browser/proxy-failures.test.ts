/**
 * Proxy kinds: studio behind a corporate PAC that sends Azure hosts to a CONNECT proxy.
 * The proxy denies some hosts (403), asks for credentials for others (407), resets one; one host
 * is routed to a proxy that is down.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BROWSER_TESTS_SKIPPED } from "./harness/chromium.js";
import { reserveClosedPort } from "./harness/fault-servers.js";
import { recordBadgeLatency } from "./harness/metrics.js";
import { HOSTS } from "./harness/network.js";
import {
  closeAfterTest,
  findingOf,
  startScenarioBrowser,
  summarize,
  type ScenarioBrowser,
} from "./harness/scenario.js";
import { PRIVATE_MARKERS, privateUrl, type Step } from "./harness/studio-page.js";

const POLICY: Record<string, "allow" | "deny" | "auth" | "reset"> = {
  [HOSTS.api]: "allow",
  [HOSTS.notebooks]: "deny",
  [HOSTS.compute]: "deny",
  [HOSTS.storage]: "auth",
  [HOSTS.login]: "reset",
};

describe.skipIf(BROWSER_TESTS_SKIPPED)("real Chromium behind a corporate proxy: proxy failures become findings", () => {
  let s: ScenarioBrowser;
  beforeAll(async () => {
    s = await startScenarioBrowser(async (net) => {
      const corporate = await net.startProxy((host) => POLICY[host] ?? "reset", "127.0.0.2");
      const down = await reserveClosedPort("127.0.0.3");
      const pac = [
        "function FindProxyForURL(url, host) {",
        '  if (host == "ml.azure.com") return "DIRECT";',
        `  if (host == "${HOSTS.apiNoDns}") return "PROXY 127.0.0.3:${down}";`,
        `  return "PROXY ${corporate.address}:${corporate.port}";`,
        "}",
      ].join("\n");
      return { pac };
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  const cases: { title: string; steps: Step[]; entry: string; kind: string; host: string; settles: boolean }[] = [
    {
      title: "a CONNECT denied with 403 (fetch) is proxy-refused on notebooks",
      steps: [{ kind: "fetch", url: privateUrl("https", HOSTS.notebooks) }],
      entry: "notebooks",
      kind: "proxy-refused",
      host: HOSTS.notebooks,
      settles: true,
    },
    {
      title: "a CONNECT denied for a WebSocket is proxy-refused on compute-instance",
      steps: [{ kind: "ws", url: privateUrl("wss", HOSTS.compute, "/ws/accept") }],
      entry: "compute-instance",
      kind: "proxy-refused/ws",
      host: HOSTS.compute,
      settles: true,
    },
    {
      title: "a 407 on an image is proxy-auth on storage",
      steps: [{ kind: "img", url: privateUrl("https", HOSTS.storage, "/img.png") }],
      entry: "storage",
      kind: "proxy-auth",
      host: HOSTS.storage,
      settles: true,
    },
    // Chromium leaves a fetch that met a 407 pending for good (docs/reference/chromium-network-failures.md §2, row 3b).
    {
      title: "a 407 on a fetch (left pending by Chromium) is proxy-auth on storage",
      steps: [{ kind: "fetch", url: privateUrl("https", HOSTS.storage) }],
      entry: "storage",
      kind: "proxy-auth",
      host: HOSTS.storage,
      settles: false,
    },
    {
      title: "a proxy that is down is proxy-unreachable on api",
      steps: [{ kind: "fetch", url: privateUrl("https", HOSTS.apiNoDns) }],
      entry: "api",
      kind: "proxy-unreachable",
      host: HOSTS.apiNoDns,
      settles: true,
    },
    {
      title: "a proxy that resets the CONNECT is connection on entra-id",
      steps: [{ kind: "fetch", url: privateUrl("https", HOSTS.login) }],
      entry: "entra-id",
      kind: "connection",
      host: HOSTS.login,
      settles: true,
    },
  ];

  test.each(cases)("$title", async ({ steps, entry, kind, host, settles }) => {
    const tab = await s.studio([]);
    closeAfterTest(tab.page);
    const badge = s.ext.watchBadge(tab.tabId);
    const ran = tab.run(steps);
    // A fetch that met a 407 never settles; closing the tab rejects it.
    ran.catch(() => undefined);
    // Settled: a refused WebSocket is proxy-refused only once the probe of its host has answered.
    // A WebSocket's verdict is pending until the probe answers: wait for the final one, not the first.
    const report = await s.ext.waitForReport(
      tab.tabId,
      (r) => findingOf(r, entry) !== undefined && !r.pendingHosts?.length,
    );
    const changed = await badge;
    if (settles) {
      const results = await ran;
      expect(results.map((r) => r.outcome)).toEqual(["error"]);
      const failedAt = results[0]?.at;
      if (changed && failedAt) recordBadgeLatency(changed.at - failedAt);
    }
    expect(summarize(report)).toEqual([`${entry}: ${kind}`]);
    expect(findingOf(report, entry)?.hosts).toEqual([host]);
    expect(changed?.text).toBe("1");
    const text = JSON.stringify(report);
    for (const marker of PRIVATE_MARKERS) expect(text).not.toContain(marker);
  });

  test("a host the proxy tunnels is not a finding", async () => {
    const tab = await s.studio([]);
    closeAfterTest(tab.page);
    const results = await tab.run([
      { kind: "fetch", url: privateUrl("https", HOSTS.api) },
      { kind: "fetch", url: privateUrl("https", HOSTS.notebooks) },
    ]);
    expect(results.map((r) => r.outcome)).toEqual(["ok", "error"]);
    const report = await s.ext.waitForReport(tab.tabId, (r) => findingOf(r, "notebooks") !== undefined);
    expect(summarize(report)).toEqual(["notebooks: proxy-refused"]);
    expect(report.reachable.map((r) => r.entry)).toEqual(expect.arrayContaining(["api", "studio"]));
  });
});
