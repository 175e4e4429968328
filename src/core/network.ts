/**
 * What the addresses studio connected to say about the network path and private-endpoint DNS.
 * Derived from a diagnosis state on demand, with the user's current `privateRanges`:
 *
 * - a host's address is *private* when it is in `privateRanges`, *public* otherwise;
 * - an address shared by hosts of two or more catalog entries is a proxy's (Chromium and Firefox
 *   report the proxy's address as `ip` when a request goes through one), and so is every address
 *   when the failures show a proxy (`proxy-*` kinds): such addresses say nothing about DNS;
 * - `private-dns`: where hosts of private-link entries were reached directly at private
 *   addresses (the workspace uses private endpoints), a host of a private-link entry reached
 *   directly at a public address resolved through DNS that lacks the private zone.
 */
import type { AddressSeen, DiagnosisState, HostState } from "./diagnosis-state.js";
import { classifyAddress, DEFAULT_RANGES, type AddressClass, type PrivateRanges } from "./ip-ranges.js";
import { isPrivateLinkEntry, zoneForHost, type DnsZone } from "./private-link.js";

export type NetworkPath = "direct" | "proxy" | "mixed" | "unknown";

export interface NetworkHost {
  host: string;
  entry: string;
  /** The address seen last. */
  address: string;
  class: AddressClass;
  /** The address is a proxy's: shared with hosts of other entries. */
  proxy: boolean;
  /** The entry can sit behind a private endpoint. */
  privateLink: boolean;
}

export interface PrivateDnsHost {
  entry: string;
  host: string;
  /** The public address it was reached at (the last one). */
  address: string;
  /** Studio requests that reached it at a public address. */
  count: number;
  firstSeen: string;
  lastSeen: string;
  zone?: DnsZone;
}

export interface NetworkView {
  path: NetworkPath;
  /** Hosts of private-link entries were reached directly at private addresses. */
  privateEndpoints: boolean;
  /** The failures (proxy kinds) show a proxy, so no address says anything about DNS. */
  proxyFailures: boolean;
  /** Catalog hosts with an address, sorted by entry then host (bounded by the state's own bounds). */
  hosts: NetworkHost[];
  privateDns: PrivateDnsHost[];
}

const PROXY_KINDS = ["proxy-refused", "proxy-auth", "proxy-unreachable", "proxy-answered"] as const;

function showsProxy(host: HostState): boolean {
  for (const channel of [host.https, host.websocket]) {
    if (!channel) continue;
    for (const kind of PROXY_KINDS) if (channel.failures[kind]) return true;
  }
  return false;
}

function lastAddress(host: HostState): string | undefined {
  let best: AddressSeen | undefined;
  for (const seen of host.addresses ?? []) if (best === undefined || seen.lastSeen > best.lastSeen) best = seen;
  return best?.ip;
}

const memo = new WeakMap<DiagnosisState, { ranges: PrivateRanges; key: string; view: NetworkView }>();

/** A cheap fingerprint of what the view depends on, so badge updates do not recompute it for nothing. */
function stateKey(state: DiagnosisState): string {
  return `${state.counts.observations}:${state.counts.probes}:${state.matchedHosts}`;
}

/** The network view of a diagnosis. Pure; memoized per state object while its counts stay the same. */
export function networkOf(state: DiagnosisState, ranges: PrivateRanges = DEFAULT_RANGES): NetworkView {
  const key = stateKey(state);
  const cached = memo.get(state);
  if (cached && cached.ranges === ranges && cached.key === key) return cached.view;

  const hosts: NetworkHost[] = [];
  const entriesAt = new Map<string, Set<string>>();
  let proxyFailures = false;
  const ids = Object.keys(state.entries).sort();
  for (const id of ids) {
    const entry = state.entries[id]!;
    for (const name of Object.keys(entry.hosts).sort()) {
      const host = entry.hosts[name]!;
      if (showsProxy(host)) proxyFailures = true;
      for (const { ip } of host.addresses ?? []) {
        let set = entriesAt.get(ip);
        if (!set) entriesAt.set(ip, (set = new Set()));
        set.add(id);
      }
      const address = lastAddress(host);
      if (address === undefined) continue;
      const cls = classifyAddress(address, ranges);
      if (cls === null) continue;
      hosts.push({ host: name, entry: id, address, class: cls, proxy: false, privateLink: isPrivateLinkEntry(id) });
    }
  }
  for (const name in state.unmatched) if (showsProxy(state.unmatched[name]!)) proxyFailures = true;
  for (const host of hosts) host.proxy = (entriesAt.get(host.address)?.size ?? 0) >= 2;

  const proxied = hosts.filter((h) => h.proxy).length;
  const direct = hosts.length - proxied;
  let path: NetworkPath;
  if (hosts.length === 0) path = proxyFailures ? "proxy" : "unknown";
  else if (proxied > 0 && direct > 0) path = "mixed";
  else if (proxied > 0) path = "proxy";
  else path = proxyFailures ? "mixed" : "direct";

  // Addresses say something about DNS only when no failure shows a proxy, and only the direct ones.
  const trusted = proxyFailures ? [] : hosts.filter((h) => !h.proxy && h.privateLink);
  const privateEndpoints = trusted.some((h) => h.class === "private");
  const privateDns: PrivateDnsHost[] = [];
  if (privateEndpoints) {
    for (const h of trusted) {
      const host = state.entries[h.entry]!.hosts[h.host]!;
      let count = 0;
      let firstSeen = "";
      let lastSeen = "";
      let address = "";
      for (const seen of host.addresses ?? []) {
        const ip = seen.ip;
        if (classifyAddress(ip, ranges) !== "public" || (entriesAt.get(ip)?.size ?? 0) >= 2) continue;
        count += seen.count;
        if (firstSeen === "" || seen.firstSeen < firstSeen) firstSeen = seen.firstSeen;
        if (seen.lastSeen > lastSeen) {
          lastSeen = seen.lastSeen;
          address = ip;
        }
      }
      if (count === 0) continue;
      const finding: PrivateDnsHost = { entry: h.entry, host: h.host, address, count, firstSeen, lastSeen };
      const zone = zoneForHost(h.entry, h.host);
      if (zone) finding.zone = zone;
      privateDns.push(finding);
    }
  }
  const view: NetworkView = { path, privateEndpoints, proxyFailures, hosts, privateDns };
  memo.set(state, { ranges, key, view });
  return view;
}

/** Entry ids with a `private-dns` finding. */
export function privateDnsEntryIds(state: DiagnosisState, ranges: PrivateRanges = DEFAULT_RANGES): string[] {
  return [...new Set(networkOf(state, ranges).privateDns.map((h) => h.entry))].sort();
}
