import { describe, expect, test } from "vitest";
import { CATALOG } from "../../src/core/catalog/index.js";
import { NO_RESPONSE_ERROR } from "../../src/core/classifier.js";
import {
  HarError,
  MAX_HAR_DEPTH,
  MAX_HAR_ENTRY_TOKENS,
  diagnoseHar,
  diagnoseHarChunks,
  observationsFromHar,
} from "../../src/core/har.js";
import { renderJson } from "../../src/core/render-report.js";
import { buildHar, chromeEntry, firefoxEntry } from "../fixtures/har/build-har.js";

const CI = "ci1.westeurope.instances.azureml.ms";
const API = "westeurope.api.azureml.ms";
const OPTIONS = { catalog: CATALOG, lang: "en" as const, now: Date.UTC(2026, 10, 28, 10), toolVersion: "0.1.0" };

describe("observationsFromHar", () => {
  test.each([
    {
      title: "Chromium: a failure is status 0 with response._error",
      entry: chromeEntry({ url: `https://${API}/history?code=x`, error: "net::ERR_NAME_NOT_RESOLVED" }),
      expected: { type: "xmlhttprequest", error: "net::ERR_NAME_NOT_RESOLVED" },
    },
    {
      title: "Chromium: _resourceType websocket is a WebSocket",
      entry: chromeEntry({ url: `wss://${CI}/t`, resourceType: "websocket", error: "net::ERR_FAILED" }),
      expected: { type: "websocket", error: "net::ERR_FAILED" },
    },
    {
      title: "Chromium: _webSocketMessages alone marks a WebSocket",
      entry: { ...chromeEntry({ url: `https://${CI}/t`, resourceType: "other", status: 101 }), _webSocketMessages: [] },
      expected: { type: "websocket", statusCode: 101, headersReceived: true },
    },
    {
      title: "Chromium: document is main_frame, and a 200 is an answer",
      entry: chromeEntry({ url: "https://ml.azure.com/", resourceType: "document", status: 200 }),
      expected: { type: "main_frame", statusCode: 200, headersReceived: true },
    },
    {
      title: "a 407 is proxy-auth",
      entry: chromeEntry({ url: `https://${API}/x`, status: 407 }),
      expected: { statusCode: 407, proxyAuth: true },
    },
    {
      title: "Firefox: a failure is status 0 with no reason",
      entry: firefoxEntry({ url: `https://${API}/x` }),
      expected: { type: "other", error: NO_RESPONSE_ERROR },
    },
    {
      title: "Firefox: a wss URL is a WebSocket",
      entry: firefoxEntry({ url: `wss://${CI}/t`, status: 101 }),
      expected: { type: "websocket", statusCode: 101 },
    },
  ])("$title", ({ entry, expected }) => {
    const { observations, warnings, skipped } = observationsFromHar(buildHar([entry]));
    expect(skipped).toBe(0);
    expect(observations).toHaveLength(1);
    expect(observations[0]).toMatchObject(expected);
    if (expected.error === NO_RESPONSE_ERROR) expect(warnings.join(" ")).toMatch(/Firefox does not save/);
  });

  test("startedDateTime plus time gives the outcome time, local offsets included", () => {
    const { observations } = observationsFromHar(
      buildHar([firefoxEntry({ url: "https://ml.azure.com/", status: 200, at: 1000, time: 250 })]),
    );
    expect(new Date(observations[0]!.time).toISOString()).toBe("2026-11-28T09:00:01.250Z");
  });

  test("observations come out in outcome order", () => {
    const har = buildHar([
      chromeEntry({ url: `https://${API}/slow`, status: 200, at: 0, time: 5000 }),
      chromeEntry({ url: `https://${API}/fail`, error: "net::ERR_CONNECTION_RESET", at: 100, time: 10 }),
    ]);
    expect(observationsFromHar(har).observations.map((o) => o.statusCode ?? o.error)).toEqual([
      "net::ERR_CONNECTION_RESET",
      200,
    ]);
  });

  test("data:, blob: and extension URLs are not network requests and are left out silently", () => {
    const har = buildHar([
      chromeEntry({ url: "data:image/png;base64,AAAA", status: 200 }),
      chromeEntry({ url: "blob:https://ml.azure.com/1234", status: 200 }),
      chromeEntry({ url: "chrome-extension://abc/x.js", status: 200 }),
    ]);
    expect(observationsFromHar(har)).toEqual({ observations: [], warnings: [], skipped: 0 });
  });

  test("entries without a URL or a start time are skipped with a warning", () => {
    const har = buildHar([
      { request: {} },
      { ...chromeEntry({ url: "https://ml.azure.com/", status: 200 }), startedDateTime: "yesterday" },
      chromeEntry({ url: "https://ml.azure.com/", status: 200 }),
    ]);
    const result = observationsFromHar(har);
    expect(result.skipped).toBe(2);
    expect(result.observations).toHaveLength(1);
    expect(result.warnings).toEqual(["2 HAR entries were skipped: no request URL or no start time."]);
  });

  test("maxEntries caps what is read and says so", () => {
    const har = buildHar(
      Array.from({ length: 5 }, (_, i) => chromeEntry({ url: "https://ml.azure.com/", status: 200, at: i })),
    );
    const result = observationsFromHar(har, { maxEntries: 3 });
    expect(result.observations).toHaveLength(3);
    expect(result.skipped).toBe(2);
    expect(result.warnings).toEqual(["Only the first 3 of 5 HAR entries were read."]);
  });

  test("a HAR cut off mid-entry gives the complete entries before the cut, with a warning", () => {
    const full = buildHar([
      chromeEntry({ url: `https://${API}/a`, error: "net::ERR_NAME_NOT_RESOLVED" }),
      chromeEntry({ url: "https://ml.azure.com/", status: 200, at: 10 }),
      chromeEntry({ url: `https://${API}/c`, status: 200, at: 20 }),
    ]);
    const cut = full.slice(0, full.lastIndexOf(`https://${API}/c`) + 10);
    const result = observationsFromHar(cut);
    expect(result.observations.map((o) => o.sample)).toEqual([`https://${API}`, "https://ml.azure.com"]);
    expect(result.warnings[0]).toMatch(
      /^The HAR file is cut off or broken \(.+\); the report covers the 2 complete entries before that point\.$/,
    );
  });

  test.each([
    { title: "a stray character right after a signed URL", tail: "}}, }" },
    { title: "a stray word where the next entry should start", tail: "}}, oops" },
  ])("the JSON error quoted for a broken HAR shows no text of the file: $title", ({ tail }) => {
    // V8 quotes up to ten characters either side of the error ('Unexpected token ..."ETSIG"}}, }"').
    const text = `{"log":{"entries":[${JSON.stringify(chromeEntry({ url: `https://${API}/a`, error: "net::ERR_NAME_NOT_RESOLVED" }))},{"request":{"url":"https://x.blob.core.windows.net/c?sig=SECRETSIG"${tail}`;
    const result = observationsFromHar(text);
    expect(result.warnings[0]).toMatch(
      /^The HAR file is cut off or broken \(.+\); the report covers the 2 complete entries before that point\.$/,
    );
    expect(result.warnings.join(" ")).not.toMatch(/SIG|sig=|oops/);
    const report = renderJson(diagnoseHar(text, OPTIONS));
    expect(report).not.toMatch(/SIG|sig=|oops/);
    let caught: unknown;
    try {
      observationsFromHar(`{"log":{"pages":[{"title":"https://x/?access_token=TOKENVALUE"${tail}`);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HarError);
    expect((caught as Error).message).not.toMatch(/TOKEN|oops/);
  });

  test.each([
    { title: "an empty file", text: "", message: "The file is empty, not a HAR file." },
    { title: "whitespace only", text: " \n ", message: "The file is empty, not a HAR file." },
    {
      title: "JSON that is not a HAR",
      text: '{"hello": "world"}',
      message: /^Not a HAR file: there is no "log.entries" list/,
    },
    { title: "a JSON array", text: "[1,2]", message: /^Not a HAR file/ },
    {
      title: "garbage",
      text: "PK\u0003\u0004 zip bytes",
      message: /^Not a readable HAR file: the JSON is broken or cut off \(.+\)\.$/,
    },
    {
      title: "cut off before the first complete entry",
      text: '{"log": {"entries": [{"request": {"url": "https://',
      message: /^Not a readable HAR file/,
    },
  ])("$title throws a HarError with a one-line message", ({ text, message }) => {
    let caught: unknown;
    try {
      observationsFromHar(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HarError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain("\n");
  });

  test("a byte order mark is accepted", () => {
    const har = `\uFEFF${buildHar([chromeEntry({ url: "https://ml.azure.com/", status: 200 })])}`;
    expect(observationsFromHar(har).observations).toHaveLength(1);
  });
});

describe("diagnoseHar", () => {
  test("a Chrome HAR: DNS-blocked API, refused WebSocket upgrade (HTTPS to the host works), a CORS rejection that is not a block", () => {
    const har = buildHar([
      chromeEntry({ url: "https://ml.azure.com/?tid=t", resourceType: "document", status: 200, at: 0 }),
      chromeEntry({ url: `https://${API}/history/v1.0/runs?sig=SECRET`, error: "net::ERR_NAME_NOT_RESOLVED", at: 100 }),
      chromeEntry({ url: `https://${CI}/api/kernels`, status: 200, at: 200 }),
      chromeEntry({
        url: `wss://${CI}/api/kernels/1/channels?token=TOKEN`,
        resourceType: "websocket",
        error: "net::ERR_FAILED",
        at: 300,
      }),
      chromeEntry({ url: "https://westeurope.experiments.azureml.net/x", error: "net::ERR_FAILED", at: 400 }),
      chromeEntry({ url: "https://westeurope.experiments.azureml.net/y", status: 200, at: 500 }),
    ]);
    const report = diagnoseHar(har, OPTIONS);
    expect(report.source).toBe("har");
    expect(report.findings.map((f) => [f.entry, f.failures.map((x) => x.kind)])).toEqual([
      ["api", ["dns"]],
      ["compute-instance", ["websocket"]],
    ]);
    // The compute instance answered over HTTPS but its WebSocket is blocked: a finding, not working.
    expect(report.reachable.map((r) => r.entry)).toEqual(expect.arrayContaining(["studio"]));
    expect(report.reachable.map((r) => r.entry)).not.toContain("compute-instance");
    expect(report.warnings).toBeUndefined();
    const json = renderJson(report);
    for (const secret of ["SECRET", "TOKEN", "sig=", "token=", "tid=", "/history", "/api/kernels", "Bearer", "eyJ"])
      expect(json, secret).not.toContain(secret);
  });

  test("a Chrome HAR: proxy denial, TLS interception and a 407", () => {
    const har = buildHar([
      chromeEntry({ url: "https://acct.blob.core.windows.net/c", error: "net::ERR_TUNNEL_CONNECTION_FAILED" }),
      chromeEntry({ url: "https://westeurope.notebooks.azure.net/x", error: "net::ERR_CERT_AUTHORITY_INVALID", at: 1 }),
      chromeEntry({ url: "https://management.azure.com/subscriptions", status: 407, at: 2 }),
    ]);
    const kinds = Object.fromEntries(diagnoseHar(har, OPTIONS).findings.map((f) => [f.entry, f.failures[0]!.kind]));
    expect(kinds).toEqual({ storage: "proxy-refused", notebooks: "tls", arm: "proxy-auth" });
  });

  test("a Firefox HAR: a failed WebSocket is reported; plain failures without a reason are only a warning", () => {
    const har = buildHar(
      [
        firefoxEntry({ url: "https://ml.azure.com/", status: 200 }),
        firefoxEntry({ url: `wss://${CI}/t`, at: 10 }),
        firefoxEntry({ url: `https://${API}/x`, at: 20 }),
      ],
      "Firefox",
    );
    const report = diagnoseHar(har, OPTIONS);
    expect(report.findings.map((f) => f.entry)).toEqual(["compute-instance"]);
    expect(report.warnings?.join("\n")).toContain(API);
  });

  test("warnings follow the report language", () => {
    const har = buildHar([firefoxEntry({ url: `https://${API}/x` })], "Firefox");
    const report = diagnoseHar(har, { ...OPTIONS, lang: "ja" });
    expect(report.warnings?.join("")).toMatch(/Firefox は失敗の理由を HAR に保存しません/);
  });
});

/** A HAR produced piece by piece, as bin.ts streams a file: the whole text never exists at once. */
async function* streamed(
  head: string,
  entry: (i: number) => string,
  count: number,
  tail = "]}}",
  encode = false,
): AsyncGenerator<string | Uint8Array> {
  const emit = (text: string) => (encode ? new TextEncoder().encode(text) : text);
  yield emit(head);
  let batch = "";
  for (let i = 0; i < count; i++) {
    batch += i === 0 ? entry(i) : `,${entry(i)}`;
    if (batch.length >= 1 << 16) {
      yield emit(batch);
      batch = "";
    }
  }
  yield emit(`${batch}${tail}`);
}

async function harError(chunks: AsyncIterable<string | Uint8Array>): Promise<Error | undefined> {
  try {
    await diagnoseHarChunks(chunks, OPTIONS);
  } catch (error) {
    return error as Error;
  }
  return undefined;
}

const HEAD = '{"log":{"version":"1.2","entries":[';
const DNS_FAILURE = JSON.stringify(chromeEntry({ url: `https://${API}/a`, error: "net::ERR_NAME_NOT_RESOLVED" }));

/*
 * The two HARs that used to crash or hang the CLI (a 280 MB file of 140 million `0` entries hit
 * V8's array size limit; 100 million `{}` entries ran for over five minutes at 5.8 GB) have the same
 * shapes here at a size a test can stream: entries past the limit are only counted, and nothing
 * holds an entry once it has been read.
 */
describe("a HAR read in chunks, with bounded memory", () => {
  test("a source that never ends is not read on once the JSON is broken (`diagnose /dev/zero`)", async () => {
    let pulled = 0;
    async function* zeros(): AsyncGenerator<Uint8Array> {
      for (;;) {
        // Far below MAX_HAR_BYTES: a reader that kept pulling would stop here with another error.
        if (++pulled > 100) throw new Error("read on after the JSON broke");
        yield new Uint8Array(1 << 16);
      }
    }
    expect((await harError(zeros()))?.message).toBe(
      "Not a readable HAR file: the JSON is broken or cut off (Unexpected character in JSON).",
    );
    expect(pulled).toBe(1);
  });

  test("2,000,001 entries of `0`: the first 1,000,000 read and skipped, the rest counted", async () => {
    const report = await diagnoseHarChunks(
      streamed(HEAD, () => "0", 2_000_001),
      OPTIONS,
    );
    expect(report.warnings).toEqual([
      "1000000 HAR entries were skipped: no request URL or no start time.",
      "Only the first 1,000,000 of 2,000,001 HAR entries were read.",
    ]);
  });

  test("1,200,000 `{}` entries around one real failure: the failure is reported, the rest counted", async () => {
    const report = await diagnoseHarChunks(
      streamed(HEAD, (i) => (i === 500_000 ? DNS_FAILURE : "{}"), 1_200_000),
      OPTIONS,
    );
    expect(report.findings.map((f) => [f.entry, f.failures.map((x) => x.kind)])).toEqual([["api", ["dns"]]]);
    expect(report.warnings).toEqual([
      "999999 HAR entries were skipped: no request URL or no start time.",
      "Only the first 1,000,000 of 1,200,000 HAR entries were read.",
    ]);
  });

  test("an entry with more than MAX_HAR_ENTRY_TOKENS values is skipped, and reading goes on", async () => {
    // _webSocketMessages is read (as a list; its items are passed on as nulls), so its size counts.
    const huge = `{"request":{"url":"https://ml.azure.com/"},"startedDateTime":"2026-11-28T09:00:00Z","_webSocketMessages":[${"{},".repeat(MAX_HAR_ENTRY_TOKENS / 2)}{}]}`;
    const report = await diagnoseHarChunks(
      streamed(HEAD, (i) => (i === 0 ? huge : DNS_FAILURE), 2),
      OPTIONS,
    );
    expect(report.findings.map((f) => f.entry)).toEqual(["api"]);
    expect(report.warnings).toEqual(["1 HAR entry was skipped: no request URL or no start time."]);
  });

  test("values nested deeper than MAX_HAR_DEPTH end the read with what came before", async () => {
    const deep = `${"[".repeat(1_000_000)}`;
    const report = await diagnoseHarChunks(
      streamed(HEAD, (i) => (i === 0 ? DNS_FAILURE : deep), 2, ""),
      OPTIONS,
    );
    expect(report.findings.map((f) => f.entry)).toEqual(["api"]);
    expect(report.warnings).toEqual([
      `The HAR file is cut off or broken (values nested more than ${MAX_HAR_DEPTH} deep); the report covers the 1 complete entry before that point.`,
    ]);
    const error = await harError(
      (async function* () {
        for (let i = 0; i < 80; i++) yield "[".repeat(1 << 16); // 5 million open brackets
      })(),
    );
    expect(error).toBeInstanceOf(HarError);
    expect(error!.message).toBe(
      `Not a readable HAR file: the JSON is broken or cut off (values nested more than ${MAX_HAR_DEPTH} deep).`,
    );
  });

  test("fields an observation does not need are not built: a 5 MB body and 300,000 headers", async () => {
    const entry = chromeEntry({ url: `https://${API}/a`, error: "net::ERR_NAME_NOT_RESOLVED" }) as Record<
      string,
      unknown
    >;
    const big = JSON.stringify({
      ...entry,
      response: {
        ...(entry.response as object),
        content: { text: "x".repeat(5_000_000) },
        headers: Array.from({ length: 300_000 }, () => ({ name: "a", value: "b" })),
      },
    });
    const report = await diagnoseHarChunks(
      streamed(HEAD, () => big, 1),
      OPTIONS,
    );
    expect(report.findings.map((f) => [f.entry, f.failures[0]?.error])).toEqual([
      ["api", "net::ERR_NAME_NOT_RESOLVED"],
    ]);
    expect(report.warnings).toBeUndefined();
  });

  test("a large array outside log.entries is not kept", async () => {
    const report = await diagnoseHarChunks(
      streamed('{"log":{"pages":[', () => "0", 3_000_000, `]${',"entries":[' + DNS_FAILURE + "]}}"}`),
      OPTIONS,
    );
    expect(report.findings.map((f) => f.entry)).toEqual(["api"]);
    expect(report.warnings).toBeUndefined();
  });

  test("bytes split inside a UTF-8 character and a byte order mark are read as text", async () => {
    const error = "\u63a5\u7d9a\u304c\u62d2\u5426\u3055\u308c\u307e\u3057\u305f"; // 接続が拒否されました
    const text = `\uFEFF${buildHar([chromeEntry({ url: `https://${API}/a`, error })])}`;
    const bytes = new TextEncoder().encode(text);
    async function* oneByteAtATime() {
      for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
    }
    const report = await diagnoseHarChunks(oneByteAtATime(), OPTIONS);
    expect(report.findings[0]?.failures[0]?.error).toBe(error);
  });

  test("the same HAR gives the same report read whole or in chunks", async () => {
    const har = buildHar([
      chromeEntry({ url: `https://${API}/a`, error: "net::ERR_NAME_NOT_RESOLVED" }),
      chromeEntry({ url: `wss://${CI}/t`, resourceType: "websocket", error: "net::ERR_FAILED", at: 10 }),
      chromeEntry({ url: `https://${CI}/x`, status: 200, at: 20 }),
    ]);
    async function* pieces() {
      for (let i = 0; i < har.length; i += 7) yield har.slice(i, i + 7);
    }
    expect(await diagnoseHarChunks(pieces(), OPTIONS)).toEqual(diagnoseHar(har, OPTIONS));
  });
});

/** What is wrong with a file is a code and its data; the words come per language, and the Japanese carry no English reason. */
describe("HarError: a stable code, worded in English and Japanese", () => {
  const problemOf = (text: string) => {
    try {
      observationsFromHar(text);
    } catch (error) {
      return error instanceof HarError ? error : undefined;
    }
    return undefined;
  };
  test.each([
    { title: "empty", text: "", problem: { code: "empty" } },
    { title: "whitespace only", text: " \n", problem: { code: "empty" } },
    { title: "a stray character", text: "{ this", problem: { code: "broken", json: "bad-character" } },
    { title: "a bad token", text: '{"log": ]', problem: { code: "broken", json: "bad-token" } },
    { title: "cut off", text: '{"log": {"entries": [', problem: { code: "broken", json: "cut-off" } },
    {
      title: "nested too deep",
      text: "[".repeat(MAX_HAR_DEPTH + 1),
      problem: { code: "broken", json: "too-deep" },
    },
    { title: "JSON without log.entries", text: '{"hello": 1}', problem: { code: "not-har" } },
  ])("$title: $problem.code", ({ text, problem }) => {
    const error = problemOf(text);
    expect(error?.problem).toEqual(problem);
    expect(error?.message).toBe(error?.text("en"));
    expect(error?.text("ja")).toMatch(/[\u3040-\u30ff]/);
    // Nothing of the English line is left in the Japanese one (JSON, HAR and log.entries are names).
    expect(error?.text("ja").replace(/JSON|HAR|DevTools|log\.entries/g, "")).not.toMatch(/[A-Za-z]{2,}/);
  });

  test("a truncated HAR's warning names why in the report's language", () => {
    const har = buildHar([
      chromeEntry({ url: `https://${API}/a`, error: "net::ERR_NAME_NOT_RESOLVED" }),
      chromeEntry({ url: `https://${API}/b`, status: 200 }),
    ]);
    const cut = har.slice(0, har.lastIndexOf(`https://${API}/b`));
    expect(observationsFromHar(cut, { lang: "ja" }).warnings).toEqual([
      "HAR ファイルが途中で切れているか壊れています（JSON が途中で終わっています）。その手前までの 1 件のエントリを対象にしています。",
    ]);
  });
});
