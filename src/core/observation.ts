/**
 * One normalized shape for what a browser saw of one request, built by the adapters from
 * Chromium or Firefox webRequest events, from a HAR entry, or from a follow-up probe.
 */
export interface Observation {
  /** Full request URL as the browser reported it (the core reduces it to scheme, host, port). */
  url: string;
  /** webRequest resource type (`main_frame`, `xmlhttprequest`, `websocket`, …) or HAR `_resourceType`. */
  type: string;
  /** Raw browser error string (`net::ERR_NAME_NOT_RESOLVED`, `NS_ERROR_UNKNOWN_HOST`, …). */
  error?: string;
  /** HTTP status of the response, when one arrived (0 or absent when none did). */
  statusCode?: number;
  /** A proxy asked for credentials (HTTP 407, or onAuthRequired with isProxy). */
  proxyAuth?: boolean;
  /** Response headers had arrived before the outcome. */
  headersReceived?: boolean;
  /** Still pending: no outcome yet, seen by the adapter's sweep (see `elapsedMs`). */
  pending?: boolean;
  /** Milliseconds from the request's start to this observation. */
  elapsedMs?: number;
  /** When the outcome was seen, epoch milliseconds. */
  time: number;
  /** A follow-up probe made by the extension: evidence about a host, never studio traffic. */
  probe?: boolean;
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
  // After the handshake: sockets that opened and then closed badly (page-side observer, issue 12).
  "websocket-dropped",
  "websocket-protocol",
] as const;
export type BlockingKind = (typeof BLOCKING_KINDS)[number];

/** Failures that are not the network's doing: another extension, aborts, cache misses. */
export const NON_BLOCKING_KINDS = ["blocked-by-client", "ignored"] as const;
export type NonBlockingKind = (typeof NON_BLOCKING_KINDS)[number];

export type FailureKind = BlockingKind | NonBlockingKind;

/**
 * What the page saw of one WebSocket from open to close (issue 12), reported by the content
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
