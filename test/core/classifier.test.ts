import { describe, expect, test } from "vitest";
import {
  FAILURE_PREFIXES,
  FAILURE_TABLE,
  NO_RESPONSE_ERROR,
  classifyFailure,
  isAmbiguousError,
  kindOfError,
} from "../../src/core/classifier.js";
import { BLOCKING_KINDS, NON_BLOCKING_KINDS, type FailureKind, type Observation } from "../../src/core/observation.js";
import { SOCKET_HEALTH_KINDS } from "../../src/core/websocket-health.js";
import { seen, type Seen } from "../fixtures/seen.js";

const T = Date.UTC(2026, 10, 28, 9, 0, 0);

function obs(fields: Partial<Seen>): Observation {
  return seen({ url: "https://api.azureml.ms/x", type: "xmlhttprequest", time: T, ...fields });
}

// What the browsers were seen to report (docs/reference/*-network-failures.md), case by case.
const observed: Array<{ title: string; observation: Observation; kind: FailureKind | null }> = [
  { title: "Chromium DNS failure is dns", observation: obs({ error: "net::ERR_NAME_NOT_RESOLVED" }), kind: "dns" },
  {
    title: "Chromium proxy 403/502/503 on CONNECT is proxy-refused",
    observation: obs({ error: "net::ERR_TUNNEL_CONNECTION_FAILED" }),
    kind: "proxy-refused",
  },
  {
    title: "Chromium untrusted CA (TLS interception) is tls",
    observation: obs({ error: "net::ERR_CERT_AUTHORITY_INVALID" }),
    kind: "tls",
  },
  {
    title: "Chromium refused TCP is connection",
    observation: obs({ error: "net::ERR_CONNECTION_REFUSED" }),
    kind: "connection",
  },
  {
    title: "Chromium TCP RST is connection",
    observation: obs({ error: "net::ERR_CONNECTION_RESET" }),
    kind: "connection",
  },
  {
    title: "Chromium proxy that closes without answering is connection",
    observation: obs({ error: "net::ERR_EMPTY_RESPONSE" }),
    kind: "connection",
  },
  {
    title: "Chromium proxy down is proxy-unreachable",
    observation: obs({ error: "net::ERR_PROXY_CONNECTION_FAILED" }),
    kind: "proxy-unreachable",
  },
  {
    title: "Chromium connect timeout is timeout",
    observation: obs({ error: "net::ERR_CONNECTION_TIMED_OUT" }),
    kind: "timeout",
  },
  { title: "Chromium page abort is ignored", observation: obs({ error: "net::ERR_ABORTED" }), kind: "ignored" },
  { title: "Chromium cache miss is ignored", observation: obs({ error: "net::ERR_CACHE_MISS" }), kind: "ignored" },
  {
    title: "Chromium ad blocker is blocked-by-client",
    observation: obs({ error: "net::ERR_BLOCKED_BY_CLIENT" }),
    kind: "blocked-by-client",
  },
  {
    title: "Chromium URLBlocklist policy is policy",
    observation: obs({ error: "net::ERR_BLOCKED_BY_ADMINISTRATOR" }),
    kind: "policy",
  },
  {
    title: "Chromium ERR_BLOCKED_BY_POLICY is policy",
    observation: obs({ error: "net::ERR_BLOCKED_BY_POLICY" }),
    kind: "policy",
  },
  {
    title: "Chromium failed WebSocket with no other evidence is websocket",
    observation: obs({
      url: "wss://ci.westeurope.instances.azureml.ms/t",
      type: "websocket",
      error: "net::ERR_FAILED",
    }),
    kind: "websocket",
  },
  {
    title: "a wss URL is a WebSocket even when the type is unknown",
    observation: obs({ url: "wss://ci.westeurope.instances.azureml.ms/t", type: "other", error: "net::ERR_FAILED" }),
    kind: "websocket",
  },
  {
    title: "Chromium CORS rejection (ERR_FAILED on a plain request) is other until a probe says more",
    observation: obs({ error: "net::ERR_FAILED" }),
    kind: "other",
  },
  {
    title: "Chromium 407 status is proxy-auth",
    observation: obs({ statusCode: 407, headersReceived: true }),
    kind: "proxy-auth",
  },
  {
    title: "Chromium 407 then ERR_FAILED on a WebSocket is proxy-auth",
    observation: obs({
      type: "websocket",
      url: "wss://a.instances.azureml.net/",
      proxyAuth: true,
      error: "net::ERR_FAILED",
    }),
    kind: "proxy-auth",
  },
  {
    title: "Chromium 407 image then ERR_TUNNEL_CONNECTION_FAILED is proxy-auth",
    observation: obs({ type: "image", statusCode: 407, error: "net::ERR_TUNNEL_CONNECTION_FAILED" }),
    kind: "proxy-auth",
  },
  {
    title: "HAR error without the net:: prefix is still known",
    observation: obs({ error: "ERR_NAME_NOT_RESOLVED" }),
    kind: "dns",
  },
  { title: "Firefox DNS failure is dns", observation: obs({ error: "NS_ERROR_UNKNOWN_HOST" }), kind: "dns" },
  {
    title: "Firefox proxy 403 is proxy-refused",
    observation: obs({ error: "NS_ERROR_PROXY_FORBIDDEN" }),
    kind: "proxy-refused",
  },
  {
    title: "Firefox proxy 502 is proxy-refused",
    observation: obs({ error: "NS_ERROR_PROXY_BAD_GATEWAY" }),
    kind: "proxy-refused",
  },
  {
    title: "Firefox proxy 429 is proxy-refused",
    observation: obs({ error: "NS_ERROR_PROXY_TOO_MANY_REQUESTS" }),
    kind: "proxy-refused",
  },
  {
    title: "Firefox proxy 504 is timeout",
    observation: obs({ error: "NS_ERROR_PROXY_GATEWAY_TIMEOUT" }),
    kind: "timeout",
  },
  {
    title: "Firefox proxy status without its own row is proxy-refused",
    observation: obs({ error: "NS_ERROR_PROXY_EXPECTATION_FAILED" }),
    kind: "proxy-refused",
  },
  {
    title: "Firefox refused connection (or proxy 503) is connection",
    observation: obs({ error: "NS_ERROR_CONNECTION_REFUSED" }),
    kind: "connection",
  },
  { title: "Firefox reset is connection", observation: obs({ error: "NS_ERROR_NET_RESET" }), kind: "connection" },
  {
    title: "Firefox proxy not listening is proxy-unreachable",
    observation: obs({ error: "NS_ERROR_PROXY_CONNECTION_REFUSED" }),
    kind: "proxy-unreachable",
  },
  {
    title: "Firefox unresolvable proxy host is proxy-unreachable",
    observation: obs({ error: "NS_ERROR_UNKNOWN_PROXY_HOST" }),
    kind: "proxy-unreachable",
  },
  {
    title: "Firefox 407 without a challenge is proxy-auth",
    observation: obs({ error: "NS_ERROR_PROXY_AUTHENTICATION_FAILED" }),
    kind: "proxy-auth",
  },
  {
    title: "Firefox 407 cancelled by our blocking handler is proxy-auth",
    observation: obs({ error: "NS_ERROR_ABORT", proxyAuth: true }),
    kind: "proxy-auth",
  },
  {
    title: "Firefox untrusted CA sentence (U+2019) is tls",
    observation: obs({ error: "Peer\u2019s Certificate issuer is not recognized." }),
    kind: "tls",
  },
  {
    title: "Firefox untrusted CA sentence with an ASCII apostrophe is tls",
    observation: obs({ error: "Peer's Certificate issuer is not recognized." }),
    kind: "tls",
  },
  {
    title: "Firefox name mismatch sentence is tls",
    observation: obs({
      error:
        "Unable to communicate securely with peer: requested domain name does not match the server\u2019s certificate.",
    }),
    kind: "tls",
  },
  {
    title: "Firefox self-signed sentence is tls",
    observation: obs({ error: "The certificate is not trusted because it is self-signed." }),
    kind: "tls",
  },
  {
    title: "Firefox expired sentence is tls",
    observation: obs({
      type: "websocket",
      url: "wss://a.instances.azureml.net/",
      error: "Peer\u2019s Certificate has expired.",
    }),
    kind: "tls",
  },
  {
    title: "Firefox TLS sentence not in the table is tls by its words",
    observation: obs({ error: "SSL peer rejected a handshake message for unacceptable content." }),
    kind: "tls",
  },
  {
    title: "Firefox BiDi security failure is tls",
    observation: obs({ error: "NS_ERROR_GENERATE_FAILURE(NS_ERROR_MODULE_SECURITY, SEC_ERROR_UNKNOWN_ISSUER)" }),
    kind: "tls",
  },
  { title: "Firefox NSS code is tls", observation: obs({ error: "SEC_ERROR_UNKNOWN_ISSUER" }), kind: "tls" },
  {
    title: "Firefox refused WebSocket upgrade (after a visible 403) is websocket",
    observation: obs({
      type: "websocket",
      url: "wss://a.instances.azureml.net/",
      statusCode: 403,
      headersReceived: true,
      error: "NS_ERROR_WEBSOCKET_CONNECTION_REFUSED",
    }),
    kind: "websocket",
  },
  { title: "Firefox page abort is ignored", observation: obs({ error: "NS_BINDING_ABORTED" }), kind: "ignored" },
  {
    title: "Firefox failed CORS preflight is ignored (the server answered)",
    observation: obs({ error: "NS_ERROR_DOM_BAD_URI" }),
    kind: "ignored",
  },
  {
    title: "Firefox extension cancel is blocked-by-client",
    observation: obs({ error: "NS_ERROR_ABORT" }),
    kind: "blocked-by-client",
  },
  {
    title: "Firefox tracking protection is blocked-by-client",
    observation: obs({ error: "NS_ERROR_TRACKING_URI" }),
    kind: "blocked-by-client",
  },
  {
    title: "Firefox enterprise policy block is policy",
    observation: obs({ error: "NS_ERROR_BLOCKED_BY_POLICY" }),
    kind: "policy",
  },
  { title: "Firefox timeout is timeout", observation: obs({ error: "NS_ERROR_NET_TIMEOUT" }), kind: "timeout" },
  { title: "an unknown string is other", observation: obs({ error: "net::ERR_SOMETHING_NEW" }), kind: "other" },
  { title: "an unknown Firefox name is other", observation: obs({ error: "NS_ERROR_SOMETHING_NEW" }), kind: "other" },
  { title: "HTTP 200 is not a failure", observation: obs({ statusCode: 200, headersReceived: true }), kind: null },
  {
    title: "HTTP 403 from the server itself is not a failure (the host answered)",
    observation: obs({ statusCode: 403, headersReceived: true }),
    kind: null,
  },
  { title: "HTTP 500 from the server itself is not a failure", observation: obs({ statusCode: 500 }), kind: null },
  {
    title: "a WebSocket 101 is not a failure",
    observation: obs({ type: "websocket", url: "wss://a.instances.azureml.net/", statusCode: 101 }),
    kind: null,
  },
  {
    title: "Firefox: an empty 403 to an upgrade completes with no error event, and is websocket",
    observation: obs({
      type: "websocket",
      url: "wss://a.instances.azureml.net/",
      statusCode: 403,
      headersReceived: true,
    }),
    kind: "websocket",
  },
  {
    title: "an upgrade answered 200 (no switch) is websocket",
    observation: obs({
      type: "websocket",
      url: "wss://a.instances.azureml.net/",
      statusCode: 200,
      headersReceived: true,
    }),
    kind: "websocket",
  },
  {
    title: "a plain request answered 403 by the server is not a failure",
    observation: obs({
      type: "xmlhttprequest",
      url: "https://a.instances.azureml.net/",
      statusCode: 403,
      headersReceived: true,
    }),
    kind: null,
  },
  {
    title: "pending without headers after 15 s is timeout",
    observation: obs({ pending: true, elapsedMs: 15_000 }),
    kind: "timeout",
  },
  {
    title: "pending without headers for 14.9 s is not yet a failure",
    observation: obs({ pending: true, elapsedMs: 14_900 }),
    kind: null,
  },
  {
    title: "pending with headers (a slow body) is not a timeout",
    observation: obs({ pending: true, elapsedMs: 60_000, headersReceived: true }),
    kind: null,
  },
  {
    title: "an empty error string with a status is not a failure",
    observation: obs({ error: "", statusCode: 204 }),
    kind: null,
  },
  // Answers that still mean broken: what answerOf keeps of the response headers.
  {
    title: "storage 403 AuthorizationFailure (its firewall) is azure-refused",
    observation: obs({
      url: "https://acct.blob.core.windows.net/c",
      statusCode: 403,
      answer: { azure: true, msErrorCode: "AuthorizationFailure" },
    }),
    kind: "azure-refused",
  },
  {
    title: "storage 403 AuthorizationPermissionMismatch (a missing role) is not a failure",
    observation: obs({
      url: "https://acct.blob.core.windows.net/c",
      statusCode: 403,
      answer: { azure: true, msErrorCode: "AuthorizationPermissionMismatch" },
    }),
    kind: null,
  },
  {
    title: "a proxy's 403 block page without Azure's headers is proxy-answered",
    observation: obs({ statusCode: 403, answer: { proxy: "via: 1.1 squid", proxyError: true } }),
    kind: "proxy-answered",
  },
  {
    title: "a block page where an image was expected (headers, then net::ERR_BLOCKED_BY_ORB) is still proxy-answered",
    observation: obs({
      type: "image",
      statusCode: 403,
      headersReceived: true,
      error: "net::ERR_BLOCKED_BY_ORB",
      answer: { proxy: "via: 1.1 squid", proxyError: true },
    }),
    kind: "proxy-answered",
  },
  {
    title: "a block page the page could not read (Chromium: headers, then net::ERR_FAILED) is still proxy-answered",
    observation: obs({
      statusCode: 403,
      headersReceived: true,
      error: "net::ERR_FAILED",
      answer: { proxy: "via: 1.1 squid" },
    }),
    kind: "proxy-answered",
  },
];

describe("classifyFailure on what browsers really report", () => {
  test.each(observed)("$title", ({ observation, kind }) => {
    expect(classifyFailure(observation)).toBe(kind);
  });

  test("every failure kind is produced by at least one observed case", () => {
    const produced = new Set(observed.map((c) => c.kind));
    // The websocket-* kinds after the handshake come from page-seen closes (test/core/websocket-health.test.ts);
    // private-dns is a verdict on a whole session's addresses (src/core/network.ts), never on one observation.
    for (const kind of [...BLOCKING_KINDS, ...NON_BLOCKING_KINDS])
      if (!SOCKET_HEALTH_KINDS.has(kind) && kind !== "private-dns") expect(produced, kind).toContain(kind);
  });
});

describe("the failure table", () => {
  test("each error string appears once", () => {
    const seen = new Set<string>();
    for (const rule of FAILURE_TABLE) {
      expect(seen.has(rule.error), rule.error).toBe(false);
      seen.add(rule.error);
    }
  });

  test("every row classifies as its table says, also through classifyFailure", () => {
    for (const rule of FAILURE_TABLE) {
      expect(kindOfError(rule.error), rule.error).toBe(rule.kind);
      if (rule.error === "net::ERR_FAILED") continue;
      expect(classifyFailure(obs({ error: rule.error })), rule.error).toBe(rule.kind);
    }
  });

  test("Chromium rows are net::ERR_ names, Firefox rows are NS_ names or sentences", () => {
    for (const rule of FAILURE_TABLE) {
      if (rule.browser === "chromium") expect(rule.error).toMatch(/^net::ERR_[A-Z0-9_]+$/);
      else if (rule.browser === "firefox") expect(rule.error).toMatch(/^(NS_[A-Z0-9_]+|[A-Z][^\n]+\.)$/);
      else expect(rule.error).toBe(NO_RESPONSE_ERROR);
    }
  });

  test("prefix rules are reached only for names the table does not list", () => {
    expect(kindOfError("net::ERR_CERT_SOMETHING_NEW")).toBe("tls");
    expect(kindOfError("net::ERR_DNS_SOMETHING_NEW")).toBe("dns");
    expect(kindOfError("MOZILLA_PKIX_ERROR_MITM_DETECTED")).toBe("tls");
    for (const rule of FAILURE_PREFIXES) expect(kindOfError(`${rule.prefix}ZZZ`)).toBe(rule.kind);
  });
});

describe("isAmbiguousError", () => {
  test.each([
    { error: "net::ERR_FAILED", ambiguous: true },
    { error: "ERR_FAILED", ambiguous: true },
    { error: "net::ERR_NAME_NOT_RESOLVED", ambiguous: false },
    { error: "NS_ERROR_WEBSOCKET_CONNECTION_REFUSED", ambiguous: false },
    { error: NO_RESPONSE_ERROR, ambiguous: true },
  ])("$error ambiguous: $ambiguous", ({ error, ambiguous }) => {
    expect(isAmbiguousError(error)).toBe(ambiguous);
  });
});
