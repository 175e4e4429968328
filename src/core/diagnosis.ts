/**
 * The diagnosis of one studio session: which catalog entries' hosts the network blocks, over which
 * channel, and why. A pure reducer over observations; the state is plain JSON and bounded, so the
 * background worker can keep it in storage.session and the CLI can build it from a HAR file.
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
import { PENDING_TIMEOUT_MS, classifyFailure, isAmbiguousError, isWebSocket } from "./classifier.js";
import { authorityOfUrl, matchNormalizedHost, normalizeHost } from "./matcher.js";
import { BLOCKING_KINDS, type BlockingKind, type Channel, type FailureKind, type Observation } from "./observation.js";
import { getOwn, setOwn } from "./own-properties.js";
import { cleanError as cleanErrorText, redactUrl } from "./redact.js";
import { DEFAULT_RANGES, type PrivateRanges } from "./ip-ranges.js";
import { privateDnsEntryIds } from "./network.js";
import type { SocketClose } from "./observation.js";
import { CLOSE_SAMPLES, DROPS_FOR_FINDING, SOCKET_HEALTH_KINDS, classifySocketClose, closeSample, type CloseSample } from "./websocket-health.js";

/** One failure kind on one host and channel. */
export interface FailureRecord {
  /** Raw browser error (redacted, at most 200 characters), or `"HTTP 407"`. */
  error: string;
  count: number;
  /** ISO 8601. */
  firstSeen: string;
  lastSeen: string;
  /** Still blocking: the host has not answered on this channel since. */
  active: boolean;
  /** The kind came from evidence about the host (a probe), not from the request's own error. */
  probed?: boolean;
  /** `websocket-dropped` / `websocket-protocol`: the most recent bad closes (at most 8). */
  closes?: CloseSample[];
}

export interface ChannelState {
  /** Studio requests that got an answer. */
  ok: number;
  lastOk?: string;
  /** The first URL seen, reduced to `scheme://host[:port]`. */
  sample?: string;
  failures: Partial<Record<FailureKind, FailureRecord>>;
  /** `net::ERR_FAILED` still waiting for evidence (reported as `websocket` on the WebSocket channel). */
  unresolved?: FailureRecord;
}

/** What is known about reaching the host over HTTPS, from a probe or a studio request. */
export interface HostEvidence {
  ok: boolean;
  kind?: BlockingKind;
  error?: string;
  at: string;
  probe: boolean;
}

export interface HostState {
  /** Observations about this host, probes included. */
  seen: number;
  lastSeen: string;
  https?: ChannelState;
  websocket?: ChannelState;
  evidence?: HostEvidence;
  /** Plain `net::ERR_FAILED` requests dropped because the host answered (CORS rejections). */
  cors?: number;
  probes?: number;
  /**
   * Addresses studio's requests to this host connected to (webRequest `ip`), at most
   * LIMITS.addressesPerHost, the one seen longest ago replaced first. Classified private or public
   * only when read (src/core/network.ts), with the user's current `privateRanges`.
   */
  addresses?: AddressSeen[];
}

export interface AddressSeen {
  ip: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
}

/** Hosts that did not fit under the bounds: counted, not listed. */
export interface Overflow {
  hosts: number;
  observations: number;
  /** Of those observations, blocking failures. */
  blocked: number;
}

export interface EntryState {
  hosts: Record<string, HostState>;
  overflow?: Overflow;
}

export interface DiagnosisState {
  version: 1;
  counts: {
    /** Studio observations reduced (probes not included). */
    observations: number;
    probes: number;
    /** Aborts, cache misses and the like. */
    ignored: number;
    /** Pending reports for requests waiting less than 15 s. */
    pending: number;
    /** Observations without an http(s)/ws(s) host name (IP literals, extension URLs). */
    noHost: number;
    /** WebSocket closes the page reported (issue 12), normal ones included. */
    socketCloses?: number;
  };
  /** By catalog entry id. */
  entries: Record<string, EntryState>;
  /** Hosts outside the catalog. */
  unmatched: Record<string, HostState>;
  unmatchedOverflow?: Overflow;
  /** Hosts listed under `entries`, for the bound. */
  matchedHosts: number;
}

/**
 * Bounds: the JSON stays under 256 KB even when every listed host has a 253-character name, every
 * kind on both channels and errors of ERROR_BYTES (about 3.5 KB a host). A studio session touches
 * a few dozen hosts; blocked hosts are never evicted for new ones.
 */
export const LIMITS = {
  hostsPerEntry: 16,
  matchedHosts: 40,
  unmatchedHosts: 16,
  kindsPerChannel: 4,
  addressesPerHost: 3,
} as const;

/** An IPv4 or IPv6 address as browsers write it (45 characters at most: IPv4-mapped IPv6). */
const ADDRESS = /^[0-9A-Fa-f:.]{2,45}$/;

/** A stored error's size in UTF-8 (Japanese or emoji text counts three or four bytes a character). */
const ERROR_BYTES = 200;

/** The error as stored: a browser code, or redacted text of at most ERROR_BYTES (redact.ts owns the rules). */
function cleanError(error: string): string {
  return cleanErrorText(error, ERROR_BYTES);
}

const BLOCKING = new Set<string>(BLOCKING_KINDS);

/** Kinds an HTTPS request can pass on to a WebSocket or CORS `net::ERR_FAILED` on the same host. */
const HOST_WIDE = new Set<string>(["dns", "proxy-refused", "proxy-unreachable", "proxy-auth", "tls", "connection"]);

/** A fresh, empty diagnosis. */
export function createState(): DiagnosisState {
  return {
    version: 1,
    counts: { observations: 0, probes: 0, ignored: 0, pending: 0, noHost: 0 },
    entries: {},
    unmatched: {},
    matchedHosts: 0,
  };
}

let memoSecond = Number.NaN;
let memoPrefix = "";

/**
 * ISO 8601 of an epoch-ms time, as `Date#toISOString` gives it. Memoized per second: consecutive
 * observations share one, and building a Date for each costs more than the rest of `reduce`.
 */
function iso(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) >= 8.64e15) return new Date(0).toISOString();
  const whole = Math.floor(ms);
  const second = Math.floor(whole / 1000);
  if (second !== memoSecond) {
    memoSecond = second;
    memoPrefix = new Date(second * 1000).toISOString().slice(0, -4); // "2026-11-28T09:00:00."
  }
  const milli = whole - second * 1000;
  return `${memoPrefix}${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
}

interface HostKey {
  name: string;
  entryId: string | undefined;
}

/** authority → normalized host and catalog entry, per catalog; cleared when full, so it stays small. */
const hostKeys = new WeakMap<Catalog, Map<string, HostKey | null>>();
const HOST_KEY_CACHE = 4096;

/** The authority of a URL known to start with an http(s)/ws(s) scheme, the fast way for the common case. */
function authorityOf(url: string): string | undefined {
  const start = url.indexOf("://") + 3;
  let end = url.indexOf("/", start);
  if (end === -1) end = url.length;
  const authority = url.slice(start, end);
  if (authority.includes("?") || authority.includes("#") || authority.includes("\\") || authority.includes("@")) {
    return authorityOfUrl(url);
  }
  return authority;
}

function hostKeyOf(url: string, catalog: Catalog): HostKey | null {
  const authority = authorityOf(url);
  if (authority === undefined) return null;
  let cache = hostKeys.get(catalog);
  if (!cache) hostKeys.set(catalog, (cache = new Map()));
  const cached = cache.get(authority);
  if (cached !== undefined) return cached;
  const name = normalizeHost(authority);
  const key = name === undefined ? null : { name, entryId: matchNormalizedHost(name, catalog)?.id };
  if (cache.size >= HOST_KEY_CACHE) cache.clear();
  cache.set(authority, key);
  return key;
}

function hasWebScheme(url: string): boolean {
  return url.startsWith("https:") || url.startsWith("wss:") || url.startsWith("http:") || url.startsWith("ws:");
}

/** Whether the channel is currently blocked (an active blocking failure, or an unresolved WebSocket). */
export function isChannelBlocked(channel: ChannelState | undefined, name: Channel): boolean {
  if (!channel) return false;
  if (name === "websocket" && channel.unresolved?.active) return true;
  const failures = channel.failures;
  for (const kind in failures) {
    if (BLOCKING.has(kind) && failures[kind as FailureKind]!.active) return true;
  }
  return false;
}

/** Whether the network currently keeps studio from the host over either channel. */
export function isHostBlocked(host: HostState): boolean {
  return isChannelBlocked(host.https, "https") || isChannelBlocked(host.websocket, "websocket");
}

function newHost(at: string): HostState {
  return { seen: 0, lastSeen: at };
}

function addOverflow(overflow: Overflow | undefined, blocked: boolean): Overflow {
  const o = overflow ?? { hosts: 0, observations: 0, blocked: 0 };
  o.observations++;
  if (blocked) o.blocked++;
  return o;
}

/** The unblocked host seen longest ago, to make room; undefined when every host is blocked. */
function evictionCandidate(hosts: Record<string, HostState>): string | undefined {
  let best: string | undefined;
  let bestAt = "";
  for (const name in hosts) {
    const host = hosts[name]!;
    if (isHostBlocked(host)) continue;
    if (best === undefined || host.lastSeen < bestAt) {
      best = name;
      bestAt = host.lastSeen;
    }
  }
  return best;
}

function evict(from: Record<string, HostState>, name: string, overflow: Overflow | undefined): Overflow {
  const o = overflow ?? { hosts: 0, observations: 0, blocked: 0 };
  o.hosts++;
  o.observations += from[name]!.seen;
  delete from[name];
  return o;
}

/** The host's record, made room for under the bounds; undefined when it is counted in an overflow instead. */
function hostFor(state: DiagnosisState, entryId: string | undefined, name: string, at: string, blocking: boolean): HostState | undefined {
  if (entryId === undefined) {
    const existing = getOwn(state.unmatched, name);
    if (existing) return existing;
    if (Object.keys(state.unmatched).length >= LIMITS.unmatchedHosts) {
      const victim = evictionCandidate(state.unmatched);
      if (victim === undefined) {
        state.unmatchedOverflow = addOverflow(state.unmatchedOverflow, blocking);
        return undefined;
      }
      state.unmatchedOverflow = evict(state.unmatched, victim, state.unmatchedOverflow);
    }
    return setOwn(state.unmatched, name, newHost(at));
  }
  const entry = getOwn(state.entries, entryId) ?? setOwn(state.entries, entryId, { hosts: {} });
  const existing = getOwn(entry.hosts, name);
  if (existing) return existing;
  if (Object.keys(entry.hosts).length >= LIMITS.hostsPerEntry) {
    const victim = evictionCandidate(entry.hosts);
    if (victim === undefined) {
      entry.overflow = addOverflow(entry.overflow, blocking);
      return undefined;
    }
    entry.overflow = evict(entry.hosts, victim, entry.overflow);
    state.matchedHosts--;
  } else if (state.matchedHosts >= LIMITS.matchedHosts) {
    // Make room anywhere: the least recently seen unblocked host of any entry.
    let victimEntry: EntryState | undefined;
    let victim: string | undefined;
    let victimAt = "";
    for (const id in state.entries) {
      const candidate = evictionCandidate(state.entries[id]!.hosts);
      if (candidate === undefined) continue;
      const at = state.entries[id]!.hosts[candidate]!.lastSeen;
      if (victim === undefined || at < victimAt) {
        victim = candidate;
        victimEntry = state.entries[id];
        victimAt = at;
      }
    }
    if (victim === undefined || victimEntry === undefined) {
      entry.overflow = addOverflow(entry.overflow, blocking);
      return undefined;
    }
    victimEntry.overflow = evict(victimEntry.hosts, victim, victimEntry.overflow);
    state.matchedHosts--;
  }
  state.matchedHosts++;
  return setOwn(entry.hosts, name, newHost(at));
}

function channelOf(host: HostState, name: Channel, url: string): ChannelState {
  let channel = host[name];
  if (!channel) {
    channel = host[name] = { ok: 0, failures: {} };
    const sample = redactUrl(url);
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

/** Keep at most LIMITS.kindsPerChannel kinds: the one seen longest ago goes, inactive ones first. */
function boundKinds(channel: ChannelState, keep: FailureKind): void {
  const kinds = Object.keys(channel.failures) as FailureKind[];
  if (kinds.length <= LIMITS.kindsPerChannel) return;
  let victim: FailureKind | undefined;
  for (const kind of kinds) {
    if (kind === keep) continue;
    const record = channel.failures[kind]!;
    const best = victim === undefined ? undefined : channel.failures[victim]!;
    if (!best || (best.active && !record.active) || (best.active === record.active && record.lastSeen < best.lastSeen)) {
      victim = kind;
    }
  }
  if (victim !== undefined) delete channel.failures[victim];
}

function recordFailure(channel: ChannelState, kind: FailureKind, error: string, at: string, probed: boolean): void {
  const record = channel.failures[kind];
  if (record) {
    record.count++;
    record.lastSeen = at;
    record.active = true;
    if (record.error !== error) record.error = cleanError(error);
    if (probed) record.probed = true;
    return;
  }
  channel.failures[kind] = { error: cleanError(error), count: 1, firstSeen: at, lastSeen: at, active: true, ...(probed ? { probed } : {}) };
  boundKinds(channel, kind);
}

function recordUnresolved(channel: ChannelState, error: string, at: string): void {
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
  const failures = channel.failures;
  // A new handshake that works says nothing about sockets dropping after theirs did.
  for (const kind in failures) if (!SOCKET_HEALTH_KINDS.has(kind)) failures[kind as FailureKind]!.active = false;
  if (channel.unresolved) channel.unresolved.active = false;
}

/** New evidence about HTTPS to the host: settle every `net::ERR_FAILED` waiting for it. */
function settle(host: HostState, evidence: HostEvidence): void {
  host.evidence = evidence;
  const https = host.https;
  if (https?.unresolved) {
    const unresolved = https.unresolved;
    delete https.unresolved;
    if (evidence.ok) host.cors = (host.cors ?? 0) + unresolved.count;
    else {
      const kind = evidence.kind!;
      https.failures[kind] = merge(https.failures[kind], { ...unresolved, probed: evidence.probe }, evidence.error ?? unresolved.error);
      boundKinds(https, kind);
    }
  }
  const ws = host.websocket;
  if (ws?.unresolved) {
    const unresolved = ws.unresolved;
    delete ws.unresolved;
    const kind: FailureKind = evidence.ok ? "websocket" : evidence.kind!;
    const error = evidence.ok ? unresolved.error : (evidence.error ?? unresolved.error);
    ws.failures[kind] = merge(ws.failures[kind], evidence.ok ? unresolved : { ...unresolved, probed: evidence.probe }, error);
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
      if (!ADDRESS.test(raw)) return;
      ip = raw.toLowerCase();
      if (ip === raw) break;
    }
  }
  const fresh = { ip, count: 1, firstSeen: at, lastSeen: at };
  if (addresses === undefined) addresses = host.addresses = [];
  // A small array, replaced in place when full: a host that changes address on every request stays cheap.
  if (addresses.length < LIMITS.addressesPerHost) addresses.push(fresh);
  else addresses[oldest] = fresh;
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
  const url = observation.url;
  const probe = observation.probe === true;
  if (probe) state.counts.probes++;
  else state.counts.observations++;
  if (typeof url !== "string" || !hasWebScheme(url)) {
    state.counts.noHost++;
    return state;
  }
  const key = hostKeyOf(url, catalog);
  if (key === null) {
    state.counts.noHost++;
    return state;
  }

  let kind = classifyFailure(observation);
  // A proxy's block page counts only for catalog hosts; elsewhere it is an answer like any other.
  if (kind === "proxy-answered" && key.entryId === undefined) kind = null;
  if (kind === "ignored") {
    state.counts.ignored++;
    return state;
  }
  const answered = kind === null && observation.pending !== true && ((observation.statusCode ?? 0) > 0 || observation.headersReceived === true);
  if (kind === null && !answered) {
    if (observation.pending === true) state.counts.pending++;
    return state;
  }

  const at = iso(Number.isFinite(observation.time) ? observation.time : now);
  const ambiguous = (kind === "other" || kind === "websocket") && typeof observation.error === "string" && isAmbiguousError(observation.error);
  const blocking = kind !== null && BLOCKING.has(kind) && !(ambiguous && !isWebSocket(observation));
  const host = hostFor(state, key.entryId, key.name, at, blocking && !probe);
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

  const channelName: Channel = isWebSocket(observation) ? "websocket" : "https";
  const channel = channelOf(host, channelName, url);
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

/** Hosts with a `net::ERR_FAILED` still waiting for a probe, sorted. */
export function hostsAwaitingProbe(state: DiagnosisState): string[] {
  const out: string[] = [];
  const visit = (name: string, host: HostState) => {
    if (host.https?.unresolved?.active || host.websocket?.unresolved?.active) out.push(name);
  };
  for (const id in state.entries) for (const name in state.entries[id]!.hosts) visit(name, state.entries[id]!.hosts[name]!);
  for (const name in state.unmatched) visit(name, state.unmatched[name]!);
  return out.sort();
}

/**
 * Catalog entries with at least one host whose channel is currently blocked, or with a host that
 * resolved to a public address in a private-endpoint session (`private-dns`, judged with `ranges`):
 * the findings. The badge shows how many.
 */
export function blockedEntryIds(state: DiagnosisState, ranges: PrivateRanges = DEFAULT_RANGES): string[] {
  const out: string[] = [];
  for (const id of privateDnsEntryIds(state, ranges)) out.push(id);
  for (const id in state.entries) {
    const hosts = state.entries[id]!.hosts;
    for (const name in hosts) {
      if (isHostBlocked(hosts[name]!)) {
        if (!out.includes(id)) out.push(id);
        break;
      }
    }
  }
  return out.sort();
}

/** The diagnosis has at least one finding. */
export function hasFindings(state: DiagnosisState, ranges: PrivateRanges = DEFAULT_RANGES): boolean {
  return blockedEntryIds(state, ranges).length > 0;
}

/**
 * Add one WebSocket close the page saw (issue 12). Normal closes are only counted; a drop (1006,
 * no close frame) after a successful open is a `websocket-dropped` failure, active from the second
 * on the host; 1002/1007/1009 is `websocket-protocol`. Like `reduce`, it updates `state` in place.
 */
export function reduceSocketClose(state: DiagnosisState, close: SocketClose, catalog: Catalog): DiagnosisState {
  state.counts.socketCloses = (state.counts.socketCloses ?? 0) + 1;
  const kind = classifySocketClose(close);
  if (kind === null) return state;
  const url = close.url;
  const key = url.startsWith("wss:") || url.startsWith("ws:") ? hostKeyOf(url, catalog) : null;
  // Only catalog hosts: a page can then claim nothing about hosts the report does not list anyway.
  if (key === null || key.entryId === undefined) {
    state.counts.noHost++;
    return state;
  }
  const at = iso(close.closedAt);
  const host = hostFor(state, key.entryId, key.name, at, true);
  if (!host) return state;
  host.seen++;
  if (at > host.lastSeen) host.lastSeen = at;
  const channel = channelOf(host, "websocket", url);
  const sample = closeSample(close);
  const error = `close ${close.code}${close.wasClean ? "" : " (no close frame)"}`;
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
