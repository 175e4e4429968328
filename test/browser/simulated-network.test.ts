/**
 * Self-test of the simulated corporate network, in real Chromium without the extension: each host
 * fails (or works) the way the reference measured, so the extension scenarios test the extension.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { BROWSER_TESTS_SKIPPED, launchChromium, type LaunchedChromium } from "./harness/chromium.js";
import { HOSTS, startSimulatedNetwork, type SimulatedNetwork } from "./harness/network.js";
import { closeAfterTest } from "./harness/scenario.js";
import { openStudio, type Step } from "./harness/studio-page.js";

/** Network error text per request URL, as Chromium reports it to the page's client. */
function collectFailures(page: Page): Map<string, string> {
  const failures = new Map<string, string>();
  page.on("requestfailed", (r) => failures.set(r.url(), r.failure()?.errorText ?? ""));
  return failures;
}

describe.skipIf(BROWSER_TESTS_SKIPPED)("simulated network, direct", () => {
  let net: SimulatedNetwork;
  let chromium: LaunchedChromium;
  beforeAll(async () => {
    net = await startSimulatedNetwork();
    chromium = await launchChromium({
      resolverRules: net.resolverRules,
      spki: net.certificates.spki,
      extension: false,
    });
  });
  afterAll(async () => {
    await chromium?.close();
    await net?.close();
  });

  const cases: { title: string; step: Step; outcome: "ok" | "error"; error?: string }[] = [
    { title: "a served host answers with CORS", step: { kind: "fetch", url: `https://${HOSTS.api}/x` }, outcome: "ok" },
    { title: "an XHR works", step: { kind: "xhr", url: `https://${HOSTS.notebooks}/x` }, outcome: "ok" },
    { title: "an image loads", step: { kind: "img", url: `https://${HOSTS.storage}/img.png` }, outcome: "ok" },
    {
      title: "a /nocors path is a CORS rejection",
      step: { kind: "fetch", url: `https://${HOSTS.api}/nocors/x` },
      outcome: "error",
      error: "net::ERR_FAILED",
    },
    {
      title: "a dns host does not resolve",
      step: { kind: "fetch", url: `https://${HOSTS.apiNoDns}/x` },
      outcome: "error",
      error: "net::ERR_NAME_NOT_RESOLVED",
    },
    {
      title: "an unlisted host does not resolve (hermetic)",
      step: { kind: "fetch", url: "https://example.com/x" },
      outcome: "error",
      error: "net::ERR_NAME_NOT_RESOLVED",
    },
    {
      title: "the intercepted host has an untrusted certificate",
      step: { kind: "fetch", url: `https://${HOSTS.storageIntercepted}/x` },
      outcome: "error",
      error: "net::ERR_CERT_AUTHORITY_INVALID",
    },
    {
      title: "the closed port refuses",
      step: { kind: "fetch", url: `https://${HOSTS.notebooksRefused}/x` },
      outcome: "error",
      error: "net::ERR_CONNECTION_REFUSED",
    },
    {
      title: "the reset host resets",
      step: { kind: "fetch", url: `https://${HOSTS.storageReset}/x` },
      outcome: "error",
      error: "net::ERR_CONNECTION_RESET",
    },
    {
      title: "a WebSocket upgrade is accepted",
      step: { kind: "ws", url: `wss://${HOSTS.compute}/ws/accept` },
      outcome: "ok",
    },
    {
      title: "a WebSocket upgrade answered 403 fails",
      step: { kind: "ws", url: `wss://${HOSTS.compute}/ws/403` },
      outcome: "error",
    },
    {
      title: "a WebSocket upgrade answered 200 fails",
      step: { kind: "ws", url: `wss://${HOSTS.compute}/ws/200` },
      outcome: "error",
    },
    {
      title: "a WebSocket upgrade reset fails",
      step: { kind: "ws", url: `wss://${HOSTS.compute}/ws/reset` },
      outcome: "error",
    },
    {
      title: "the dedicated worker fetches",
      step: { kind: "worker-fetch", url: `https://${HOSTS.api}/w` },
      outcome: "ok",
    },
    {
      title: "the dedicated worker opens a WebSocket",
      step: { kind: "worker-ws", url: `wss://${HOSTS.compute}/ws/accept` },
      outcome: "ok",
    },
  ];

  test("every step of the studio page gets the outcome the network is built for", async () => {
    const tab = await openStudio(chromium.context, []);
    closeAfterTest(tab.page);
    const failures = collectFailures(tab.page);
    const results = await tab.run(cases.map((c) => c.step));
    // Playwright's requestfailed events come over CDP and may land after the page's own results.
    const seen = () =>
      cases.map((c, i) => ({
        title: c.title,
        outcome: results[i]?.outcome,
        error: c.error && failures.get(c.step.url),
      }));
    await expect.poll(seen).toEqual(cases.map((c) => ({ title: c.title, outcome: c.outcome, error: c.error })));
  });

  test("the black hole leaves a request pending", async () => {
    const tab = await openStudio(chromium.context, []);
    closeAfterTest(tab.page);
    // The request has reached the black hole (its TLS hello arrived), and the page still has no outcome.
    const before = net.blackHole.received?.() ?? 0;
    await tab.page.evaluate((url) => {
      const w = window as unknown as { __blackHole: string };
      w.__blackHole = "pending";
      void fetch(url).then(
        () => (w.__blackHole = "answered"),
        () => (w.__blackHole = "failed"),
      );
    }, `https://${HOSTS.storageBlackHole}/x`);
    await expect.poll(() => (net.blackHole.received?.() ?? 0) > before, { timeout: 20_000 }).toBe(true);
    expect(await tab.page.evaluate(() => (window as unknown as { __blackHole: string }).__blackHole)).toBe("pending");
  });
});

describe.skipIf(BROWSER_TESTS_SKIPPED)("simulated network, through the corporate proxy", () => {
  let net: SimulatedNetwork;
  let chromium: LaunchedChromium;
  beforeAll(async () => {
    net = await startSimulatedNetwork();
    const policy = (host: string) =>
      host === HOSTS.notebooks
        ? "deny"
        : host === HOSTS.storage
          ? "auth"
          : host === HOSTS.login
            ? "reset"
            : host.endsWith(".example")
              ? "reset"
              : "allow";
    const proxy = await net.startProxy(policy, "127.0.0.2");
    chromium = await launchChromium({
      resolverRules: net.resolverRules,
      spki: net.certificates.spki,
      extension: false,
      proxyServer: `http://${proxy.address}:${proxy.port}`,
    });
  });
  afterAll(async () => {
    await chromium?.close();
    await net?.close();
  });

  test("the proxy tunnels allowed hosts, and denies, asks for credentials or resets the others", async () => {
    const tab = await openStudio(chromium.context, []);
    closeAfterTest(tab.page);
    const failures = collectFailures(tab.page);
    const steps: Step[] = [
      { kind: "fetch", url: `https://${HOSTS.api}/x` },
      { kind: "fetch", url: `https://${HOSTS.notebooks}/x` },
      { kind: "img", url: `https://${HOSTS.storage}/img.png` },
      { kind: "fetch", url: `https://${HOSTS.login}/x` },
    ];
    await tab.run(steps);
    await expect
      .poll(() => steps.map((s) => failures.get(s.url) ?? "ok"))
      .toEqual([
        "ok",
        "net::ERR_TUNNEL_CONNECTION_FAILED",
        "net::ERR_TUNNEL_CONNECTION_FAILED",
        "net::ERR_CONNECTION_RESET",
      ]);
  });
});
