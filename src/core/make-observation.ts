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
  /** `scheme://authority` exactly as the URL wrote it: the key. */
  prefix: string;
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
/** `wss://` + a 253-character host + `:65535`, with room to spare. */
const MAX_CACHED_PREFIX = 300;

/**
 * In front of parsedUrls: the last authority seen per hash of its first HASHED_CHARS characters.
 * A hit is checked by comparing the whole `scheme://authority` with the URL's start, so it is
 * never wrong; it saves slicing the URL and hashing the slice for the Map, most of the cost.
 */
const recent: Array<Parsed | undefined> = new Array<Parsed | undefined>(1024).fill(undefined);
const RECENT_MASK = recent.length - 1;
const HASHED_CHARS = 16;

/** Nothing to diagnose: not an http, https, ws or wss URL. */
const NOWHERE: ObservedUrl = Object.freeze({ host: undefined, channel: "https", sample: undefined });
const NOWHERE_SOCKET: ObservedUrl = Object.freeze({ host: undefined, channel: "websocket", sample: undefined });

/** `://` at `at`. */
function hasSlashes(url: string, at: number): boolean {
  return url.charCodeAt(at) === 0x3a && url.charCodeAt(at + 1) === 0x2f && url.charCodeAt(at + 2) === 0x2f;
}

/**
 * Length of `scheme://` for the four schemes that reach the network (lowercase, as browsers write
 * them), else 0. Compared a character at a time: String#startsWith costs more than all of this.
 */
function webSchemeLength(url: string): number {
  const c = url.charCodeAt(0);
  if (c === 0x68 /* h */) {
    if (url.charCodeAt(1) !== 0x74 || url.charCodeAt(2) !== 0x74 || url.charCodeAt(3) !== 0x70) return 0; // ttp
    if (url.charCodeAt(4) === 0x73 /* s */) return hasSlashes(url, 5) ? 8 : 0;
    return hasSlashes(url, 4) ? 7 : 0;
  }
  if (c === 0x77 /* w */ && url.charCodeAt(1) === 0x73 /* s */) {
    if (url.charCodeAt(2) === 0x73 /* s */) return hasSlashes(url, 3) ? 6 : 0;
    return hasSlashes(url, 2) ? 5 : 0;
  }
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

/** Whether the URL's authority ends at `at`: the end, or `/`, `?`, `#`, `\`. */
function endsAuthority(url: string, at: number): boolean {
  if (at === url.length) return true;
  const c = url.charCodeAt(at);
  return c === 47 || c === 63 || c === 35 || c === 92;
}

/**
 * A copy of a short string that does not keep the string it was cut from alive (V8 keeps the whole
 * URL behind a slice of 13 characters or more, and the caches would then hold whole URLs).
 */
function detached(text: string): string {
  return ` ${text}`.slice(1);
}

function parse(prefix: string, schemeLength: number): Parsed {
  let authority = prefix.slice(schemeLength);
  const at = authority.lastIndexOf("@");
  if (at !== -1) authority = authority.slice(at + 1); // userinfo: credentials, never a host
  const host = normalizeHost(authority);
  return {
    prefix: detached(prefix),
    host: host === undefined ? undefined : detached(host),
    sample: redactUrl(prefix),
    socketScheme: schemeLength <= 6 && prefix.charCodeAt(0) === 0x77,
  };
}

/** What `scheme://authority` of a URL with a web scheme says, from the caches when it was seen before. */
function parsedOf(url: string, schemeLength: number): Parsed {
  let hash = schemeLength;
  const stop = Math.min(url.length, schemeLength + HASHED_CHARS);
  for (let i = schemeLength; i < stop; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35 || c === 92) break;
    hash = (Math.imul(hash, 31) + c) | 0;
  }
  const slot = hash & RECENT_MASK;
  const seen = recent[slot];
  // lastIndexOf(…, 0) looks at the start only, and costs less than startsWith.
  if (seen !== undefined && url.lastIndexOf(seen.prefix, 0) === 0 && endsAuthority(url, seen.prefix.length))
    return seen;
  const prefix = url.slice(0, authorityEnd(url, schemeLength));
  // No host name is longer than 253 characters: a longer authority (a page's userinfo) is parsed
  // and forgotten, so the caches never hold a page's long strings.
  if (prefix.length > MAX_CACHED_PREFIX) return parse(prefix, schemeLength);
  let parsed = parsedUrls.get(prefix);
  if (parsed === undefined) {
    parsed = parse(prefix, schemeLength);
    if (parsedUrls.size >= PARSED_URL_CACHE) parsedUrls.clear();
    parsedUrls.set(prefix, parsed);
  }
  recent[slot] = parsed;
  return parsed;
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
  if (typeof url !== "string") return socketType ? NOWHERE_SOCKET : NOWHERE;
  const schemeLength = webSchemeLength(url);
  if (schemeLength === 0) {
    // Browsers write the scheme in lowercase; a hand-written HAR may not (`HTTPS://…`), and the
    // URL standard reads the scheme case-insensitively.
    const colon = url.indexOf(":");
    if (colon > 0 && colon <= 5 && url.slice(0, colon) !== url.slice(0, colon).toLowerCase())
      return observedUrl(url.slice(0, colon).toLowerCase() + url.slice(colon), type);
    return socketType ? NOWHERE_SOCKET : NOWHERE;
  }
  const parsed = parsedOf(url, schemeLength);
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
