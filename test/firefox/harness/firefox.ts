/**
 * Launches Debian's Firefox ESR through puppeteer-core (WebDriver BiDi) with a fresh profile that
 * trusts the test CA, sends every https/wss request through one CONNECT proxy, and installs the
 * built dist/firefox as a temporary add-on. Recipe: docs/reference/firefox-network-failures.md.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { waitFor } from "../../support/poll.js";

/** The built Firefox extension, an absolute path as `installExtension` needs. */
export const FIREFOX_EXTENSION_DIR = resolve(new URL("../../../dist/firefox", import.meta.url).pathname);

/** $FIREFOX, or Debian's firefox-esr. */
export const FIREFOX = process.env.FIREFOX ?? "/usr/bin/firefox-esr";

/** A fixed moz-extension UUID (`extensions.webextensions.uuids`), so extension pages have known URLs. */
const EXTENSION_UUID = "5a1f0c2e-7b3d-4c8e-9f10-a2b3c4d5e6f7";

function onPath(command: string): boolean {
  return (process.env.PATH ?? "").split(":").some((dir) => dir !== "" && existsSync(join(dir, command)));
}

/** What is missing to run the Firefox suite, as one line saying what to install or build; undefined when nothing is. */
export function missingFirefoxSetup(): string | undefined {
  const missing: string[] = [];
  if (!existsSync(FIREFOX)) missing.push(`${FIREFOX} (apt-get install -y firefox-esr, or set FIREFOX)`);
  if (!onPath("certutil")) missing.push("certutil (apt-get install -y libnss3-tools)");
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, "manifest.json")))
    missing.push(`${FIREFOX_EXTENSION_DIR} (npm run build)`);
  if (missing.length === 0) return undefined;
  return `Firefox suite cannot run, missing: ${missing.join("; ")}. Set SKIP_BROWSER_TESTS=1 to skip the real-browser tests.`;
}

/**
 * Debian's language pack for `lang` (firefox-esr-l10n-<lang>): an add-on beside the binary that
 * Firefox reads from its application directory, e.g.
 * /usr/lib/firefox-esr/browser/extensions/langpack-ja@firefox-esr.mozilla.org.xpi.
 */
function languagePack(lang: string): string {
  const appDir = existsSync(FIREFOX) ? dirname(realpathSync(FIREFOX)) : dirname(FIREFOX);
  return join(appDir, "browser", "extensions", `langpack-${lang}@firefox-esr.mozilla.org.xpi`);
}

/** What is missing to run Firefox with a Japanese UI, as one line; undefined when nothing is. */
export function missingFirefoxJapanese(): string | undefined {
  const missing = missingFirefoxSetup();
  if (missing) return missing;
  const pack = languagePack("ja");
  if (existsSync(pack)) return undefined;
  return `Firefox in Japanese cannot run, missing: ${pack} (apt-get install -y firefox-esr-l10n-ja). Set SKIP_BROWSER_TESTS=1 to skip the real-browser tests.`;
}

/** Preferences that make Firefox's UI (and so `i18n.getUILanguage()`) Japanese, with its language pack. */
export const JAPANESE_UI_PREFS = { "intl.locale.requested": "ja", "intl.accept_languages": "ja" } as const;

export interface FirefoxOptions {
  /** `127.0.0.2:PORT` of the CONNECT proxy every https/wss request goes through. */
  proxy: { address: string; port: number };
  /** PEM of the CA the profile trusts for TLS. */
  caCert: string;
  /** `extensions.background.idle.timeout`: how long the event page may idle before Firefox stops it. */
  idleTimeoutMs: number;
  /** Preferences set after the defaults (a direct network with its own DoH resolver, for instance). */
  prefs?: Record<string, string | number | boolean>;
}

export interface LaunchedFirefox {
  browser: Browser;
  /** `Firefox/153.8.0`-style product string; error strings depend on it. */
  version: string;
  /** The add-on id Firefox installed dist/firefox under. */
  extensionId: string;
  /** The gecko id and host permissions from dist/firefox/manifest.json. */
  manifest: { geckoId: string; hostPermissions: string[] };
  /** Every line Firefox wrote to stdout and stderr (console messages included). */
  consoleLines: string[];
  /** Opens `moz-extension://<uuid>/<path>` in a new tab once its document is complete. */
  openExtensionPage(path: string): Promise<Page>;
  /** Closes Firefox (killing its process group if it does not exit) and removes the profile. */
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** Launches Firefox on a fresh profile and installs dist/firefox; throws after cleaning up on failure. */
export async function launchFirefox(options: FirefoxOptions): Promise<LaunchedFirefox> {
  const raw = JSON.parse(readFileSync(join(FIREFOX_EXTENSION_DIR, "manifest.json"), "utf8")) as {
    host_permissions: string[];
    browser_specific_settings: { gecko: { id: string } };
  };
  const manifest = { geckoId: raw.browser_specific_settings.gecko.id, hostPermissions: raw.host_permissions };
  const work = mkdtempSync(join(tmpdir(), "amlnd-firefox-"));
  const profile = join(work, "profile");
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    const child = browser?.process();
    if (browser) await Promise.race([browser.close().catch(() => undefined), sleep(10_000)]);
    // Puppeteer starts Firefox in its own process group; kill the group if close() left anything.
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }
    rmSync(work, { recursive: true, force: true });
  };
  try {
    mkdirSync(profile);
    const caFile = join(work, "test-ca.crt");
    writeFileSync(caFile, options.caCert);
    execFileSync("certutil", ["-N", "-d", `sql:${profile}`, "--empty-password"]);
    execFileSync("certutil", [
      "-A",
      "-d",
      `sql:${profile}`,
      "-n",
      "AML Network Doctor test CA",
      "-t",
      "C,,",
      "-i",
      caFile,
    ]);
    browser = await puppeteer.launch({
      browser: "firefox",
      executablePath: FIREFOX,
      headless: true,
      userDataDir: profile,
      args: ["--remote-allow-system-access"],
      extraPrefsFirefox: {
        "extensions.webextensions.uuids": JSON.stringify({ [manifest.geckoId]: EXTENSION_UUID }),
        "extensions.background.idle.timeout": options.idleTimeoutMs,
        "network.proxy.type": 1,
        "network.proxy.ssl": options.proxy.address,
        "network.proxy.ssl_port": options.proxy.port,
        "network.proxy.http": options.proxy.address,
        "network.proxy.http_port": options.proxy.port,
        "network.proxy.no_proxies_on": "",
        "network.proxy.allow_hijacking_localhost": true,
        "network.http.http3.enable": false,
        // DoH off: with a proxy for every request, names resolve at the proxy, so runs are hermetic.
        "network.trr.mode": 5,
        "network.captive-portal-service.enabled": false,
        "network.connectivity-service.enabled": false,
        "security.OCSP.enabled": 0,
        // Console messages of extension pages and the event page go to stdout, where tests read them.
        "devtools.console.stdout.chrome": true,
        "devtools.console.stdout.content": true,
        ...options.prefs,
      },
    });
    const consoleLines: string[] = [];
    for (const stream of [browser.process()?.stdout, browser.process()?.stderr]) {
      stream?.on("data", (chunk: Buffer) => consoleLines.push(...chunk.toString("utf8").split("\n").filter(Boolean)));
    }
    const launched = browser;
    const version = await launched.version();
    const extensionId = await launched.installExtension(FIREFOX_EXTENSION_DIR);
    return {
      browser: launched,
      version,
      extensionId,
      manifest,
      consoleLines,
      async openExtensionPage(path) {
        const page = await launched.newPage();
        const url = `moz-extension://${EXTENSION_UUID}/${path}`;
        // goto() never resolves for moz-extension: URLs (BiDi waits for a load event it is not sent).
        page.goto(url, { timeout: 0 }).catch(() => undefined);
        try {
          await waitFor(
            `loading ${url}`,
            () => page.evaluate(() => location.protocol === "moz-extension:" && document.readyState === "complete"),
            Boolean,
            10_000,
          );
        } catch (error) {
          await page.close().catch(() => undefined);
          throw error;
        }
        return page;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
