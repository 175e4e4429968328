/**
 * Where one request went, taken from its URL once, by the producer that saw it
 * (`observedUrl` in src/core/make-observation.ts). The classifier and the reducer read these and
 * never parse a URL again.
 */
export interface ObservedUrl {
  /**
   * Lowercase ASCII host name (punycode, no trailing dot, no port), the diagnosis's key; undefined
   * when the URL names no host (an IP literal, a scheme other than http, https, ws and wss, or no URL).
   */
  readonly host: string | undefined;
  /** `websocket` for a WebSocket (by request type, or a `ws:`/`wss:` URL), else `https`. */
  readonly channel: Channel;
  /** `scheme://host[:port]` (redactUrl): what a report may show of the URL; undefined when there is none. */
  readonly sample: string | undefined;
}

/** What a producer saw of one request's outcome; `makeObservation` puts it beside where the request went. */
export interface Outcome {
  /** Raw browser error string (`net::ERR_NAME_NOT_RESOLVED`, `NS_ERROR_UNKNOWN_HOST`, …). */
  error?: string | undefined;
  /** HTTP status of the response, when one arrived (0 or absent when none did). */
  statusCode?: number | undefined;
  /** A proxy asked for credentials (HTTP 407, or onAuthRequired with isProxy). */
  proxyAuth?: boolean | undefined;
  /** Response headers had arrived before the outcome. */
  headersReceived?: boolean | undefined;
  /** Still pending: no outcome yet, seen by the adapter's sweep (see `elapsedMs`). */
  pending?: boolean | undefined;
  /** Milliseconds from the request's start to this observation. */
  elapsedMs?: number | undefined;
  /** A follow-up probe made by the extension: evidence about a host, never studio traffic. */
  probe?: boolean | undefined;
  /**
   * The address the browser connected to (webRequest `ip`, HAR `serverIPAddress`): the host's own,
   * or the proxy's when the request went through one.
   */
  ip?: string | undefined;
  /** What the response headers (and, for a HAR, the body) say about who answered; nothing else of the response is kept. */
  answer?: Answer | undefined;
}

/**
 * One normalized shape for what a browser saw of one request, built by the adapters from
 * Chromium or Firefox webRequest events, from a HAR entry, from a follow-up probe or a check,
 * always through `makeObservation` (src/core/make-observation.ts): every observation has every
 * field, in one order, so the code that reads them sees one object shape.
 */
export interface Observation extends ObservedUrl, Outcome {
  /** webRequest resource type (`main_frame`, `xmlhttprequest`, `websocket`, …) or HAR `_resourceType` mapped to one. */
  type: string;
  /** When the outcome was seen, epoch milliseconds. */
  time: number;
}

/**
 * The few facts of a response that tell who answered it: Azure (its request-id headers, its
 * `x-ms-error-code`) or something in between (a proxy's `Via`, `X-Squid-Error`, `Proxy-Status`).
 * Built by `answerOf` (src/core/answer.ts) from headers; values are cut to 64 characters.
 */
export interface Answer {
  /** `x-ms-error-code` (Azure Storage and other Azure services): `AuthorizationFailure`, … */
  msErrorCode?: string;
  /** Azure's request-id headers were present (`x-ms-request-id`, `x-azure-ref`, …). */
  azure?: boolean;
  /** A proxy marked the response (`Via`, `X-Squid-Error`, `Proxy-Status`, `X-Cache` from a proxy, …): the first marker, `name: value`. */
  proxy?: string;
  /** A proxy said it produced the answer itself (`X-Squid-Error`, `Proxy-Status` with `error=`). */
  proxyError?: boolean;
  /** The body carried Azure ML's private-link refusal (HAR only; the body itself is never kept). */
  privateLinkRefusal?: boolean;
}

/** The two ways studio talks to a host; a host can work over one and be blocked over the other. */
export type Channel = "https" | "websocket";

/** Failure kinds that mean the network keeps studio from a host. */
export const BLOCKING_KINDS = [
  "dns",
  "proxy-refused",
  "proxy-auth",
  "proxy-unreachable",
  "tls",
  "connection",
  "timeout",
  "websocket",
  "policy",
  "other",
  // Answers that still mean broken: the network answered, wrongly.
  "private-dns",
  "azure-refused",
  "proxy-answered",
  // After the handshake: sockets that opened and then closed badly (page-side observer).
  "websocket-dropped",
  "websocket-protocol",
] as const;
export type BlockingKind = (typeof BLOCKING_KINDS)[number];

/** Failures that are not the network's doing: another extension, aborts, cache misses. */
export const NON_BLOCKING_KINDS = ["blocked-by-client", "ignored"] as const;
export type NonBlockingKind = (typeof NON_BLOCKING_KINDS)[number];

export type FailureKind = BlockingKind | NonBlockingKind;

/**
 * What the page saw of one WebSocket from open to close, reported by the content
 * script's observer: times and close facts only, never a message or the close reason's text.
 */
export interface SocketClose {
  /** The socket's URL as the page gave it (the core keeps only scheme, host and port). */
  url: string;
  /** Epoch ms of `open`; absent when the socket never opened (the handshake is webRequest's business). */
  openedAt?: number;
  /** Epoch ms of the last message received, and of the last `send()`; absent when none. */
  lastInAt?: number;
  lastOutAt?: number;
  /** Epoch ms of `close`. */
  closedAt: number;
  /** `CloseEvent.code`: 1006 when the connection ended without a close frame. */
  code: number;
  wasClean: boolean;
  /** Length of `CloseEvent.reason`; the text itself is never kept. */
  reasonLength: number;
}
