/**
 * Follow-up probes. Chromium reports every failed WebSocket and every CORS rejection
 * as `net::ERR_FAILED`, so the worker asks the same host over HTTPS once: a specific error names
 * the block, an answer means the host is reachable. A fetch error says nothing specific, so the
 * probe's outcome is read from the extension's own webRequest events for that URL
 * (docs/reference/chromium-network-failures.md, pitfall 8).
 */
import { isAmbiguousError } from "../core/classifier.js";
import type { Observation } from "../core/observation.js";
import type { RequestDetails } from "../platform/api.js";
import type { SessionStore } from "./session-store.js";

/** At most one probe per host in this window. */
export const PROBE_INTERVAL_MS = 60_000;
/** Probes started in any PROBE_INTERVAL_MS, whatever the hosts: a page failing on many hosts cannot make many requests. */
export const MAX_PROBES_PER_MINUTE = 30;
/** Of those, probes of hosts outside the catalog, so catalog hosts always have room. */
export const MAX_OTHER_PROBES_PER_MINUTE = 10;

/**
 * Suffixes of names that belong to this machine or the local network, never to Azure: RFC 6761
 * (`localhost`, `invalid`, `test`), RFC 6762 (`local`, mDNS), RFC 8375 (`home.arpa`) and ICANN's
 * private-use `internal`; `arpa` also holds the reverse-DNS names of addresses.
 * https://www.iana.org/assignments/special-use-domain-names/special-use-domain-names.xhtml
 */
const LOCAL_SUFFIXES = ["localhost", "local", "internal", "arpa", "invalid", "test"];

/**
 * Whether the extension may send a probe to `host` (a normalized host a studio tab failed to
 * reach): not `localhost` or another local-only name, not a single label (an intranet short
 * name), and not a name the URL parser reads as an IPv4 address (`0x7f.1` is 127.0.0.1: the URL
 * Standard parses a host whose last label is a number as IPv4). IP literals never reach here:
 * the diagnosis keeps host names only.
 * https://url.spec.whatwg.org/#ends-in-a-number-checker
 */
export function isProbeableHost(host: string): boolean {
  const labels = host.split(".");
  if (labels.length < 2 || labels.some((label) => label.length === 0)) return false;
  const last = labels[labels.length - 1]!;
  if (/^[0-9]+$/.test(last) || /^0x[0-9a-f]*$/i.test(last)) return false;
  return !LOCAL_SUFFIXES.includes(last);
}

/**
 * Whether a probe of a host may start now under the per-minute caps. `isCatalogHost` tells
 * catalog hosts from the others, for the probe to start and for the ones already made.
 */
export function hasProbeBudget(
  store: SessionStore,
  now: number,
  isCatalogHost: (host: string) => boolean,
  host: string,
): boolean {
  let all = 0;
  let other = 0;
  for (const [probed, record] of store.probes()) {
    if (now - record.at >= PROBE_INTERVAL_MS || now < record.at) continue;
    all++;
    if (!isCatalogHost(probed)) other++;
  }
  return all < MAX_PROBES_PER_MINUTE && (isCatalogHost(host) || other < MAX_OTHER_PROBES_PER_MINUTE);
}

export function probeUrl(host: string): string {
  return `https://${host}/`;
}

/** Host permission pattern that lets the worker see (and make) the probe. */
export function probeOrigin(host: string): string {
  return `https://${host}/*`;
}

/** The host was not probed within PROBE_INTERVAL_MS. */
export function isProbeDue(store: SessionStore, host: string, now: number): boolean {
  const last = store.probe(host);
  return !last || now - last.at >= PROBE_INTERVAL_MS;
}

export function recordProbe(store: SessionStore, host: string, now: number): void {
  store.recordProbe(host, { at: now, url: probeUrl(host) }, now - PROBE_INTERVAL_MS);
}

/** The host a request of the extension's own probes, matched by URL; undefined for other own traffic. */
export function probeHostOf(store: SessionStore, details: RequestDetails): string | undefined {
  if (details.tabId !== -1) return undefined;
  for (const [host, record] of store.probes()) {
    if (!record.done && record.url === details.url && details.timeStamp - record.at < PROBE_INTERVAL_MS) return host;
  }
  return undefined;
}

export function finishProbe(store: SessionStore, host: string, result: Observation): void {
  store.finishProbe(host, result);
}

/**
 * The outcome of a probe of `host` made within the probe window, if it said something specific:
 * a session that starts waiting on the host later reuses it instead of waiting a minute.
 */
export function recentProbeResult(store: SessionStore, host: string, now: number): Observation | undefined {
  const record = store.probe(host);
  if (!record?.done || !record.result || now - record.at >= PROBE_INTERVAL_MS) return undefined;
  return record.result.error !== undefined && isAmbiguousError(record.result.error) ? undefined : record.result;
}

/** Hosts with a probe made within the window whose outcome has not come back yet, sorted. */
export function outstandingProbes(store: SessionStore, now: number): string[] {
  const out: string[] = [];
  for (const [host, record] of store.probes()) if (!record.done && now - record.at < PROBE_INTERVAL_MS) out.push(host);
  return out.sort();
}

/** The request a probe makes: no cookies or credentials, nothing from the cache, no redirects followed. */
export const PROBE_INIT: RequestInit = { credentials: "omit", cache: "no-store", redirect: "manual" };
