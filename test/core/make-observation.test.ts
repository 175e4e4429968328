import { describe, expect, test } from "vitest";
import { trackCompleted, trackError, trackHeaders, trackStart, sweep } from "../../src/background/request-tracker.js";
import { SessionStore } from "../../src/background/session-store.js";
import { recentProbeResult } from "../../src/background/probes.js";
import { CATALOG } from "../../src/core/catalog/index.js";
import { checkOutcome } from "../../src/core/check-plan.js";
import { reduce, reduceSocketClose } from "../../src/core/diagnosis.js";
import { createState } from "../../src/core/diagnosis-state.js";
import { observationsFromHar } from "../../src/core/har.js";
import { makeObservation, observe, observedClose, observedUrl } from "../../src/core/make-observation.js";
import type { Observation } from "../../src/core/observation.js";
import type { RequestDetails, StorageArea } from "../../src/platform/api.js";
import { buildHar, chromeEntry, firefoxEntry } from "../fixtures/har/build-har.js";

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const CI = "ci1.westeurope.instances.azureml.ms";
const BLOB = "wsstore123.blob.core.windows.net";

describe("observedUrl: the one place a request's URL is taken apart", () => {
  test.each([
    {
      url: `https://${BLOB}/azureml/log.txt?sv=2021&sig=SECRET`,
      type: "xmlhttprequest",
      host: BLOB,
      channel: "https",
      sample: `https://${BLOB}`,
    },
    {
      url: `wss://user:pw@CI1.WestEurope.Instances.AzureML.ms.:443/terminal?token=eyJhbGciOi#frag`,
      type: "websocket",
      host: CI,
      channel: "websocket",
      sample: `wss://${CI}`,
    },
    {
      url: `https://${CI}:18881/lsp?code=OAUTH`,
      type: "xmlhttprequest",
      host: CI,
      channel: "https",
      sample: `https://${CI}:18881`,
    },
    // Firefox and HARs: a wss URL is a WebSocket whatever its type says.
    { url: `wss://${CI}/t`, type: "other", host: CI, channel: "websocket", sample: `wss://${CI}` },
    // Chromium's type says WebSocket even for the https URL DevTools shows.
    { url: `https://${CI}/t`, type: "websocket", host: CI, channel: "websocket", sample: `https://${CI}` },
    { url: `http://${CI}\\evil/x`, type: "xmlhttprequest", host: CI, channel: "https", sample: `http://${CI}` },
    { url: `https://${CI}?q=1`, type: "xmlhttprequest", host: CI, channel: "https", sample: `https://${CI}` },
    // IP literals are no diagnosis key; the sample still says where it went.
    {
      url: "https://10.0.0.4/x",
      type: "xmlhttprequest",
      host: undefined,
      channel: "https",
      sample: "https://10.0.0.4",
    },
    {
      url: "https://[2001:db8::1]:8443/x",
      type: "xmlhttprequest",
      host: undefined,
      channel: "https",
      sample: "https://[2001:db8::1]:8443",
    },
    // A hand-written HAR may spell the scheme in capitals; the URL standard reads it case-insensitively.
    { url: `HTTPS://${CI}/x`, type: "xmlhttprequest", host: CI, channel: "https", sample: `https://${CI}` },
    { url: `WSS://${CI}/t`, type: "other", host: CI, channel: "websocket", sample: `wss://${CI}` },
    // Only http, https, ws and wss touch the network.
    { url: "data:text/plain,hello", type: "other", host: undefined, channel: "https", sample: undefined },
    { url: "chrome-extension://abc/popup.html", type: "other", host: undefined, channel: "https", sample: undefined },
    { url: "ftp://files.example.com/x", type: "other", host: undefined, channel: "https", sample: undefined },
    { url: "", type: "websocket", host: undefined, channel: "websocket", sample: undefined },
    { url: "https://", type: "xmlhttprequest", host: undefined, channel: "https", sample: undefined },
  ])("$url ($type) → $host over $channel, sample $sample", ({ url, type, host, channel, sample }) => {
    expect(observedUrl(url, type)).toEqual({ host, channel, sample });
    // Asked again (a cached answer), the same.
    expect(observedUrl(url, type)).toEqual({ host, channel, sample });
  });

  test("a Unicode host name is keyed in punycode, with no sample (redactUrl keeps ASCII hosts only)", () => {
    expect(observedUrl("https://bücher.example/x", "xmlhttprequest")).toEqual({
      host: "xn--bcher-kva.example",
      channel: "https",
      sample: undefined,
    });
  });

  test("a long authority (a page's userinfo) is read right, and read right again", () => {
    const url = `https://${"user".repeat(100)}:pw@${BLOB}/c?sig=SECRET`;
    for (let i = 0; i < 2; i++) {
      expect(observedUrl(url, "xmlhttprequest")).toEqual({ host: BLOB, channel: "https", sample: `https://${BLOB}` });
    }
  });

  test("the answer is frozen: no observation can change what the next one sees", () => {
    const where = observedUrl(`https://${BLOB}/a`, "xmlhttprequest");
    expect(Object.isFrozen(where)).toBe(true);
    expect(observedUrl(`https://${BLOB}/b?sig=x`, "xmlhttprequest")).toBe(where);
  });

  test("thousands of distinct hosts keep giving right answers (the cache clears itself when full)", () => {
    for (let i = 0; i < 10_000; i++) {
      expect(observedUrl(`https://h${i}.example.com/p?sig=${i}`, "xmlhttprequest").host).toBe(`h${i}.example.com`);
    }
    expect(observedUrl(`https://${BLOB}/a`, "xmlhttprequest").host).toBe(BLOB);
  });
});

describe("makeObservation: one shape for every producer", () => {
  const keys = [
    "host",
    "channel",
    "sample",
    "type",
    "time",
    "error",
    "statusCode",
    "proxyAuth",
    "headersReceived",
    "pending",
    "elapsedMs",
    "probe",
    "ip",
    "answer",
  ];

  test("every field is there, in one order, whatever the outcome had", () => {
    expect(Object.keys(observe(`https://${BLOB}/`, "xmlhttprequest", T0))).toEqual(keys);
    expect(
      Object.keys(
        makeObservation(observedUrl(`wss://${CI}/`, "websocket"), "websocket", T0, {
          answer: { azure: true },
          ip: "10.0.0.4",
          error: "net::ERR_FAILED",
        }),
      ),
    ).toEqual(keys);
    const har = observationsFromHar(
      buildHar([chromeEntry({ url: `https://${BLOB}/x`, status: 200 }), firefoxEntry({ url: `wss://${CI}/t` })]),
    );
    for (const observation of har.observations) expect(Object.keys(observation)).toEqual(keys);
  });

  test("no observation carries the URL, its path, query or credentials", () => {
    const observation = observe(`wss://user:pw@${CI}/t?token=eyJhbGciOi&sig=SECRET`, "websocket", T0);
    expect(observation).not.toHaveProperty("url");
    expect(JSON.stringify(observation)).not.toMatch(/token|SECRET|eyJ|user|pw|\/t/);
  });
});

describe("reduce reads host, channel and sample and never the URL", () => {
  test("an observation with a url field that says something else is diagnosed by its host", () => {
    const made = observe(`wss://${CI}/terminal?token=abc`, "websocket", T0, { error: "net::ERR_NAME_NOT_RESOLVED" });
    const lying = { ...made, url: "https://evil.example/?sig=LEAK", type: "xmlhttprequest" } as Observation;
    const state = reduce(createState(), lying, T0, CATALOG);
    const host = state.entries["compute-instance"]!.hosts[CI]!;
    expect(host.websocket!.failures.dns).toMatchObject({ count: 1, active: true });
    expect(host.websocket!.sample).toBe(`wss://${CI}`);
    expect(state.unmatched).toEqual({});
    expect(JSON.stringify(state)).not.toContain("evil");
  });

  test("an observation with no url field at all is diagnosed the same as one made from the URL", () => {
    const made = observe(`https://${BLOB}/c?sig=x`, "xmlhttprequest", T0, { error: "net::ERR_CONNECTION_RESET" });
    expect(made).not.toHaveProperty("url");
    const state = reduce(createState(), made, T0, CATALOG);
    expect(state.entries.storage!.hosts[BLOB]!.https!.failures.connection).toMatchObject({ count: 1 });
  });

  test("an observation whose producer found no host counts as noHost", () => {
    const state = reduce(createState(), observe("data:,x", "other", T0, { error: "net::ERR_FAILED" }), T0, CATALOG);
    expect(state.counts).toMatchObject({ observations: 1, noHost: 1 });
  });
});

/** storage.session as the browser keeps it: JSON in, JSON out. */
class JsonArea implements StorageArea {
  readonly data = new Map<string, string>();
  async get(): Promise<Record<string, unknown>> {
    return Object.fromEntries([...this.data].map(([key, value]) => [key, JSON.parse(value) as unknown]));
  }
  async set(items: Record<string, unknown>): Promise<void> {
    for (const [key, value] of Object.entries(items)) this.data.set(key, JSON.stringify(value));
  }
  async remove(keys: string | string[]): Promise<void> {
    for (const key of typeof keys === "string" ? [keys] : keys) this.data.delete(key);
  }
}

const timers = { setTimeout: () => 0, clearTimeout: () => undefined };

function details(fields: Partial<RequestDetails> & { requestId: string; url: string }): RequestDetails {
  return { type: "xmlhttprequest", tabId: 7, timeStamp: T0, ...fields };
}

describe("every producer makes its observations through observedUrl and makeObservation", () => {
  test("webRequest: a request's outcome carries host, channel and sample; in flight only scheme://host[:port] is kept", () => {
    const store = new SessionStore(new JsonArea(), timers);
    trackStart(store, details({ requestId: "1", url: `wss://${CI}/api/kernels/k?token=SECRET`, type: "websocket" }), 7);
    expect(store.inFlight("1")!.url).toBe(`wss://${CI}`);
    const outcome = trackError(
      store,
      details({ requestId: "1", url: "", timeStamp: T0 + 40, error: "net::ERR_FAILED" }),
    )!;
    expect(outcome.observation).toMatchObject({
      host: CI,
      channel: "websocket",
      sample: `wss://${CI}`,
      type: "websocket",
      error: "net::ERR_FAILED",
      elapsedMs: 40,
    });
    expect(outcome.observation).not.toHaveProperty("url");

    trackStart(store, details({ requestId: "2", url: `https://${BLOB}:8443/c/b?sig=SECRET` }), 7);
    trackHeaders(store, details({ requestId: "2", url: "", statusCode: 403, ip: "20.60.1.2" }));
    const done = trackCompleted(store, details({ requestId: "2", url: "", statusCode: 403, timeStamp: T0 + 5 }))!;
    expect(done.observation).toMatchObject({
      host: BLOB,
      channel: "https",
      sample: `https://${BLOB}:8443`,
      statusCode: 403,
      headersReceived: true,
      ip: "20.60.1.2",
    });

    trackStart(store, details({ requestId: "3", url: `https://${CI}/slow` }), 7);
    const [pending] = sweep(store, T0 + 20_000);
    expect(pending!.observation).toMatchObject({ host: CI, channel: "https", pending: true, elapsedMs: 20_000 });
  });

  test("probe: the probe's own request is an observation marked probe, of the probed host", () => {
    const store = new SessionStore(new JsonArea(), timers);
    trackStart(store, details({ requestId: "p", url: `https://${CI}/`, tabId: -1 }), -1, CI);
    const outcome = trackHeaders(store, details({ requestId: "p", url: "", statusCode: 404 }))!;
    expect(outcome.observation).toMatchObject({ host: CI, channel: "https", probe: true, statusCode: 404 });
  });

  test("HAR, Chrome and Firefox shapes", () => {
    const { observations } = observationsFromHar(
      buildHar([
        chromeEntry({ url: `https://${BLOB}/c?sig=SECRET`, status: 403, ip: "[2603:1020::4]" }),
        chromeEntry({ url: `wss://${CI}/t?token=x`, resourceType: "websocket", error: "net::ERR_FAILED" }),
        { ...chromeEntry({ url: `https://${CI}/k`, resourceType: "other", status: 101 }), _webSocketMessages: [] },
        firefoxEntry({ url: `wss://${CI}/t`, status: 101 }),
        firefoxEntry({ url: `https://${BLOB}/c` }),
      ]),
    );
    expect(observations.map(({ host, channel, sample, ip }) => ({ host, channel, sample, ip }))).toEqual([
      { host: BLOB, channel: "https", sample: `https://${BLOB}`, ip: "2603:1020::4" },
      { host: CI, channel: "websocket", sample: `wss://${CI}`, ip: undefined },
      { host: CI, channel: "websocket", sample: `https://${CI}`, ip: undefined },
      { host: CI, channel: "websocket", sample: `wss://${CI}`, ip: undefined },
      { host: BLOB, channel: "https", sample: `https://${BLOB}`, ip: undefined },
    ]);
  });

  test("WebSocket close: only a ws:/wss: URL names a host, and the reducer gets no URL", () => {
    const close = { openedAt: T0, closedAt: T0 + 60_000, code: 1002, wasClean: true, reasonLength: 0 };
    const observed = observedClose({ url: `wss://${CI}/api/kernels/k?token=SECRET`, ...close });
    expect(observed).toMatchObject({ host: CI, channel: "websocket", sample: `wss://${CI}`, code: 1002 });
    expect(observed).not.toHaveProperty("url");
    const state = reduceSocketClose(createState(), observed, CATALOG);
    expect(state.entries["compute-instance"]!.hosts[CI]!.websocket!.failures["websocket-protocol"]).toBeDefined();
    const https = observedClose({ url: `https://${CI}/x`, ...close });
    expect(https.host).toBeUndefined();
    expect(reduceSocketClose(createState(), https, CATALOG).counts.noHost).toBe(1);
  });

  test("check: the outcome of a check request is read from an observation made the same way", () => {
    expect(checkOutcome(observe(`wss://${CI}/`, "websocket", T0, { statusCode: 101, headersReceived: true }))).toEqual({
      outcome: "reachable",
    });
    expect(
      checkOutcome(observe(`https://${CI}/`, "websocket", T0, { statusCode: 200, headersReceived: true })),
    ).toEqual({
      outcome: "websocket",
      error: "HTTP 200",
    });
    expect(
      checkOutcome(observe(`https://${BLOB}/`, "xmlhttprequest", T0, { error: "net::ERR_NAME_NOT_RESOLVED" })),
    ).toEqual({ outcome: "dns", error: "net::ERR_NAME_NOT_RESOLVED" });
  });
});

describe("what an older version stored still loads", () => {
  test("a probe outcome stored with its URL is read back with host and channel, and still answers sessions", async () => {
    const area = new JsonArea();
    // The shape an observation had when it carried the URL (before this version).
    await area.set({
      probes: {
        [CI]: {
          at: T0,
          url: `https://${CI}/`,
          done: true,
          result: {
            url: `https://${CI}/`,
            type: "xmlhttprequest",
            time: T0 + 30,
            error: "net::ERR_TUNNEL_CONNECTION_FAILED",
            probe: true,
          },
        },
      },
      inflight: { "9": { url: `wss://${CI}`, type: "websocket", tabId: 7, start: T0 } },
    });
    const store = new SessionStore(area, timers);
    await store.load();
    const result = recentProbeResult(store, CI, T0 + 1000)!;
    expect(result).toMatchObject({
      host: CI,
      channel: "https",
      sample: `https://${CI}`,
      time: T0 + 30,
      error: "net::ERR_TUNNEL_CONNECTION_FAILED",
      probe: true,
    });
    expect(result).not.toHaveProperty("url");
    const state = reduce(createState(), result, T0, CATALOG);
    expect(state.entries["compute-instance"]!.hosts[CI]!.evidence).toMatchObject({ ok: false, kind: "proxy-refused" });
    // The in-flight record format did not change: an old one ends in an observation like a new one.
    const outcome = trackError(store, details({ requestId: "9", url: "", error: "net::ERR_FAILED" }))!;
    expect(outcome.observation).toMatchObject({ host: CI, channel: "websocket", sample: `wss://${CI}` });
  });
});
