/**
 * In real Chromium: answers that still mean broken. Each catalog host gets its own
 * loopback address (`--host-resolver-rules` MAP host 127.0.0.N:port, one HTTPS server per address),
 * and `privateRanges` says which of them are "private": a split-DNS network is one where some
 * private-link hosts land in the range and others outside it.
 */
import { createServer as createHttpsServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Report } from "../../src/core/report-schema.js";
import { BROWSER_TESTS_SKIPPED, launchChromium, type LaunchedChromium } from "./harness/chromium.js";
import { startConnectProxy, type ConnectProxy } from "./harness/connect-proxy.js";
import { ExtensionDriver } from "./harness/extension-driver.js";
import { startHttpsHost, type HttpsHost } from "./harness/https-host.js";
import { HOSTS, startSimulatedNetwork, type SimulatedNetwork } from "./harness/network.js";
import { closeAfterTest } from "../support/browser-tests.js";
import { openStudio, privateUrl, type Step } from "./harness/studio-page.js";

/** The private parts of privateUrl() (PRIVATE_MARKERS' "private-" would match the kind private-dns itself). */
const PRIVATE_MARKERS = ["private-sub", "private-ws", "private-token", "S3cr3t", "sig="];

/** The "organisation's private addresses": 127.0.0.4–127.0.0.7. Everything else on loopback is "public". */
const RANGES = ["127.0.0.4/30"];

/** Where each host lives. api and compute resolve privately; notebooks and storage publicly (the split). */
const ADDRESS: Record<string, string> = {
  [HOSTS.api]: "127.0.0.4",
  [HOSTS.compute]: "127.0.0.5",
  [HOSTS.notebooks]: "127.0.0.12",
  [HOSTS.storage]: "127.0.0.13",
  [HOSTS.studio]: "127.0.0.20",
  [HOSTS.login]: "127.0.0.21",
};
const PROXY_ADDRESS = "127.0.0.2";
const BLOCK_PAGE = "<html><body><h1>Access denied</h1><p>This site is blocked by corporate policy.</p></body></html>";

interface Browser {
  chromium: LaunchedChromium;
  ext: ExtensionDriver;
}

const kinds = (r: Report): string[] =>
  r.findings.flatMap((f) => [...new Set(f.failures.map((x) => `${f.entry} ${x.host} ${x.kind}`))]).sort();

describe.skipIf(BROWSER_TESTS_SKIPPED)("real Chromium: answers that still mean broken", () => {
  let net: SimulatedNetwork;
  /** One HTTPS server per address (each on its own port), keyed by address. */
  const servers = new Map<string, HttpsHost>();
  const portOf = (host: string): number => servers.get(ADDRESS[host]!)!.port;
  let blockPage: Server;
  let blockPort = 0;
  let proxy: ConnectProxy;
  let direct: Browser;
  let proxied: Browser;

  async function launch(extra: { pac?: string } = {}): Promise<Browser> {
    const rules = Object.entries(ADDRESS).map(([host, address]) => `MAP ${host} ${address}:${portOf(host)}`);
    rules.push(
      "MAP * ~NOTFOUND",
      "EXCLUDE localhost",
      ...[...new Set(Object.values(ADDRESS))].map((a) => `EXCLUDE ${a}`),
      `EXCLUDE ${PROXY_ADDRESS}`,
    );
    const chromium = await launchChromium({ resolverRules: rules.join(", "), spki: net.certificates.spki, ...extra });
    try {
      const ext = await ExtensionDriver.open(chromium.context, chromium.extensionId);
      await setRanges(ext, RANGES);
      return { chromium, ext };
    } catch (error) {
      await chromium.close();
      throw error;
    }
  }

  async function setRanges(ext: ExtensionDriver, ranges: string[]): Promise<void> {
    await ext.page.evaluate(async (privateRanges) => {
      const { chrome } = globalThis as unknown as { chrome: { storage: { sync: { set(v: object): Promise<void> } } } };
      await chrome.storage.sync.set({
        settings: { via: "DIRECT", default: "DIRECT", cloud: "public", probes: true, privateRanges },
      });
    }, ranges);
  }

  async function session(b: Browser, steps: Step[], accept: (r: Report) => boolean): Promise<Report> {
    const tab = await openStudio(b.chromium.context, steps);
    closeAfterTest(tab.page);
    await tab.waitForResults(steps.length);
    const tabId = await b.ext.tabIdOf(tab.url);
    const report = await b.ext.waitForReport(tabId, accept);
    const text = JSON.stringify(report);
    for (const marker of PRIVATE_MARKERS) expect(text).not.toContain(marker);
    expect(text).not.toContain("corporate policy");
    return report;
  }

  beforeAll(async () => {
    net = await startSimulatedNetwork();
    for (const address of new Set(Object.values(ADDRESS)))
      servers.set(address, await startHttpsHost(net.certificates.trusted, address));
    // A TLS-intercepting proxy's own answer: a certificate from the trusted test CA, a block page, proxy headers, no Azure ones.
    blockPage = createHttpsServer(
      { key: net.certificates.trusted.key, cert: net.certificates.trusted.cert },
      (_req, res) => {
        res.writeHead(403, {
          "content-type": "text/html",
          via: "1.1 proxy.contoso.example (squid/6.10)",
          "x-squid-error": "ERR_ACCESS_DENIED 0",
        });
        res.end(BLOCK_PAGE);
      },
    );
    await new Promise<void>((resolve) => blockPage.listen(0, "127.0.0.1", resolve));
    blockPort = (blockPage.address() as AddressInfo).port;
    // The corporate proxy: tunnels to each host's own address; login goes to its interceptor.
    proxy = await startConnectProxy((host) => {
      if (host === HOSTS.login) return { action: "tunnel", address: "127.0.0.1", port: blockPort };
      const address = ADDRESS[host];
      return address ? { action: "tunnel", address, port: portOf(host) } : { action: "reset" };
    }, PROXY_ADDRESS);
    direct = await launch();
    const pac = [
      "function FindProxyForURL(url, host) {",
      `  if (host == "${HOSTS.api}") return "DIRECT";`,
      `  return "PROXY ${PROXY_ADDRESS}:${proxy.port}";`,
      "}",
    ].join("\n");
    proxied = await launch({ pac });
  }, 120_000);

  afterAll(async () => {
    await direct?.chromium.close();
    await proxied?.chromium.close();
    await proxy?.close();
    await new Promise<void>((resolve) => (blockPage ? blockPage.close(() => resolve()) : resolve()));
    for (const server of servers.values()) await server.close();
    await net?.close();
  });

  const everyHost: Step[] = [
    { kind: "fetch", url: privateUrl("https", HOSTS.api) },
    { kind: "fetch", url: privateUrl("https", HOSTS.compute) },
    { kind: "fetch", url: privateUrl("https", HOSTS.notebooks) },
    { kind: "fetch", url: privateUrl("https", HOSTS.storage) },
  ];

  test("split DNS: private-dns for exactly the private-link hosts that resolved to public addresses", async () => {
    const report = await session(direct, everyHost, (r) => r.findings.length >= 2);
    expect(kinds(report)).toEqual([`notebooks ${HOSTS.notebooks} private-dns`, `storage ${HOSTS.storage} private-dns`]);
    expect(report.network).toMatchObject({ path: "direct", privateEndpoints: true });
    const addresses = Object.fromEntries(report.network!.hosts.map((h) => [h.host, `${h.address} ${h.class}`]));
    expect(addresses[HOSTS.api]).toBe("127.0.0.4 private");
    expect(addresses[HOSTS.notebooks]).toBe("127.0.0.12 public");
    const notebooks = report.findings.find((f) => f.entry === "notebooks")!;
    expect(notebooks.dnsZones).toEqual([
      { forward: "notebooks.azure.net", privateZone: "privatelink.notebooks.azure.net" },
    ]);
    expect(notebooks.advice).toContain(
      `Your workspace uses private endpoints, but \`${HOSTS.notebooks}\` resolved to a public address`,
    );
  });

  test("all public (no address in privateRanges): no private-dns", async () => {
    await setRanges(direct.ext, ["10.0.0.0/8", "fc00::/7"]);
    try {
      const report = await session(direct, everyHost, (r) => (r.network?.hosts.length ?? 0) >= 5);
      expect(kinds(report)).toEqual([]);
      expect(report.network).toMatchObject({ path: "direct", privateEndpoints: false });
    } finally {
      await setRanges(direct.ext, RANGES);
    }
  });

  test("through a proxy: the shared address is the proxy's, no private-dns although api was reached privately", async () => {
    const report = await session(proxied, everyHost, (r) => (r.network?.hosts.length ?? 0) >= 5);
    expect(kinds(report)).toEqual([]);
    expect(report.network?.path).toBe("mixed");
    const proxiedHosts = report
      .network!.hosts.filter((h) => h.proxy)
      .map((h) => `${h.host} ${h.address}`)
      .sort();
    expect(proxiedHosts).toEqual(
      [HOSTS.studio, HOSTS.compute, HOSTS.notebooks, HOSTS.storage].sort().map((h) => `${h} ${PROXY_ADDRESS}`),
    );
  });

  test("storage 403 AuthorizationFailure is azure-refused; AuthorizationPermissionMismatch is nothing", async () => {
    const refused = await session(
      direct,
      [{ kind: "fetch", url: privateUrl("https", HOSTS.storage, "/azure/403/AuthorizationFailure") }],
      (r) => r.findings.length > 0,
    );
    expect(kinds(refused)).toEqual([`storage ${HOSTS.storage} azure-refused`]);
    expect(refused.findings[0]!.failures[0]!.error).toBe("HTTP 403 AuthorizationFailure");

    const rbac = await session(
      direct,
      [{ kind: "fetch", url: privateUrl("https", HOSTS.storage, "/azure/403/AuthorizationPermissionMismatch") }],
      (r) => r.reachable.some((x) => x.entry === "storage"),
    );
    expect(kinds(rbac)).toEqual([]);
  });

  // The page cannot read a block page without CORS headers (net::ERR_FAILED); the extension's probe of
  // the host meets the same proxy and sees its headers.
  test("a TLS-intercepting proxy's block page (trusted test CA) is proxy-answered", async () => {
    const report = await session(
      proxied,
      [{ kind: "fetch", url: privateUrl("https", HOSTS.login) }],
      (r) => r.findings.length > 0,
    );
    expect(kinds(report)).toEqual([`entra-id ${HOSTS.login} proxy-answered`]);
    expect(report.findings[0]!.failures[0]!.error).toContain("HTTP 403 (via: 1.1 proxy.contoso.example");
  });
});
