/**
 * In Firefox ESR: split private-endpoint DNS and Azure Storage's refusals. Firefox has no
 * `--host-resolver-rules`, so the profile resolves every name through a DNS-over-HTTPS server the
 * test starts on loopback (dns2's DoH server, TRR mode 3, nothing else asked): each catalog host
 * gets its own loopback address, and an HTTPS server listens on port 443 there. No proxy: the
 * addresses Firefox reports in webRequest `ip` are the hosts' own.
 */
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "puppeteer-core";
import type { Report } from "../../src/core/report-schema.js";
import { createCertificates } from "../browser/harness/certificates.js";
import { startHttpsHost } from "../browser/harness/https-host.js";
import { studioUrl, type Step } from "../browser/harness/studio-page.js";
import { BROWSER_TESTS_SKIPPED, closeAfterTest } from "../support/browser-tests.js";
import { waitFor } from "../support/poll.js";
import { launchFirefox, missingFirefoxSetup, type LaunchedFirefox } from "./harness/firefox.js";

const require = createRequire(import.meta.url);
const dns2 = require("dns2") as typeof import("dns2");
const { Packet } = dns2;

const HOSTS = {
  studio: "ml.azure.com",
  api: "westeurope.api.azureml.ms",
  compute: "ci1.westeurope.instances.azureml.ms",
  notebooks: "ml-myws-westeurope-0a1b2c3d.westeurope.notebooks.azure.net",
  storage: "mystorage.blob.core.windows.net",
} as const;
const DOH_HOST = "doh.test";

/** api and compute in the "private" range 127.0.10.4/30; notebooks and storage outside it (the split). */
const ADDRESS: Record<string, string> = {
  [HOSTS.api]: "127.0.10.4",
  [HOSTS.compute]: "127.0.10.5",
  [HOSTS.notebooks]: "127.0.10.12",
  [HOSTS.storage]: "127.0.10.13",
  [HOSTS.studio]: "127.0.10.20",
};
const RANGES = ["127.0.10.4/30"];
const PRIVATE_MARKERS = ["private-sub", "private-ws", "private-token", "S3cr3t", "sig="];

declare const browser: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  tabs: { query(query: object): Promise<{ id?: number }[]> };
  storage: { sync: { set(items: object): Promise<void> } };
};

const kinds = (r: Report): string[] =>
  r.findings.flatMap((f) => [...new Set(f.failures.map((x) => `${f.entry} ${x.host} ${x.kind}`))]).sort();

describe.skipIf(BROWSER_TESTS_SKIPPED)("dist/firefox in Firefox ESR: answers that still mean broken", () => {
  const closers: (() => Promise<void> | void)[] = [];
  let firefox: LaunchedFirefox;
  let reader: Page;

  async function session(steps: Step[], accept: (r: Report) => boolean): Promise<Report> {
    const studio = await firefox.browser.newPage();
    closeAfterTest(studio);
    const url = studioUrl(steps);
    await studio.goto(url, { waitUntil: "load" });
    await studio.evaluate(() => (window.__studio as unknown as { initial: Promise<unknown> }).initial);
    const tabs = await reader.evaluate((u) => browser.tabs.query({ url: u }), url);
    const tabId = tabs[0]?.id;
    if (tabId === undefined) throw new Error(`tabs.query found no tab for ${url}`);
    const report = await waitFor(
      "the report of the studio tab",
      () =>
        reader.evaluate(
          (id) => browser.runtime.sendMessage({ type: "get-report", tabId: id, lang: "en" }) as Promise<Report>,
          tabId,
        ),
      accept,
      15_000,
    ).catch(async () =>
      reader.evaluate(
        (id) => browser.runtime.sendMessage({ type: "get-report", tabId: id, lang: "en" }) as Promise<Report>,
        tabId,
      ),
    );
    const text = JSON.stringify(report);
    for (const marker of PRIVATE_MARKERS) expect(text).not.toContain(marker);
    return report;
  }

  beforeAll(async () => {
    const missing = missingFirefoxSetup();
    if (missing) throw new Error(missing);
    const certs = createCertificates([...Object.values(HOSTS), DOH_HOST], ["inspected.blob.core.windows.net"]);
    closers.push(certs.dispose);
    for (const address of Object.values(ADDRESS)) {
      const host = await startHttpsHost(certs.trusted, address, 443);
      closers.push(host.close);
    }
    // The resolver: A records from ADDRESS, nothing else (NXDOMAIN keeps Firefox's own traffic off the network).
    const doh = dns2.createServer({
      doh: { ssl: true, key: certs.trusted.key, cert: certs.trusted.cert },
      handle: (request, send) => {
        const response = Packet.createResponseFromRequest(request);
        const question = request.questions[0];
        const name = question?.name.toLowerCase() ?? "";
        const address = name === DOH_HOST ? "127.0.0.1" : ADDRESS[name];
        if (address === undefined) response.header.rcode = Packet.RCODE.NXDOMAIN;
        else if (question?.type === Packet.TYPE.A) {
          (response.answers as unknown as Array<Record<string, unknown>>).push({
            name,
            type: Packet.TYPE.A,
            class: Packet.CLASS.IN,
            ttl: 60,
            address,
          });
        }
        void send(response);
      },
    });
    await doh.listen({ doh: { port: 0, address: "127.0.0.1" } });
    closers.push(() => doh.close());
    const dohPort = (doh.addresses().doh as { port: number }).port;

    firefox = await launchFirefox({
      // Unused: the prefs below turn the proxy off.
      proxy: { address: "127.0.0.1", port: 9 },
      caCert: certs.caCert,
      idleTimeoutMs: 30_000,
      prefs: {
        "network.proxy.type": 0,
        "network.trr.mode": 3,
        "network.trr.uri": `https://${DOH_HOST}:${dohPort}/dns-query`,
        "network.trr.bootstrapAddr": "127.0.0.1",
        "network.trr.allow-rfc1918": true,
        "network.trr.confirmationNS": "skip",
        "network.trr.builtin-excluded-domains": "",
        "network.trr.excluded-domains": "",
        "network.dns.disableIPv6": true,
      },
    });
    closers.push(firefox.close);
    reader = await firefox.openExtensionPage("popup.html?tab=0");
    await reader.evaluate(
      (privateRanges) =>
        browser.storage.sync.set({
          settings: { via: "DIRECT", default: "DIRECT", cloud: "public", probes: true, privateRanges },
        }),
      RANGES,
    );
  }, 120_000);

  afterAll(async () => {
    for (const close of closers.reverse())
      await Promise.resolve()
        .then(close)
        .catch(() => undefined);
  });

  test("split DNS: private-dns for exactly the private-link hosts at public addresses", async () => {
    const steps: Step[] = [HOSTS.api, HOSTS.compute, HOSTS.notebooks, HOSTS.storage].map((host) => ({
      kind: "fetch",
      url: `https://${host}/subscriptions/private-sub?sig=S3cr3t`,
    }));
    const report = await session(steps, (r) => r.findings.length >= 2);
    expect(kinds(report)).toEqual([`notebooks ${HOSTS.notebooks} private-dns`, `storage ${HOSTS.storage} private-dns`]);
    expect(report.network).toMatchObject({ path: "direct", privateEndpoints: true });
    expect(report.network!.hosts.find((h) => h.host === HOSTS.api)).toMatchObject({
      address: "127.0.10.4",
      class: "private",
    });
  });

  test("storage 403 AuthorizationFailure is azure-refused; AuthorizationPermissionMismatch is nothing", async () => {
    const refused = await session(
      [{ kind: "fetch", url: `https://${HOSTS.storage}/azure/403/AuthorizationFailure?sig=S3cr3t` }],
      (r) => r.findings.length > 0,
    );
    expect(kinds(refused)).toEqual([`storage ${HOSTS.storage} azure-refused`]);
    const rbac = await session(
      [{ kind: "fetch", url: `https://${HOSTS.storage}/azure/403/AuthorizationPermissionMismatch?sig=S3cr3t` }],
      (r) => r.reachable.some((x) => x.entry === "storage"),
    );
    expect(kinds(rbac)).toEqual([]);
  });
});
