import { beforeEach, describe, expect, test, vi } from "vitest";
import type { Report } from "../../src/core/report-schema.js";
import type { BackgroundWorker } from "../../src/background/worker.js";
import { FakeBrowser, SESSION_QUOTA_BYTES, type RequestScript } from "./fake-browser.js";

const STUDIO = "https://ml.azure.com/";
const API = "https://westeurope.api.azureml.ms/history/v1.0/runs?sig=SECRET";
const STORAGE = "https://mystorage.blob.core.windows.net/container/file.csv?sv=2024&sig=SECRET";
const ARM = "https://management.azure.com/subscriptions/x";
const WS = "wss://ci1.westeurope.instances.azureml.ms/api/kernels/abc/channels";

let fake: FakeBrowser;
let worker: BackgroundWorker;

/** A fresh worker module over the same browser: what a stopped and restarted MV3 worker gets. */
async function startWorker(): Promise<BackgroundWorker> {
  vi.resetModules();
  const { startWorker } = await import("../../src/background/worker.js");
  const started = startWorker(fake.workerDeps());
  await started.ready;
  return started;
}

async function restartWorker(): Promise<void> {
  await worker.idle();
  fake.stopWorker();
  worker = await startWorker();
}

async function report(tabId: number, lang?: "en" | "ja"): Promise<Report> {
  await worker.idle();
  return (await fake.sendMessage({ type: "get-report", tabId, ...(lang ? { lang } : {}) })) as Report;
}

const kinds = (r: Report) => Object.fromEntries(r.findings.map((f) => [f.entry, f.failures.map((x) => x.kind).sort()]));

async function play(...scripts: RequestScript[]): Promise<void> {
  for (const script of scripts) fake.request(script);
  await worker.idle();
}

beforeEach(async () => {
  fake = new FakeBrowser();
  worker = await startWorker();
  fake.openTab(1, STUDIO);
});

describe("answers that still mean broken", () => {
  const NB = "https://ml-ws-westeurope-0000.westeurope.notebooks.azure.net/api/contents?token=SECRET";
  test("addresses and who-answered headers reach the report; the user's private ranges decide private-dns", async () => {
    await fake.sync.set({
      settings: { via: "DIRECT", default: "DIRECT", cloud: "public", probes: true, privateRanges: ["10.1.0.0/16"] },
    });
    await play(
      { tabId: 1, url: API, status: 200, ip: "10.1.0.4", headers: [["x-ms-request-id", "1"]] },
      { tabId: 1, url: NB, status: 200, ip: "20.50.1.2", headers: [["x-ms-request-id", "2"]] },
      {
        tabId: 1,
        url: STORAGE,
        status: 403,
        ip: "10.1.0.5",
        headers: [
          ["x-ms-request-id", "3"],
          ["x-ms-error-code", "AuthorizationFailure"],
          ["Set-Cookie", "s=SECRET"],
        ],
      },
    );
    const r = await report(1);
    expect(kinds(r)).toEqual({ notebooks: ["private-dns"], storage: ["azure-refused"] });
    expect(r.network).toMatchObject({ path: "direct", privateEndpoints: true });
    expect(r.network!.hosts.map((h) => `${h.host} ${h.address} ${h.class}`)).toContain(
      "ml-ws-westeurope-0000.westeurope.notebooks.azure.net 20.50.1.2 public",
    );
    expect(JSON.stringify(r)).not.toContain("SECRET");
    expect(fake.badges.get(1)?.text).toBe("2");

    // A proxy's block page shows a proxy on the path: from then on no address says anything about DNS.
    await play({
      tabId: 1,
      url: ARM,
      status: 403,
      ip: "10.1.0.6",
      headers: [
        ["Via", "1.1 bluecoat"],
        ["X-Squid-Error", "ERR_ACCESS_DENIED 0"],
      ],
    });
    const after = await report(1);
    expect(kinds(after)).toEqual({ arm: ["proxy-answered"], storage: ["azure-refused"] });
    expect(after.network?.path).toBe("mixed");
  });

  test("with the default ranges the same public address is no finding: nothing was private", async () => {
    await play(
      { tabId: 1, url: NB, status: 200, ip: "20.50.1.2" },
      { tabId: 1, url: API, status: 200, ip: "20.50.1.3" },
    );
    const r = await report(1);
    expect(kinds(r)).toEqual({});
    expect(r.network).toMatchObject({ path: "direct", privateEndpoints: false });
  });
});

describe("studio tab diagnosis", () => {
  test("a DNS failure on a catalog host becomes a finding of its entry", async () => {
    await play({ tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    const r = await report(1);
    expect(r.schema).toBe("aml-network-doctor/report@1");
    expect(r.studio).toBe(true);
    expect(kinds(r)).toEqual({ api: ["dns"] });
    expect(r.findings[0]?.hosts).toEqual(["westeurope.api.azureml.ms"]);
  });

  const cases: Array<{ title: string; scripts: RequestScript[]; expected: Record<string, string[]> }> = [
    {
      title: "a proxy denying CONNECT is proxy-refused",
      scripts: [{ tabId: 1, url: STORAGE, error: "net::ERR_TUNNEL_CONNECTION_FAILED" }],
      expected: { storage: ["proxy-refused"] },
    },
    {
      title: "a 407 seen in onHeadersReceived is proxy-auth even if the request then hangs",
      scripts: [{ tabId: 1, url: ARM, status: 407 }],
      expected: { arm: ["proxy-auth"] },
    },
    {
      title: "an untrusted certificate is tls",
      scripts: [{ tabId: 1, url: API, error: "net::ERR_CERT_AUTHORITY_INVALID" }],
      expected: { api: ["tls"] },
    },
    {
      title: "an HTTP 403 from the server itself is no block",
      scripts: [{ tabId: 1, url: API, status: 403 }],
      expected: {},
    },
    {
      title: "an aborted request is no block",
      scripts: [{ tabId: 1, url: API, error: "net::ERR_ABORTED" }],
      expected: {},
    },
    {
      title: "a later success on the same host and channel ends the block",
      scripts: [
        { tabId: 1, url: API, error: "net::ERR_CONNECTION_RESET" },
        { tabId: 1, url: API, status: 200 },
      ],
      expected: {},
    },
  ];
  test.each(cases)("$title", async ({ scripts, expected }) => {
    await play(...scripts);
    expect(kinds(await report(1))).toEqual(expected);
  });

  test("the report carries no path, query string or token", async () => {
    await play({ tabId: 1, url: STORAGE, error: "net::ERR_NAME_NOT_RESOLVED" });
    const text = JSON.stringify(await report(1));
    expect(text).not.toContain("SECRET");
    expect(text).not.toContain("container");
  });

  test("a report in Japanese", async () => {
    await play({ tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    const r = await report(1, "ja");
    expect(r.lang).toBe("ja");
    expect(r.findings[0]?.purpose).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });
});

describe("attribution", () => {
  test("a tab that is not studio has no session: findings [] and studio false", async () => {
    fake.openTab(2, "https://example.com/");
    await play({ tabId: 2, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    const r = await report(2);
    expect(r.studio).toBe(false);
    expect(r.findings).toEqual([]);
  });

  test("the extension's own traffic is not studio traffic", async () => {
    await play({ tabId: 1, url: API, initiator: fake.origin, error: "net::ERR_NAME_NOT_RESOLVED" });
    await play({ tabId: -1, url: ARM, initiator: fake.origin, error: "net::ERR_NAME_NOT_RESOLVED" });
    expect((await report(1)).findings).toEqual([]);
  });

  test("studio's service worker (tabId -1) goes to the most recently active studio tab", async () => {
    fake.openTab(2, "https://ml.azure.com/experiments");
    fake.activateTab(1);
    fake.advance(1000);
    await play({ tabId: -1, url: API, initiator: "https://ml.azure.com", error: "net::ERR_NAME_NOT_RESOLVED" });
    expect(kinds(await report(1))).toEqual({ api: ["dns"] });
    expect((await report(2)).findings).toEqual([]);
  });

  test("a navigation leaving studio (the Entra ID sign-in page) still counts", async () => {
    await play({
      tabId: 1,
      url: "https://login.microsoftonline.com/common/oauth2",
      type: "main_frame",
      error: "net::ERR_NAME_NOT_RESOLVED",
    });
    expect(kinds(await report(1))).toEqual({ "entra-id": ["dns"] });
  });

  test("storage keeps no tab URL: none of a site outside studio, and of studio only its origin", async () => {
    await fake.api.permissions.request({ origins: fake.manifest.optional_host_permissions as string[] });
    fake.openTab(2, "https://bank.example/account?session=SECRET123&iban=DE00");
    fake.openTab(3, "https://ml.azure.com/runs/private-run?wsid=/subscriptions/SUB99/resourceGroups/RG99");
    await play({ tabId: 3, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    fake.advance(250);
    await worker.idle();
    const stored = JSON.stringify(Object.fromEntries(fake.session.data));
    for (const secret of ["bank.example", "SECRET123", "private-run", "SUB99", "RG99"])
      expect(stored).not.toContain(secret);
    expect(stored).toContain('"origin":"https://ml.azure.com"');
    expect(kinds(await report(3))).toEqual({ api: ["dns"] });
    expect((await report(2)).studio).toBe(false);
  });

  test("hosts without a host permission are never seen", async () => {
    await play({ tabId: 1, url: "https://cdn.example.net/x.js", error: "net::ERR_NAME_NOT_RESOLVED" });
    const r = await report(1);
    expect(r.unmatched).toEqual([]);
  });

  test("with every host of studio tabs watched, an unknown failing host is reported apart", async () => {
    await fake.api.permissions.request({ origins: fake.manifest.optional_host_permissions as string[] });
    await play({ tabId: 1, url: "https://files.contoso.example/x", error: "net::ERR_NAME_NOT_RESOLVED" });
    const r = await report(1);
    expect(r.findings).toEqual([]);
    expect(r.unmatched.map((u) => u.host)).toEqual(["files.contoso.example"]);
  });
});

describe("host names are data", () => {
  test("hosts named constructor or valueof are ordinary hosts, across a worker restart", async () => {
    await fake.api.permissions.request({ origins: fake.manifest.optional_host_permissions as string[] });
    await play(
      { tabId: 1, url: "https://constructor/x", error: "net::ERR_NAME_NOT_RESOLVED" },
      { tabId: 1, url: "https://valueof/", error: "net::ERR_CONNECTION_REFUSED" },
    );
    await restartWorker(); // the state comes back from storage as plain JSON
    await play(
      { tabId: 1, url: "https://constructor/y", error: "net::ERR_NAME_NOT_RESOLVED" },
      { tabId: 1, url: "https://hasownproperty/", error: "net::ERR_NAME_NOT_RESOLVED" },
    );
    const r = await report(1);
    expect(r.unmatched.map((u) => [u.host, u.failures.map((f) => `${f.kind}x${f.count}`).join()])).toEqual([
      ["constructor", "dnsx2"],
      ["hasownproperty", "dnsx1"],
      ["valueof", "connectionx1"],
    ]);
    expect(Object.getOwnPropertyNames(Object)).not.toContain("https");
  });
});

describe("badge", () => {
  test("counts blocked entries, not requests, on red with a tooltip in words", async () => {
    await play(
      { tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" },
      { tabId: 1, url: "https://eastus.api.azureml.ms/x", error: "net::ERR_NAME_NOT_RESOLVED" },
      { tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" },
      { tabId: 1, url: STORAGE, error: "net::ERR_TUNNEL_CONNECTION_FAILED" },
    );
    const badge = fake.badge(1);
    expect(badge.text).toBe("2");
    expect(badge.color).toBe("#d13438");
    expect(badge.title).toBe("2 Azure ML endpoints are blocked on this network");
    expect(badge.icon?.["16"]).toBe("icons/icon-blocked-16.png");
  });

  test("a navigation commit that resets the tab's action state (as Chrome does) gets the right tooltip back at once", async () => {
    fake.openTab(1, "https://ml.azure.com/");
    await worker.idle();
    fake.commitNavigation(1);
    await worker.idle();
    expect(fake.badge(1).title).toBe("No blocked Azure ML endpoint seen in this tab yet");
  });

  test("a studio tab with nothing blocked shows a grey ✓ (watched), other tabs nothing", async () => {
    await play({ tabId: 1, url: API, status: 200 });
    expect(fake.badge(1)).toMatchObject({
      text: "✓",
      color: "#616161",
      title: "No blocked Azure ML endpoint seen in this tab yet",
    });
    fake.openTab(2, "https://example.com/");
    fake.commitNavigation(2);
    await worker.idle();
    expect(fake.badge(2).text).toBe("");
  });

  test("the tooltip follows the browser language", async () => {
    fake = new FakeBrowser("ja");
    worker = await startWorker();
    fake.openTab(1, STUDIO);
    await play({ tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    expect(fake.badge(1).title).toBe("このネットワークでは Azure ML のエンドポイントが 1 件ブロックされています");
  });
});

describe("sessions survive the worker", () => {
  test("state is written to storage.session within 250 ms, batched rather than per event", async () => {
    const stored = () => JSON.stringify([...fake.session.data.values()]);
    await worker.idle();
    fake.request({ tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    fake.request({ tabId: 1, url: STORAGE, error: "net::ERR_NAME_NOT_RESOLVED" });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(stored()).not.toContain("westeurope.api.azureml.ms");
    fake.advance(250);
    await vi.waitFor(() => expect(stored()).toContain("mystorage.blob.core.windows.net"));
    expect(stored()).toContain("westeurope.api.azureml.ms");
  });

  test("a restarted worker keeps every finding and the badge", async () => {
    await play({ tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    await restartWorker();
    await play({ tabId: 1, url: STORAGE, error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
    expect(kinds(await report(1))).toEqual({ api: ["dns"], storage: ["proxy-refused"] });
    expect(fake.badge(1).text).toBe("2");
  });

  test("a request started before a restart is swept as a timeout after 15 s by the new worker", async () => {
    fake.request({ tabId: 1, url: ARM, pending: true });
    await restartWorker();
    fake.advance(15_000);
    expect(kinds(await report(1))).toEqual({ arm: ["timeout"] });
  });

  test("a request without response headers after 15 s is a suspected timeout, cleared when it completes", async () => {
    const slow = fake.request({ tabId: 1, url: ARM, pending: true });
    fake.advance(14_000);
    expect(kinds(await report(1))).toEqual({});
    fake.advance(1_000);
    expect(kinds(await report(1))).toEqual({ arm: ["timeout"] });
    slow.finish({ status: 200 });
    expect(kinds(await report(1))).toEqual({});
  });

  test("closing the tab ends its session", async () => {
    await play({ tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    fake.closeTab(1);
    const r = await report(1);
    expect(r.studio).toBe(false);
    expect(r.findings).toEqual([]);
    await restartWorker();
    expect((await report(1)).studio).toBe(false);
  });

  test("clear empties the findings and the badge", async () => {
    await play({ tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    expect(await fake.sendMessage({ type: "clear", tabId: 1 })).toEqual({ ok: true });
    const r = await report(1);
    expect(r.findings).toEqual([]);
    expect(r.studio).toBe(true);
    expect(fake.badge(1).text).toBe("✓");
  });
});

describe("storage never wedges", () => {
  const stored = () => JSON.stringify(Object.fromEntries(fake.session.data));

  test("a write refused for the quota does not stop later writes, and nothing is lost at the next restart", async () => {
    await play({ tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    fake.session.quotaBytes = fake.session.bytes(); // full: any write that adds a byte is refused
    await play({ tabId: 1, url: STORAGE, error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
    expect(fake.session.refused).toBeGreaterThan(0);
    expect(stored()).not.toContain("mystorage.blob.core.windows.net");
    fake.session.quotaBytes = SESSION_QUOTA_BYTES;
    await play({ tabId: 1, url: ARM, error: "net::ERR_NAME_NOT_RESOLVED" });
    expect(stored()).toContain("mystorage.blob.core.windows.net"); // the refused change went out with the next write
    expect(stored()).toContain("management.azure.com");
    await restartWorker();
    expect(kinds(await report(1))).toEqual({ api: ["dns"], arm: ["dns"], storage: ["proxy-refused"] });
  });

  test("a refused write is retried on its own, without waiting for the next event", async () => {
    await worker.idle();
    fake.session.quotaBytes = fake.session.bytes();
    await play({ tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    expect(stored()).not.toContain("westeurope.api.azureml.ms");
    fake.session.quotaBytes = SESSION_QUOTA_BYTES;
    fake.advance(1_000);
    await vi.waitFor(() => expect(stored()).toContain("westeurope.api.azureml.ms"));
  });

  test("clear answers ok while storage is full, and its effect is stored once there is room", async () => {
    await play({ tabId: 1, url: API, error: "net::ERR_NAME_NOT_RESOLVED" });
    fake.session.quotaBytes = 0;
    expect(await fake.sendMessage({ type: "clear", tabId: 1 })).toEqual({ ok: true });
    fake.session.quotaBytes = SESSION_QUOTA_BYTES;
    await play({ tabId: 1, url: ARM, status: 200 });
    await restartWorker();
    expect(kinds(await report(1))).toEqual({});
  });

  // With the full URLs kept, these 2,001 requests stored about 16 MB: more than the 10 MB quota.
  test("a page cannot push the stored state towards the quota: in-flight requests keep scheme and host only", async () => {
    await fake.api.permissions.request({ origins: fake.manifest.optional_host_permissions as string[] });
    const label = "a".repeat(60);
    const token = `sig=${"S".repeat(8_000)}`;
    // 2,001 requests that never end, each with a 240-character host name and an 8 KB query string.
    for (let i = 0; i < 2001; i++) {
      fake.request({
        tabId: 1,
        url: `https://${label}.${label}.${label}.h${i}.contoso.example/private/path?${token}`,
        pending: true,
      });
    }
    await worker.idle();
    expect(fake.session.refused).toBe(0);
    const inflight = fake.session.data.get("inflight") as Record<string, { url: string }>;
    expect(Object.keys(inflight)).toHaveLength(2000);
    expect(Object.values(inflight).every((request) => /^https:\/\/[a-z0-9.]+$/.test(request.url))).toBe(true);
    expect(stored()).not.toContain("sig=");
    expect(stored()).not.toContain("private");
    // 2,000 requests of at most about 350 bytes each (a 253-character host is the longest there is).
    expect(fake.session.bytes()).toBeLessThan(1_000_000);
  });

  // The cap is written out here, not imported: a smaller cap or newest-first eviction must fail this.
  test("in flight, the oldest of 2,001 pending requests gives way, and the other 2,000 still count", async () => {
    const oldest = fake.request({ tabId: 1, url: STORAGE, pending: true });
    fake.advance(1);
    const second = fake.request({ tabId: 1, url: "https://ws1.notebooks.azure.net/x", pending: true });
    for (let i = 0; i < 1998; i++) {
      fake.advance(1);
      fake.request({ tabId: 1, url: API, pending: true });
    }
    fake.advance(1);
    const newest = fake.request({ tabId: 1, url: ARM, pending: true });
    await worker.idle();
    for (const request of [oldest, second, newest]) request.finish({ error: "net::ERR_NAME_NOT_RESOLVED" });
    expect(kinds(await report(1))).toEqual({ arm: ["dns"], notebooks: ["dns"] });
  });
});

describe("follow-up probes after net::ERR_FAILED", () => {
  test("a failed WebSocket whose host answers over HTTPS is a WebSocket-only block", async () => {
    await play({ tabId: 1, url: WS, type: "websocket", error: "net::ERR_FAILED" });
    expect(fake.fetched).toEqual(["https://ci1.westeurope.instances.azureml.ms/"]);
    expect(kinds(await report(1))).toEqual({ "compute-instance": ["websocket"] });
  });

  test("a failed WebSocket whose host fails DNS over HTTPS is a DNS block", async () => {
    fake.network.set("ci1.westeurope.instances.azureml.ms", { error: "net::ERR_NAME_NOT_RESOLVED" });
    await play({ tabId: 1, url: WS, type: "websocket", error: "net::ERR_FAILED" });
    expect(kinds(await report(1))).toEqual({ "compute-instance": ["dns"] });
  });

  test("a plain request failing with ERR_FAILED on a reachable host is a CORS rejection, not a block", async () => {
    await play({ tabId: 1, url: API, error: "net::ERR_FAILED" });
    expect(fake.fetched).toHaveLength(1);
    expect(kinds(await report(1))).toEqual({});
  });

  test("the probe itself never becomes a finding, even when it fails", async () => {
    fake.network.set("westeurope.api.azureml.ms", { error: "net::ERR_CONNECTION_RESET" });
    await play({ tabId: 1, url: API, error: "net::ERR_FAILED" });
    const r = await report(1);
    expect(r.findings.flatMap((f) => f.failures.map((x) => x.error))).not.toContain("net::ERR_FAILED");
    expect(JSON.stringify(r)).not.toContain(`${fake.origin}`);
  });

  test("at most one probe per host a minute", async () => {
    await play(
      { tabId: 1, url: WS, type: "websocket", error: "net::ERR_FAILED" },
      { tabId: 1, url: WS, type: "websocket", error: "net::ERR_FAILED" },
    );
    expect(fake.fetched).toHaveLength(1);
    fake.openTab(2, STUDIO);
    fake.advance(30_000);
    await play({ tabId: 2, url: WS, type: "websocket", error: "net::ERR_FAILED" });
    expect(fake.fetched).toHaveLength(1);
    fake.advance(31_000);
    fake.openTab(3, STUDIO);
    await play({ tabId: 3, url: WS, type: "websocket", error: "net::ERR_FAILED" });
    expect(fake.fetched).toHaveLength(2);
  });

  test("a tab that fails on a host probed within the minute gets that probe's outcome, not a guess", async () => {
    fake.network.set("ci1.westeurope.instances.azureml.ms", { error: "net::ERR_NAME_NOT_RESOLVED" });
    await play({ tabId: 1, url: WS, type: "websocket", error: "net::ERR_FAILED" });
    fake.openTab(2, STUDIO);
    fake.advance(20_000);
    await play({ tabId: 2, url: WS, type: "websocket", error: "net::ERR_FAILED" });
    expect(fake.fetched).toHaveLength(1);
    expect(kinds(await report(2))).toEqual({ "compute-instance": ["dns"] });
  });

  test("the reused outcome survives a worker restart", async () => {
    await play({ tabId: 1, url: WS, type: "websocket", error: "net::ERR_FAILED" });
    await restartWorker();
    fake.openTab(2, STUDIO);
    await play(
      { tabId: 2, url: API, error: "net::ERR_FAILED" },
      { tabId: 2, url: WS.replace("/api/", "/terminals/"), type: "websocket", error: "net::ERR_FAILED" },
    );
    expect(fake.fetched).toHaveLength(2); // one probe per host: ci1 before the restart, the API host after
    expect(kinds(await report(2))).toEqual({ "compute-instance": ["websocket"] });
  });

  test("a flood of ambiguous failures reads the settings once, not once per failure, and probes each host once", async () => {
    const readsBefore = fake.sync.reads;
    const flood = Array.from({ length: 2000 }, (_, i) => ({
      tabId: 1,
      url: `wss://ci${i % 10}.westeurope.instances.azureml.ms/ws`,
      type: "websocket",
      error: "net::ERR_FAILED",
    }));
    await play(...flood);
    expect(fake.sync.reads - readsBefore).toBeLessThanOrEqual(4);
    expect(fake.fetched).toHaveLength(10); // every host still probed, once
    expect(kinds(await report(1))).toEqual({ "compute-instance": Array(10).fill("websocket") });
  });

  test("probes can be turned off in options", async () => {
    await fake.sync.set({ settings: { via: "DIRECT", default: "DIRECT", cloud: "public", probes: false } });
    await play({ tabId: 1, url: WS, type: "websocket", error: "net::ERR_FAILED" });
    expect(fake.fetched).toEqual([]);
    expect(kinds(await report(1))).toEqual({ "compute-instance": ["websocket"] });
  });

  test("with every host watched, no probe goes to localhost, a single-label name, a local-only name or an IPv4 in disguise", async () => {
    await fake.api.permissions.request({ origins: fake.manifest.optional_host_permissions as string[] });
    const local = [
      "localhost",
      "app.localhost",
      "intranet",
      "printer.local",
      "router.home.arpa",
      "jenkins.corp.internal",
      "0x7f.1",
      "10.0.0.1.example.1",
    ];
    await play(...local.map((host) => ({ tabId: 1, url: `https://${host}/api`, error: "net::ERR_FAILED" })));
    await play({ tabId: 1, url: "https://files.contoso.example/x", error: "net::ERR_FAILED" });
    expect(fake.fetched).toEqual(["https://files.contoso.example/"]);
  });

  test("at most 30 probes a minute, at most 10 of them to hosts outside the catalog; catalog hosts keep their room", async () => {
    await fake.api.permissions.request({ origins: fake.manifest.optional_host_permissions as string[] });
    // A studio tab failing on 16 hosts outside the catalog, then on 15 compute instances and 15 regional APIs.
    await play(
      ...Array.from({ length: 16 }, (_, i) => ({
        tabId: 1,
        url: `https://h${i}.contoso.example/`,
        error: "net::ERR_FAILED",
      })),
    );
    expect(fake.fetched).toHaveLength(10);
    await play(
      ...Array.from({ length: 15 }, (_, i) => ({
        tabId: 1,
        url: `wss://ci${i}.westeurope.instances.azureml.ms/ws`,
        type: "websocket",
        error: "net::ERR_FAILED",
      })),
      ...Array.from({ length: 15 }, (_, i) => ({
        tabId: 1,
        url: `https://region${i}.api.azureml.ms/x`,
        error: "net::ERR_FAILED",
      })),
    );
    expect(fake.fetched).toHaveLength(30);
    expect(fake.fetched.filter((url) => url.includes(".azureml.ms/"))).toHaveLength(20);
    fake.advance(60_000);
    await play({
      tabId: 1,
      url: "wss://ci99.westeurope.instances.azureml.ms/ws",
      type: "websocket",
      error: "net::ERR_FAILED",
    });
    expect(fake.fetched.length).toBeGreaterThan(30);
    expect(fake.fetched).toContain("https://ci99.westeurope.instances.azureml.ms/");
  });

  test("only hosts within host permissions are probed", async () => {
    await fake.api.permissions.request({ origins: ["wss://*/*"] });
    await play({ tabId: 1, url: "wss://notebooks.contoso.example/ws", type: "websocket", error: "net::ERR_FAILED" });
    expect(fake.fetched).toEqual([]);
    expect((await report(1)).unmatched.map((u) => u.host)).toEqual(["notebooks.contoso.example"]);
  });
});

describe("a report read before the probe answered", () => {
  const CI = "ci1.westeurope.instances.azureml.ms";
  const getReport = async (tabId: number) => (await fake.sendMessage({ type: "get-report", tabId })) as Report;
  const wsFailure = { tabId: 1, url: WS, type: "websocket", error: "net::ERR_FAILED" } as const;

  test("says the verdict is pending, then gives the probe's kind; never a final kind that later changes", async () => {
    fake.network.set(CI, { error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
    const answer = fake.holdProbes();
    fake.request(wsFailure);
    const early = await getReport(1);
    expect(fake.fetched).toEqual([`https://${CI}/`]);
    expect(early.pendingHosts).toEqual([CI]);
    expect(early.findings).toEqual([expect.objectContaining({ entry: "compute-instance", pending: true })]);
    expect(early.findings[0]!.failures).toEqual([expect.objectContaining({ kind: "websocket", pending: true })]);
    expect(fake.badge(1).text).toBe("1");
    answer();
    const settled = await report(1);
    expect(settled.pendingHosts).toBeUndefined();
    expect(settled.findings[0]!.pending).toBeUndefined();
    expect(settled.findings[0]!.failures).toEqual([expect.objectContaining({ kind: "proxy-refused", probed: true })]);
  });

  test("read while the worker is still deciding to probe (a slow permission check), it is pending too", async () => {
    fake.network.set(CI, { error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
    fake.slowPermissionChecks = true;
    const answer = fake.holdProbes();
    fake.request(wsFailure);
    const early = await getReport(1);
    expect(early.pendingHosts).toEqual([CI]);
    expect(early.findings[0]!.failures).toEqual([expect.objectContaining({ kind: "websocket", pending: true })]);
    answer();
    expect((await report(1)).findings[0]!.failures).toEqual([
      expect.objectContaining({ kind: "proxy-refused", probed: true }),
    ]);
  });

  test("a failure handled while the report is being answered is pending in it, never a final websocket", async () => {
    // The report is asked for first and the failure comes in while the worker answers it (its
    // settings read takes a while on a busy machine): ten interleavings, one host each.
    const answer = fake.holdProbes();
    const hosts: string[] = [];
    const early: string[] = [];
    for (let ticks = 0; ticks < 10; ticks++) {
      const host = `ci${ticks}.westeurope.instances.azureml.ms`;
      const tabId = 10 + ticks;
      hosts.push(host);
      fake.network.set(host, { error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
      fake.openTab(tabId, STUDIO);
      const reading = getReport(tabId);
      for (let i = 0; i < ticks; i++) await Promise.resolve();
      fake.request({ tabId, url: `wss://${host}/ws`, type: "websocket", error: "net::ERR_FAILED" });
      const r = await reading;
      expect(r.findings.flatMap((f) => f.failures).filter((f) => !f.pending)).toEqual([]);
      early.push(r.pendingHosts ? r.pendingHosts.join() : "nothing yet");
    }
    // At least one read saw the failure: then it said pending, for that host only.
    expect(early.filter((seen) => seen !== "nothing yet").length).toBeGreaterThan(0);
    for (const [i, seen] of early.entries()) expect(["nothing yet", hosts[i]]).toContain(seen);
    answer();
    for (let ticks = 0; ticks < 10; ticks++)
      expect(kinds(await report(10 + ticks))).toEqual({ "compute-instance": ["proxy-refused"] });
  });

  test("a probe with no answer after 15 s is still pending, not finished with nothing to say", async () => {
    fake.network.set(CI, { error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
    const answer = fake.holdProbes();
    fake.request(wsFailure);
    expect((await getReport(1)).pendingHosts).toEqual([CI]);
    // The 15 s sweep reports requests without response headers; the probe's outcome is still to come.
    fake.advance(16_000);
    const swept = await getReport(1);
    expect(swept.pendingHosts).toEqual([CI]);
    expect(swept.findings[0]!.failures).toEqual([expect.objectContaining({ kind: "websocket", pending: true })]);
    answer();
    expect(kinds(await report(1))).toEqual({ "compute-instance": ["proxy-refused"] });
  });

  test("over the per-minute cap a failed WebSocket is pending, and its host is probed once the cap allows", async () => {
    await play(
      ...Array.from({ length: 30 }, (_, i) => ({
        tabId: 1,
        url: `https://region${i}.api.azureml.ms/x`,
        error: "net::ERR_FAILED",
      })),
    );
    expect(fake.fetched).toHaveLength(30);
    fake.network.set(CI, { error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
    await play(wsFailure);
    expect(fake.fetched).not.toContain(`https://${CI}/`);
    const early = await report(1);
    expect(early.pendingHosts).toEqual([CI]);
    expect(early.findings[0]!.failures).toEqual([expect.objectContaining({ kind: "websocket", pending: true })]);
    fake.advance(60_000);
    const settled = await report(1);
    expect(fake.fetched.filter((url) => url.includes(CI))).toEqual([`https://${CI}/`]);
    expect(settled.pendingHosts).toBeUndefined();
    expect(kinds(settled)).toEqual({ "compute-instance": ["proxy-refused"] });
  });

  test("a worker restarted while a host waits for the cap probes it once the cap allows, before its policy read answers", async () => {
    await play(
      ...Array.from({ length: 30 }, (_, i) => ({
        tabId: 1,
        url: `https://region${i}.api.azureml.ms/x`,
        error: "net::ERR_FAILED",
      })),
    );
    fake.network.set(CI, { error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
    await play(wsFailure);
    expect(fake.fetched).not.toContain(`https://${CI}/`);
    // The stopped worker's retry timer is gone, and the new one's policy read is not answered yet
    // (Chromium's policy service starting): the worker's start alone must bring the round back.
    fake.stopWorker();
    fake.managed.get = () => new Promise(() => undefined);
    worker = await startWorker();
    expect((await report(1)).pendingHosts).toEqual([CI]);
    fake.advance(60_000);
    const settled = await report(1);
    expect(fake.fetched.filter((url) => url.includes(CI))).toEqual([`https://${CI}/`]);
    expect(kinds(settled)).toEqual({ "compute-instance": ["proxy-refused"] });
  });

  test("a probe aborted with a stopped worker says nothing: still pending, and probed again after its minute", async () => {
    fake.network.set(CI, { error: "net::ERR_ABORTED" });
    const answer = fake.holdProbes();
    fake.request(wsFailure);
    expect((await getReport(1)).pendingHosts).toEqual([CI]);
    fake.advance(250);
    await new Promise((resolve) => setTimeout(resolve, 0));
    fake.stopWorker();
    worker = await startWorker();
    // The old worker's probe ends in the new worker's listeners: aborted.
    answer();
    const early = await report(1);
    expect(early.pendingHosts).toEqual([CI]);
    expect(early.findings[0]!.failures).toEqual([expect.objectContaining({ kind: "websocket", pending: true })]);
    fake.network.set(CI, { error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
    fake.advance(60_000);
    const settled = await report(1);
    expect(fake.fetched).toEqual([`https://${CI}/`, `https://${CI}/`]);
    expect(kinds(settled)).toEqual({ "compute-instance": ["proxy-refused"] });
  });

  test("a plain request's net::ERR_FAILED waiting for its probe is pending, not a finding", async () => {
    fake.network.set("westeurope.api.azureml.ms", { error: "net::ERR_NAME_NOT_RESOLVED" });
    const answer = fake.holdProbes();
    fake.request({ tabId: 1, url: API, error: "net::ERR_FAILED" });
    const early = await getReport(1);
    expect(early.findings).toEqual([]);
    expect(early.pendingHosts).toEqual(["westeurope.api.azureml.ms"]);
    answer();
    const settled = await report(1);
    expect(settled.pendingHosts).toBeUndefined();
    expect(kinds(settled)).toEqual({ api: ["dns"] });
  });

  test("with probes off nothing is pending: a failed WebSocket is websocket, final", async () => {
    await fake.sync.set({ settings: { via: "DIRECT", default: "DIRECT", cloud: "public", probes: false } });
    fake.request(wsFailure);
    const r = await getReport(1);
    expect(r.pendingHosts).toBeUndefined();
    expect(r.findings[0]!.failures[0]!.pending).toBeUndefined();
    expect(kinds(r)).toEqual({ "compute-instance": ["websocket"] });
  });

  test("a pending probe survives a worker restart and still settles the verdict", async () => {
    fake.network.set(CI, { error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
    const answer = fake.holdProbes();
    fake.request(wsFailure);
    expect((await getReport(1)).pendingHosts).toEqual([CI]);
    // Let the batched write reach storage.session (idle() would wait for the held probe too).
    fake.advance(250);
    await new Promise((resolve) => setTimeout(resolve, 0));
    fake.stopWorker();
    worker = await startWorker();
    expect((await getReport(1)).pendingHosts).toEqual([CI]);
    answer();
    // The old worker's probe request ends in the new worker's listeners, as Chrome delivers it.
    const settled = await report(1);
    expect(settled.pendingHosts).toBeUndefined();
    expect(kinds(settled)).toEqual({ "compute-instance": ["proxy-refused"] });
  });
});

describe("messages", () => {
  const bad: Array<{ title: string; message: unknown; error: RegExp }> = [
    { title: "a message that is not an object", message: "get-report", error: /object/ },
    { title: "an unknown type", message: { type: "dump", tabId: 1 }, error: /unknown message type/ },
    { title: "a missing tab id", message: { type: "get-report" }, error: /tabId/ },
    { title: "an unknown language", message: { type: "get-report", tabId: 1, lang: "fr" }, error: /lang/ },
    { title: "a PAC scope that does not exist", message: { type: "get-pac", tabId: 1, scope: "some" }, error: /scope/ },
    {
      title: "a via route outside the PAC grammar",
      message: { type: "get-pac", tabId: 1, scope: "all", via: 'PROXY x"; alert(1)' },
      error: /via/,
    },
  ];
  const cyclic: Record<string, unknown> = { tabId: 1 };
  cyclic.type = cyclic;
  bad.push(
    { title: "a cyclic type (Firefox clones it)", message: cyclic, error: /unknown message type object/ },
    { title: "a BigInt language", message: { type: "get-report", tabId: 1, lang: 1n }, error: /unknown lang bigint/ },
  );
  test.each(bad)("$title resolves to { error }", async ({ message, error }) => {
    const answer = (await fake.sendMessage(message)) as { error: string };
    expect(answer.error).toMatch(error);
  });

  test("get-pac blocked covers only what this tab found blocked, with the routes given", async () => {
    await play({ tabId: 1, url: STORAGE, error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
    const pac = (await fake.sendMessage({
      type: "get-pac",
      tabId: 1,
      scope: "blocked",
      via: "PROXY azproxy.contoso.com:8080",
      default: "PROXY proxy.contoso.com:3128",
    })) as string;
    expect(pac).toContain("FindProxyForURL");
    expect(pac).toContain("blob.core.windows.net");
    expect(pac).not.toContain("azureml.ms");
    expect(pac).toContain("PROXY azproxy.contoso.com:8080");
    expect(pac).toContain("PROXY proxy.contoso.com:3128");
  });

  test("get-pac all covers the whole catalog with the routes from options", async () => {
    await fake.sync.set({
      settings: { via: "PROXY opt.contoso.com:8080", default: "DIRECT", cloud: "public", probes: true },
    });
    const pac = (await fake.sendMessage({ type: "get-pac", tabId: 1, scope: "all" })) as string;
    expect(pac).toContain("azureml.ms");
    expect(pac).toContain("blob.core.windows.net");
    expect(pac).toContain("PROXY opt.contoso.com:8080");
  });
});
