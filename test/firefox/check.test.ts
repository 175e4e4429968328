/**
 * "Check this network" in Firefox ESR: run-check from the event page behind a corporate
 * CONNECT proxy, with Gecko's own error names, and check.html showing the same rows.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "puppeteer-core";
import type { Report } from "../../src/core/report-schema.js";
import { createCertificates } from "../browser/harness/certificates.js";
import { startConnectProxy, type ProxyDecision } from "../browser/harness/connect-proxy.js";
import { startHttpsHost } from "../browser/harness/https-host.js";
import { BROWSER_TESTS_SKIPPED } from "../support/browser-tests.js";
import { waitFor } from "../support/poll.js";
import { launchFirefox, missingFirefoxSetup, type LaunchedFirefox } from "./harness/firefox.js";

const HOSTS = {
  studio: "ml.azure.com",
  login: "login.microsoftonline.com",
  /** CONNECT answered 404: Firefox says NS_ERROR_UNKNOWN_HOST. */
  apiNoDns: "westeurope.api.azureml.ms",
  /** CONNECT answered 403. */
  notebooksDenied: "ml-myws-westeurope-0a1b2c3d.westeurope.notebooks.azure.net",
  /** Tunnelled; the upgrade to / is accepted. */
  compute: "ci1.westeurope.instances.azureml.ms",
  /** Tunnelled to a leaf from a CA the profile does not trust. */
  storageIntercepted: "inspected.blob.core.windows.net",
} as const;

declare const browser: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

const rowsOf = (report: Report) => report.checks!.map((c) => `${c.host}${c.websocket ? " ws" : ""} ${c.outcome}`);

describe.skipIf(BROWSER_TESTS_SKIPPED)("dist/firefox: Check this network behind a corporate proxy", () => {
  const closers: (() => Promise<void> | void)[] = [];
  let firefox: LaunchedFirefox;
  let reader: Page;
  let answer: Report;

  beforeAll(async () => {
    const missing = missingFirefoxSetup();
    if (missing) throw new Error(missing);
    const certs = createCertificates([HOSTS.studio, HOSTS.login, HOSTS.compute], [HOSTS.storageIntercepted]);
    closers.push(certs.dispose);
    const https = await startHttpsHost(certs.trusted);
    closers.push(https.close);
    const interceptor = await startHttpsHost(certs.intercepting);
    closers.push(interceptor.close);
    const proxy = await startConnectProxy((host): ProxyDecision => {
      if (host === HOSTS.storageIntercepted) return { action: "tunnel", port: interceptor.port };
      if (host === HOSTS.apiNoDns) return { action: "not-found" };
      if ([HOSTS.studio, HOSTS.login, HOSTS.compute].includes(host as never))
        return { action: "tunnel", port: https.port };
      return { action: "deny" };
    });
    closers.push(proxy.close);
    firefox = await launchFirefox({ proxy, caCert: certs.caCert, idleTimeoutMs: 30_000 });
    closers.push(firefox.close);
    reader = await firefox.openExtensionPage("popup.html?tab=0");
  });
  afterAll(async () => {
    for (const close of closers.reverse())
      await Promise.resolve()
        .then(close)
        .catch(() => undefined);
  });

  test("run-check: exactly the entries with a failed host are findings, with Firefox's error names", async () => {
    const hosts = [HOSTS.apiNoDns, HOSTS.notebooksDenied, HOSTS.compute, HOSTS.storageIntercepted];
    answer = (await reader.evaluate(
      (h) => browser.runtime.sendMessage({ type: "run-check", hosts: h, lang: "en" }),
      hosts,
    )) as Report;
    expect(answer.source).toBe("check");
    const row = (host: string, websocket = false) =>
      answer.checks!.find((c) => c.host === host && c.websocket === websocket);
    expect(row(HOSTS.studio)).toMatchObject({ outcome: "reachable" });
    expect(row(HOSTS.login)).toMatchObject({ outcome: "reachable" });
    expect(row(HOSTS.apiNoDns)).toMatchObject({ outcome: "dns", error: "NS_ERROR_UNKNOWN_HOST" });
    expect(row(HOSTS.notebooksDenied)).toMatchObject({ outcome: "proxy-refused", error: "NS_ERROR_PROXY_FORBIDDEN" });
    expect(row(HOSTS.compute)).toMatchObject({ outcome: "reachable" });
    expect(row(HOSTS.compute, true)).toMatchObject({ outcome: "reachable" });
    expect(row(HOSTS.storageIntercepted)).toMatchObject({ outcome: "tls" });
    const failed = [
      ...new Set(
        answer.checks!.filter((c) => c.outcome !== "reachable" && c.outcome !== "not-checked").map((c) => c.entry),
      ),
    ].sort();
    expect(answer.findings.map((f) => f.entry).sort()).toEqual(failed);
    expect(answer.findings.map((f) => f.entry)).toEqual(expect.arrayContaining(["api", "notebooks", "storage"]));
    expect(answer.findings.map((f) => f.entry)).not.toContain("compute-instance");
  });

  test("check.html shows the same rows", async () => {
    const page = await firefox.openExtensionPage("check.html");
    try {
      const shown = await waitFor(
        "the check page's rows",
        () =>
          page.evaluate(() =>
            [...document.querySelectorAll<HTMLTableRowElement>("#checks tbody tr")].map(
              (tr) => `${tr.dataset.host}${tr.dataset.websocket === "true" ? " ws" : ""} ${tr.dataset.outcome}`,
            ),
          ),
        (rows) => rows.length > 0,
        30_000,
      );
      expect(shown).toEqual(rowsOf(answer));
    } finally {
      await page.close();
    }
  });
});
