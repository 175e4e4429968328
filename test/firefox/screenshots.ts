/**
 * Firefox screenshots of the popup page for docs/ and README: `npm run screenshots:firefox` (after
 * `npm run build`; needs firefox-esr, libnss3-tools, fonts-noto-cjk, and for Japanese the
 * firefox-esr-l10n-ja language pack). Not part of npm test. Firefox ESR goes through a CONNECT
 * proxy that serves the studio hosts, answers 404 for one API host (DNS), refuses a Notebooks
 * host, intercepts a storage host's TLS and refuses the compute instance's WebSocket upgrade. The
 * popup page is shot at 400×600 in English and in Japanese:
 * - `popup-<lang>-firefox.png`: the studio tab with four blocked entries, the first screen;
 * - `popup-<lang>-firefox-nothing-blocked.png`: a studio tab where nothing is blocked: the checklist.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Page } from "puppeteer-core";
import type { Report } from "../../src/core/report-schema.js";
import { createCertificates } from "../browser/harness/certificates.js";
import { startConnectProxy, type ProxyDecision } from "../browser/harness/connect-proxy.js";
import { startHttpsHost } from "../browser/harness/https-host.js";
import { HOSTS } from "../browser/harness/network.js";
import { BLOCKED_SESSION, NOTHING_BLOCKED_SESSION } from "../browser/harness/sessions.js";
import { studioUrl, type Step } from "../browser/harness/studio-page.js";
import { waitFor } from "../support/poll.js";
import { launchFirefox, missingFirefoxSetup, type LaunchedFirefox } from "./harness/firefox.js";

const OUT = resolve(new URL("../../docs/screenshots", import.meta.url).pathname);
const SERVED = [HOSTS.studio, HOSTS.login, HOSTS.api, HOSTS.notebooks, HOSTS.storage, HOSTS.compute];

declare const browser: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  tabs: { query(info: object): Promise<Array<{ id?: number }>> };
  i18n: { getUILanguage(): string };
};

/** Opens a studio tab making `steps`; resolves with its tab id once the report holds every host, settled. */
async function studioTab(firefox: LaunchedFirefox, reader: Page, steps: Step[]): Promise<number> {
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
      reader.evaluate((id) => browser.runtime.sendMessage({ type: "get-report", tabId: id }) as Promise<Report>, tabId),
    (r) =>
      r.pendingHosts === undefined &&
      wanted.every((h) => [...r.findings.flatMap((f) => f.hosts), ...r.reachable.flatMap((x) => x.hosts)].includes(h)),
    30_000,
  );
  return tabId;
}

async function shoot(lang: "en" | "ja"): Promise<string[]> {
  const certs = createCertificates([...SERVED], [HOSTS.storageIntercepted]);
  const https = await startHttpsHost(certs.trusted);
  const interceptor = await startHttpsHost(certs.intercepting);
  const proxy = await startConnectProxy((host): ProxyDecision => {
    if (host === HOSTS.storageIntercepted) return { action: "tunnel", port: interceptor.port };
    if (host === HOSTS.apiNoDns) return { action: "not-found" };
    if ((SERVED as string[]).includes(host)) return { action: "tunnel", port: https.port };
    return { action: "deny" };
  });
  let firefox: LaunchedFirefox | undefined;
  try {
    firefox = await launchFirefox({
      proxy,
      caCert: certs.caCert,
      idleTimeoutMs: 30_000,
      // The UI language; Japanese needs the language pack (firefox-esr-l10n-ja), else Firefox stays English.
      prefs: { "intl.locale.requested": lang === "ja" ? "ja" : "en-US", "intl.accept_languages": lang },
    });
    const reader = await firefox.openExtensionPage("popup.html?tab=0");
    const uiLanguage = await reader.evaluate(() => browser.i18n.getUILanguage());
    if (!uiLanguage.toLowerCase().startsWith(lang))
      throw new Error(`Firefox's UI language is ${uiLanguage}, not ${lang}: is firefox-esr-l10n-${lang} installed?`);
    const shots: Array<[number, string]> = [
      [await studioTab(firefox, reader, BLOCKED_SESSION), `${OUT}/popup-${lang}-firefox.png`],
      [await studioTab(firefox, reader, NOTHING_BLOCKED_SESSION), `${OUT}/popup-${lang}-firefox-nothing-blocked.png`],
    ];
    for (const [tabId, path] of shots) {
      const popup = await firefox.openExtensionPage(`popup.html?tab=${tabId}`);
      await popup.setViewport({ width: 400, height: 600 });
      await waitFor(
        "the popup's first screen",
        () => popup.evaluate(() => document.querySelector("#summary")?.getAttribute("data-state") ?? ""),
        (state) => state === "blocked" || state === "nothing-blocked",
        20_000,
      );
      await popup.screenshot({ path: path as `${string}.png` });
    }
    return shots.map(([, path]) => path);
  } finally {
    await firefox?.close();
    await proxy.close();
    await interceptor.close();
    await https.close();
    certs.dispose();
  }
}

const missing = missingFirefoxSetup();
if (missing) throw new Error(missing);
mkdirSync(OUT, { recursive: true });
for (const lang of ["en", "ja"] as const) for (const file of await shoot(lang)) console.log(`wrote ${file}`);
