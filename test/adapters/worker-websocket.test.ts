/**
 * The worker's side of WebSocket health after the handshake: `websocket-closed` messages from the content scripts become the
 * tab's socket-health findings, with the tab taken from the sender, and nothing a page sends
 * reaches another tab, a non-studio tab, or a host outside the catalog.
 */
import { beforeEach, describe, expect, test, vi } from "vitest";
import type { BackgroundWorker } from "../../src/background/worker.js";
import type { SocketClose } from "../../src/core/observation.js";
import type { Report } from "../../src/core/report-schema.js";
import { FakeBrowser } from "./fake-browser.js";

const STUDIO = "https://ml.azure.com/";
const KERNEL = "wss://ci1.westeurope.instances.azureml.ms/api/kernels/abc/channels?token=SECRET";

let fake: FakeBrowser;
let worker: BackgroundWorker;

async function startWorker(): Promise<BackgroundWorker> {
  vi.resetModules();
  const { startWorker } = await import("../../src/background/worker.js");
  const started = startWorker(fake.workerDeps());
  await started.ready;
  return started;
}

/** A kernel socket that opened `lived - idle` s before its last message and dropped `idle` s later. */
function drop(idle: number, code = 1006, url = KERNEL): SocketClose {
  const closedAt = Date.now();
  const last = closedAt - idle * 1000;
  return {
    url,
    openedAt: last - 10_000,
    lastInAt: last,
    lastOutAt: last - 100,
    closedAt,
    code,
    wasClean: code !== 1006,
    reasonLength: 0,
  };
}

async function report(tabId: number): Promise<Report> {
  await worker.idle();
  return (await fake.sendMessage({ type: "get-report", tabId })) as Report;
}

beforeEach(async () => {
  fake = new FakeBrowser();
  worker = await startWorker();
  fake.openTab(1, STUDIO);
  fake.openTab(2, "https://example.org/");
});

describe("websocket-closed from the content scripts", () => {
  test("two drops after 240 s idle become a websocket-dropped finding naming 240 s, and the badge counts it", async () => {
    for (let i = 0; i < 2; i++)
      expect(await fake.sendFromTab(1, { type: "websocket-closed", close: drop(240) }, 7)).toEqual({ ok: true });
    const r = await report(1);
    expect(r.findings.map((f) => [f.entry, f.failures.map((x) => [x.kind, x.count, x.idleTimeoutSeconds])])).toEqual([
      ["compute-instance", [["websocket-dropped", 2, 240]]],
    ]);
    expect(JSON.stringify(r)).not.toContain("SECRET");
    expect(fake.badge(1).text).toBe("1");
  });

  test("the findings survive a worker restart", async () => {
    for (let i = 0; i < 2; i++) await fake.sendFromTab(1, { type: "websocket-closed", close: drop(60) });
    await worker.idle();
    fake.stopWorker();
    worker = await startWorker();
    expect((await report(1)).findings[0]?.failures[0]?.idleTimeoutSeconds).toBe(60);
  });

  test("normal closes are no finding", async () => {
    for (const code of [1000, 1001, 1005])
      await fake.sendFromTab(1, { type: "websocket-closed", close: drop(1, code) });
    expect((await report(1)).findings).toEqual([]);
  });

  const refused: { rule: string; send: () => Promise<unknown> }[] = [
    { rule: "a non-studio tab", send: () => fake.sendFromTab(2, { type: "websocket-closed", close: drop(240) }) },
    {
      rule: "a host outside the catalog",
      send: () => fake.sendFromTab(1, { type: "websocket-closed", close: drop(240, 1006, "wss://evil.example/x") }),
    },
    {
      rule: "malformed fields",
      send: () => fake.sendFromTab(1, { type: "websocket-closed", close: { ...drop(240), closedAt: "now" } }),
    },
    {
      rule: "no tab in the sender (an extension page)",
      send: () => fake.sendMessage({ type: "websocket-closed", close: drop(240) }),
    },
  ];
  test.each(refused)("nothing from $rule reaches a report", async ({ send }) => {
    for (let i = 0; i < 3; i++) await send();
    for (const tabId of [1, 2]) {
      const r = await report(tabId);
      expect(r.findings).toEqual([]);
      expect(r.unmatched).toEqual([]);
    }
  });
});
