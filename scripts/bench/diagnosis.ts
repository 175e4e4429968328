/**
 * The diagnosis pipeline's cost: classifyFailure + reduce per webRequest event, from the raw
 * event's URL, type, error, address and headers (the producer's observedUrl, answerOf and
 * makeObservation, as the background adapter calls them, are measured too: the reducer no longer
 * parses the URL, so that work is counted where it now happens), the state's JSON size after
 * 100,000 observations, and the time to diagnose a generated 50 MB HAR file. Target: 1M
 * observations/s on one core.
 */
import { answerOf } from "../../src/core/answer.js";
import { CATALOG } from "../../src/core/catalog/index.js";
import { classifyFailure } from "../../src/core/classifier.js";
import { reduce } from "../../src/core/diagnosis.js";
import { createState, type DiagnosisState } from "../../src/core/diagnosis-state.js";
import { diagnoseHar, diagnoseHarChunks } from "../../src/core/har.js";
import { makeObservation, observedUrl } from "../../src/core/make-observation.js";
import type { Observation } from "../../src/core/observation.js";
import { measureRate, type BenchResult } from "./types.js";

/** The fields of a webRequest onCompleted / onErrorOccurred `details` the adapter reads. */
interface RawEvent {
  requestId: string;
  url: string;
  method: string;
  type: string;
  tabId: number;
  frameId: number;
  timeStamp: number;
  statusCode?: number;
  error?: string;
  fromCache: boolean;
}

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);

/**
 * Observation from a raw event, as src/background does it: the URL taken apart by observedUrl
 * (at onBeforeRequest there), the outcome, address and response headers (answerOf) beside it.
 */
function toObservation(event: RawEvent | AnsweredEvent): Observation {
  const headers = "responseHeaders" in event ? event.responseHeaders : undefined;
  return makeObservation(observedUrl(event.url, event.type), event.type, event.timeStamp, {
    error: event.error,
    statusCode: event.statusCode,
    headersReceived: event.statusCode !== undefined ? event.statusCode > 0 : undefined,
    ip: "ip" in event ? event.ip : undefined,
    answer: headers === undefined ? undefined : answerOf(headers),
  });
}

const ERRORS = [
  "net::ERR_NAME_NOT_RESOLVED",
  "net::ERR_TUNNEL_CONNECTION_FAILED",
  "net::ERR_CERT_AUTHORITY_INVALID",
  "net::ERR_CONNECTION_RESET",
  "net::ERR_ABORTED",
  "net::ERR_FAILED",
  "NS_ERROR_PROXY_FORBIDDEN",
  "Peer\u2019s Certificate issuer is not recognized.",
  "net::ERR_BLOCKED_BY_CLIENT",
];

/** A studio session's traffic: mostly successes to a few dozen hosts, one request in five failing, some hosts outside the catalog. */
function studioEvents(count: number, hostVariety: number): RawEvent[] {
  const events: RawEvent[] = [];
  for (let i = 0; i < count; i++) {
    const n = i % hostVariety;
    const pick = i % 8;
    const url =
      pick === 0
        ? `https://ml.azure.com/assets/chunk-${n}.js`
        : pick === 1
          ? `https://westeurope.api.azureml.ms/history/v1.0/subscriptions/${n}/runs?api-version=2024-01-01`
          : pick === 2
            ? `wss://ci${n}.westeurope.instances.azureml.ms/api/kernels/${i}/channels?token=abc`
            : pick === 3
              ? `https://acct${n}.blob.core.windows.net/azureml/ExperimentRun/dcid.${i}/log.txt?sv=2021&sig=xyz`
              : pick === 4
                ? `https://login.microsoftonline.com/common/oauth2/v2.0/token`
                : pick === 5
                  ? `https://ml-ws${n}-westeurope.notebooks.azure.net/api/files/${i}`
                  : pick === 6
                    ? `https://cdn${n}.thirdparty.example/lib.js`
                    : `https://westeurope.experiments.azureml.net/x/${i}`;
    const failed = i % 5 === 0;
    events.push({
      requestId: String(i),
      url,
      method: "GET",
      type: url.startsWith("wss:") ? "websocket" : pick === 0 ? "script" : "xmlhttprequest",
      tabId: 1111984965,
      frameId: 0,
      timeStamp: T0 + i,
      fromCache: false,
      ...(failed
        ? { error: ERRORS[((i / 5) % ERRORS.length) | 0]! }
        : { statusCode: url.startsWith("wss:") ? 101 : 200 }),
    });
  }
  return events;
}

type AnsweredEvent = RawEvent & { ip: string; responseHeaders: Array<{ name: string; value: string }> };

/** Events with an address (IPv4 and IPv6, several per host) and the headers a response carries. */
function withAnswers(events: readonly RawEvent[]): AnsweredEvent[] {
  return events.map((event, i) => {
    const headers = [
      { name: "content-type", value: "application/json; charset=utf-8" },
      { name: "date", value: "Tue, 01 Dec 2026 09:00:00 GMT" },
      { name: "cache-control", value: "no-store" },
      { name: "strict-transport-security", value: "max-age=31536000" },
    ];
    if (i % 50 === 1) headers.push({ name: "x-ms-error-code", value: "AuthorizationFailure" });
    if (i % 50 === 2)
      headers.push(
        { name: "via", value: "1.1 proxy.contoso.example (squid)" },
        { name: "x-squid-error", value: "ERR_ACCESS_DENIED 0" },
      );
    else headers.push({ name: "x-ms-request-id", value: "5f0c1d2e-0000-4000-8000-000000000001" });
    const ip = i % 3 === 0 ? `2603:1020:200:${(i % 7).toString(16)}::4` : `10.1.${i % 5}.${i % 251}`;
    const refused = (i % 50 === 1 || i % 50 === 2) && event.error === undefined;
    // Every field written in one order, as the browser's details objects are: one shape for all events.
    return {
      requestId: event.requestId,
      url: event.url,
      method: event.method,
      type: event.type,
      tabId: event.tabId,
      frameId: event.frameId,
      timeStamp: event.timeStamp,
      statusCode: refused ? 403 : event.statusCode,
      error: event.error,
      fromCache: event.fromCache,
      ip,
      responseHeaders: headers,
    } as AnsweredEvent;
  });
}

function jsonBytes(state: DiagnosisState): number {
  return Buffer.byteLength(JSON.stringify(state));
}

function stateAfter(events: readonly RawEvent[]): DiagnosisState {
  let state = createState();
  for (const event of events) state = reduce(state, toObservation(event), event.timeStamp, CATALOG);
  return state;
}

/** A Chrome-style HAR of about `megabytes` MB: headers, timings and some bodies, like a real export. */
function generatedHar(megabytes: number): string {
  const events = studioEvents(200_000, 60);
  const body = "x".repeat(1200);
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < megabytes * 1024 * 1024; i++) {
    const event = events[i % events.length]!;
    const entry = {
      _resourceType: event.type === "websocket" ? "websocket" : event.type === "script" ? "script" : "fetch",
      startedDateTime: new Date(event.timeStamp).toISOString(),
      time: 35.2,
      request: {
        method: "GET",
        url: event.url,
        httpVersion: "http/2.0",
        headers: [
          { name: "accept", value: "application/json" },
          {
            name: "user-agent",
            value:
              "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
          },
        ],
        queryString: [],
        cookies: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        status: event.statusCode ?? 0,
        statusText: "",
        httpVersion: "http/2.0",
        headers: [{ name: "content-type", value: "application/json" }],
        cookies: [],
        content: { size: body.length, mimeType: "application/json", text: event.statusCode ? body : undefined },
        redirectURL: "",
        headersSize: -1,
        bodySize: -1,
        _error: event.error ?? null,
      },
      cache: {},
      timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: 30, receive: 4 },
    };
    const text = JSON.stringify(entry);
    parts.push(text);
    size += text.length + 1;
  }
  return `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[\n${parts.join(",\n")}\n]}}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];

  const pool = studioEvents(1 << 16, 40);
  const mask = pool.length - 1;
  let state = createState();
  const rate = measureRate((i) => {
    const event = pool[i & mask]!;
    const observation = toObservation(event);
    const kind = classifyFailure(observation);
    state = reduce(state, observation, event.timeStamp, CATALOG);
    return kind;
  }, 2000);
  results.push({
    name: "classifyFailure + reduce, from raw webRequest events (40 hosts)",
    value: rate,
    unit: "obs/s",
    note: "observedUrl + makeObservation included; target ≥ 1,000,000",
  });

  const manyHosts = studioEvents(1 << 16, 5000);
  let wide = createState();
  const wideRate = measureRate((i) => {
    const event = manyHosts[i & ((1 << 16) - 1)]!;
    wide = reduce(wide, toObservation(event), event.timeStamp, CATALOG);
    return 0;
  }, 1000);
  results.push({
    name: "classifyFailure + reduce, 5,000 distinct hosts (bounds evicting)",
    value: wideRate,
    unit: "obs/s",
  });

  // The same traffic with the connected address and the response headers the adapter
  // reads (answerOf over a realistic header list), a few storage and proxy refusals among them.
  const answered = withAnswers(pool);
  let withAddresses = createState();
  const answeredRate = measureRate((i) => {
    const event = answered[i & mask]!;
    const observation = toObservation(event);
    const kind = classifyFailure(observation);
    withAddresses = reduce(withAddresses, observation, event.timeStamp, CATALOG);
    return kind;
  }, 2000);
  results.push({
    name: "classifyFailure + reduce + answerOf, with ip and response headers (40 hosts)",
    value: answeredRate,
    unit: "obs/s",
    note: "from raw url, type, error, ip, headers; target ≥ 1,000,000",
  });
  let floodAnswered = createState();
  for (const event of withAnswers(studioEvents(100_000, 5000))) {
    floodAnswered = reduce(floodAnswered, toObservation(event), event.timeStamp, CATALOG);
  }
  results.push({
    name: "state JSON after 100,000 observations with addresses (5,000 hosts)",
    value: jsonBytes(floodAnswered) / 1024,
    unit: "KB",
    note: "bound 256 KB",
  });

  const session = stateAfter(studioEvents(100_000, 40));
  results.push({
    name: "state JSON after 100,000 observations (40 hosts, all kinds)",
    value: jsonBytes(session) / 1024,
    unit: "KB",
    note: "bound 256 KB",
  });
  const flood = stateAfter(studioEvents(100_000, 5000));
  results.push({
    name: "state JSON after 100,000 observations (5,000 hosts, all kinds)",
    value: jsonBytes(flood) / 1024,
    unit: "KB",
    note: "bound 256 KB",
  });

  const har = generatedHar(50);
  const times: number[] = [];
  let findings = 0;
  for (let k = 0; k < 3; k++) {
    const start = performance.now();
    const report = diagnoseHar(har, { catalog: CATALOG, lang: "en", now: T0, toolVersion: "bench" });
    times.push(performance.now() - start);
    findings = report.findings.length;
  }
  const entries = (har.match(/\n\{/g) ?? []).length;
  results.push({
    name: `diagnoseHar, generated ${(har.length / (1024 * 1024)).toFixed(0)} MB HAR (${entries.toLocaleString("en-US")} entries)`,
    value: median(times),
    unit: "ms",
    note: `median of 3, ${findings} findings, streaming parser included`,
  });

  // The reader before streaming called JSON.parse on the whole text: its cost alone, for scale.
  const parseTimes: number[] = [];
  for (let k = 0; k < 3; k++) {
    const start = performance.now();
    const root = JSON.parse(har) as { log: { entries: unknown[] } };
    parseTimes.push(performance.now() - start);
    if (root.log.entries.length === 0) console.log("empty");
  }
  results.push({
    name: "  for scale: JSON.parse of the same HAR (the old reader's first step)",
    value: median(parseTimes),
    unit: "ms",
    note: "median of 3, holds every entry at once",
  });

  const bytes = new TextEncoder().encode(har);
  const chunkTimes: number[] = [];
  for (let k = 0; k < 3; k++) {
    const start = performance.now();
    await diagnoseHarChunks(
      (async function* () {
        for (let i = 0; i < bytes.length; i += 1 << 20) yield bytes.subarray(i, i + (1 << 20));
      })(),
      { catalog: CATALOG, lang: "en", now: T0, toolVersion: "bench" },
    );
    chunkTimes.push(performance.now() - start);
  }
  results.push({
    name: "diagnoseHarChunks, the same HAR as 1 MB byte chunks (as the CLI reads it)",
    value: median(chunkTimes),
    unit: "ms",
    note: "median of 3",
  });

  // The shape that crashed V8 before: entries past the limit are only counted.
  const zeros = "0,".repeat(1 << 20);
  const wideStart = performance.now();
  const zeroReport = await diagnoseHarChunks(
    (async function* () {
      yield '{"log":{"entries":[';
      for (let i = 0; i < 50; i++) yield zeros;
      yield "0]}}";
    })(),
    { catalog: CATALOG, lang: "en", now: T0, toolVersion: "bench" },
  );
  results.push({
    name: "diagnoseHarChunks, 100 MB of `0` entries (52,428,801 entries)",
    value: performance.now() - wideStart,
    unit: "ms",
    note: `${zeroReport.warnings?.length ?? 0} warnings; the first 1,000,000 read, the rest counted`,
  });
  return results;
}
