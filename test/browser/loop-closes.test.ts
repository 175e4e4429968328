/**
 * The loop closes: the corporate proxy denies the Azure ML hosts and a second proxy
 * reaches them. The PAC the tool generates (by the CLI, and by the extension's get-pac with
 * via/default) makes the same studio page load completely, and the extension then reports nothing.
 * Each test builds what it needs (the blocked session, its PAC), so one failing cannot fail the others.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { LaunchOptions } from "./harness/chromium.js";
import type { ConnectProxy } from "./harness/connect-proxy.js";
import { BROWSER_TESTS_SKIPPED } from "./harness/chromium.js";
import { HOSTS } from "./harness/network.js";
import {
  closeAfterTest,
  findingOf,
  startScenarioBrowser,
  summarize,
  type ScenarioBrowser,
} from "./harness/scenario.js";
import { privateUrl, type Step } from "./harness/studio-page.js";

const CLI = resolve(new URL("../../dist/cli/aml-network-doctor.js", import.meta.url).pathname);

/** What a studio session does: the regional API, notebooks, storage, its worker, and the compute instance terminal. */
const SESSION: Step[] = [
  { kind: "fetch", url: privateUrl("https", HOSTS.api) },
  { kind: "xhr", url: privateUrl("https", HOSTS.notebooks) },
  { kind: "img", url: privateUrl("https", HOSTS.storage, "/img.png") },
  { kind: "fetch", url: privateUrl("https", HOSTS.storage, "/datasets/private-container/blob") },
  { kind: "worker-fetch", url: privateUrl("https", HOSTS.api, "/worker/private-path") },
  { kind: "ws", url: privateUrl("wss", HOSTS.compute, "/ws/accept") },
  { kind: "worker-ws", url: privateUrl("wss", HOSTS.compute, "/ws/accept") },
];
const AZURE_ML_HOSTS: string[] = [HOSTS.api, HOSTS.notebooks, HOSTS.storage, HOSTS.compute];
const SESSION_ENTRIES = ["api", "compute-instance", "notebooks", "storage", "studio"];

describe.skipIf(BROWSER_TESTS_SKIPPED)("real Chromium: the generated PAC unblocks studio", () => {
  let s: ScenarioBrowser;
  let corporate: ConnectProxy;
  let azure: ConnectProxy;
  /** The set-up the browser runs with now; it is relaunched only when a test needs another. */
  let current = "";

  const corporateProxy = (): Partial<LaunchOptions> => ({
    proxyServer: `http://${corporate.address}:${corporate.port}`,
  });
  const routes = () => ({
    via: `PROXY ${azure.address}:${azure.port}`,
    fallback: `PROXY ${corporate.address}:${corporate.port}`,
  });

  async function useSetup(name: string, options: Partial<LaunchOptions>): Promise<void> {
    if (current === name) return;
    await s.relaunch(options);
    current = name;
  }

  /** The session behind the corporate proxy, once every request has failed and every probe has answered. */
  async function blockedSession() {
    await useSetup("corporate", corporateProxy());
    const tab = await s.studio(SESSION);
    closeAfterTest(tab.page);
    const results = await tab.waitForResults(SESSION.length);
    const report = await s.ext.waitForReport(tab.tabId, (r) => r.findings.length >= 4);
    return { tab, results, report };
  }

  /** The PAC each source makes for this network: the extension's from a blocked session of its own. */
  const makePac: Record<"extension" | "cli", () => Promise<string>> = {
    extension: async () => {
      const { tab } = await blockedSession();
      const { via, fallback } = routes();
      return s.ext.getPac({ tabId: tab.tabId, scope: "blocked", via, default: fallback });
    },
    cli: async () => {
      expect(existsSync(CLI), `${CLI} is missing: run npm run build`).toBe(true);
      const { via, fallback } = routes();
      return execFileSync(process.execPath, [CLI, "pac", "--via", via, "--default", fallback], { encoding: "utf8" });
    },
  };

  beforeAll(async () => {
    s = await startScenarioBrowser(async (net) => {
      corporate = await net.startProxy((host) => (AZURE_ML_HOSTS.includes(host) ? "deny" : "allow"), "127.0.0.2");
      azure = await net.startProxy(() => "allow", "127.0.0.3");
      return corporateProxy();
    });
    current = "corporate";
  });
  afterAll(async () => {
    await s?.close();
  });

  test("behind the corporate proxy, every Azure ML host of the session is proxy-refused", async () => {
    const { tab, results, report } = await blockedSession();
    expect(results.every((r) => r.outcome === "error")).toBe(true);
    expect(report.pendingHosts).toBeUndefined();
    expect(summarize(report)).toEqual([
      "api: proxy-refused",
      "compute-instance: proxy-refused/ws",
      "notebooks: proxy-refused",
      "storage: proxy-refused",
    ]);
    expect(await s.ext.badge(tab.tabId)).toBe("4");
  });

  test.each(["extension", "cli"] as const)(
    "with the PAC from the %s, the studio page loads completely and nothing is blocked",
    async (source) => {
      const pac = await makePac[source]();
      expect(pac).toContain("FindProxyForURL");
      const tunnelled = azure.log.length;
      await useSetup(`pac from the ${source}`, { pac });
      const tab = await s.studio(SESSION);
      closeAfterTest(tab.page);
      const results = await tab.waitForResults(SESSION.length);
      expect(results.map((r) => `${r.kind} ${r.url} ${r.outcome}`).sort()).toEqual(
        SESSION.map((step) => `${step.kind} ${step.url} ok`).sort(),
      );
      // Every Azure ML host went through the second proxy.
      const targets = new Set(azure.log.slice(tunnelled).map((l) => l.target.replace(/:443$/, "")));
      for (const host of AZURE_ML_HOSTS) expect(targets).toContain(host);
      const report = await s.ext.waitForReport(tab.tabId, (r) =>
        SESSION_ENTRIES.every((e) => r.reachable.some((x) => x.entry === e)),
      );
      expect(report.reachable.map((r) => r.entry)).toEqual(expect.arrayContaining(SESSION_ENTRIES));
      expect(report.findings).toEqual([]);
      expect(findingOf(report, "api")).toBeUndefined();
      expect(await s.ext.badge(tab.tabId)).toBe("✓");
    },
  );
});
