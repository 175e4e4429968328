/**
 * The popup page in a Japanese Firefox ESR (Debian's firefox-esr-l10n-ja language pack,
 * `intl.locale.requested` = ja), 400×600: `lang` follows the UI, the text keeps 13 px, the count
 * and its counter stay on one line, and the first screens (blocked, and nothing blocked) fit the
 * window. Firefox goes through a CONNECT proxy that serves the studio hosts, answers 404 for one API
 * host (DNS), refuses a Notebooks host, intercepts a storage host's TLS and refuses the compute
 * instance's WebSocket upgrade, as in `screenshots.ts`.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Page } from "puppeteer-core";
import type { Report } from "../../src/core/report-schema.js";
import { createCertificates } from "../browser/harness/certificates.js";
import { startConnectProxy, type ProxyDecision } from "../browser/harness/connect-proxy.js";
import { startHttpsHost } from "../browser/harness/https-host.js";
import { HOSTS } from "../browser/harness/network.js";
import { BLOCKED_SESSION, NOTHING_BLOCKED_SESSION } from "../browser/harness/sessions.js";
import { studioUrl, type Step } from "../browser/harness/studio-page.js";
import { BROWSER_TESTS_SKIPPED } from "../support/browser-tests.js";
import { waitFor } from "../support/poll.js";
import { JAPANESE_UI_PREFS, launchFirefox, missingFirefoxJapanese, type LaunchedFirefox } from "./harness/firefox.js";

const SERVED: string[] = [HOSTS.studio, HOSTS.login, HOSTS.api, HOSTS.notebooks, HOSTS.storage, HOSTS.compute];

// The WebExtension API as extension pages see it; only used inside page.evaluate().
declare const browser: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  tabs: { query(info: object): Promise<Array<{ id?: number }>> };
  i18n: { getUILanguage(): string };
};

describe.skipIf(BROWSER_TESTS_SKIPPED)("dist/firefox in a Japanese Firefox ESR: the popup's first screens", () => {
  const closers: (() => Promise<void> | void)[] = [];
  let firefox: LaunchedFirefox;
  /** An extension page (the popup with no tab) that reads state through the extension's APIs. */
  let reader: Page;

  /** Opens a studio tab making `steps`; resolves with its tab id once the settled report holds every host. */
  async function studioTab(steps: Step[]): Promise<{ tabId: number; page: Page }> {
    const studio = await firefox.browser.newPage();
    const url = studioUrl(steps);
    await studio.goto(url, { waitUntil: "load" });
    const tabs = await reader.evaluate((u) => browser.tabs.query({ url: u }), url);
    const tabId = tabs[0]?.id;
    if (tabId === undefined) throw new Error(`tabs.query found no tab for ${url}`);
    const wanted = steps.map((s) => new URL(s.url).hostname);
    await waitFor(
      "the settled report holding every host of the studio tab",
      () =>
        reader.evaluate(
          (id) => browser.runtime.sendMessage({ type: "get-report", tabId: id }) as Promise<Report>,
          tabId,
        ),
      (r) =>
        r.pendingHosts === undefined &&
        wanted.every((h) =>
          [...r.findings.flatMap((f) => f.hosts), ...r.reachable.flatMap((x) => x.hosts)].includes(h),
        ),
      30_000,
    );
    return { tabId, page: studio };
  }

  /** The popup page of `tabId` at 400×600, once its first screen is in `state`. */
  async function popupOf(tabId: number, state: "blocked" | "nothing-blocked"): Promise<Page> {
    const popup = await firefox.openExtensionPage(`popup.html?tab=${tabId}`);
    await popup.setViewport({ width: 400, height: 600 });
    await waitFor(
      `the popup's ${state} first screen`,
      () =>
        popup.evaluate(() => ({
          summary: document.querySelector("#summary")?.getAttribute("data-state") ?? "",
          exports: document.querySelector('a[data-action="download-json"][href]') !== null,
        })),
      (seen) => seen.summary === state && seen.exports,
      20_000,
    );
    return popup;
  }

  beforeAll(async () => {
    const missing = missingFirefoxJapanese();
    if (missing) throw new Error(missing);
    const certs = createCertificates(SERVED, [HOSTS.storageIntercepted]);
    closers.push(certs.dispose);
    const https = await startHttpsHost(certs.trusted);
    closers.push(https.close);
    const interceptor = await startHttpsHost(certs.intercepting);
    closers.push(interceptor.close);
    const proxy = await startConnectProxy((host): ProxyDecision => {
      if (host === HOSTS.storageIntercepted) return { action: "tunnel", port: interceptor.port };
      if (host === HOSTS.apiNoDns) return { action: "not-found" };
      if (SERVED.includes(host)) return { action: "tunnel", port: https.port };
      // The refused Notebooks host, and Firefox's own background traffic (keeps the run hermetic).
      return { action: "deny" };
    });
    closers.push(proxy.close);
    firefox = await launchFirefox({ proxy, caCert: certs.caCert, idleTimeoutMs: 30_000, prefs: JAPANESE_UI_PREFS });
    closers.push(firefox.close);
    reader = await firefox.openExtensionPage("popup.html?tab=0");
  }, 120_000);

  afterAll(async () => {
    for (const close of closers.reverse())
      await Promise.resolve()
        .then(close)
        .catch(() => undefined);
  });

  test("Firefox's UI is Japanese (the language pack is loaded), so the extension's is too", async () => {
    const uiLanguage = await reader.evaluate(() => browser.i18n.getUILanguage());
    expect(
      uiLanguage,
      "Firefox ignored intl.locale.requested=ja: is firefox-esr-l10n-ja installed, for this firefox-esr version?",
    ).toMatch(/^ja/);
  });

  test("blocked: lang ja, 13 px text, '4 件' on one line, and headline, next step and every line within 600 px", async () => {
    const tab = await studioTab(BLOCKED_SESSION);
    const popup = await popupOf(tab.tabId, "blocked");
    try {
      const measured = await popup.evaluate(() => {
        const card = document.querySelector("details.card")!;
        card.setAttribute("open", "");
        const px = (selector: string) => parseFloat(getComputedStyle(document.querySelector(selector)!).fontSize);
        const sizes = { body: px("body"), dd: px(".card dd"), advice: px(".advice"), button: px("button.primary") };
        card.removeAttribute("open");
        const bottom = (selector: string) =>
          Math.max(...[...document.querySelectorAll(selector)].map((e) => e.getBoundingClientRect().bottom + scrollY));
        const count = document.querySelector("#headline .nowrap");
        return {
          lang: document.documentElement.lang,
          sizes,
          headline: document.querySelector("#headline")!.textContent,
          count: count?.textContent,
          countRects: count?.getClientRects().length,
          nextStep: document.querySelector("#next-step")!.textContent,
          copy: document.querySelector('[data-action="copy-markdown"]')!.textContent,
          lines: [...document.querySelectorAll(".card")].map((c) => c.getAttribute("data-entry")).sort(),
          bottoms: {
            headline: bottom("#headline"),
            nextStep: bottom("#next-step"),
            copy: bottom('[data-action="copy-markdown"]'),
            lastLine: bottom(".card > summary"),
          },
        };
      });
      expect(measured.lang).toMatch(/^ja/);
      expect(measured).toMatchObject({
        sizes: { body: 13, dd: 13, advice: 13, button: 13 },
        headline: "このネットワークでは Azure ML のエンドポイントが 4 件ブロックされています",
        count: "4 件",
        countRects: 1,
        copy: "IT 部門向けにレポートをコピー",
        lines: ["api", "compute-instance", "notebooks", "storage"],
      });
      expect(measured.nextStep).toContain("次の手順");
      for (const [what, y] of Object.entries(measured.bottoms)) expect(y, what).toBeLessThanOrEqual(600);
    } finally {
      await popup.close();
      await tab.page.close();
    }
  });

  test("nothing blocked: lang ja and the Japanese checklist, its way out within 600 px", async () => {
    const tab = await studioTab(NOTHING_BLOCKED_SESSION);
    const popup = await popupOf(tab.tabId, "nothing-blocked");
    try {
      const seen = await popup.evaluate(() => ({
        lang: document.documentElement.lang,
        body: parseFloat(getComputedStyle(document.body).fontSize),
        headline: document.querySelector("#headline")!.textContent,
        heading: document.querySelector("#checklist h3")!.textContent,
        notTheNetwork: document.querySelector("#not-the-network")!.textContent,
        notTheNetworkBottom: document.querySelector("#not-the-network")!.getBoundingClientRect().bottom + scrollY,
        compute: document.querySelector<HTMLElement>('#checklist li[data-entry="compute-instance"]')!.innerText,
        api: document.querySelector<HTMLElement>('#checklist li[data-entry="api"]')!.dataset.status,
      }));
      expect(seen.lang).toMatch(/^ja/);
      expect(seen).toMatchObject({
        body: 13,
        headline: "ブロックされた Azure ML エンドポイントはまだ見つかっていません",
        heading: "このタブでこれまでに確認した接続先",
        api: "reached",
      });
      expect(seen.notTheNetwork).toContain("ネットワーク以外の原因かもしれません");
      expect(seen.compute).toContain("WebSocket はまだ試されていません");
      expect(seen.notTheNetworkBottom).toBeLessThanOrEqual(600);
    } finally {
      await popup.close();
      await tab.page.close();
    }
  });
});
