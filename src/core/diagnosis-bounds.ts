/**
 * The diagnosis state's bounds: how many hosts, kinds and addresses it lists, and which listed
 * host gives way for a new one. A host that did not fit is counted in an overflow, not listed;
 * a blocked host is never evicted for a new one.
 */
import {
  isHostBlocked,
  type ChannelState,
  type DiagnosisState,
  type EntryState,
  type HostState,
  type Overflow,
} from "./diagnosis-state.js";
import type { FailureKind } from "./observation.js";
import { getOwn, setOwn } from "./own-properties.js";

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

/** A stored error's size in UTF-8 (Japanese or emoji text counts three or four bytes a character). */
export const ERROR_BYTES = 200;

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

/**
 * Frees one place among `hosts` by moving its unblocked host seen longest ago into the overflow;
 * when every host is blocked, the newcomer's observation is counted in the overflow instead.
 */
function makeRoom(
  hosts: Record<string, HostState>,
  overflow: Overflow | undefined,
  blocking: boolean,
): { overflow: Overflow; freed: boolean } {
  const victim = evictionCandidate(hosts);
  if (victim === undefined) return { overflow: addOverflow(overflow, blocking), freed: false };
  return { overflow: evict(hosts, victim, overflow), freed: true };
}

/**
 * The record of a host outside the catalog, made room for under LIMITS.unmatchedHosts; undefined
 * when it is counted in the overflow instead (`blocking`: the observation is a blocking failure).
 */
export function unmatchedHostFor(
  state: DiagnosisState,
  name: string,
  at: string,
  blocking: boolean,
): HostState | undefined {
  const existing = getOwn(state.unmatched, name);
  if (existing) return existing;
  if (Object.keys(state.unmatched).length >= LIMITS.unmatchedHosts) {
    const room = makeRoom(state.unmatched, state.unmatchedOverflow, blocking);
    state.unmatchedOverflow = room.overflow;
    if (!room.freed) return undefined;
  }
  return setOwn(state.unmatched, name, newHost(at));
}

/**
 * The record of a catalog entry's host, made room for under LIMITS.hostsPerEntry and
 * LIMITS.matchedHosts; undefined when it is counted in the entry's overflow instead.
 */
export function entryHostFor(
  state: DiagnosisState,
  entryId: string,
  name: string,
  at: string,
  blocking: boolean,
): HostState | undefined {
  const entry = getOwn(state.entries, entryId) ?? setOwn(state.entries, entryId, { hosts: {} });
  const existing = getOwn(entry.hosts, name);
  if (existing) return existing;
  if (Object.keys(entry.hosts).length >= LIMITS.hostsPerEntry) {
    const room = makeRoom(entry.hosts, entry.overflow, blocking);
    entry.overflow = room.overflow;
    if (!room.freed) return undefined;
    state.matchedHosts--;
  } else if (state.matchedHosts >= LIMITS.matchedHosts) {
    // Make room anywhere: the least recently seen unblocked host of any entry.
    let victimEntry: EntryState | undefined;
    let victim: string | undefined;
    let victimAt = "";
    for (const id in state.entries) {
      const candidate = evictionCandidate(state.entries[id]!.hosts);
      if (candidate === undefined) continue;
      const seenAt = state.entries[id]!.hosts[candidate]!.lastSeen;
      if (victim === undefined || seenAt < victimAt) {
        victim = candidate;
        victimEntry = state.entries[id];
        victimAt = seenAt;
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

/** Keep at most LIMITS.kindsPerChannel kinds: the one seen longest ago goes, inactive ones first. */
export function boundKinds(channel: ChannelState, keep: FailureKind): void {
  const kinds = Object.keys(channel.failures) as FailureKind[];
  if (kinds.length <= LIMITS.kindsPerChannel) return;
  let victim: FailureKind | undefined;
  for (const kind of kinds) {
    if (kind === keep) continue;
    const record = channel.failures[kind]!;
    const best = victim === undefined ? undefined : channel.failures[victim]!;
    if (
      !best ||
      (best.active && !record.active) ||
      (best.active === record.active && record.lastSeen < best.lastSeen)
    ) {
      victim = kind;
    }
  }
  if (victim === undefined) return;
  // A new object without the victim rather than `delete`: deleting turns an object into a slow
  // dictionary, and recordSuccess walks these records on every answer after a failure.
  const failures: ChannelState["failures"] = {};
  for (const kind of kinds) if (kind !== victim) failures[kind] = channel.failures[kind]!;
  channel.failures = failures;
}
