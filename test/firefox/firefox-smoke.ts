/**
 * Firefox smoke test of the built extension (dist/firefox, MV3 with background.scripts): headless
 * firefox-esr driven by puppeteer-core over WebDriver BiDi, a studio page behind a local CONNECT
 * proxy, and the findings read back through the extension's own `get-report` contract.
 * Recipe and the facts it relies on: ../shared/reference/firefox-network-failures.md.
 *
 * Run: `npm run build && npx tsx test/firefox/firefox-smoke.ts` (see ./README.md for set-up).
 * Prints one line per check; exits 1 when any check fails, 2 when the set-up is missing.
 */
import { execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { createServer as createTlsServer } from "node:tls";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { KeyPair } from "../browser/harness/certificates.js";
import { startHttpsHost, type HttpsHost } from "../browser/harness/https-host.js";
import type { Report } from "../../src/core/report-schema.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const EXTENSION_DIR = process.env.FIREFOX_EXTENSION_DIR ?? join(ROOT, "dist/firefox");
const FIREFOX = process.env.FIREFOX ?? "/usr/bin/firefox-esr";
/** puppeteer-core 24.43.1 lives outside the repo (it is not a dependency of the project). */
const PUPPETEER_DIR = process.env.PUPPETEER_CORE_DIR ?? "/tmp/ffdriver/node_modules/puppeteer-core";
const UUID = "5a1f0c2e-7b3d-4c8e-9f10-a2b3c4d5e6f7";
/** Short idle timeout so the suspend-and-wake check takes seconds, not the default 30 s. */
const IDLE_TIMEOUT_MS = 3000;

/** The simulated West Europe session: what the proxy does with each host's CONNECT. */
const HOSTS = {
  studio: "ml.azure.com",
  /** CONNECT answered 404: Firefox reports NS_ERROR_UNKNOWN_HOST, as for a failed lookup. */
  apiNoDns: "westeurope.api.azureml.ms",
  /** CONNECT answered 403 (proxy policy). */
  notebooksDenied: "ml-myws-westeurope-0a1b2c3d.westeurope.notebooks.azure.net",
  /** Tunnelled; its `/ws/403` refuses the WebSocket upgrade. */
  compute: "ci1.westeurope.instances.azureml.ms",
  /** Tunnelled to a server that refuses every upgrade with a 403 that has a body (an HTML block page). */
  computeBlockPage: "ci2.westeurope.instances.azureml.ms",
  /** Tunnelled; `/nocors/…` answers 200 without Access-Control-Allow-Origin. */
  login: "login.microsoftonline.com",
  /** Tunnelled to a server whose leaf comes from a CA the profile does not trust. */
  storageIntercepted: "inspected.blob.core.windows.net",
} as const;

const STEPS: [kind: string, url: string][] = [
  ["fetch", `https://${HOSTS.apiNoDns}/workspaces/list`],
  ["fetch", `https://${HOSTS.notebooksDenied}/api/contents`],
  ["ws", `wss://${HOSTS.compute}/ws/403`],
  ["ws", `wss://${HOSTS.computeBlockPage}/terminals/1`],
  ["fetch", `https://${HOSTS.login}/nocors/token`],
  ["img", `https://${HOSTS.storageIntercepted}/img.png`],
];

/**
 * What each failing host must become in the report (strings from the reference, §2). A refused
 * upgrade ends two ways in Firefox 153: an empty 403 (`Content-Length: 0`, `Connection: close`, the
 * harness's /ws/403) gives onHeadersReceived(403) → onResponseStarted(403) → onCompleted(403) and
 * no error at all; a 403 with a body gives the same, then onErrorOccurred
 * NS_ERROR_WEBSOCKET_CONNECTION_REFUSED instead of onCompleted. Both are refused WebSockets.
 */
const EXPECTED: { entry: string; kind: string; host: string; error?: string; websocket: boolean }[] = [
  { entry: "api", kind: "dns", host: HOSTS.apiNoDns, error: "NS_ERROR_UNKNOWN_HOST", websocket: false },
  { entry: "notebooks", kind: "proxy-refused", host: HOSTS.notebooksDenied, error: "NS_ERROR_PROXY_FORBIDDEN", websocket: false },
  { entry: "compute-instance", kind: "websocket", host: HOSTS.compute, websocket: true },
  { entry: "compute-instance", kind: "websocket", host: HOSTS.computeBlockPage, error: "NS_ERROR_WEBSOCKET_CONNECTION_REFUSED", websocket: true },
  { entry: "storage", kind: "tls", host: HOSTS.storageIntercepted, error: "Peer’s Certificate issuer is not recognized.", websocket: false },
];

const EXPECTED_ENTRIES = [...new Set(EXPECTED.map((e) => e.entry))].sort();

// The few puppeteer-core shapes used here: it is loaded at run time from outside the repo.
interface Page {
  goto(url: string, options?: { timeout?: number; waitUntil?: string }): Promise<unknown>;
  evaluate<T>(fn: (...args: never[]) => T | Promise<T>, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}
interface Browser {
  newPage(): Promise<Page>;
  installExtension(path: string): Promise<string>;
  close(): Promise<void>;
  process(): ChildProcess | null;
  version(): Promise<string>;
}
interface Puppeteer {
  launch(options: Record<string, unknown>): Promise<Browser>;
}

let failures = 0;
function check(name: string, ok: boolean, detail: unknown): void {
  if (!ok) failures++;
  const text = typeof detail === "string" ? detail : JSON.stringify(detail);
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${text ? ` — ${text}` : ""}`);
}

function setupError(message: string): never {
  console.error(`firefox-smoke: ${message}`);
  process.exit(2);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value `done` accepts; returns the last value on timeout. */
async function pollFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined as T);
    if (done(value) || Date.now() > deadline) return value;
    await sleep(100);
  }
}

/**
 * A test CA (imported into the profile) with a leaf for the served hosts, and a second CA, never
 * trusted, standing in for a TLS-inspecting proxy. The harness's createCertificates() keeps its
 * CA private, and Firefox needs the CA itself in its NSS database.
 */
function makeCertificates(dir: string, served: string[], intercepted: string[]) {
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  const ca = (name: string, subject: string) =>
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", `${name}.key`,
      "-out", `${name}.crt`, "-days", "2", "-subj", subject,
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
  const leaf = (name: string, caName: string, hosts: string[]): KeyPair => {
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", `${name}.key`,
      "-out", `${name}.csr`, "-subj", `/CN=${hosts[0]}`);
    writeFileSync(join(dir, `${name}.ext`), [
      `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(",")}`,
      "basicConstraints=CA:FALSE", "keyUsage=critical,digitalSignature", "extendedKeyUsage=serverAuth",
    ].join("\n"));
    openssl("x509", "-req", "-in", `${name}.csr`, "-CA", `${caName}.crt`, "-CAkey", `${caName}.key`, "-CAcreateserial",
      "-out", `${name}.crt`, "-days", "2", "-extfile", `${name}.ext`);
    return { key: readFileSync(join(dir, `${name}.key`), "utf8"), cert: readFileSync(join(dir, `${name}.crt`), "utf8") };
  };
  ca("test-ca", "/CN=AML Network Doctor Firefox test CA");
  ca("intercept-ca", "/CN=Corporate TLS Inspection CA (untrusted)");
  return { caFile: join(dir, "test-ca.crt"), trusted: leaf("leaf", "test-ca", served), intercepting: leaf("intercepted", "intercept-ca", intercepted) };
}

type ProxyVerdict = { tunnel: number } | { status: number; reason: string };

/**
 * A CONNECT proxy that answers with any status. The harness proxy knows only 403/407/reset; a 404
 * is what makes Firefox report NS_ERROR_UNKNOWN_HOST without depending on the machine's resolver.
 */
async function startProxy(decide: (host: string) => ProxyVerdict) {
  const log: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => undefined);
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf("\r\n\r\n");
      if (end < 0) return;
      client.off("data", onData);
      const match = /^CONNECT ([^\s:]+):(\d+) /i.exec(buffered.subarray(0, end).toString("latin1"));
      if (!match) return void client.destroy();
      const host = match[1]!.toLowerCase();
      const verdict = decide(host);
      log.push(`${host} ${"tunnel" in verdict ? "tunnel" : verdict.status}`);
      if (!("tunnel" in verdict)) {
        client.end(`HTTP/1.1 ${verdict.status} ${verdict.reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
        return;
      }
      const rest = buffered.subarray(end + 4);
      const upstream = connect(verdict.tunnel, "127.0.0.1", () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        if (rest.length > 0) upstream.write(rest);
        client.pipe(upstream).pipe(client);
      });
      sockets.add(upstream);
      upstream.on("error", () => client.destroy());
      upstream.on("close", () => {
        sockets.delete(upstream);
        client.destroy();
      });
      client.on("close", () => upstream.destroy());
    };
    client.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    log,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An HTTPS server that answers every request, upgrades included, with a 403 block page. */
async function startBlockPageServer(pair: KeyPair) {
  const body = "<html><body>Blocked by IT policy.</body></html>";
  const server = createTlsServer({ key: pair.key, cert: pair.cert, ALPNProtocols: ["http/1.1"] }, (socket) => {
    socket.on("error", () => undefined);
    socket.once("data", () =>
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/html\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Opens an extension page: goto() never resolves for moz-extension: URLs, so fire it and poll. */
async function openExtensionPage(browser: Browser, path: string): Promise<Page> {
  const page = await browser.newPage();
  page.goto(`moz-extension://${UUID}/${path}`, { timeout: 0 }).catch(() => undefined);
  const ready = await pollFor(
    () => page.evaluate(() => location.protocol === "moz-extension:" && document.readyState === "complete"),
    Boolean,
    10_000,
  );
  if (!ready) throw new Error(`moz-extension://${UUID}/${path} did not load`);
  return page;
}

// Code evaluated in extension pages, where Firefox's `browser` namespace exists.
type ExtensionGlobal = {
  browser: {
    runtime: { sendMessage(message: unknown): Promise<unknown> };
    tabs: { query(q: object): Promise<{ id: number; url?: string }[]> };
    action: { getBadgeText(d: { tabId: number }): Promise<string> };
    permissions: { getAll(): Promise<{ origins: string[]; permissions: string[] }> };
    extension: { getViews(f: object): unknown[] };
  };
};

async function main(): Promise<void> {
  const started = Date.now();
  const manifestPath = join(EXTENSION_DIR, "manifest.json");
  if (!existsSync(manifestPath)) setupError(`${manifestPath} is missing: run \`npm run build\` first`);
  if (!existsSync(FIREFOX)) setupError(`${FIREFOX} is missing: apt-get install -y firefox-esr libnss3-tools (or set FIREFOX)`);
  if (!existsSync(join(PUPPETEER_DIR, "package.json"))) {
    setupError(`puppeteer-core not found in ${PUPPETEER_DIR}: mkdir -p /tmp/ffdriver && cd /tmp/ffdriver && npm init -y && npm i puppeteer-core@24.43.1 (or set PUPPETEER_CORE_DIR)`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    host_permissions: string[];
    browser_specific_settings: { gecko: { id: string } };
  };
  const geckoId = manifest.browser_specific_settings.gecko.id;
  const puppeteer = createRequire(join(PUPPETEER_DIR, "package.json"))("puppeteer-core") as Puppeteer;

  const work = mkdtempSync(join(tmpdir(), "amlnd-firefox-"));
  const closers: (() => Promise<void> | void)[] = [() => rmSync(work, { recursive: true, force: true })];
  try {
    const certs = makeCertificates(work, [HOSTS.studio, HOSTS.compute, HOSTS.computeBlockPage, HOSTS.login], [HOSTS.storageIntercepted]);
    const https: HttpsHost = await startHttpsHost(certs.trusted);
    closers.push(https.close);
    const interceptor = await startHttpsHost(certs.intercepting);
    closers.push(interceptor.close);
    const blockPage = await startBlockPageServer(certs.trusted);
    closers.push(blockPage.close);
    const proxy = await startProxy((host): ProxyVerdict => {
      if (host === HOSTS.storageIntercepted) return { tunnel: interceptor.port };
      if (host === HOSTS.computeBlockPage) return { tunnel: blockPage.port };
      if (host === HOSTS.studio || host === HOSTS.compute || host === HOSTS.login) return { tunnel: https.port };
      if (host === HOSTS.apiNoDns) return { status: 404, reason: "Not Found" };
      // The denied catalog host, and Firefox's own background traffic: keep the run hermetic.
      return { status: 403, reason: "Forbidden" };
    });
    closers.push(proxy.close);

    const profile = join(work, "profile");
    execFileSync("mkdir", ["-p", profile]);
    execFileSync("certutil", ["-N", "-d", `sql:${profile}`, "--empty-password"]);
    execFileSync("certutil", ["-A", "-d", `sql:${profile}`, "-n", "AML Network Doctor test CA", "-t", "C,,", "-i", certs.caFile]);

    const browser = await puppeteer.launch({
      browser: "firefox",
      executablePath: FIREFOX,
      headless: true,
      args: ["--profile", profile, "--remote-allow-system-access"],
      extraPrefsFirefox: {
        "extensions.webextensions.uuids": JSON.stringify({ [geckoId]: UUID }),
        "extensions.background.idle.timeout": IDLE_TIMEOUT_MS,
        "network.proxy.type": 1,
        "network.proxy.ssl": "127.0.0.1",
        "network.proxy.ssl_port": proxy.port,
        "network.proxy.http": "127.0.0.1",
        "network.proxy.http_port": proxy.port,
        "network.proxy.no_proxies_on": "",
        "network.proxy.allow_hijacking_localhost": true,
        "network.http.http3.enable": false,
        "network.trr.mode": 5,
        "network.captive-portal-service.enabled": false,
        "network.connectivity-service.enabled": false,
        "security.OCSP.enabled": 0,
        // Console messages of extension pages and the event page go to stdout, where they are checked.
        "devtools.console.stdout.chrome": true,
        "devtools.console.stdout.content": true,
      },
    });
    closers.push(() => browser.close());
    const consoleLines: string[] = [];
    for (const stream of [browser.process()?.stdout, browser.process()?.stderr]) {
      stream?.on("data", (chunk: Buffer) => consoleLines.push(...chunk.toString("utf8").split("\n").filter(Boolean)));
    }
    console.log(`# ${await browser.version()} (${FIREFOX}), extension ${EXTENSION_DIR}`);

    const installedAt = Date.now();
    const installedId = await browser.installExtension(EXTENSION_DIR);
    check("extension installs as a temporary add-on", installedId === geckoId, `${installedId} in ${Date.now() - installedAt} ms`);

    const reader = await openExtensionPage(browser, "popup.html?tab=0");
      // Firefox's MV3 getViews() takes no "background" type; the event page is the view at its generated URL.
    const views = () =>
      reader.evaluate(
        () =>
          (globalThis as unknown as ExtensionGlobal).browser.extension
            .getViews({})
            .filter((w) => (w as Window).location.pathname === "/_generated_background_page.html").length,
      );
    check("event page is running after install", (await views()) === 1, `background views: ${await views()}`);

    const granted = await reader.evaluate(() => (globalThis as unknown as ExtensionGlobal).browser.permissions.getAll());
    const missing = manifest.host_permissions.filter((p) => !granted.origins.includes(p));
    check(
      "every host permission is granted at install",
      missing.length === 0 && granted.permissions.includes("webRequest"),
      missing.length === 0 ? `${granted.origins.length} origins; permissions ${granted.permissions.join(", ")}` : { missing },
    );

    // The reader page listens to webRequest too (same extension, same permissions), so the output
    // shows the raw event sequence behind each finding.
    await reader.evaluate(() => {
      const g = globalThis as unknown as ExtensionGlobal & { __events: string[] };
      g.__events = [];
      const wr = (g.browser as unknown as { webRequest: Record<string, { addListener(f: (d: Record<string, unknown>) => void, filter: object): void }> }).webRequest;
      for (const name of ["onBeforeRequest", "onSendHeaders", "onHeadersReceived", "onResponseStarted", "onCompleted", "onErrorOccurred"]) {
        wr[name]!.addListener((d) => {
          if (typeof d.tabId === "number" && d.tabId >= 0 && !String(d.url).startsWith("moz-extension:")) {
            g.__events.push(`${d.requestId} ${d.type} ${d.url} ${name}${d.statusCode ? ` ${d.statusCode}` : ""}${d.error ? ` ${d.error}` : ""}`);
          }
        }, { urls: ["<all_urls>"] });
      }
    });
    const studio = await browser.newPage();
    const query = STEPS.map(([kind, url]) => `${kind}=${encodeURIComponent(url)}`).join("&");
    await studio.goto(`https://${HOSTS.studio}/?${query}`, { waitUntil: "load" });
    type PageResult = { kind: string; url: string; outcome: string; detail: string };
    const seen = await studio.evaluate(
      () => (globalThis as unknown as { __studio: { initial: Promise<PageResult[]> } }).__studio.initial,
    );
    for (const r of seen) console.log(`#   page saw ${r.kind} ${r.url} → ${r.outcome} ${r.detail}`);
    const corsSeen = seen.find((r) => r.url.includes("/nocors/"));
    check("the studio page sees the CORS rejection as a TypeError", corsSeen?.outcome === "error", corsSeen?.detail ?? "no result");

    await sleep(300);
    const events = await reader.evaluate(() => (globalThis as unknown as { __events: string[] }).__events);
    for (const line of events) console.log(`#   webRequest ${line}`);
    const tabs = await reader.evaluate(() => (globalThis as unknown as ExtensionGlobal).browser.tabs.query({ url: "https://ml.azure.com/*" }));
    const tabId = tabs[0]?.id;
    if (tabId === undefined) throw new Error("tabs.query found no studio tab");

    const getReport = () =>
      reader.evaluate((id: number) => (globalThis as unknown as ExtensionGlobal).browser.runtime.sendMessage({ type: "get-report", tabId: id, lang: "en" }) as Promise<Report>, tabId);
    const report = await pollFor(getReport, (r) => (r?.findings?.length ?? 0) >= EXPECTED_ENTRIES.length, 10_000);
    check("get-report answers for the studio tab", report?.studio === true, { studio: report?.studio, stats: report?.stats });

    for (const want of EXPECTED) {
      const finding = report?.findings.find((f) => f.entry === want.entry);
      const failure = finding?.failures.find((f) => f.host === want.host);
      check(
        `${want.error ?? "a refused upgrade"} on ${want.host} becomes a ${want.entry} finding of kind ${want.kind}`,
        failure?.kind === want.kind && (want.error === undefined || failure.error === want.error) && failure.websocket === want.websocket,
        failure ? { kind: failure.kind, error: failure.error, websocket: failure.websocket, count: failure.count } : { findings: report?.findings.map((f) => f.entry) },
      );
    }
    const findingIds = report?.findings.map((f) => f.entry) ?? [];
    check(
      "a CORS rejection (server 200, no ACAO; Firefox: onCompleted 200) is not a finding",
      !findingIds.includes("entra-id") && (report?.reachable.some((r) => r.entry === "entra-id" && r.hosts.includes(HOSTS.login)) ?? false),
      { findings: findingIds, reachable: report?.reachable },
    );
    check("no other findings and no unmatched hosts", JSON.stringify([...findingIds].sort()) === JSON.stringify(EXPECTED_ENTRIES) && report?.unmatched.length === 0, {
      findings: findingIds,
      unmatched: report?.unmatched,
    });

    const badge = await pollFor(
      () => reader.evaluate((id: number) => (globalThis as unknown as ExtensionGlobal).browser.action.getBadgeText({ tabId: id }), tabId),
      (text) => text === String(findingIds.length),
      3000,
    );
    check("the badge shows the number of findings", badge === String(findingIds.length), `badge "${badge}", findings ${findingIds.length}`);

    const popup = await openExtensionPage(browser, `popup.html?tab=${tabId}`);
    const cards = await pollFor(
      () => popup.evaluate(() => [...document.querySelectorAll("article.card")].map((c) => c.getAttribute("data-entry"))),
      (ids) => (ids?.length ?? 0) >= findingIds.length,
      5000,
    );
    check("the popup page renders one card per finding", JSON.stringify([...(cards ?? [])].sort()) === JSON.stringify([...findingIds].sort()), { cards });
    await popup.close();

    // Suspend: nothing talks to the extension for a while, so the event page stops after the idle timeout.
    const suspended = await pollFor(views, (n) => n === 0, IDLE_TIMEOUT_MS + 12_000);
    check(`the event page is suspended after ${IDLE_TIMEOUT_MS} ms idle`, suspended === 0, `background views: ${suspended}`);
    const afterWake = await getReport();
    const wokenViews = await views();
    check(
      "woken by get-report, the event page still has every finding",
      wokenViews === 1 && JSON.stringify(afterWake.findings.map((f) => f.entry)) === JSON.stringify(findingIds),
      { backgroundViews: wokenViews, findings: afterWake.findings.map((f) => f.entry), stats: afterWake.stats },
    );
    const badgeAfter = await reader.evaluate((id: number) => (globalThis as unknown as ExtensionGlobal).browser.action.getBadgeText({ tabId: id }), tabId);
    check("the badge survives the suspension", badgeAfter === String(findingIds.length), `badge "${badgeAfter}"`);

    if (process.env.SMOKE_CONSOLE) for (const line of consoleLines) console.log(`#   console ${line}`);
    await reader.evaluate(() => console.warn("amlnd-smoke: console probe"));
    await pollFor(async () => consoleLines.some((l) => l.includes("amlnd-smoke: console probe")), Boolean, 3000);
    check("extension console messages reach the captured stdout (so the next check can fail)", consoleLines.some((l) => l.includes("amlnd-smoke: console probe")), "");
    const problems = consoleLines.filter(
      (line) =>
        !line.includes("amlnd-smoke:") && /aml-network-doctor|moz-extension:\/\//i.test(line) && /error|exception|warn|uncaught/i.test(line),
    );
    check("no errors or warnings from the extension on the browser console", problems.length === 0, problems.slice(0, 5));
    console.log(`# proxy saw: ${[...new Set(proxy.log)].join(", ")}`);
  } finally {
    for (const close of closers.reverse()) await Promise.resolve().then(close).catch(() => undefined);
  }
  console.log(`# ${failures === 0 ? "all checks passed" : `${failures} check(s) failed`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exitCode = failures === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
