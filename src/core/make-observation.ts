/**
 * The one owner of taking an observed request's URL apart. Every producer (the webRequest
 * adapter, the HAR reader, follow-up probes, checks, the WebSocket observer) calls `observedUrl`
 * once, where it sees the request, and builds its observations with `makeObservation`; the
 * classifier and the reducer then read `host`, `channel` and `sample` and never parse the URL.
 */
import { normalizeHost } from "./matcher.js";
import type { Channel, Observation, ObservedUrl, Outcome, SocketClose } from "./observation.js";
import { redactUrl } from "./redact.js";

/** The host, sample and (by scheme) channel of one `scheme://authority`; both channel views made on demand. */
interface Parsed {
  host: string | undefined;
  sample: string | undefined;
  /** The scheme is `ws:` or `wss:`: a WebSocket whatever the request type says. */
  socketScheme: boolean;
  https?: ObservedUrl;
  websocket?: ObservedUrl;
}

/**
 * `scheme://authority` → what it says. A session talks to a few dozen hosts, so nearly every URL
 * is a repeat: parsing happens once per authority, and the observations share one frozen view.
 * Cleared when full, so it stays small whatever a page requests.
 */
const parsedUrls = new Map<string, Parsed>();
const PARSED_URL_CACHE = 4096;

/** Nothing to diagnose: not an http, https, ws or wss URL. */
const NOWHERE: ObservedUrl = Object.freeze({ host: undefined, channel: "https", sample: undefined });
const NOWHERE_SOCKET: ObservedUrl = Object.freeze({ host: undefined, channel: "websocket", sample: undefined });

/** Length of `scheme://` for the four schemes that reach the network (lowercase, as browsers write them), else 0. */
function webSchemeLength(url: string): number {
  const c = url.charCodeAt(0);
  if (c === 0x68 /* h */) return url.startsWith("https://") ? 8 : url.startsWith("http://") ? 7 : 0;
  if (c === 0x77 /* w */) return url.startsWith("wss://") ? 6 : url.startsWith("ws://") ? 5 : 0;
  return 0;
}

/** Index where the authority after `scheme://` ends: the first `/`, `?`, `#` or `\` (the WHATWG parser reads `\` as `/`). */
function authorityEnd(url: string, from: number): number {
  for (let i = from; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */ || c === 92 /* \ */) return i;
  }
  return url.length;
}

function parse(prefix: string, schemeLength: number): Parsed {
  let authority = prefix.slice(schemeLength);
  const at = authority.lastIndexOf("@");
  if (at !== -1) authority = authority.slice(at + 1); // userinfo: credentials, never a host
  return {
    host: normalizeHost(authority),
    sample: redactUrl(prefix),
    socketScheme: schemeLength <= 6 && prefix.charCodeAt(0) === 0x77,
  };
}

/**
 * Where a request went: its normalized host (the diagnosis key), its channel (`websocket` by
 * request type or `ws:`/`wss:` scheme) and its redacted sample `scheme://host[:port]`. The host is
 * undefined for IP literals and for URLs that are not http, https, ws or wss. The result is shared
 * and frozen: read it, never change it.
 * @example observedUrl("wss://User@CI1.example.com:443/k?token=x", "websocket")
 *   // → { host: "ci1.example.com", channel: "websocket", sample: "wss://ci1.example.com" }
 */
export function observedUrl(url: string, type: string): ObservedUrl {
  const socketType = type === "websocket";
  const schemeLength = typeof url === "string" ? webSchemeLength(url) : 0;
  if (schemeLength === 0) return socketType ? NOWHERE_SOCKET : NOWHERE;
  const prefix = url.slice(0, authorityEnd(url, schemeLength));
  let parsed = parsedUrls.get(prefix);
  if (parsed === undefined) {
    parsed = parse(prefix, schemeLength);
    if (parsedUrls.size >= PARSED_URL_CACHE) parsedUrls.clear();
    parsedUrls.set(prefix, parsed);
  }
  const channel: Channel = socketType || parsed.socketScheme ? "websocket" : "https";
  const view = parsed[channel];
  if (view !== undefined) return view;
  return (parsed[channel] = Object.freeze({ host: parsed.host, channel, sample: parsed.sample }));
}

/**
 * One observation: where the request went (from `observedUrl`), its type, when, and what its outcome was.
 * Every field is written, in one order, so all observations share one object shape (fields the
 * producer did not see are undefined).
 */
export function makeObservation(where: ObservedUrl, type: string, time: number, outcome: Outcome): Observation {
  return {
    host: where.host,
    channel: where.channel,
    sample: where.sample,
    type,
    time,
    error: outcome.error,
    statusCode: outcome.statusCode,
    proxyAuth: outcome.proxyAuth,
    headersReceived: outcome.headersReceived,
    pending: outcome.pending,
    elapsedMs: outcome.elapsedMs,
    probe: outcome.probe,
    ip: outcome.ip,
    answer: outcome.answer,
  };
}

/** `makeObservation(observedUrl(url, type), type, time, outcome)`: for a producer that sees URL and outcome at once. */
export function observe(url: string, type: string, time: number, outcome: Outcome = {}): Observation {
  return makeObservation(observedUrl(url, type), type, time, outcome);
}

/** A WebSocket close the page saw, with its URL taken apart once like a request's; only `ws:`/`wss:` URLs name a host. */
export type ObservedSocketClose = Omit<SocketClose, "url"> & ObservedUrl;

/** The close as the reducer takes it: the page’s URL reduced to host and sample (src/core/websocket-health.ts parses the rest). */
export function observedClose(close: SocketClose): ObservedSocketClose {
  const { url, ...rest } = close;
  const where = observedUrl(url, "websocket");
  const socketScheme = typeof url === "string" && (url.startsWith("wss:") || url.startsWith("ws:"));
  return { ...rest, host: socketScheme ? where.host : undefined, channel: "websocket", sample: where.sample };
}
