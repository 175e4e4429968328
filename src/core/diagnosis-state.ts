/**
 * The diagnosis state of one studio session, and the questions asked of it: plain JSON, bounded
 * (diagnosis-bounds.ts), built by the reducer in diagnosis.ts and read by reports, the badge and
 * the probes. Shapes: entry → host → channel (`https`, `websocket`) → failure kind.
 */
import { BLOCKING_KINDS, type BlockingKind, type Channel, type FailureKind } from "./observation.js";
import { DEFAULT_RANGES, type PrivateRanges } from "./ip-ranges.js";
import { privateDnsEntryIds } from "./network.js";
import type { CloseSample } from "./websocket-health.js";

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
    /** WebSocket closes the page reported, normal ones included. */
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

const BLOCKING = new Set<string>(BLOCKING_KINDS);

/** The kind is one that blocks studio (a finding when active), not `ignored` or a success. */
export function isBlockingKind(kind: string): kind is BlockingKind {
  return BLOCKING.has(kind);
}

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

/** Whether the channel is currently blocked (an active blocking failure, or an unresolved WebSocket). */
export function isChannelBlocked(channel: ChannelState | undefined, name: Channel): boolean {
  if (!channel) return false;
  if (name === "websocket" && channel.unresolved?.active) return true;
  const failures = channel.failures;
  for (const kind in failures) {
    if (isBlockingKind(kind) && failures[kind as FailureKind]!.active) return true;
  }
  return false;
}

/** Whether the network currently keeps studio from the host over either channel. */
export function isHostBlocked(host: HostState): boolean {
  return isChannelBlocked(host.https, "https") || isChannelBlocked(host.websocket, "websocket");
}

/**
 * Visits every listed host once: the catalog entries' hosts (with their entry id), then the hosts
 * outside the catalog (entry id undefined). The one walk over the state's two host maps.
 */
export function forEachHost(
  state: DiagnosisState,
  visit: (name: string, host: HostState, entryId: string | undefined) => void,
): void {
  for (const id in state.entries) {
    const hosts = state.entries[id]!.hosts;
    for (const name in hosts) visit(name, hosts[name]!, id);
  }
  for (const name in state.unmatched) visit(name, state.unmatched[name]!, undefined);
}

/** Hosts with a `net::ERR_FAILED` still waiting for a probe, sorted. */
export function hostsAwaitingProbe(state: DiagnosisState): string[] {
  const out: string[] = [];
  forEachHost(state, (name, host) => {
    if (host.https?.unresolved?.active || host.websocket?.unresolved?.active) out.push(name);
  });
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
