/**
 * Firefox end to end: the built dist/firefox (MV3, event page) in a real headless Firefox ESR, a
 * studio tab behind a corporate CONNECT proxy, and the findings read back through the extension's
 * own `get-report` message, badge and popup. One Firefox for the file; the tests share its state
 * and run in order (the suspension test last but one). Facts relied on, with the webRequest event
 * sequences behind each row: docs/reference/firefox-network-failures.md.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "puppeteer-core";
import type { Report } from "../../src/core/report-schema.js";
import { createCertificates } from "../browser/harness/certificates.js";
import { startConnectProxy, type ConnectProxy, type ProxyDecision } from "../browser/harness/connect-proxy.js";
import { startHttpsHost, type HttpsHost } from "../browser/harness/https-host.js";
import { studioUrl, type Step } from "../browser/harness/studio-page.js";
import { BROWSER_TESTS_SKIPPED } from "../support/browser-tests.js";
import { waitFor } from "../support/poll.js";
import { launchFirefox, missingFirefoxSetup, type LaunchedFirefox } from "./harness/firefox.js";

/** Short, so the suspend-and-wake test takes seconds rather than the default 30 s. */
const IDLE_TIMEOUT_MS = 3000;

/** The simulated West Europe session; the proxy decides what happens to each host. */
const HOSTS = {
  studio: "ml.azure.com",
  /** CONNECT answered 404: Firefox reports NS_ERROR_UNKNOWN_HOST, as for a failed lookup. */
  apiNoDns: "westeurope.api.azureml.ms",
  /** CONNECT answered 403 (proxy policy). */
  notebooksDenied: "ml-myws-westeurope-0a1b2c3d.westeurope.notebooks.azure.net",
  /** Tunnelled; `/ws/403` refuses the upgrade with an empty 403. */
  compute: "ci1.westeurope.instances.azureml.ms",
  /** Tunnelled; `/ws/403-page` refuses the upgrade with a 403 block page. */
  computeBlockPage: "ci2.westeurope.instances.azureml.ms",
  /** Tunnelled; `/nocors/…` answers 200 without Access-Control-Allow-Origin. */
  login: "login.microsoftonline.com",
  /** Tunnelled to a server whose leaf comes from a CA the profile does not trust (TLS inspection). */
  storageIntercepted: "inspected.blob.core.windows.net",
} as const;

const STEPS: Step[] = [
  { kind: "fetch", url: `https://${HOSTS.apiNoDns}/workspaces/list` },
  { kind: "fetch", url: `https://${HOSTS.notebooksDenied}/api/contents` },
  { kind: "ws", url: `wss://${HOSTS.compute}/ws/403` },
  { kind: "ws", url: `wss://${HOSTS.computeBlockPage}/ws/403-page` },
  { kind: "fetch", url: `https://${HOSTS.login}/nocors/token` },
  { kind: "img", url: `https://${HOSTS.storageIntercepted}/img.png` },
];

/**
 * What each failing host becomes. A refused upgrade ends two ways in Firefox 153: an empty 403
 * gives onHeadersReceived → onResponseStarted → onCompleted(403) and no error at all (the core
 * records it as `HTTP 403`); a 403 with a body ends in onErrorOccurred
 * NS_ERROR_WEBSOCKET_CONNECTION_REFUSED instead of onCompleted.
 */
const EXPECTED = [
  {
    rule: "a failed lookup (proxy 404)",
    host: HOSTS.apiNoDns,
    entry: "api",
    kind: "dns",
    error: "NS_ERROR_UNKNOWN_HOST",
    websocket: false,
  },
  {
    rule: "a proxy policy denial (403 to CONNECT)",
    host: HOSTS.notebooksDenied,
    entry: "notebooks",
    kind: "proxy-refused",
    error: "NS_ERROR_PROXY_FORBIDDEN",
    websocket: false,
  },
  {
    rule: "a WebSocket upgrade refused with an empty 403 (onCompleted, no error)",
    host: HOSTS.compute,
    entry: "compute-instance",
    kind: "websocket",
    error: "HTTP 403",
    websocket: true,
  },
  {
    rule: "a WebSocket upgrade refused with a 403 block page",
    host: HOSTS.computeBlockPage,
    entry: "compute-instance",
    kind: "websocket",
    error: "NS_ERROR_WEBSOCKET_CONNECTION_REFUSED",
    websocket: true,
  },
  {
    rule: "a leaf from an untrusted CA (TLS inspection)",
    host: HOSTS.storageIntercepted,
    entry: "storage",
    kind: "tls",
    error: "Peer’s Certificate issuer is not recognized.",
    websocket: false,
  },
];
const EXPECTED_ENTRIES = [...new Set(EXPECTED.map((e) => e.entry))].sort();

// The WebExtension API as extension pages see it; only used inside page.evaluate().
declare const browser: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  tabs: { query(query: object): Promise<{ id?: number }[]> };
  action: { getBadgeText(details: { tabId: number }): Promise<string> };
  permissions: { getAll(): Promise<{ origins?: string[]; permissions?: string[] }> };
  extension: { getViews(filter: object): Window[] };
  webRequest: Record<
    string,
    { addListener(listener: (details: Record<string, unknown>) => void, filter: object): void }
  >;
};

/** Every host of a report: failing (findings and unmatched) and reachable. */
function hostsIn(report: Report): string[] {
  return [
    ...report.findings.flatMap((f) => f.failures.map((x) => x.host ?? "")),
    ...report.unmatched.map((u) => u.host),
    ...report.reachable.flatMap((r) => r.hosts),
  ];
}

describe.skipIf(BROWSER_TESTS_SKIPPED)("dist/firefox in Firefox ESR behind a blocking corporate proxy", () => {
  const closers: (() => Promise<void> | void)[] = [];
  let firefox: LaunchedFirefox;
  let proxy: ConnectProxy;
  /** An extension page (the popup with no tab) that reads state through the extension's APIs. */
  let reader: Page;
  let tabId: number;
  let report: Report;

  const getReport = (): Promise<Report> =>
    reader.evaluate(
      (id) => browser.runtime.sendMessage({ type: "get-report", tabId: id, lang: "en" }) as Promise<Report>,
      tabId,
    );
  const badge = (): Promise<string> => reader.evaluate((id) => browser.action.getBadgeText({ tabId: id }), tabId);
  // Firefox's MV3 getViews() knows no "background" type; the event page is the view at its generated URL.
  const eventPages = (): Promise<number> =>
    reader.evaluate(
      () =>
        browser.extension.getViews({}).filter((w) => w.location.pathname === "/_generated_background_page.html").length,
    );
  /** The webRequest events the reader saw for `host`, for failure messages. */
  const eventsOf = async (host: string): Promise<string> =>
    (await reader.evaluate(() => (globalThis as unknown as { __events: string[] }).__events))
      .filter((line) => line.includes(`//${host}/`))
      .join("\n");

  beforeAll(async () => {
    const missing = missingFirefoxSetup();
    if (missing) throw new Error(missing);
    const certs = createCertificates(
      [HOSTS.studio, HOSTS.compute, HOSTS.computeBlockPage, HOSTS.login],
      [HOSTS.storageIntercepted],
    );
    closers.push(certs.dispose);
    const https: HttpsHost = await startHttpsHost(certs.trusted);
    closers.push(https.close);
    const interceptor = await startHttpsHost(certs.intercepting);
    closers.push(interceptor.close);
    proxy = await startConnectProxy((host): ProxyDecision => {
      if (host === HOSTS.storageIntercepted) return { action: "tunnel", port: interceptor.port };
      if (host === HOSTS.apiNoDns) return { action: "not-found" };
      if ([HOSTS.studio, HOSTS.compute, HOSTS.computeBlockPage, HOSTS.login].includes(host as never)) {
        return { action: "tunnel", port: https.port };
      }
      // The denied catalog host, and Firefox's own background traffic (keeps the run hermetic).
      return { action: "deny" };
    });
    closers.push(proxy.close);
    firefox = await launchFirefox({ proxy, caCert: certs.caCert, idleTimeoutMs: IDLE_TIMEOUT_MS });
    closers.push(firefox.close);
    console.log(`firefox: ${firefox.version} (${process.env.FIREFOX ?? "/usr/bin/firefox-esr"})`);
    reader = await firefox.openExtensionPage("popup.html?tab=0");
    // The reader listens to webRequest too (same extension, same permissions), so a failing test
    // can show the raw event sequence behind a finding.
    await reader.evaluate(() => {
      const log: string[] = [];
      (globalThis as unknown as { __events: string[] }).__events = log;
      for (const name of [
        "onBeforeRequest",
        "onHeadersReceived",
        "onResponseStarted",
        "onCompleted",
        "onErrorOccurred",
      ]) {
        browser.webRequest[name]!.addListener(
          (d) =>
            void log.push(
              `${String(d.type)} ${String(d.url)} ${name}${d.statusCode ? ` ${String(d.statusCode)}` : ""}${d.error ? ` ${String(d.error)}` : ""}`,
            ),
          { urls: ["<all_urls>"] },
        );
      }
    });
  });

  afterAll(async () => {
    for (const close of closers.reverse())
      await Promise.resolve()
        .then(close)
        .catch(() => undefined);
  });

  test("dist/firefox installs under its gecko id and its event page runs", async () => {
    expect(firefox.extensionId).toBe(firefox.manifest.geckoId);
    await expect.poll(eventPages, { timeout: 20_000 }).toBe(1);
  });

  test("every host_permissions pattern, wss ones included, is granted at install, with webRequest", async () => {
    const granted = await reader.evaluate(() => browser.permissions.getAll());
    expect(firefox.manifest.hostPermissions.some((p) => p.startsWith("wss://"))).toBe(true);
    expect(granted.origins).toEqual(expect.arrayContaining(firefox.manifest.hostPermissions));
    expect(granted.permissions).toContain("webRequest");
  });

  describe("a studio tab on the blocked network", () => {
    let studio: Page | undefined;
    beforeAll(async () => {
      studio = await firefox.browser.newPage();
      const url = studioUrl(STEPS);
      await studio.goto(url, { waitUntil: "load" });
      await studio.evaluate(() => (window.__studio as unknown as { initial: Promise<unknown> }).initial);
      const tabs = await reader.evaluate((u) => browser.tabs.query({ url: u }), url);
      if (tabs[0]?.id === undefined) throw new Error(`tabs.query found no tab for ${url}`);
      tabId = tabs[0].id;
      // Every requested host answered or failed as far as the page can tell; wait for the report to
      // hold them all with settled verdicts (no follow-up probe still outstanding).
      const wanted = STEPS.map((s) => new URL(s.url).hostname);
      report = await waitFor(
        "the settled report holding every host of the studio tab",
        getReport,
        (r) => r.pendingHosts === undefined && wanted.every((h) => hostsIn(r).includes(h)),
        20_000,
      );
    });
    // The tests after this group need no studio tab (nor its traffic).
    afterAll(async () => {
      await studio?.close().catch(() => undefined);
    });

    test("get-report answers for the studio tab", () => {
      expect(report.studio).toBe(true);
    });

    for (const { rule, host, entry, kind, error, websocket } of EXPECTED) {
      test(`${rule} on ${host} becomes a ${entry} finding of kind ${kind} (${error})`, async () => {
        const failure = report.findings.find((f) => f.entry === entry)?.failures.find((f) => f.host === host);
        expect(failure, `webRequest events:\n${await eventsOf(host)}`).toMatchObject({ kind, error, websocket });
      });
    }

    test("a CORS rejection (server 200 without Access-Control-Allow-Origin) is no finding, and entra-id is reachable", async () => {
      const seen = await firefox.browser.pages().then(async (pages) => {
        const studio = pages.find((p) => p.url().startsWith(`https://${HOSTS.studio}/`));
        return studio?.evaluate(() => window.__studio.results.find((r) => r.url.includes("/nocors/")));
      });
      expect(seen?.outcome, "the page itself sees a TypeError").toBe("error");
      expect(report.findings.map((f) => f.entry)).not.toContain("entra-id");
      expect(report.reachable).toContainEqual(
        expect.objectContaining({ entry: "entra-id", hosts: expect.arrayContaining([HOSTS.login]) }),
      );
    });

    test(`the findings are exactly ${EXPECTED_ENTRIES.join(", ")}, with no unmatched hosts`, () => {
      expect(report.findings.map((f) => f.entry).sort()).toEqual(EXPECTED_ENTRIES);
      expect(report.unmatched).toEqual([]);
    });

    test("the checklist marks each finding blocked and sign-in reached, from what this tab saw", async () => {
      const statuses = Object.fromEntries((report.checklist ?? []).map((item) => [item.entry, item.status]));
      for (const entry of EXPECTED_ENTRIES) expect(statuses[entry], entry).toBe("blocked");
      expect(statuses["entra-id"]).toBe("reached");
      expect(statuses.arm).toBe("not-seen");
    });

    test("the badge shows the number of findings", async () => {
      await expect.poll(badge, { timeout: 20_000 }).toBe(String(EXPECTED_ENTRIES.length));
    });

    test("the popup page shows one card per finding; text is 13 px, labels no larger than content, and the answer fits 400×600", async () => {
      const popup = await firefox.openExtensionPage(`popup.html?tab=${tabId}`);
      try {
        await popup.setViewport({ width: 400, height: 600 });
        const cards = (): Promise<string[]> =>
          popup.evaluate(() =>
            [...document.querySelectorAll(".card")].map((c) => c.getAttribute("data-entry") ?? "").sort(),
          );
        await expect.poll(cards, { timeout: 20_000 }).toEqual(EXPECTED_ENTRIES);
        const measured = await popup.evaluate(() => {
          for (const card of document.querySelectorAll("details.card")) card.setAttribute("open", "");
          const px = (selector: string) => parseFloat(getComputedStyle(document.querySelector(selector)!).fontSize);
          const sizes = {
            body: px("body"),
            dd: px(".card dd"),
            dt: px(".card dt"),
            advice: px(".advice"),
            button: px("button.primary"),
          };
          for (const card of document.querySelectorAll("details.card")) card.removeAttribute("open");
          const bottom = (selector: string) =>
            Math.max(
              ...[...document.querySelectorAll(selector)].map((e) => e.getBoundingClientRect().bottom + scrollY),
            );
          return {
            sizes,
            lastLine: bottom(".card > summary"),
            copy: bottom('[data-action="copy-markdown"]'),
            height: document.documentElement.scrollHeight,
          };
        });
        expect(measured.sizes).toEqual({ body: 13, dd: 13, dt: 12, advice: 13, button: 13 });
        expect(measured.copy).toBeLessThanOrEqual(600);
        expect(measured.lastLine).toBeLessThanOrEqual(600);
        expect(measured.height).toBeLessThanOrEqual(700);
      } finally {
        await popup.close();
      }
    });

    test("the event page, suspended when idle, wakes on get-report with the same findings and badge", async () => {
      // Nothing talks to the extension now, so Firefox stops the event page after the idle timeout.
      await expect.poll(eventPages, { timeout: IDLE_TIMEOUT_MS + 15_000, interval: 250 }).toBe(0);
      const woken = await getReport();
      expect(await eventPages()).toBe(1);
      expect(woken.findings.map((f) => f.entry)).toEqual(report.findings.map((f) => f.entry));
      expect(woken.findings.flatMap((f) => f.failures)).toEqual(report.findings.flatMap((f) => f.failures));
      expect(await badge()).toBe(String(EXPECTED_ENTRIES.length));
    });
  });

  test("the extension writes no errors or warnings to the browser console", async () => {
    // A probe line first, so a broken capture cannot pass as a clean console.
    await reader.evaluate(() => console.warn("amlnd-test: console probe"));
    await expect
      .poll(() => firefox.consoleLines.some((l) => l.includes("amlnd-test: console probe")), { timeout: 20_000 })
      .toBe(true);
    const problems = firefox.consoleLines.filter(
      (line) =>
        !line.includes("amlnd-test:") &&
        /aml-network-doctor|moz-extension:\/\//i.test(line) &&
        /error|exception|warn|uncaught/i.test(line),
    );
    expect(problems).toEqual([]);
  });
});
