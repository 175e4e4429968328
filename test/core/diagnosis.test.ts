import { describe, expect, test } from "vitest";
import { reduce } from "../../src/core/diagnosis.js";
import { LIMITS } from "../../src/core/diagnosis-bounds.js";
import {
  blockedEntryIds,
  createState,
  hasFindings,
  hostsAwaitingProbe,
  type DiagnosisState,
  type HostState,
} from "../../src/core/diagnosis-state.js";
import { buildReport } from "../../src/core/report.js";
import { seen, type Seen } from "../fixtures/seen.js";
import { TINY_CATALOG } from "../fixtures/tiny-catalog.js";

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
const CI = "ci1.westeurope.instances.azureml.ms";
const API = "westeurope.api.azureml.ms";

type Step = Partial<Seen> & { url: string };

function run(steps: Step[], state: DiagnosisState = createState()): DiagnosisState {
  let s = state;
  steps.forEach((step, i) => {
    const observation = seen({
      type: step.url.startsWith("wss:") ? "websocket" : "xmlhttprequest",
      time: T0 + i * 1000,
      ...step,
    });
    s = reduce(s, observation, T0 + i * 1000, TINY_CATALOG);
  });
  return s;
}

function host(state: DiagnosisState, entry: string, name: string): HostState {
  const found = state.entries[entry]?.hosts[name];
  if (!found) throw new Error(`no host ${name} under ${entry}: ${JSON.stringify(state.entries)}`);
  return found;
}

/** Active failure kinds per channel of a host, e.g. `{ https: ["dns"], websocket: ["websocket"] }`. */
function activeKinds(h: HostState): { https: string[]; websocket: string[] } {
  const of = (c: HostState["https"], ws: boolean) => {
    if (!c) return [];
    const kinds = Object.entries(c.failures)
      .filter(([, r]) => r!.active)
      .map(([k]) => k);
    if (ws && c.unresolved?.active) kinds.push("websocket (unresolved)");
    return kinds.sort();
  };
  return { https: of(h.https, false), websocket: of(h.websocket, true) };
}

const wsFailed: Step = { url: `wss://${CI}/terminal?token=abc`, type: "websocket", error: "net::ERR_FAILED" };
const corsFailed: Step = {
  url: `https://${CI}/api/status?sig=secret`,
  type: "xmlhttprequest",
  error: "net::ERR_FAILED",
};
const probeOk: Step = {
  url: `https://${CI}/`,
  type: "xmlhttprequest",
  statusCode: 404,
  headersReceived: true,
  probe: true,
};
const probeDns: Step = {
  url: `https://${CI}/`,
  type: "xmlhttprequest",
  error: "net::ERR_NAME_NOT_RESOLVED",
  probe: true,
};

const rules: Array<{
  title: string;
  steps: Step[];
  entry: string;
  host: string;
  https: string[];
  websocket: string[];
  findings: string[];
  awaiting: string[];
}> = [
  {
    title: "a DNS failure blocks the https channel of its entry",
    steps: [{ url: `https://${API}/history`, error: "net::ERR_NAME_NOT_RESOLVED" }],
    entry: "api",
    host: API,
    https: ["dns"],
    websocket: [],
    findings: ["api"],
    awaiting: [],
  },
  {
    title: "a later success on the same host and channel ends the block",
    steps: [
      { url: `https://${API}/a`, error: "net::ERR_CONNECTION_RESET" },
      { url: `https://${API}/b`, statusCode: 200 },
    ],
    entry: "api",
    host: API,
    https: [],
    websocket: [],
    findings: [],
    awaiting: [],
  },
  {
    title: "a success before the failure does not end it",
    steps: [
      { url: `https://${API}/b`, statusCode: 200 },
      { url: `https://${API}/a`, error: "net::ERR_CONNECTION_RESET" },
    ],
    entry: "api",
    host: API,
    https: ["connection"],
    websocket: [],
    findings: ["api"],
    awaiting: [],
  },
  {
    title: "an HTTP 403 from the server itself is a success",
    steps: [
      { url: `https://${API}/a`, error: "net::ERR_CONNECTION_RESET" },
      { url: `https://${API}/b`, statusCode: 403, headersReceived: true },
    ],
    entry: "api",
    host: API,
    https: [],
    websocket: [],
    findings: [],
    awaiting: [],
  },
  {
    title: "a success over https does not end a WebSocket block on a definite error (Firefox)",
    steps: [
      { url: `wss://${CI}/t`, type: "websocket", statusCode: 403, error: "NS_ERROR_WEBSOCKET_CONNECTION_REFUSED" },
      { url: `https://${CI}/api`, statusCode: 200 },
    ],
    entry: "compute-instance",
    host: CI,
    https: [],
    websocket: ["websocket"],
    findings: ["compute-instance"],
    awaiting: [],
  },
  {
    title: "a WebSocket 101 ends the WebSocket block",
    steps: [wsFailed, { url: `wss://${CI}/t`, type: "websocket", statusCode: 101 }],
    entry: "compute-instance",
    host: CI,
    https: [],
    websocket: [],
    findings: [],
    awaiting: [],
  },
  {
    title: "a failed WebSocket without a probe result is still reported as websocket, and awaits a probe",
    steps: [wsFailed],
    entry: "compute-instance",
    host: CI,
    https: [],
    websocket: ["websocket (unresolved)"],
    findings: ["compute-instance"],
    awaiting: [CI],
  },
  {
    title: "a CORS ERR_FAILED without a probe is not a finding, but awaits a probe",
    steps: [corsFailed],
    entry: "compute-instance",
    host: CI,
    https: [],
    websocket: [],
    findings: [],
    awaiting: [CI],
  },
  {
    title: "CORS ERR_FAILED + successful probe: no finding (the host answered)",
    steps: [corsFailed, probeOk],
    entry: "compute-instance",
    host: CI,
    https: [],
    websocket: [],
    findings: [],
    awaiting: [],
  },
  {
    title: "WS ERR_FAILED + successful probe: websocket (HTTPS works, the upgrade is blocked)",
    steps: [wsFailed, probeOk],
    entry: "compute-instance",
    host: CI,
    https: [],
    websocket: ["websocket"],
    findings: ["compute-instance"],
    awaiting: [],
  },
  {
    title: "WS and CORS ERR_FAILED + failing probe (dns): dns on both channels",
    steps: [wsFailed, corsFailed, probeDns],
    entry: "compute-instance",
    host: CI,
    https: ["dns"],
    websocket: ["dns"],
    findings: ["compute-instance"],
    awaiting: [],
  },
  {
    title: "ERR_FAILED after a failing probe takes the probe's kind at once",
    steps: [probeDns, wsFailed, corsFailed],
    entry: "compute-instance",
    host: CI,
    https: ["dns"],
    websocket: ["dns"],
    findings: ["compute-instance"],
    awaiting: [],
  },
  {
    title: "ERR_FAILED after a successful probe: websocket for the socket, nothing for the plain request",
    steps: [probeOk, wsFailed, corsFailed],
    entry: "compute-instance",
    host: CI,
    https: [],
    websocket: ["websocket"],
    findings: ["compute-instance"],
    awaiting: [],
  },
  {
    title: "a successful probe does not clear a blocked WebSocket channel",
    steps: [{ url: `wss://${CI}/t`, type: "websocket", error: "NS_ERROR_WEBSOCKET_CONNECTION_REFUSED" }, probeOk],
    entry: "compute-instance",
    host: CI,
    https: [],
    websocket: ["websocket"],
    findings: ["compute-instance"],
    awaiting: [],
  },
  {
    title: "a successful probe marks https reachable: an https block ends",
    steps: [{ url: `https://${CI}/a`, error: "net::ERR_CONNECTION_RESET" }, probeOk],
    entry: "compute-instance",
    host: CI,
    https: [],
    websocket: [],
    findings: [],
    awaiting: [],
  },
  {
    title: "a failing probe alone is evidence, not a finding",
    steps: [probeDns],
    entry: "compute-instance",
    host: CI,
    https: [],
    websocket: [],
    findings: [],
    awaiting: [],
  },
  {
    title: "a studio https answer settles a waiting WebSocket as websocket and drops a waiting CORS failure",
    steps: [wsFailed, corsFailed, { url: `https://${CI}/ok`, statusCode: 200 }],
    entry: "compute-instance",
    host: CI,
    https: [],
    websocket: ["websocket"],
    findings: ["compute-instance"],
    awaiting: [],
  },
  {
    title: "a studio https DNS failure gives its kind to a waiting WebSocket",
    steps: [wsFailed, { url: `https://${CI}/x`, error: "net::ERR_NAME_NOT_RESOLVED" }],
    entry: "compute-instance",
    host: CI,
    https: ["dns"],
    websocket: ["dns"],
    findings: ["compute-instance"],
    awaiting: [],
  },
  {
    title: "a 407 then ERR_FAILED WebSocket is proxy-auth at once",
    steps: [{ url: `wss://${CI}/t`, type: "websocket", proxyAuth: true, error: "net::ERR_FAILED" }],
    entry: "compute-instance",
    host: CI,
    https: [],
    websocket: ["proxy-auth"],
    findings: ["compute-instance"],
    awaiting: [],
  },
  {
    title: "pending without headers for 15 s is a suspected timeout",
    steps: [{ url: `https://${API}/slow`, pending: true, elapsedMs: 15_000 }],
    entry: "api",
    host: API,
    https: ["timeout"],
    websocket: [],
    findings: ["api"],
    awaiting: [],
  },
  {
    title: "pending → timeout → completed clears the timeout",
    steps: [
      { url: `https://${API}/slow`, pending: true, elapsedMs: 15_000 },
      { url: `https://${API}/slow`, statusCode: 200, elapsedMs: 21_000 },
    ],
    entry: "api",
    host: API,
    https: [],
    websocket: [],
    findings: [],
    awaiting: [],
  },
  {
    title: "pending for less than 15 s is nothing yet",
    steps: [
      { url: `https://${API}/a`, statusCode: 200 },
      { url: `https://${API}/slow`, pending: true, elapsedMs: 5_000 },
    ],
    entry: "api",
    host: API,
    https: [],
    websocket: [],
    findings: [],
    awaiting: [],
  },
  {
    title: "aborts and cache misses are ignored",
    steps: [
      { url: `https://${API}/a`, statusCode: 200 },
      { url: `https://${API}/b`, error: "net::ERR_ABORTED" },
      { url: `https://${API}/c`, error: "net::ERR_CACHE_MISS" },
      { url: `https://${API}/d`, error: "NS_BINDING_ABORTED" },
    ],
    entry: "api",
    host: API,
    https: [],
    websocket: [],
    findings: [],
    awaiting: [],
  },
  {
    title: "blocked-by-client is kept as information, not a finding",
    steps: [{ url: `https://${API}/a`, error: "net::ERR_BLOCKED_BY_CLIENT" }],
    entry: "api",
    host: API,
    https: ["blocked-by-client"],
    websocket: [],
    findings: [],
    awaiting: [],
  },
  {
    title: "a policy block is a finding",
    steps: [{ url: `https://${API}/a`, error: "net::ERR_BLOCKED_BY_ADMINISTRATOR" }],
    entry: "api",
    host: API,
    https: ["policy"],
    websocket: [],
    findings: ["api"],
    awaiting: [],
  },
  {
    title: "hosts are matched case-insensitively, with the port dropped",
    steps: [{ url: `https://WestEurope.API.AzureML.ms:443/a`, error: "net::ERR_CERT_AUTHORITY_INVALID" }],
    entry: "api",
    host: API,
    https: ["tls"],
    websocket: [],
    findings: ["api"],
    awaiting: [],
  },
];

describe("reduce follows the diagnosis rules", () => {
  test.each(rules)("$title", ({ steps, entry, host: name, https, websocket, findings, awaiting }) => {
    const state = run(steps);
    expect(activeKinds(host(state, entry, name))).toEqual({ https, websocket });
    expect(blockedEntryIds(state)).toEqual(findings);
    expect(hasFindings(state)).toBe(findings.length > 0);
    expect(hostsAwaitingProbe(state)).toEqual(awaiting);
  });
});

describe("what the state records", () => {
  test("counts, first and last seen (ISO 8601) and the raw error per kind", () => {
    const state = run([
      { url: `https://${API}/a`, error: "net::ERR_NAME_NOT_RESOLVED" },
      { url: `https://${API}/b`, error: "net::ERR_NAME_NOT_RESOLVED" },
      { url: `https://${API}/c`, error: "net::ERR_NAME_NOT_RESOLVED" },
    ]);
    expect(host(state, "api", API).https?.failures.dns).toEqual({
      error: "net::ERR_NAME_NOT_RESOLVED",
      count: 3,
      firstSeen: "2026-11-28T09:00:00.000Z",
      lastSeen: "2026-11-28T09:00:02.000Z",
      active: true,
    });
  });

  test.each([T0, T0 + 999.9, T0 + 1000, T0 + 59_999, 0, -1, 1.5, Date.UTC(2030, 0, 1, 23, 59, 59, 7)])(
    "time %d is written as Date#toISOString writes it",
    (time) => {
      const state = reduce(
        createState(),
        seen({ url: `https://${API}/a`, type: "xmlhttprequest", error: "net::ERR_NAME_NOT_RESOLVED", time }),
        T0,
        TINY_CATALOG,
      );
      expect(host(state, "api", API).https?.failures.dns?.firstSeen).toBe(new Date(Math.floor(time)).toISOString());
    },
  );

  test("history stays after a success ends the block", () => {
    const state = run([
      { url: `https://${API}/a`, error: "net::ERR_CONNECTION_RESET" },
      { url: `https://${API}/b`, statusCode: 200 },
    ]);
    const https = host(state, "api", API).https!;
    expect(https.failures.connection).toMatchObject({ count: 1, active: false });
    expect(https.ok).toBe(1);
  });

  test("a probe-settled failure says it came from the probe, with the probe's error", () => {
    const state = run([wsFailed, probeDns]);
    expect(host(state, "compute-instance", CI).websocket?.failures.dns).toMatchObject({
      error: "net::ERR_NAME_NOT_RESOLVED",
      probed: true,
      count: 1,
    });
  });

  test("probes are never counted as studio traffic", () => {
    const state = run([probeOk, probeOk, probeDns]);
    expect(state.counts).toMatchObject({ observations: 0, probes: 3 });
    const h = host(state, "compute-instance", CI);
    expect(h.https).toBeUndefined();
    expect(h.websocket).toBeUndefined();
  });

  test("the sample is scheme://host[:port] only, and no path, query, token or credential is stored", () => {
    const state = run([
      {
        url: `wss://user:pw@${CI}:8787/terminal/abc?token=eyJhbGciOi#frag`,
        type: "websocket",
        error: "net::ERR_FAILED",
      },
      { url: `https://${API}/history?sig=SECRETSIG&code=OAUTHCODE`, error: "net::ERR_NAME_NOT_RESOLVED" },
      {
        url: `https://evil.example.net/x?access_token=abc`,
        error: "weird failure at https://evil.example.net/path?sig=LEAK Bearer abc.def",
      },
    ]);
    expect(host(state, "compute-instance", CI).websocket?.sample).toBe(`wss://${CI}:8787`);
    const json = JSON.stringify(state);
    for (const secret of [
      "terminal",
      "token=",
      "eyJhbGciOi",
      "frag",
      "user:pw",
      "pw@",
      "history",
      "SECRETSIG",
      "sig=",
      "OAUTHCODE",
      "code=",
      "access_token",
      "LEAK",
      "abc.def",
      "/path",
      "/x",
    ]) {
      expect(json, secret).not.toContain(secret);
    }
  });

  test.each([
    "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.payload.signature",
    'proxy answered {"access_token": "eyJhbGciOiJSUzI1NiJ9.payload.signature"}',
  ])("a token in an error string without a URL or '=' is not stored: %s", (error) => {
    const state = run([
      { url: `https://${API}/`, error },
      { url: `wss://${CI}/t`, type: "websocket", error },
    ]);
    expect(JSON.stringify(state)).not.toContain("eyJhbGciOi");
    expect(host(state, "api", API).https?.failures.other?.count).toBe(1);
  });

  test.each([
    { title: "a successful probe", steps: [corsFailed, probeOk] },
    { title: "a studio https answer", steps: [corsFailed, { url: `https://${CI}/ok`, statusCode: 200 }] },
    { title: "an earlier successful probe", steps: [probeOk, corsFailed] },
  ])(
    "a plain ERR_FAILED settled by $title is counted as CORS and leaves no failure, not even an inactive one",
    ({ steps }) => {
      const h = host(run(steps), "compute-instance", CI);
      expect(h.cors).toBe(1);
      expect(h.https?.failures ?? {}).toEqual({});
      expect(h.https?.unresolved).toBeUndefined();
    },
  );

  test("hosts outside the catalog are kept apart", () => {
    const state = run([{ url: "https://cdn.example.org/lib.js", error: "net::ERR_NAME_NOT_RESOLVED" }]);
    expect(Object.keys(state.unmatched)).toEqual(["cdn.example.org"]);
    expect(state.entries).toEqual({});
    expect(blockedEntryIds(state)).toEqual([]);
  });

  test("IP literals and extension URLs are counted but kept out", () => {
    const state = run([
      { url: "https://10.0.0.4/api", error: "net::ERR_CONNECTION_REFUSED" },
      { url: "chrome-extension://abcdef/popup.html", statusCode: 200 },
    ]);
    expect(state.counts.noHost).toBe(2);
    expect(state.unmatched).toEqual({});
  });

  test("the state is plain JSON: a round trip through JSON changes nothing and reduces the same", () => {
    const steps: Step[] = [wsFailed, corsFailed, { url: `https://${API}/a`, error: "net::ERR_NAME_NOT_RESOLVED" }];
    const state = run(steps);
    const copy = JSON.parse(JSON.stringify(state)) as DiagnosisState;
    expect(copy).toEqual(state);
    expect(run([probeOk], copy)).toEqual(run([probeOk], state));
  });

  test("the same observations give the same state (deterministic)", () => {
    const steps: Step[] = [wsFailed, probeDns, { url: `https://${API}/a`, pending: true, elapsedMs: 20_000 }];
    expect(JSON.stringify(run(steps))).toBe(JSON.stringify(run(steps)));
  });
});

// Floods of 100,000 observations: about 1 s each on an idle machine, several on a shared one. Every
// other unit test keeps vitest's 5 s default, so a hang there still shows early.
describe("bounds", { timeout: 30_000 }, () => {
  const kinds = [
    "net::ERR_NAME_NOT_RESOLVED",
    "net::ERR_TUNNEL_CONNECTION_FAILED",
    "net::ERR_CERT_AUTHORITY_INVALID",
    "net::ERR_CONNECTION_RESET",
    "NS_ERROR_PROXY_FORBIDDEN",
    "net::ERR_BLOCKED_BY_ADMINISTRATOR",
    "net::ERR_SOMETHING_ODD",
    "net::ERR_PROXY_CONNECTION_FAILED",
    "net::ERR_FAILED",
    "net::ERR_BLOCKED_BY_CLIENT",
  ];
  const long = "a".repeat(60);

  function flood(count: number): DiagnosisState {
    let state = createState();
    for (let i = 0; i < count; i++) {
      const n = i % 997;
      const pick = i % 7;
      const url =
        pick === 0
          ? `https://${long}${n}.${long}.blob.core.windows.net/c/blob?sig=x${i}`
          : pick === 1
            ? `wss://${long}${n}.westeurope.instances.azureml.ms/t`
            : pick === 2
              ? `https://${long}${n}.unmatched-${n % 50}.example.com/p`
              : pick === 3
                ? `https://${long}${n}.api.azureml.ms/x`
                : pick === 4
                  ? `https://ml.azure.com/x`
                  : pick === 5
                    ? `https://${long}${n}.batch.azure.com/x`
                    : `https://${long}${n}.aznbcontent.net/x`;
      const observation = seen(
        i % 11 === 0
          ? { url, type: "xmlhttprequest", statusCode: 200, time: T0 + i }
          : {
              url,
              type: url.startsWith("wss") ? "websocket" : "xmlhttprequest",
              error: kinds[i % kinds.length]!,
              time: T0 + i,
            },
      );
      state = reduce(state, observation, T0 + i, TINY_CATALOG);
    }
    return state;
  }

  test("after 100,000 observations of many hosts and kinds the JSON stays under 256 KB, and counts are kept", () => {
    const state = flood(100_000);
    const bytes = new TextEncoder().encode(JSON.stringify(state)).length;
    expect(bytes).toBeLessThan(256 * 1024);
    expect(state.counts.observations).toBe(100_000);
    // The bounds are written as numbers, not as LIMITS.*, so raising one fails here (and in the
    // tests below) until the 256 KB worst case above is rechecked with it.
    expect(Object.keys(state.unmatched)).toHaveLength(16);
    expect(state.matchedHosts).toBe(40);
    let listed = 0;
    let overflowHosts = 0;
    for (const entry of Object.values(state.entries)) {
      expect(Object.keys(entry.hosts).length).toBeLessThanOrEqual(16);
      listed += Object.keys(entry.hosts).length;
      overflowHosts += entry.overflow?.hosts ?? 0;
      for (const h of Object.values(entry.hosts)) {
        for (const c of [h.https, h.websocket]) if (c) expect(Object.keys(c.failures).length).toBeLessThanOrEqual(4);
      }
    }
    expect(listed).toBe(state.matchedHosts);
    expect(overflowHosts + (state.unmatchedOverflow?.hosts ?? 0)).toBeGreaterThan(0);
  });

  test("one entry lists 16 blocked hosts; the 17th and later are counted, not listed", () => {
    const steps: Step[] = Array.from({ length: 20 }, (_, i) => ({
      url: `https://acct${i}.blob.core.windows.net/c`,
      error: "net::ERR_NAME_NOT_RESOLVED",
    }));
    const entry = run(steps).entries.storage;
    expect(Object.keys(entry?.hosts ?? {})).toHaveLength(16);
    expect(entry?.overflow).toEqual({ hosts: 0, observations: 4, blocked: 4 });
  });

  test("all entries together list 40 hosts, and 16 hosts outside the catalog", () => {
    const prefixes = ["blob.core.windows.net", "instances.azureml.ms", "batch.azure.com", "aznbcontent.net"];
    const matched: Step[] = Array.from({ length: 60 }, (_, i) => ({
      url: `https://h${i}.${prefixes[i % 4]}/`,
      statusCode: 200,
    }));
    const unmatched: Step[] = Array.from({ length: 30 }, (_, i) => ({
      url: `https://h${i}.example.org/`,
      error: "net::ERR_NAME_NOT_RESOLVED",
    }));
    const state = run([...matched, ...unmatched]);
    expect(state.matchedHosts).toBe(40);
    expect(Object.values(state.entries).reduce((sum, entry) => sum + Object.keys(entry.hosts).length, 0)).toBe(40);
    expect(Object.keys(state.unmatched)).toHaveLength(16);
  });

  test("a channel keeps the 4 most recent failure kinds of its host", () => {
    const errors = [
      "net::ERR_NAME_NOT_RESOLVED",
      "net::ERR_TUNNEL_CONNECTION_FAILED",
      "net::ERR_CERT_AUTHORITY_INVALID",
      "net::ERR_CONNECTION_RESET",
      "net::ERR_CONNECTION_TIMED_OUT",
      "net::ERR_BLOCKED_BY_ADMINISTRATOR",
    ];
    const state = run(errors.map((error) => ({ url: `https://${API}/x`, error })));
    expect(Object.keys(host(state, "api", API).https?.failures ?? {})).toHaveLength(4);
  });

  test.each([
    { title: "ASCII", filler: "a" },
    { title: "control characters (six bytes each in JSON)", filler: "\u0001" },
    { title: "Japanese (three bytes each in UTF-8)", filler: "\u65e5" },
    { title: "emoji (surrogate pairs)", filler: "\u{1F525}" },
  ])(
    "hostile variety stays under 256 KB: 253-character hosts, every kind on both channels, 200-character errors of $title",
    ({ filler }) => {
      const suffixes = [
        "azureml.ms",
        "instances.azureml.ms",
        "blob.core.windows.net",
        "batch.azure.com",
        "aznbcontent.net",
        "vscode.dev",
        "instances.azureml.net",
        "elsewhere.example",
      ];
      const long = (prefix: string) => `${prefix}${filler.repeat(200)}`;
      let state = createState();
      let t = T0;
      const see = (observation: Omit<Seen, "time">) => {
        t += 1000;
        // Addresses of the longest form browsers write (IPv4-mapped IPv6, 45 characters), a new one each time.
        const ip = `0000:0000:0000:0000:0000:ffff:255.255.${(t / 1000) % 256}.${((t / 7000) % 256) | 0}`;
        state = reduce(state, seen({ ...observation, time: t, ip }), t, TINY_CATALOG);
      };
      for (let i = 0; state.counts.observations < 100_000; i++) {
        const suffix = suffixes[i % suffixes.length]!;
        const label = (n: number) => `h${i}-${n}-`.padEnd(63, "x");
        const name = `${label(1)}.${label(2)}.${label(3)}.${suffix}`.slice(-253).replace(/^[.-]+/, "");
        const https = `https://${name}:65535/`;
        const wss = `wss://${name}:65535/`;
        see({ url: https, type: "xmlhttprequest", error: `net::ERR_FAILED${" ".repeat(185)}` });
        see({ url: wss, type: "websocket", error: `net::ERR_FAILED${" ".repeat(185)}` });
        see({ url: https, type: "xmlhttprequest", error: long("WHATEVER_") });
        see({ url: https, type: "xmlhttprequest", error: long("net::ERR_BLOCKED_BY_") });
        see({ url: https, type: "xmlhttprequest", pending: true, elapsedMs: 20_000, error: long("pending ") });
        see({ url: https, type: "xmlhttprequest", statusCode: 407, error: long("proxy ") });
        for (const prefix of [
          "net::ERR_CERT_",
          "net::ERR_DNS_",
          "net::ERR_QUIC_",
          "NS_ERROR_PROXY_",
          "net::ERR_PAC_",
        ]) {
          see({ url: wss, type: "websocket", error: long(prefix) });
        }
      }
      const bytes = new TextEncoder().encode(JSON.stringify(state)).length;
      expect(bytes).toBeLessThan(256 * 1024);
      expect(blockedEntryIds(state).length).toBeGreaterThan(0);
      const someHost = Object.values(Object.values(state.entries)[0]!.hosts)[0]!;
      expect(someHost.addresses).toHaveLength(LIMITS.addressesPerHost);
    },
  );

  test("a blocked host is not evicted to make room for hosts that answered", () => {
    let state = run([{ url: `https://blocked.blob.core.windows.net/c`, error: "net::ERR_NAME_NOT_RESOLVED" }]);
    for (let i = 0; i < LIMITS.hostsPerEntry * 3; i++) {
      state = reduce(
        state,
        seen({
          url: `https://ok${i}.blob.core.windows.net/c`,
          type: "xmlhttprequest",
          statusCode: 200,
          time: T0 + 10_000 + i,
        }),
        T0,
        TINY_CATALOG,
      );
    }
    expect(state.entries.storage?.hosts["blocked.blob.core.windows.net"]).toBeDefined();
    expect(blockedEntryIds(state)).toEqual(["storage"]);
    expect(state.entries.storage?.overflow?.hosts).toBeGreaterThan(0);
  });
});

describe("an upgrade that completes with a status other than 101", () => {
  test("is a WebSocket block with the status as its error, while HTTPS to the host still counts as working", () => {
    let state = createState();
    const host = "ci1.westeurope.instances.azureml.ms";
    state = reduce(
      state,
      seen({
        url: `https://${host}/api/status`,
        type: "xmlhttprequest",
        statusCode: 200,
        headersReceived: true,
        time: 1,
      }),
      1,
      TINY_CATALOG,
    );
    state = reduce(
      state,
      seen({
        url: `wss://${host}/api/kernels/k/channels`,
        type: "websocket",
        statusCode: 403,
        headersReceived: true,
        time: 2,
      }),
      2,
      TINY_CATALOG,
    );
    expect(blockedEntryIds(state)).toEqual(["compute-instance"]);
    const report = buildReport(state, { catalog: TINY_CATALOG, lang: "en", now: 3, toolVersion: "0.1.0" });
    expect(report.findings[0]?.failures).toMatchObject([{ kind: "websocket", websocket: true, error: "HTTP 403" }]);
  });
});
