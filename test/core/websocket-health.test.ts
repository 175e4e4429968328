import { describe, expect, test } from "vitest";
import { CATALOG } from "../../src/core/catalog/index.js";
import { reduce, reduceSocketClose } from "../../src/core/diagnosis.js";
import { observedClose } from "../../src/core/make-observation.js";
import { blockedEntryIds, createState, type DiagnosisState } from "../../src/core/diagnosis-state.js";
import type { SocketClose } from "../../src/core/observation.js";
import { buildReport } from "../../src/core/report.js";
import { renderCsv, renderMarkdown, renderText } from "../../src/core/render-report.js";
import { classifySocketClose, closeSample, idleCluster, parseSocketClose } from "../../src/core/websocket-health.js";
import { seen } from "../fixtures/seen.js";

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const CI = "ci1.westeurope.instances.azureml.ms";
const URL_CI = `wss://${CI}/api/kernels/0000/channels?session_id=private-session&token=S3cr3t`;

/** A socket that opened at `at`, had its last traffic `busy` s later, and closed `idle` s after that. */
function socket(at: number, busy: number, idle: number, code = 1006, wasClean = false): SocketClose {
  const last = at + busy * 1000;
  return {
    url: URL_CI,
    openedAt: at,
    lastInAt: last,
    lastOutAt: last - 500,
    closedAt: last + idle * 1000,
    code,
    wasClean,
    reasonLength: 0,
  };
}

function run(closes: SocketClose[], state: DiagnosisState = createState()): DiagnosisState {
  for (const close of closes) state = reduceSocketClose(state, observedClose(close), CATALOG);
  return state;
}

function report(state: DiagnosisState, lang: "en" | "ja" = "en") {
  return buildReport(state, {
    catalog: CATALOG,
    lang,
    now: T0 + 3_600_000,
    toolVersion: "0.1.0",
    source: "extension",
    studio: true,
  });
}

describe("classifySocketClose: what a close means", () => {
  const cases: { rule: string; close: SocketClose; kind: string | null }[] = [
    { rule: "1006 after open is a drop", close: socket(T0, 10, 240), kind: "websocket-dropped" },
    {
      rule: "an unclean close with another code is a drop",
      close: socket(T0, 10, 240, 1011, false),
      kind: "websocket-dropped",
    },
    { rule: "1002 is a protocol close", close: socket(T0, 1, 0, 1002, true), kind: "websocket-protocol" },
    { rule: "1007 is a protocol close", close: socket(T0, 1, 0, 1007, true), kind: "websocket-protocol" },
    { rule: "1009 is a protocol close", close: socket(T0, 1, 0, 1009, true), kind: "websocket-protocol" },
    { rule: "1000 is normal", close: socket(T0, 1, 0, 1000, true), kind: null },
    { rule: "1001 (going away, navigation) is normal", close: socket(T0, 1, 0, 1001, true), kind: null },
    { rule: "1001 even when not clean is normal", close: socket(T0, 1, 0, 1001, false), kind: null },
    { rule: "1005 after the page's own close() is normal", close: socket(T0, 1, 0, 1005, true), kind: null },
    { rule: "a server's 1011 with a close frame is not the network", close: socket(T0, 1, 0, 1011, true), kind: null },
    { rule: "an application code 4001 is not the network", close: socket(T0, 1, 0, 4001, true), kind: null },
    {
      rule: "a socket that never opened is webRequest's business",
      close: { url: URL_CI, closedAt: T0, code: 1006, wasClean: false, reasonLength: 0 },
      kind: null,
    },
  ];
  test.each(cases)("$rule", ({ close, kind }) => expect(classifySocketClose(close)).toBe(kind));
});

describe("closeSample and idleCluster", () => {
  test("lived is open to close, idle is last traffic either way to close, in tenths of a second", () => {
    expect(closeSample(socket(T0, 30, 240))).toEqual({ code: 1006, lived: 270, idle: 240 });
    expect(closeSample({ openedAt: T0, closedAt: T0 + 61_234, code: 1006, wasClean: false, reasonLength: 0 })).toEqual({
      code: 1006,
      lived: 61.2,
      idle: 61.2,
    });
  });
  test.each([
    { idles: [240.2, 239.8, 241, 240.5], cluster: 240, rule: "Azure Firewall's four minutes" },
    { idles: [60.1, 59.9], cluster: 60, rule: "a 60 s proxy timeout, two drops" },
    { idles: [3.1, 3.0, 2.9, 3.2, 30], cluster: 3, rule: "four in five near 3 s" },
    { idles: [240], cluster: undefined, rule: "one drop is no pattern" },
    { idles: [10, 100, 200, 300], cluster: undefined, rule: "scattered idle times" },
    { idles: [0.1, 0.2, 0.1], cluster: undefined, rule: "drops right after traffic are no idle timeout" },
  ])("$rule → $cluster", ({ idles, cluster }) => expect(idleCluster(idles)).toBe(cluster));
});

describe("reduceSocketClose: findings", () => {
  test("five drops after four idle minutes: one websocket-dropped finding naming 240 s, in words", () => {
    const state = run([0, 1, 2, 3, 4].map((i) => socket(T0 + i * 600_000, 20 + i, 240 + (i % 2) * 0.4)));
    expect(blockedEntryIds(state)).toEqual(["compute-instance"]);
    const r = report(state);
    const finding = r.findings[0]!;
    expect(finding.failures).toMatchObject([
      {
        host: CI,
        kind: "websocket-dropped",
        websocket: true,
        count: 5,
        closeCodes: [1006],
        idleSeconds: 240,
        idleTimeoutSeconds: 240,
        sample: `wss://${CI}`,
      },
    ]);
    expect(finding.failures[0]!.explanation).toBe(
      "The notebook kernel connection dropped 5 times, each after about 4 minutes without traffic",
    );
    expect(finding.advice).toContain(
      "a firewall or proxy closes idle connections after about 240 s; ask IT to raise the idle timeout for these hosts, or to allow WebSocket keep-alives",
    );
    expect(finding.advice).not.toContain("Allow HTTPS");
    const ja = report(state, "ja");
    expect(ja.findings[0]!.failures[0]!.explanation).toBe(
      "ノートブック カーネルの接続が 5 回切断されました（いずれも約 4 分間通信がなかった後）",
    );
    expect(ja.findings[0]!.advice).toContain("約 240 秒間通信のない接続を切断しています");
  });

  test("one drop is not a finding; the second makes it one", () => {
    const once = run([socket(T0, 5, 60)]);
    expect(blockedEntryIds(once)).toEqual([]);
    expect(blockedEntryIds(run([socket(T0 + 100_000, 5, 60)], once))).toEqual(["compute-instance"]);
  });

  test("drops at scattered idle times say how long they lived and idled, without naming a timeout", () => {
    const state = run([socket(T0, 100, 5), socket(T0 + 1e6, 300, 50), socket(T0 + 2e6, 20, 150)]);
    const failure = report(state).findings[0]!.failures[0]!;
    expect(failure.idleTimeoutSeconds).toBeUndefined();
    expect(failure.explanation).toBe(
      "The notebook kernel connection dropped 3 times without a close frame; connections lived about 3 minutes and were idle about 50 seconds before the drop",
    );
    expect(report(state).findings[0]!.advice).toContain("ask IT to check its idle and session timeouts");
  });

  test("a protocol close (1002) is a websocket-protocol finding at once, with what browsers report for unparsable frames", () => {
    const state = run([socket(T0, 1, 0.2, 1002, true)]);
    const finding = report(state).findings[0]!;
    expect(finding.failures).toMatchObject([
      { kind: "websocket-protocol", count: 1, closeCodes: [1002], error: "close 1002" },
    ]);
    expect(finding.advice).toContain("reported to the page as 1006 by Chromium and Firefox");
  });

  test("normal closes, however many, are never findings and keep no host", () => {
    const state = run([1000, 1001, 1005, 1000, 1001, 4000].map((code, i) => socket(T0 + i * 1000, 1, 1, code, true)));
    expect(blockedEntryIds(state)).toEqual([]);
    expect(state.entries).toEqual({});
    expect(state.counts.socketCloses).toBe(6);
  });

  test("a later successful handshake (101) does not end the drop finding", () => {
    let state = run([socket(T0, 5, 60), socket(T0 + 100_000, 5, 60)]);
    state = reduce(state, seen({ url: URL_CI, type: "websocket", statusCode: 101, time: T0 + 200_000 }), T0, CATALOG);
    expect(blockedEntryIds(state)).toEqual(["compute-instance"]);
  });

  test("samples stay bounded: 1,000 drops keep 8 closes", () => {
    const state = run(Array.from({ length: 1000 }, (_, i) => socket(T0 + i * 1000, 0.1, 0.5)));
    const record = state.entries["compute-instance"]!.hosts[CI]!.websocket!.failures["websocket-dropped"]!;
    expect(record.count).toBe(1000);
    expect(record.closes).toHaveLength(8);
  });

  test("no renderer leaks the socket's path, query or token", () => {
    const state = run([socket(T0, 5, 60), socket(T0 + 100_000, 5, 60), socket(T0 + 200_000, 1, 0, 1009, true)]);
    for (const lang of ["en", "ja"] as const) {
      for (const out of [
        renderMarkdown(report(state, lang)),
        renderCsv(report(state, lang)),
        renderText(report(state, lang)),
        JSON.stringify(report(state, lang)),
      ]) {
        for (const secret of ["private-session", "S3cr3t", "token", "/api/kernels"]) expect(out).not.toContain(secret);
      }
    }
  });

  test("a finding with only socket-health kinds asks IT to open nothing", () => {
    const md = renderMarkdown(report(run([socket(T0, 5, 60), socket(T0 + 100_000, 5, 60)])));
    expect(md).not.toContain("## What to open");
    expect(md).toContain("dropped 2 times, each after about 60 seconds without traffic");
  });
});

describe("parseSocketClose: what the page's world may claim", () => {
  const good = socket(T0, 5, 60);
  test("a well-formed close passes unchanged", () =>
    expect(parseSocketClose(good, T0)).toEqual({ ok: true, close: good }));
  test.each([
    { rule: "not an object", value: "close", error: "object" },
    { rule: "an http URL", value: { ...good, url: "https://x/" }, error: "url" },
    { rule: "a huge URL", value: { ...good, url: `wss://x/${"a".repeat(3000)}` }, error: "url" },
    { rule: "a time a year away", value: { ...good, closedAt: T0 + 365 * 86_400_000 }, error: "closedAt" },
    { rule: "NaN", value: { ...good, openedAt: Number.NaN }, error: "openedAt" },
    { rule: "traffic after the close", value: { ...good, lastInAt: good.closedAt + 1 }, error: "lastInAt" },
    { rule: "traffic without an open", value: { ...good, openedAt: undefined }, error: "lastInAt" },
    { rule: "a fractional code", value: { ...good, code: 1006.5 }, error: "code" },
    { rule: "a code beyond 4999", value: { ...good, code: 70000 }, error: "code" },
    { rule: "wasClean as a string", value: { ...good, wasClean: "false" }, error: "wasClean" },
    { rule: "a reason longer than a close frame allows", value: { ...good, reasonLength: 124 }, error: "reasonLength" },
  ])("refuses $rule", ({ value, error }) => {
    const parsed = parseSocketClose(value, T0);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(error);
  });
});
