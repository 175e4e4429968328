/**
 * The loop closes: the corporate proxy denies the Azure ML hosts and a second proxy
 * reaches them. The PAC the tool generates (by the CLI, and by the extension's get-pac with
 * via/default) makes the same studio page load completely, and the extension then reports nothing.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ConnectProxy } from "./harness/connect-proxy.js";
import { BROWSER_TESTS_SKIPPED } from "./harness/chromium.js";
import { HOSTS } from "./harness/network.js";
import { findingOf, startScenarioBrowser, summarize, type ScenarioBrowser } from "./harness/scenario.js";
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
  let blockedTab: number;
  const pacs: Record<string, string> = {};

  beforeAll(async () => {
    s = await startScenarioBrowser(async (net) => {
      corporate = await net.startProxy((host) => (AZURE_ML_HOSTS.includes(host) ? "deny" : "allow"), "127.0.0.2");
      azure = await net.startProxy(() => "allow", "127.0.0.3");
      return { proxyServer: `http://${corporate.address}:${corporate.port}` };
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  test("behind the corporate proxy, every Azure ML host of the session is proxy-refused", async () => {
    const tab = await s.studio(SESSION);
    const results = await tab.waitForResults(SESSION.length);
    expect(results.every((r) => r.outcome === "error")).toBe(true);
    const report = await s.ext.waitForReport(tab.tabId, (r) => r.findings.length >= 4);
    expect(summarize(report)).toEqual([
      "api: proxy-refused",
      "compute-instance: proxy-refused/ws",
      "notebooks: proxy-refused",
      "storage: proxy-refused",
    ]);
    expect(await s.ext.badge(tab.tabId)).toBe("4");
    blockedTab = tab.tabId;
    const via = `PROXY ${azure.address}:${azure.port}`;
    const fallback = `PROXY ${corporate.address}:${corporate.port}`;
    pacs.extension = await s.ext.getPac({ tabId: blockedTab, scope: "blocked", via, default: fallback });
    expect(existsSync(CLI), `${CLI} is missing: run npm run build`).toBe(true);
    pacs.cli = execFileSync(process.execPath, [CLI, "pac", "--via", via, "--default", fallback], { encoding: "utf8" });
    for (const pac of Object.values(pacs)) expect(pac).toContain("FindProxyForURL");
  });

  test.each(["extension", "cli"])("with the PAC from the %s, the studio page loads completely and nothing is blocked", async (source) => {
    const pac = pacs[source];
    expect(pac, "the first scenario produced no PAC").toBeDefined();
    const tunnelled = azure.log.length;
    await s.relaunch({ pac });
    const tab = await s.studio(SESSION);
    const results = await tab.waitForResults(SESSION.length);
    expect(results.map((r) => `${r.kind} ${r.url} ${r.outcome}`).sort()).toEqual(SESSION.map((step) => `${step.kind} ${step.url} ok`).sort());
    // Every Azure ML host went through the second proxy.
    const targets = new Set(azure.log.slice(tunnelled).map((l) => l.target.replace(/:443$/, "")));
    for (const host of AZURE_ML_HOSTS) expect(targets).toContain(host);
    const report = await s.ext.waitForReport(tab.tabId, (r) => SESSION_ENTRIES.every((e) => r.reachable.some((x) => x.entry === e)));
    expect(report.reachable.map((r) => r.entry)).toEqual(expect.arrayContaining(SESSION_ENTRIES));
    expect(report.findings).toEqual([]);
    expect(findingOf(report, "api")).toBeUndefined();
    expect(await s.ext.badge(tab.tabId)).toBe("");
  });
});
