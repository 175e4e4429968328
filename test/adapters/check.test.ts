/**
 * The worker's side of "Check this network" in the fake browser: host names remembered from studio
 * sessions (and kept across a worker restart), outcomes read from the extension's own webRequest
 * events, exactly the failed entries as findings, a 407 that leaves the request hanging, and a timeout.
 */
import { beforeEach, describe, expect, test, vi } from "vitest";
import type { CheckSocket } from "../../src/background/check.js";
import type { Report } from "../../src/core/report-schema.js";
import type { BackgroundWorker } from "../../src/background/worker.js";
import { FakeBrowser } from "./fake-browser.js";

const API = "westeurope.api.azureml.ms";
const CI = "ci1.westeurope.instances.azureml.ms";

let fake: FakeBrowser;
let worker: BackgroundWorker;
/** What each WebSocket upgrade meets: a webRequest error, or it opens. */
let upgrades: Map<string, { error?: string; status?: number }>;

async function startWorker(): Promise<BackgroundWorker> {
  vi.resetModules();
  const { startWorker } = await import("../../src/background/worker.js");
  const started = startWorker({
    ...fake.workerDeps(),
    openWebSocket: (url) => {
      const socket: CheckSocket = { onopen: null, onerror: null, onclose: null, close: () => undefined };
      const outcome = upgrades.get(new URL(url).hostname) ?? { status: 101 };
      void Promise.resolve().then(() => {
        fake.request({ tabId: -1, url, type: "websocket", initiator: fake.origin, ...outcome });
        if (outcome.status === 101) socket.onopen?.();
        else socket.onerror?.();
      });
      return socket;
    },
  });
  await started.ready;
  return started;
}

const rows = (r: Report) =>
  (r.checks ?? [])
    .filter((c) => c.outcome !== "reachable" || [API, CI].includes(c.host))
    .map((c) => `${c.entry} ${c.host}${c.websocket ? " ws" : ""} ${c.outcome}`);

beforeEach(async () => {
  fake = new FakeBrowser();
  upgrades = new Map();
  worker = await startWorker();
  fake.openTab(1, "https://ml.azure.com/");
  fake.request({ tabId: 1, url: `https://${API}/history/v1.0/runs?sig=SECRET`, status: 200 });
  fake.request({
    tabId: 1,
    url: `wss://${CI}/api/kernels/abc/channels?token=SECRET`,
    type: "websocket",
    error: "net::ERR_FAILED",
  });
  await worker.idle();
});

describe("run-check in the worker", () => {
  test("studio's wildcard host names are remembered (names only) and survive a worker restart", async () => {
    const first = (await fake.sendMessage({ type: "check-hosts" })) as { remembered: Record<string, string[]> };
    expect(first.remembered).toEqual({ api: [API], "compute-instance": [CI] });
    await worker.idle();
    fake.stopWorker();
    worker = await startWorker();
    expect(await fake.sendMessage({ type: "check-hosts" })).toEqual(first);
    expect(JSON.stringify(await fake.local.get(null))).not.toContain("SECRET");
  });

  test("exactly the entries with a failed host are findings; outcomes come from webRequest", async () => {
    fake.network.set(API, { error: "net::ERR_TUNNEL_CONNECTION_FAILED" });
    upgrades.set(CI, { error: "net::ERR_FAILED" });
    const report = (await fake.sendMessage({ type: "run-check" })) as Report;
    expect(report.source).toBe("check");
    expect(
      report.findings.map(
        (f) => `${f.entry}: ${f.failures.map((x) => `${x.kind}${x.websocket ? "/ws" : ""}`).join(",")}`,
      ),
    ).toEqual(["api: proxy-refused", "compute-instance: websocket/ws"]);
    expect(rows(report)).toEqual(
      expect.arrayContaining([
        `api ${API} proxy-refused`,
        `compute-instance ${CI} reachable`,
        `compute-instance ${CI} ws websocket`,
        "storage *.blob.core.windows.net not-checked",
      ]),
    );
    expect(report.checks!.find((c) => c.host === API)?.error).toBe("net::ERR_TUNNEL_CONNECTION_FAILED");
    // The check's own requests are not studio traffic: the tab's diagnosis is unchanged.
    const tab = (await fake.sendMessage({ type: "get-report", tabId: 1 })) as Report;
    expect(tab.findings.map((f) => f.entry)).toEqual(["compute-instance"]);
    expect(tab.findings[0]?.hosts).toEqual([CI]);
  });

  test("a proxy's 407 is proxy-auth at once, though the request never ends", async () => {
    fake.network.set(API, { status: 407 });
    const report = (await fake.sendMessage({ type: "run-check" })) as Report;
    expect(report.checks!.find((c) => c.host === API)).toMatchObject({ outcome: "proxy-auth", status: 407 });
  });

  test("hosts given to run-check are checked and remembered; a foreign host is a one-line error", async () => {
    const report = (await fake.sendMessage({
      type: "run-check",
      hosts: ["mystorage.blob.core.windows.net"],
      lang: "ja",
    })) as Report;
    expect(report.lang).toBe("ja");
    expect(report.checks!.find((c) => c.entry === "storage")).toMatchObject({
      host: "mystorage.blob.core.windows.net",
      outcome: "reachable",
    });
    const remembered = (await fake.sendMessage({ type: "check-hosts" })) as { remembered: Record<string, string[]> };
    expect(remembered.remembered.storage).toEqual(["mystorage.blob.core.windows.net"]);
    expect(await fake.sendMessage({ type: "run-check", hosts: ["www.example.com"] })).toEqual({
      error: "www.example.com is not an Azure ML host of the catalog",
    });
    expect(await fake.sendMessage({ type: "run-check", cloud: "mars" })).toEqual({
      error: 'unknown cloud "mars" (use public, usgov, china)',
    });
  });

  test("forgetting remembered hosts leaves wildcard entries not checked", async () => {
    expect(await fake.sendMessage({ type: "check-hosts", clear: true })).toEqual({ remembered: {} });
    const report = (await fake.sendMessage({ type: "run-check" })) as Report;
    expect(
      report.checks!.filter((c) => c.entry === "compute-instance" || c.entry === "api").map((c) => c.outcome),
    ).toEqual(["not-checked", "not-checked"]);
    expect(report.findings).toEqual([]);
  });

  test("a host whose permission the user revoked is not asked, and is no finding", async () => {
    for (const pattern of [...fake.granted]) if (pattern.includes("azureml.ms")) fake.granted.delete(pattern);
    const before = fake.fetched.length;
    const report = (await fake.sendMessage({ type: "run-check" })) as Report;
    expect(report.checks!.find((c) => c.host === API)).toMatchObject({
      outcome: "not-checked",
      error: "no host permission: allow access in the popup",
    });
    expect(fake.fetched.slice(before).some((url) => url.includes(API))).toBe(false);
    expect(report.findings).toEqual([]);
  });

  test("a host that never answers is a timeout after 10 s", async () => {
    fake.stopWorker();
    vi.resetModules();
    const { startWorker } = await import("../../src/background/worker.js");
    const deps = fake.workerDeps();
    worker = startWorker({
      ...deps,
      // The API host's request starts and then nothing more happens (a black hole).
      fetch: async (url, init) => {
        if (new URL(url).hostname !== API) return deps.fetch(url, init);
        fake.request({ tabId: -1, url, initiator: fake.origin, pending: true });
        return new Promise(() => undefined);
      },
      openWebSocket: () => {
        const socket: CheckSocket = { onopen: null, onerror: null, onclose: null, close: () => undefined };
        void Promise.resolve().then(() => socket.onopen?.());
        return socket;
      },
    });
    await worker.ready;
    let report: Report | undefined;
    const answer = (fake.sendMessage({ type: "run-check" }) as Promise<Report>).then((r) => (report = r));
    // Move the fake clock a second at a time until the check answers (it must not before 10 s).
    for (let waited = 0; report === undefined && waited <= 20_000; waited += 1000) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (report === undefined) fake.advance(1000);
    }
    await answer;
    if (!report) throw new Error("run-check never answered");
    expect(report.checks!.find((c) => c.host === API)).toMatchObject({
      outcome: "timeout",
      error: "no answer in 10 s",
      ms: 10_000,
    });
    expect(report.findings.map((f) => f.entry)).toEqual(["api"]);
  });
});
