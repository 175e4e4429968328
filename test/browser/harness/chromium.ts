/**
 * Launches Debian's Chromium through playwright-core with the built extension loaded, following
 * the recipe in docs/reference/chromium-network-failures.md: a fresh profile per launch, both
 * `--disable-extensions-except` and `--load-extension`, and a readiness barrier on the worker.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Worker } from "playwright-core";

export { BROWSER_TESTS_SKIPPED } from "../../support/browser-tests.js";

/** The built Chrome extension, an absolute path as `--load-extension` needs. */
export const EXTENSION_DIR = resolve(new URL("../../../dist/chrome", import.meta.url).pathname);

// The binary first: /usr/bin/chromium is Debian's wrapper script, which adds switches of its own.
const CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** The Chromium to drive: $CHROMIUM_PATH, or Debian's. Throws with what to do when there is none. */
export function findChromium(): string {
  const wanted = process.env.CHROMIUM_PATH;
  const found = wanted ? (existsSync(wanted) ? wanted : undefined) : CANDIDATES.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `Chromium not found (${wanted ? `CHROMIUM_PATH=${wanted}` : CANDIDATES.join(", ")}). ` +
        "Install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH; " +
        "set SKIP_BROWSER_TESTS=1 to skip the real-browser tests.",
    );
  }
  return found;
}

export interface LaunchOptions {
  /** Value for `--host-resolver-rules`. */
  resolverRules: string;
  /** Base64 SPKI hash of the trusted leaf. */
  spki: string;
  /** Load dist/chrome (default true). */
  extension?: boolean;
  /** `http://127.0.0.2:PORT` */
  proxyServer?: string;
  /** PAC text, passed as a `data:` URL (file: PAC URLs are ignored, docs/reference/chromium-network-failures.md §4). */
  pac?: string | undefined;
  /** Browser UI language: `en` (default) or `ja`. */
  lang?: "en" | "ja";
}

export interface LaunchedChromium {
  context: BrowserContext;
  /** Extension id and its worker, when the extension is loaded. */
  extensionId: string;
  worker: Worker | undefined;
  /** The profile directory, which names this browser's processes apart from any other Chromium's. */
  userDataDir: string;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile; resolves once the extension's worker answers. */
export async function launchChromium(options: LaunchOptions): Promise<LaunchedChromium> {
  const executablePath = findChromium();
  const withExtension = options.extension ?? true;
  if (withExtension && !existsSync(join(EXTENSION_DIR, "manifest.json"))) {
    throw new Error(`${EXTENSION_DIR}/manifest.json is missing: run \`npm run build\` before the browser tests.`);
  }
  const lang = options.lang ?? "en";
  const args = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    `--lang=${lang}`,
    `--ignore-certificate-errors-spki-list=${options.spki}`,
    `--host-resolver-rules=${options.resolverRules}`,
  ];
  if (withExtension) args.push(`--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`);
  if (options.proxyServer) args.push(`--proxy-server=${options.proxyServer}`);
  if (options.pac) {
    args.push(
      `--proxy-pac-url=data:application/x-ns-proxy-autoconfig;base64,${Buffer.from(options.pac).toString("base64")}`,
    );
  }
  const userDataDir = mkdtempSync(join(tmpdir(), "amlnd-profile-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args,
      locale: lang === "ja" ? "ja-JP" : "en-US",
      // Chromium on Linux takes its UI language from the environment as well as from --lang.
      env: { ...process.env, LANGUAGE: lang, LANG: lang === "ja" ? "ja_JP.UTF-8" : "en_US.UTF-8" },
      acceptDownloads: true,
      viewport: { width: 1000, height: 800 },
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const close = async (): Promise<void> => {
    await context.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
  };
  try {
    let worker: Worker | undefined;
    let extensionId = "";
    if (withExtension) {
      worker =
        context.serviceWorkers().find((w) => w.url().startsWith("chrome-extension://")) ??
        (await context.waitForEvent("serviceworker", { timeout: 10_000 }));
      extensionId = new URL(worker.url()).host;
      // Readiness barrier: without it early requests can go unseen (docs/reference/chromium-network-failures.md, pitfall 1).
      await worker.evaluate(() => 1);
    }
    return { context, extensionId, worker, userDataDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}
