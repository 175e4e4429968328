/**
 * Failure classifier: one raw browser outcome → one failure kind. Table-driven over Chromium's
 * `net::ERR_*` strings and Firefox's `NS_ERROR_*` names and English TLS sentences.
 *
 * What each browser really reports is in docs/reference/chromium-network-failures.md and
 * docs/reference/firefox-network-failures.md; the Chromium names come from
 * net/base/net_error_list.h, the Firefox ones from xpcom/base/ErrorList.py and NSS's messages.
 */
import { NETWORK_REFUSAL_CODES } from "./answer.js";
import type { FailureKind, Observation } from "./observation.js";

/** Where a string comes from; `har` marks what the HAR reader writes itself. */
type Browser = "chromium" | "firefox" | "har";

export interface FailureRule {
  /** The exact error string (Firefox sentences with their U+2019 apostrophes). */
  error: string;
  kind: FailureKind;
  browser: Browser;
  /** Why this string means this kind, when it is not obvious. */
  note?: string;
}

export interface FailurePrefixRule {
  prefix: string;
  kind: FailureKind;
  browser: Browser;
  note?: string;
}

/** A request still waiting for response headers after this long is a suspected silent drop. */
export const PENDING_TIMEOUT_MS = 15_000;

/** The one Chromium string that says nothing: every failed WebSocket and every CORS rejection. */
const AMBIGUOUS_ERROR = "net::ERR_FAILED";

/** What a HAR entry with status 0 and no saved error becomes: Firefox never saves why a request failed. */
export const NO_RESPONSE_ERROR = "no response (no error saved)";

function chromium(kind: FailureKind, names: string[], note?: string): FailureRule[] {
  return names.map((name) => ({ error: `net::ERR_${name}`, kind, browser: "chromium", ...(note ? { note } : {}) }));
}

function firefox(kind: FailureKind, names: string[], note?: string): FailureRule[] {
  return names.map((error) => ({ error, kind, browser: "firefox", ...(note ? { note } : {}) }));
}

/** Every error string the classifier knows by name; docs and tests read this table. */
export const FAILURE_TABLE: readonly FailureRule[] = [
  // Chromium, net/base/net_error_list.h
  ...chromium("dns", [
    "NAME_NOT_RESOLVED",
    "NAME_RESOLUTION_FAILED",
    "ICANN_NAME_COLLISION",
    "DNS_MALFORMED_RESPONSE",
    "DNS_SERVER_REQUIRES_TCP",
    "DNS_SERVER_FAILED",
    "DNS_TIMED_OUT",
    "DNS_SEARCH_EMPTY",
    "DNS_SORT_ERROR",
    "DNS_SECURE_RESOLVER_HOSTNAME_RESOLUTION_FAILED",
    "DNS_NAME_HTTPS_ONLY",
    "DNS_NO_MATCHING_SUPPORTED_ALPN",
    "DNS_SECURE_PROBE_RECORD_INVALID",
    "HOST_RESOLVER_QUEUE_TOO_LARGE",
  ]),
  ...chromium(
    "proxy-refused",
    ["TUNNEL_CONNECTION_FAILED", "HTTPS_PROXY_TUNNEL_RESPONSE", "HTTPS_PROXY_TUNNEL_RESPONSE_REDIRECT"],
    "Chromium reports a proxy's 403, 502 or 503 answer to CONNECT this way; the status is not visible.",
  ),
  ...chromium("proxy-refused", [
    "PROXY_UNABLE_TO_CONNECT_TO_DESTINATION",
    "PROXY_DELEGATE_CANCELED_CONNECT_REQUEST",
    "SOCKS_CONNECTION_HOST_UNREACHABLE",
  ]),
  ...chromium("proxy-auth", [
    "PROXY_AUTH_REQUESTED",
    "PROXY_AUTH_UNSUPPORTED",
    "PROXY_AUTH_REQUESTED_WITH_NO_CONNECTION",
    "UNEXPECTED_PROXY_AUTH",
  ]),
  ...chromium("proxy-unreachable", [
    "PROXY_CONNECTION_FAILED",
    "MANDATORY_PROXY_CONFIGURATION_FAILED",
    "PROXY_CERTIFICATE_INVALID",
    "PROXY_HTTP_1_1_REQUIRED",
    "NO_SUPPORTED_PROXIES",
    "SOCKS_CONNECTION_FAILED",
    "PAC_SCRIPT_FAILED",
    "PAC_SCRIPT_TERMINATED",
    "PAC_STATUS_NOT_OK",
    "PAC_NOT_IN_DHCP",
  ]),
  ...chromium("tls", [
    "CERT_COMMON_NAME_INVALID",
    "CERT_DATE_INVALID",
    "CERT_AUTHORITY_INVALID",
    "CERT_CONTAINS_ERRORS",
    "CERT_NO_REVOCATION_MECHANISM",
    "CERT_UNABLE_TO_CHECK_REVOCATION",
    "CERT_REVOKED",
    "CERT_INVALID",
    "CERT_WEAK_SIGNATURE_ALGORITHM",
    "CERT_NON_UNIQUE_NAME",
    "CERT_WEAK_KEY",
    "CERT_NAME_CONSTRAINT_VIOLATION",
    "CERT_VALIDITY_TOO_LONG",
    "CERTIFICATE_TRANSPARENCY_REQUIRED",
    "CERT_SYMANTEC_LEGACY",
    "CERT_KNOWN_INTERCEPTION_BLOCKED",
    "CERT_SELF_SIGNED_LOCAL_NETWORK",
    "SSL_PROTOCOL_ERROR",
    "SSL_VERSION_OR_CIPHER_MISMATCH",
    "SSL_OBSOLETE_VERSION_OR_CIPHER",
    "SSL_PINNED_KEY_NOT_IN_CERT_CHAIN",
    "SSL_VERSION_INTERFERENCE",
    "SSL_BAD_RECORD_MAC_ALERT",
    "SSL_DECRYPT_ERROR_ALERT",
    "SSL_UNRECOGNIZED_NAME_ALERT",
    "SSL_SERVER_CERT_BAD_FORMAT",
    "SSL_SERVER_CERT_CHANGED",
    "SSL_CLIENT_AUTH_CERT_NEEDED",
    "SSL_KEY_USAGE_INCOMPATIBLE",
    "BAD_SSL_CLIENT_AUTH_CERT",
    "NO_SSL_VERSIONS_ENABLED",
    "CERT_ERROR_IN_SSL_RENEGOTIATION",
    "ALPN_NEGOTIATION_FAILED",
    "ECH_NOT_NEGOTIATED",
    "ECH_FALLBACK_CERTIFICATE_INVALID",
    "INSECURE_RESPONSE",
  ]),
  ...chromium("connection", [
    "CONNECTION_CLOSED",
    "CONNECTION_RESET",
    "CONNECTION_REFUSED",
    "CONNECTION_ABORTED",
    "CONNECTION_FAILED",
    "ADDRESS_INVALID",
    "ADDRESS_UNREACHABLE",
    "INTERNET_DISCONNECTED",
    "NETWORK_ACCESS_DENIED",
    "SOCKET_NOT_CONNECTED",
    "EMPTY_RESPONSE",
    "INVALID_RESPONSE",
    "INVALID_HTTP_RESPONSE",
    "RESPONSE_HEADERS_TRUNCATED",
    "CONTENT_LENGTH_MISMATCH",
    "INCOMPLETE_CHUNKED_ENCODING",
    "HTTP2_PROTOCOL_ERROR",
    "HTTP2_PING_FAILED",
    "HTTP2_SERVER_REFUSED_STREAM",
    "SPDY_PROTOCOL_ERROR",
    "SPDY_PING_FAILED",
    "SPDY_SERVER_REFUSED_STREAM",
    "QUIC_PROTOCOL_ERROR",
    "QUIC_HANDSHAKE_FAILED",
  ]),
  ...chromium("timeout", ["TIMED_OUT", "CONNECTION_TIMED_OUT"]),
  ...chromium("websocket", ["WS_PROTOCOL_ERROR"], "The upgrade worked but something between mangled the frames."),
  ...chromium("policy", [
    "BLOCKED_BY_ADMINISTRATOR",
    "BLOCKED_BY_POLICY",
    "BLOCKED_ENROLLMENT_CHECK_PENDING",
    "CLEARTEXT_NOT_PERMITTED",
    "NETWORK_ACCESS_REVOKED",
    "BLOCKED_BY_PRIVATE_NETWORK_ACCESS_CHECKS",
    "BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS",
  ]),
  ...chromium("blocked-by-client", ["BLOCKED_BY_CLIENT", "BLOCKED_BY_FINGERPRINTING_PROTECTION"]),
  ...chromium(
    "ignored",
    ["ABORTED", "CACHE_MISS", "IO_PENDING", "NETWORK_CHANGED", "NETWORK_IO_SUSPENDED", "CONTEXT_SHUT_DOWN"],
    "Aborts, cancelled navigations and cache misses say nothing about the network path.",
  ),
  ...chromium(
    "ignored",
    ["BLOCKED_BY_RESPONSE", "BLOCKED_BY_CSP", "BLOCKED_BY_ORB", "BLOCKED_BY_CORB", "INVALID_URL", "UNKNOWN_URL_SCHEME"],
    "The page or the response forbade it (the server answered, or the URL was never sent).",
  ),
  ...chromium("ignored", [
    "DISALLOWED_URL_SCHEME",
    "UNSAFE_PORT",
    "UNSAFE_REDIRECT",
    "INVALID_REDIRECT",
    "FILE_NOT_FOUND",
    "UPLOAD_FILE_CHANGED",
    "DNS_REQUEST_CANCELLED",
    "PRECONNECT_MAX_SOCKET_LIMIT",
  ]),
  {
    error: NO_RESPONSE_ERROR,
    kind: "other",
    browser: "har",
    note: "HAR entry with status 0 and no error: ambiguous, like net::ERR_FAILED.",
  },
  ...chromium(
    "other",
    ["FAILED"],
    "Ambiguous: every failed WebSocket and every CORS rejection. The diagnosis waits for a probe of the host.",
  ),

  // Firefox, xpcom/base/ErrorList.py
  ...firefox("dns", ["NS_ERROR_UNKNOWN_HOST", "NS_ERROR_DEFINITIVE_UNKNOWN_HOST", "NS_ERROR_DNS_LOOKUP_QUEUE_FULL"]),
  ...firefox(
    "proxy-refused",
    ["NS_ERROR_PROXY_FORBIDDEN", "NS_ERROR_PROXY_BAD_GATEWAY", "NS_ERROR_PROXY_TOO_MANY_REQUESTS"],
    "Firefox names each status a proxy gave to CONNECT (403, 502, 429); 400/404/500 become NS_ERROR_UNKNOWN_HOST.",
  ),
  ...firefox("proxy-refused", [
    "NS_ERROR_PROXY_BAD_REQUEST",
    "NS_ERROR_PROXY_NOT_FOUND",
    "NS_ERROR_PROXY_METHOD_NOT_ALLOWED",
    "NS_ERROR_PROXY_REQUEST_TIMEOUT",
    "NS_ERROR_PROXY_UNAVAILABLE_FOR_LEGAL_REASONS",
    "NS_ERROR_PROXY_INTERNAL_SERVER_ERROR",
    "NS_ERROR_PROXY_NOT_IMPLEMENTED",
    "NS_ERROR_PROXY_SERVICE_UNAVAILABLE",
    "NS_ERROR_PROXY_VERSION_NOT_SUPPORTED",
  ]),
  ...firefox("proxy-auth", [
    "NS_ERROR_PROXY_AUTHENTICATION_FAILED",
    "NS_ERROR_PROXY_UNAUTHORIZED",
    "NS_ERROR_PROXY_NETWORK_AUTHENTICATION_REQUIRED",
  ]),
  ...firefox("proxy-unreachable", ["NS_ERROR_PROXY_CONNECTION_REFUSED", "NS_ERROR_UNKNOWN_PROXY_HOST"]),
  ...firefox("timeout", ["NS_ERROR_NET_TIMEOUT", "NS_ERROR_NET_TIMEOUT_EXTERNAL"]),
  ...firefox("timeout", ["NS_ERROR_PROXY_GATEWAY_TIMEOUT"], "The proxy (504) could not reach the host in time."),
  ...firefox(
    "connection",
    ["NS_ERROR_CONNECTION_REFUSED"],
    "A refused TCP connection, and also what Firefox reports for a proxy's 503 to CONNECT.",
  ),
  ...firefox("connection", [
    "NS_ERROR_NET_RESET",
    "NS_ERROR_NET_INTERRUPT",
    "NS_ERROR_NET_PARTIAL_TRANSFER",
    "NS_ERROR_NET_EMPTY_RESPONSE",
    "NS_ERROR_NET_HTTP2_SENT_GOAWAY",
    "NS_ERROR_NET_HTTP3_PROTOCOL_ERROR",
    "NS_ERROR_NOT_CONNECTED",
    "NS_ERROR_OFFLINE",
  ]),
  ...firefox("tls", ["NS_ERROR_NET_INADEQUATE_SECURITY"]),
  ...firefox(
    "tls",
    [
      "Peer’s Certificate issuer is not recognized.",
      "Peer’s Certificate has expired.",
      "Peer’s Certificate has been revoked.",
      "Peer’s certificate has an invalid signature.",
      "The certificate is not trusted because it is self-signed.",
      "Unable to communicate securely with peer: requested domain name does not match the server’s certificate.",
      "Issuer certificate is invalid.",
      "The server presented a certificate that is not yet valid.",
      "SSL received a record that exceeded the maximum permissible length.",
      "Cannot communicate securely with peer: no common encryption algorithm(s).",
      "Peer using unsupported version of security protocol.",
    ],
    "For certificate errors Firefox reports NSS's English sentence, not a code.",
  ),
  ...firefox(
    "websocket",
    ["NS_ERROR_WEBSOCKET_CONNECTION_REFUSED"],
    "Firefox: the upgrade was answered with a status other than 101 (a 403 from a filtering proxy, typically).",
  ),
  ...firefox("policy", ["NS_ERROR_BLOCKED_BY_POLICY", "NS_ERROR_PORT_ACCESS_NOT_ALLOWED"]),
  ...firefox(
    "blocked-by-client",
    [
      "NS_ERROR_ABORT",
      "NS_ERROR_TRACKING_URI",
      "NS_ERROR_FINGERPRINTING_URI",
      "NS_ERROR_CRYPTOMINING_URI",
      "NS_ERROR_SOCIALTRACKING_URI",
      "NS_ERROR_EMAILTRACKING_URI",
    ],
    "Cancelled by an extension (NS_ERROR_ABORT) or by tracking protection.",
  ),
  ...firefox("ignored", ["NS_BINDING_ABORTED", "NS_BINDING_REDIRECTED", "NS_BINDING_RETARGETED"]),
  ...firefox(
    "ignored",
    ["NS_ERROR_DOM_BAD_URI", "NS_ERROR_CORRUPTED_CONTENT", "NS_ERROR_CONTENT_BLOCKED", "NS_ERROR_INTERCEPTION_FAILED"],
    "A failed CORS preflight or a response the page refused: the server answered.",
  ),
  ...firefox("ignored", ["NS_ERROR_MALFORMED_URI", "NS_ERROR_UNKNOWN_PROTOCOL", "NS_ERROR_DOCUMENT_NOT_CACHED"]),
];

/** Families the tables above do not list one by one. Longest prefix first. */
export const FAILURE_PREFIXES: readonly FailurePrefixRule[] = [
  { prefix: "net::ERR_CERT_", kind: "tls", browser: "chromium" },
  { prefix: "net::ERR_SSL_", kind: "tls", browser: "chromium" },
  { prefix: "net::ERR_ECH_", kind: "tls", browser: "chromium" },
  { prefix: "net::ERR_DNS_", kind: "dns", browser: "chromium" },
  { prefix: "net::ERR_PAC_", kind: "proxy-unreachable", browser: "chromium" },
  { prefix: "net::ERR_QUIC_", kind: "connection", browser: "chromium" },
  { prefix: "net::ERR_HTTP2_", kind: "connection", browser: "chromium" },
  { prefix: "net::ERR_SPDY_", kind: "connection", browser: "chromium" },
  { prefix: "net::ERR_CACHE_", kind: "ignored", browser: "chromium" },
  { prefix: "net::ERR_BLOCKED_BY_", kind: "policy", browser: "chromium", note: "Newer browser-side blocks." },
  { prefix: "NS_ERROR_PROXY_", kind: "proxy-refused", browser: "firefox", note: "Any other proxy status." },
  { prefix: "NS_ERROR_NET_", kind: "connection", browser: "firefox" },
  { prefix: "SEC_ERROR_", kind: "tls", browser: "firefox" },
  { prefix: "SSL_ERROR_", kind: "tls", browser: "firefox" },
  { prefix: "MOZILLA_PKIX_ERROR_", kind: "tls", browser: "firefox" },
];

/**
 * Firefox TLS sentences not in the table (other NSS messages, other wording in later releases):
 * recognised by their vocabulary. Matched after U+2019 → `'`.
 */
const TLS_SENTENCE = /\b(certificate|SSL|TLS|securely|security protocol|encryption algorithm|OCSP|issuer)\b/i;

function normalizeApostrophes(error: string): string {
  return error.includes("\u2019") ? error.replace(/\u2019/g, "'") : error;
}

const EXACT = new Map<string, FailureKind>();
for (const rule of FAILURE_TABLE) {
  EXACT.set(rule.error, rule.kind);
  EXACT.set(normalizeApostrophes(rule.error), rule.kind);
}

/** The kind an error string names by itself, without looking at the request; `other` when unknown. */
export function kindOfError(error: string): FailureKind {
  const exact = EXACT.get(error);
  if (exact !== undefined) return exact;
  let text = normalizeApostrophes(error.trim());
  // HAR files and some logs drop Chromium's `net::` prefix.
  if (text.startsWith("ERR_")) text = `net::${text}`;
  const again = EXACT.get(text);
  if (again !== undefined) return again;
  for (const rule of FAILURE_PREFIXES) if (text.startsWith(rule.prefix)) return rule.kind;
  if (text.includes("NS_ERROR_MODULE_SECURITY")) return "tls"; // NS_ERROR_GENERATE_FAILURE(NS_ERROR_MODULE_SECURITY, …)
  if (!text.startsWith("net::") && !text.startsWith("NS_") && TLS_SENTENCE.test(text)) return "tls";
  return "other";
}

/**
 * True for an error that cannot be told apart without a probe: Chromium's `net::ERR_FAILED` (a
 * WebSocket failure or a CORS rejection), and a HAR entry that saved no reason.
 */
export function isAmbiguousError(error: string): boolean {
  const text = error.trim();
  return text === AMBIGUOUS_ERROR || text === "ERR_FAILED" || text === NO_RESPONSE_ERROR;
}

/** The observation is a WebSocket (its producer read that from the request type or a `ws:`/`wss:` URL). */
export function isWebSocket(observation: Pick<Observation, "channel">): boolean {
  return observation.channel === "websocket";
}

/**
 * The failure kind of one observation, or null when it is not a failure (the host answered, or
 * the request is still pending for less than 15 s). Any HTTP status from the server other than 407
 * means the host is reachable; a proxy's 407 is `proxy-auth` whatever happens next.
 */
export function classifyFailure(observation: Observation): FailureKind | null {
  if (observation.proxyAuth === true || observation.statusCode === 407) return "proxy-auth";
  const error = observation.error;
  if (typeof error === "string" && error.length > 0) {
    // A block page the page may not read ends in an error after its headers arrived: net::ERR_FAILED
    // (no CORS headers) or net::ERR_BLOCKED_BY_ORB (HTML where an image was expected). The answer decides.
    if (observation.headersReceived === true || (observation.statusCode ?? 0) > 0) {
      const answered = classifyAnswer(observation);
      if (answered !== null && (isAmbiguousError(error) || kindOfError(error) === "ignored")) return answered;
    }
    if (isAmbiguousError(error)) return isWebSocket(observation) ? "websocket" : "other";
    return kindOfError(error);
  }
  // A WebSocket that ends with any status but 101 was refused its upgrade. Firefox reports an
  // empty 403 answer to an upgrade as onCompleted(403), with no error event (test/firefox/README.md).
  const status = observation.statusCode ?? 0;
  if (isWebSocket(observation) && observation.pending !== true && status > 0 && status !== 101) return "websocket";
  const answered = classifyAnswer(observation);
  if (answered !== null) return answered;
  if (observation.pending === true) {
    const waited = observation.elapsedMs ?? 0;
    return observation.headersReceived !== true && waited >= PENDING_TIMEOUT_MS ? "timeout" : null;
  }
  return null;
}

/**
 * Answers that still mean broken, from what `answerOf` kept of the response:
 * - `azure-refused`: Azure refused for a network reason: Storage's `x-ms-error-code`
 *   `AuthorizationFailure` / `AuthorizationSourceIPMismatch`, or Azure ML's private-link refusal
 *   in a HAR body. A 403 for a missing role (`AuthorizationPermissionMismatch`, or no code) is not;
 * - `proxy-answered`: no Azure marker, a proxy's marker, and a refusal (status 400 or above) or
 *   the proxy's own error marker at any status (a block page served as 200).
 * Null for everything else, the ordinary answers.
 */
export function classifyAnswer(
  observation: Pick<Observation, "statusCode" | "answer">,
): "azure-refused" | "proxy-answered" | null {
  const answer = observation.answer;
  if (answer === undefined) return null;
  const status = observation.statusCode ?? 0;
  if (status >= 400 && answer.privateLinkRefusal === true) return "azure-refused";
  if (status === 403 && answer.msErrorCode !== undefined && NETWORK_REFUSAL_CODES.has(answer.msErrorCode))
    return "azure-refused";
  if (
    answer.azure !== true &&
    answer.proxy !== undefined &&
    status > 0 &&
    (status >= 400 || answer.proxyError === true)
  )
    return "proxy-answered";
  return null;
}
