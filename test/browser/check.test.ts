/**
 * "Check this network" in real Chromium behind the simulated corporate proxy: some hosts
 * tunnelled, some refused (403), one asking for proxy credentials (407), one reset, and the
 * compute instance (a WebSocket host) refused. `run-check` and check.html must find exactly the
 * entries with a failed host, and the page's table and exports must agree with the message's answer.
 */
import { readFileSync } from "node:fs";
import type { Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from "vitest";
import type { Report } from "../../src/core/report-schema.js";
import { waitFor } from "../support/poll.js";
import { BROWSER_TESTS_SKIPPED } from "./harness/chromium.js";
import type { ConnectProxy } from "./harness/connect-proxy.js";
import { recordValue } from "./harness/metrics.js";
import { HOSTS } from "./harness/network.js";
import { closeAfterTest, startScenarioBrowser, type ScenarioBrowser } from "./harness/scenario.js";
import { privateUrl } from "./harness/studio-page.js";

const POLICY: Record<string, "allow" | "deny" | "auth" | "reset"> = {
  [HOSTS.api]: "allow",
  [HOSTS.login]: "auth",
  [HOSTS.notebooks]: "deny",
  [HOSTS.compute]: "deny",
  [HOSTS.storageReset]: "reset",
};

/** `host[ ws] outcome` per row, the page's and the message's common view. */
function rowsOf(report: Report): string[] {
  return (report.checks ?? []).map((c) => `${c.host}${c.websocket ? " ws" : ""} ${c.outcome}`);
}

/** The entries with at least one failed row: exactly these must be findings. */
function failedEntries(report: Report): string[] {
  return [
    ...new Set(
      (report.checks ?? []).filter((c) => c.outcome !== "reachable" && c.outcome !== "not-checked").map((c) => c.entry),
    ),
  ].sort();
}

async function downloadText(page: Page, selector: string): Promise<{ name: string; text: string }> {
  const [download] = (await Promise.all([page.waitForEvent("download"), page.click(selector)])) as [Download, void];
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), "utf8") };
}

describe.skipIf(BROWSER_TESTS_SKIPPED)("real Chromium: Check this network, behind a corporate proxy", () => {
  let s: ScenarioBrowser;
  let proxy: ConnectProxy;
  let answer: Report;

  /** A studio session uses the api, a notebook server and a compute instance: the check remembers their names. */
  async function rememberStudioHosts(): Promise<void> {
    const tab = await s.studio([
      { kind: "fetch", url: privateUrl("https", HOSTS.api) },
      { kind: "fetch", url: privateUrl("https", HOSTS.notebooks) },
      { kind: "ws", url: privateUrl("wss", HOSTS.compute, "/ws/accept") },
    ]);
    try {
      await tab.run([]).catch(() => undefined);
      await waitFor(
        "studio's hosts remembered",
        () => s.ext.send<{ remembered: Record<string, string[]> }>({ type: "check-hosts" }),
        ({ remembered }) =>
          Boolean(remembered["compute-instance"]?.length && remembered.notebooks?.length && remembered.api?.length),
        20_000,
      );
    } finally {
      await tab.page.close();
    }
  }

  beforeAll(async () => {
    s = await startScenarioBrowser(async (net) => {
      proxy = await net.startProxy((host) => POLICY[host] ?? "allow", "127.0.0.2");
      const pac = [
        "function FindProxyForURL(url, host) {",
        '  if (host == "ml.azure.com") return "DIRECT";',
        `  return "PROXY ${proxy.address}:${proxy.port}";`,
        "}",
      ].join("\n");
      return { pac };
    });
    await rememberStudioHosts();
  });
  afterAll(async () => {
    await s?.close();
  });

  test("run-check: exactly the entries with a blocked host are findings, each for the proxy's reason", async () => {
    const started = Date.now();
    answer = await s.ext.send<Report>({ type: "run-check", hosts: [HOSTS.storageReset] });
    // Measured, never asserted: the whole check against its slowest host.
    recordValue("checkWallMs", Date.now() - started);
    recordValue("checkSlowestHostMs", Math.max(...answer.checks!.map((c) => c.ms)));
    expect(answer.schema).toBe("aml-network-doctor/report@1");
    expect(answer.source).toBe("check");
    const rows = rowsOf(answer);
    expect(rows).toEqual(
      expect.arrayContaining([
        `${HOSTS.studio} reachable`,
        `${HOSTS.login} proxy-auth`,
        `${HOSTS.api} reachable`,
        `${HOSTS.notebooks} proxy-refused`,
        `${HOSTS.compute} proxy-refused`,
        `${HOSTS.compute} ws websocket`,
        `${HOSTS.storageReset} connection`,
      ]),
    );
    // Every other fixed name is not served by the simulated network: its proxy refuses it.
    for (const row of answer.checks!) {
      if (!Object.values(HOSTS).includes(row.host as never) && row.outcome !== "not-checked")
        expect(row.outcome, row.host).toBe("proxy-refused");
    }
    expect(answer.findings.map((f) => f.entry).sort()).toEqual(failedEntries(answer));
    expect(answer.findings.map((f) => f.entry)).not.toContain("studio");
    expect(answer.findings.map((f) => f.entry)).not.toContain("api");
    expect(answer.reachable.map((r) => r.entry).sort()).toEqual(["api", "studio"]);
    expect(answer.checks!.find((c) => c.host === HOSTS.studio)?.address).toBe("127.0.0.1");
    expect(answer.checks!.find((c) => c.host === HOSTS.api)?.address).toBe("127.0.0.2");
    // Wildcard entries studio did not use are listed, never guessed.
    expect(answer.checks!.filter((c) => c.outcome === "not-checked").map((c) => c.entry)).toContain("online-endpoints");
    // The studio origin's private path never reaches a check or its report.
    expect(JSON.stringify(answer)).not.toContain("private-");
  });

  test("check.html shows the same rows, and its exports agree with the message's answer", async () => {
    // The PAC file is offered once its routes are set (as in the popup): Azure ML through the proxy.
    await s.ext.restoreSyncAfterTest("settings");
    await s.ext.page.evaluate(() =>
      (
        globalThis as unknown as { chrome: { storage: { sync: { set(items: object): Promise<void> } } } }
      ).chrome.storage.sync.set({
        settings: { via: "PROXY azproxy.contoso.com:8080", default: "DIRECT", cloud: "public", probes: true },
      }),
    );
    const page = await s.chromium.context.newPage();
    closeAfterTest(page);
    await page.goto(`chrome-extension://${s.chromium.extensionId}/check.html`);
    await page.waitForSelector('a[data-action="download-json"][href]', { timeout: 40_000 });
    const shown = await page.$$eval("#checks tbody tr", (trs) =>
      trs.map(
        (tr) =>
          `${(tr as HTMLElement).dataset.host}${(tr as HTMLElement).dataset.websocket === "true" ? " ws" : ""} ${(tr as HTMLElement).dataset.outcome}`,
      ),
    );
    expect(shown).toEqual(rowsOf(answer));
    const json = JSON.parse((await downloadText(page, 'a[data-action="download-json"]')).text) as Report;
    expect(rowsOf(json)).toEqual(rowsOf(answer));
    expect(json.findings.map((f) => f.entry)).toEqual(answer.findings.map((f) => f.entry));
    const csv = await downloadText(page, 'a[data-action="download-csv"]');
    expect(csv.name).toMatch(/^aml-network-check-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.text.trim().split("\r\n")).toHaveLength(1 + answer.checks!.length);
    const pacFile = await downloadText(page, 'a[data-action="download-pac"]');
    expect(pacFile.name).toMatch(/^azureml-blocked-\d{4}-\d{2}-\d{2}\.pac$/);
    const pac = pacFile.text;
    expect(pac).toContain("FindProxyForURL");
    expect(pac).toContain("PROXY azproxy.contoso.com:8080");
    expect(pac).toContain("notebooks.azure.net");
    expect(pac).not.toContain('"ml.azure.com"');
    const progressMax = await page.$eval("#progress", (el) => (el as HTMLProgressElement).max);
    expect(progressMax).toBe(answer.checks!.filter((c) => c.outcome !== "not-checked").length);
  });

  test("forgetting remembered hosts leaves the compute instance not checked", async () => {
    // Every other test of this file checks the hosts studio used: remember them again afterwards.
    onTestFinished(rememberStudioHosts);
    const cleared = await s.ext.send<{ remembered: Record<string, string[]> }>({ type: "check-hosts", clear: true });
    expect(cleared.remembered).toEqual({});
    const report = await s.ext.send<Report>({ type: "run-check" });
    expect(report.checks!.filter((c) => c.entry === "compute-instance").map((c) => c.outcome)).toEqual(["not-checked"]);
    expect(report.findings.map((f) => f.entry)).not.toContain("compute-instance");
  });
});
