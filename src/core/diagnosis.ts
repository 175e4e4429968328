/**
 * The diagnosis of one studio session: which catalog entries' hosts the network blocks, over which
 * channel, and why. A pure reducer over observations; the state (diagnosis-state.ts) is plain JSON
 * and bounded (diagnosis-bounds.ts), so the background worker can keep it in storage.session and
 * the CLI can build it from a HAR file.
 *
 * Rules (docs/reference/chromium-network-failures.md says why):
 * - entry → host → channel (`https`, `websocket`) → failure kind, with counts and times;
 * - a later success on the same host and channel ends that channel's block; history stays;
 * - `net::ERR_FAILED` says nothing by itself (every failed WebSocket, every CORS rejection): it
 *   waits for evidence about the host. A probe that answers, or a studio request over HTTPS that
 *   answers, turns a failed WebSocket into `websocket` and drops a failed plain request (CORS). A
 *   probe or HTTPS request that fails gives its own kind to both. Until then a failed WebSocket is
 *   reported as `websocket` and a failed plain request is not reported at all;
 * - probes are evidence about a host, never studio traffic;
 * - no response headers after 15 s is a suspected `timeout`, cleared when the host later answers.
 */
import type { Catalog } from "./catalog/types.js";
import { PENDING_TIMEOUT_MS, classifyFailure, isAmbiguousError } from "./classifier.js";
import { ERROR_BYTES, LIMITS, boundKinds, entryHostFor, unmatchedHostFor } from "./diagnosis-bounds.js";
import {
  isBlockingKind,
  type ChannelState,
  type DiagnosisState,
  type FailureRecord,
  type HostEvidence,
  type HostState,
} from "./diagnosis-state.js";
import type { ObservedSocketClose } from "./make-observation.js";
import { matchNormalizedHost } from "./matcher.js";
import type { BlockingKind, Channel, FailureKind, Observation } from "./observation.js";
import { cleanError as cleanErrorText } from "./redact.js";
import {
  CLOSE_SAMPLES,
  DROPS_FOR_FINDING,
  SOCKET_HEALTH_KINDS,
  classifySocketClose,
  closeSample,
} from "./websocket-health.js";

/** Per character code below 128: 1 for `0-9 : . a-f`, 2 for `A-F`, 0 for anything else. */
const ADDRESS_CHARS = new Uint8Array(128);
for (const c of "0123456789:.abcdef") ADDRESS_CHARS[c.charCodeAt(0)] = 1;
for (const c of "ABCDEF") ADDRESS_CHARS[c.charCodeAt(0)] = 2;

/**
 * An IPv4 or IPv6 address as browsers write it (45 characters at most: IPv4-mapped IPv6): 2 to 45
 * of `0-9 A-F a-f : .`. Returns it lowercased, or undefined when it is not one. One pass over the
 * characters, one table lookup each, no RegExp and no new string unless a letter is upper case
 * (browsers write lower).
 */
function addressOf(raw: string): string | undefined {
  const length = raw.length;
  if (length < 2 || length > 45) return undefined;
  let seen = 0;
  for (let i = 0; i < length; i++) {
    const code = raw.charCodeAt(i);
    const kind = code < 128 ? ADDRESS_CHARS[code]! : 0;
    if (kind === 0) return undefined;
    seen |= kind;
  }
  return seen & 2 ? raw.toLowerCase() : raw;
}

/** Raw error → stored error; a session repeats a few errors, and redacting text runs several RegExps. */
const cleanErrors = new Map<string, string>();
const CLEAN_ERROR_CACHE = 256;

/**
 * The error as stored: a browser code, or redacted text of at most ERROR_BYTES (redact.ts owns the
 * rules). Memoized: a redacted error (`HTTP 403 (via: …)`) never equals its raw text, so
 * recordFailure cleans it again on every repeat.
 */
function cleanError(error: string): string {
  if (error.length > 512) return cleanErrorText(error, ERROR_BYTES);
  let clean = cleanErrors.get(error);
  if (clean === undefined) {
    clean = cleanErrorText(error, ERROR_BYTES);
    if (cleanErrors.size >= CLEAN_ERROR_CACHE) cleanErrors.clear();
    cleanErrors.set(error, clean);
  }
  return clean;
}

/** Kinds an HTTPS request can pass on to a WebSocket or CORS `net::ERR_FAILED` on the same host. */
const HOST_WIDE = new Set<string>(["dns", "proxy-refused", "proxy-unreachable", "proxy-auth", "tls", "connection"]);

let memoSecond = Number.NaN;
/** Character codes of `YYYY-MM-DDTHH:MM:SS.` of memoSecond. */
const memoPrefix: number[] = [];

/**
 * ISO 8601 of an epoch-ms time, as `Date#toISOString` gives it. Memoized per second: consecutive
 * observations share one, and building a Date for each costs more than the rest of `reduce`. Built
 * with String.fromCharCode, which makes a flat string: a concatenation would make a rope that the
 * first comparison (`at > host.lastSeen`) has to flatten, the most expensive step of `reduce`.
 */
function iso(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) >= 8.64e15) return new Date(0).toISOString();
  const whole = Math.floor(ms);
  const second = Math.floor(whole / 1000);
  const p = memoPrefix;
  if (second !== memoSecond) {
    const prefix = new Date(second * 1000).toISOString().slice(0, -4); // "2026-11-28T09:00:00."
    // Years past 9999 and before 0 are written with six digits and a sign: rare, and left to Date.
    if (prefix.length !== 20) return new Date(whole).toISOString();
    memoSecond = second;
    for (let i = 0; i < 20; i++) p[i] = prefix.charCodeAt(i);
  }
  const milli = whole - second * 1000;
  const d = 0x30;
  // prettier-ignore
  return String.fromCharCode(
    p[0]!, p[1]!, p[2]!, p[3]!, p[4]!, p[5]!, p[6]!, p[7]!, p[8]!, p[9]!,
    p[10]!, p[11]!, p[12]!, p[13]!, p[14]!, p[15]!, p[16]!, p[17]!, p[18]!, p[19]!,
    d + Math.floor(milli / 100), d + (Math.floor(milli / 10) % 10), d + (milli % 10), 0x5a /* Z */,
  );
}

/** Normalized host → its catalog entry id (null: none), per catalog; cleared when full, so it stays small. */
const entryIds = new WeakMap<Catalog, Map<string, string | null>>();
const ENTRY_ID_CACHE = 4096;
/** The last catalog asked for and its cache: a process uses one catalog, so the WeakMap is seldom read. */
let lastCatalog: Catalog | undefined;
let lastEntryIds = new Map<string, string | null>();

/** The catalog entry of a host the producer already normalized (observedUrl); undefined outside the catalog. */
function entryIdOf(name: string, catalog: Catalog): string | undefined {
  let cache = lastEntryIds;
  if (catalog !== lastCatalog) {
    let found = entryIds.get(catalog);
    if (!found) entryIds.set(catalog, (found = new Map()));
    lastCatalog = catalog;
    cache = lastEntryIds = found;
  }
  let id = cache.get(name);
  if (id === undefined) {
    id = matchNormalizedHost(name, catalog)?.id ?? null;
    if (cache.size >= ENTRY_ID_CACHE) cache.clear();
    cache.set(name, id);
  }
  return id ?? undefined;
}

function channelOf(host: HostState, name: Channel, sample: string | undefined): ChannelState {
  let channel = host[name];
  if (!channel) {
    channel = host[name] = { ok: 0, failures: {} };
    if (sample !== undefined) channel.sample = sample;
  }
  return channel;
}

function merge(into: FailureRecord | undefined, from: FailureRecord, error: string): FailureRecord {
  if (!into) return { ...from, error };
  into.count += from.count;
  if (from.firstSeen < into.firstSeen) into.firstSeen = from.firstSeen;
  if (from.lastSeen > into.lastSeen) {
    into.lastSeen = from.lastSeen;
    into.error = error;
  }
  into.active = into.active || from.active;
  return into;
}

/**
 * Channels whose failure records (socket-health kinds aside) and unresolved record are all inactive,
 * as recordSuccess leaves them: a success there has nothing to end, so it skips looking. Every write
 * here that can make a record active takes the channel out. Outside this set is always safe (a
 * channel read back from storage is simply looked at once).
 */
const quiet = new WeakSet<ChannelState>();

function recordFailure(channel: ChannelState, kind: FailureKind, error: string, at: string, probed: boolean): void {
  quiet.delete(channel);
  const record = channel.failures[kind];
  if (record) {
    record.count++;
    record.lastSeen = at;
    record.active = true;
    if (record.error !== error) record.error = cleanError(error);
    if (probed) record.probed = true;
    return;
  }
  channel.failures[kind] = {
    error: cleanError(error),
    count: 1,
    firstSeen: at,
    lastSeen: at,
    active: true,
    ...(probed ? { probed } : {}),
  };
  boundKinds(channel, kind);
}

function recordUnresolved(channel: ChannelState, error: string, at: string): void {
  quiet.delete(channel);
  const record = channel.unresolved;
  if (record) {
    record.count++;
    record.lastSeen = at;
    record.active = true;
  } else {
    channel.unresolved = { error: cleanError(error), count: 1, firstSeen: at, lastSeen: at, active: true };
  }
}

/** The host answered on this channel: its block (if any) ends; the history stays. */
function recordSuccess(channel: ChannelState, at: string, counted: boolean): void {
  if (counted) {
    channel.ok++;
    channel.lastOk = at;
  }
  if (quiet.has(channel)) return;
  const failures = channel.failures;
  // A new handshake that works says nothing about sockets dropping after theirs did.
  for (const kind in failures) if (!SOCKET_HEALTH_KINDS.has(kind)) failures[kind as FailureKind]!.active = false;
  if (channel.unresolved) channel.unresolved.active = false;
  quiet.add(channel);
}

/** New evidence about HTTPS to the host: settle every `net::ERR_FAILED` waiting for it. */
function settle(host: HostState, evidence: HostEvidence): void {
  host.evidence = evidence;
  const https = host.https;
  if (https?.unresolved) {
    quiet.delete(https);
    const unresolved = https.unresolved;
    delete https.unresolved;
    if (evidence.ok) host.cors = (host.cors ?? 0) + unresolved.count;
    else {
      const kind = evidence.kind!;
      https.failures[kind] = merge(
        https.failures[kind],
        { ...unresolved, probed: evidence.probe },
        evidence.error ?? unresolved.error,
      );
      boundKinds(https, kind);
    }
  }
  const ws = host.websocket;
  if (ws?.unresolved) {
    quiet.delete(ws);
    const unresolved = ws.unresolved;
    delete ws.unresolved;
    const kind: FailureKind = evidence.ok ? "websocket" : evidence.kind!;
    const error = evidence.ok ? unresolved.error : (evidence.error ?? unresolved.error);
    ws.failures[kind] = merge(
      ws.failures[kind],
      evidence.ok ? unresolved : { ...unresolved, probed: evidence.probe },
      error,
    );
    boundKinds(ws, kind);
  }
}

/** Counts `ip` for the host; validated and lowercased only when it is new to the host (the common case is a repeat). */
function recordAddress(host: HostState, raw: string, at: string): void {
  let addresses = host.addresses;
  let oldest = 0;
  let ip = raw;
  for (let pass = 0; pass < 2; pass++) {
    if (addresses !== undefined) {
      for (let i = 0; i < addresses.length; i++) {
        const seen = addresses[i]!;
        if (seen.ip === ip) {
          seen.count++;
          if (at > seen.lastSeen) seen.lastSeen = at;
          return;
        }
        if (seen.lastSeen < addresses[oldest]!.lastSeen) oldest = i;
      }
    }
    if (pass === 0) {
      const valid = addressOf(raw);
      if (valid === undefined) return;
      ip = valid;
      if (ip === raw) break;
    }
  }
  if (addresses === undefined) addresses = host.addresses = [];
  // A small array, its oldest entry rewritten in place when full (state is updated in place anyway):
  // a host that changes address on every request allocates nothing.
  if (addresses.length < LIMITS.addressesPerHost) addresses.push({ ip, count: 1, firstSeen: at, lastSeen: at });
  else {
    const entry = addresses[oldest]!;
    entry.ip = ip;
    entry.count = 1;
    entry.firstSeen = at;
    entry.lastSeen = at;
  }
}

const PENDING_ERROR = `no response headers after ${PENDING_TIMEOUT_MS / 1000} s`;

function errorOf(observation: Observation): string {
  if (observation.error) return observation.error;
  const answer = observation.answer;
  if (answer !== undefined && observation.statusCode) {
    if (answer.privateLinkRefusal) return `HTTP ${observation.statusCode} (private link refusal)`;
    if (answer.msErrorCode !== undefined) return `HTTP ${observation.statusCode} ${answer.msErrorCode}`;
    if (answer.proxy !== undefined) return `HTTP ${observation.statusCode} (${answer.proxy})`;
  }
  if (observation.proxyAuth === true || observation.statusCode === 407) return "HTTP 407";
  if (observation.pending) return PENDING_ERROR;
  if (observation.statusCode) return `HTTP ${observation.statusCode}`;
  return "unknown";
}

/**
 * Add one observation to the diagnosis. Deterministic and pure apart from one thing: for speed it
 * updates `state` in place and returns it, so callers must use the returned value and must not
 * keep an older reference expecting it unchanged. `now` stands in for an observation's missing time.
 */
export function reduce(state: DiagnosisState, observation: Observation, now: number, catalog: Catalog): DiagnosisState {
  const probe = observation.probe === true;
  if (probe) state.counts.probes++;
  else state.counts.observations++;
  // The producer took the URL apart (src/core/make-observation.ts); no URL is parsed here.
  const name = observation.host;
  if (name === undefined) {
    state.counts.noHost++;
    return state;
  }
  const entryId = entryIdOf(name, catalog);

  let kind = classifyFailure(observation);
  // A proxy's block page counts only for catalog hosts; elsewhere it is an answer like any other.
  if (kind === "proxy-answered" && entryId === undefined) kind = null;
  if (kind === "ignored") {
    state.counts.ignored++;
    return state;
  }
  const answered =
    kind === null &&
    observation.pending !== true &&
    ((observation.statusCode ?? 0) > 0 || observation.headersReceived === true);
  if (kind === null && !answered) {
    if (observation.pending === true) state.counts.pending++;
    return state;
  }

  const at = iso(Number.isFinite(observation.time) ? observation.time : now);
  const ambiguous =
    (kind === "other" || kind === "websocket") &&
    typeof observation.error === "string" &&
    isAmbiguousError(observation.error);
  const channelName: Channel = observation.channel;
  const blocking = kind !== null && isBlockingKind(kind) && !(ambiguous && channelName !== "websocket");
  const host =
    entryId === undefined
      ? unmatchedHostFor(state, name, at, blocking && !probe)
      : entryHostFor(state, entryId, name, at, blocking && !probe);
  if (!host) return state;
  host.seen++;
  if (at > host.lastSeen) host.lastSeen = at;
  const ip = observation.ip;
  if (!probe && typeof ip === "string") recordAddress(host, ip, at);

  if (probe) {
    host.probes = (host.probes ?? 0) + 1;
    if (kind === null) {
      settle(host, { ok: true, at, probe: true });
      // HTTPS to the host works: its HTTPS block ends. A blocked WebSocket stays blocked.
      if (host.https) recordSuccess(host.https, at, false);
    } else if (kind !== "blocked-by-client") {
      const evidenceKind: BlockingKind = kind === "websocket" ? "other" : kind;
      settle(host, { ok: false, kind: evidenceKind, error: cleanError(errorOf(observation)), at, probe: true });
    }
    return state;
  }

  const channel = channelOf(host, channelName, observation.sample);
  if (kind === null) {
    recordSuccess(channel, at, true);
    if (channelName === "https") {
      // Nothing waits for evidence once there is some (see settle), so refreshing its time is enough.
      const evidence = host.evidence;
      if (evidence?.ok && !evidence.probe) evidence.at = at;
      else settle(host, { ok: true, at, probe: false });
    }
    return state;
  }

  if (ambiguous) {
    const evidence = host.evidence;
    if (evidence === undefined) recordUnresolved(channel, observation.error!, at);
    else if (evidence.ok) {
      if (channelName === "websocket") recordFailure(channel, "websocket", observation.error!, at, false);
      else host.cors = (host.cors ?? 0) + 1;
    } else recordFailure(channel, evidence.kind!, evidence.error ?? observation.error!, at, evidence.probe);
    return state;
  }

  recordFailure(channel, kind, errorOf(observation), at, false);
  if (channelName === "https" && HOST_WIDE.has(kind)) {
    settle(host, { ok: false, kind: kind as BlockingKind, error: cleanError(errorOf(observation)), at, probe: false });
  }
  return state;
}

/**
 * Add one WebSocket close the page saw. Normal closes are only counted; a drop (1006,
 * no close frame) after a successful open is a `websocket-dropped` failure, active from the second
 * on the host; 1002/1007/1009 is `websocket-protocol`. Like `reduce`, it updates `state` in place.
 */
export function reduceSocketClose(state: DiagnosisState, close: ObservedSocketClose, catalog: Catalog): DiagnosisState {
  state.counts.socketCloses = (state.counts.socketCloses ?? 0) + 1;
  const kind = classifySocketClose(close);
  if (kind === null) return state;
  // observeSocketClose took the URL apart: only a `ws:`/`wss:` URL names a host.
  const name = close.host;
  const entryId = name === undefined ? undefined : entryIdOf(name, catalog);
  // Only catalog hosts: a page can then claim nothing about hosts the report does not list anyway.
  if (name === undefined || entryId === undefined) {
    state.counts.noHost++;
    return state;
  }
  const at = iso(close.closedAt);
  const host = entryHostFor(state, entryId, name, at, true);
  if (!host) return state;
  host.seen++;
  if (at > host.lastSeen) host.lastSeen = at;
  const channel = channelOf(host, "websocket", close.sample);
  const sample = closeSample(close);
  const error = `close ${close.code}${close.wasClean ? "" : " (no close frame)"}`;
  quiet.delete(channel);
  const record = channel.failures[kind];
  if (record) {
    record.count++;
    if (at > record.lastSeen) record.lastSeen = at;
    if (at < record.firstSeen) record.firstSeen = at;
    record.error = error;
    const closes = record.closes ?? (record.closes = []);
    closes.push(sample);
    if (closes.length > CLOSE_SAMPLES) closes.splice(0, closes.length - CLOSE_SAMPLES);
    record.active = kind === "websocket-protocol" || record.count >= DROPS_FOR_FINDING;
  } else {
    channel.failures[kind] = {
      error,
      count: 1,
      firstSeen: at,
      lastSeen: at,
      active: kind === "websocket-protocol" || DROPS_FOR_FINDING <= 1,
      closes: [sample],
    };
    boundKinds(channel, kind);
  }
  return state;
}
