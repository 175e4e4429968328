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

export function probeUrl(host: string): string {
  return `https://${host}/`;
}

/** Host permission pattern that lets the worker see (and make) the probe. */
export function probeOrigin(host: string): string {
  return `https://${host}/*`;
}

/** The host was not probed within PROBE_INTERVAL_MS. */
export function isProbeDue(store: SessionStore, host: string, now: number): boolean {
  const last = store.probes.get(host);
  return !last || now - last.at >= PROBE_INTERVAL_MS;
}

export function recordProbe(store: SessionStore, host: string, now: number): void {
  store.probes.set(host, { at: now, url: probeUrl(host) });
  for (const [other, record] of store.probes) if (now - record.at >= PROBE_INTERVAL_MS) store.probes.delete(other);
  store.changedShared();
}

/** The host a request of the extension's own probes, matched by URL; undefined for other own traffic. */
export function probeHostOf(store: SessionStore, details: RequestDetails): string | undefined {
  if (details.tabId !== -1) return undefined;
  for (const [host, record] of store.probes) {
    if (!record.done && record.url === details.url && details.timeStamp - record.at < PROBE_INTERVAL_MS) return host;
  }
  return undefined;
}

export function finishProbe(store: SessionStore, host: string, result: Observation): void {
  const record = store.probes.get(host);
  if (record) {
    record.done = true;
    record.result = result;
  }
  store.changedShared();
}

/**
 * The outcome of a probe of `host` made within the probe window, if it said something specific:
 * a session that starts waiting on the host later reuses it instead of waiting a minute.
 */
export function recentProbeResult(store: SessionStore, host: string, now: number): Observation | undefined {
  const record = store.probes.get(host);
  if (!record?.done || !record.result || now - record.at >= PROBE_INTERVAL_MS) return undefined;
  return record.result.error !== undefined && isAmbiguousError(record.result.error) ? undefined : record.result;
}

/** The request a probe makes: no cookies or credentials, nothing from the cache, no redirects followed. */
export const PROBE_INIT: RequestInit = { credentials: "omit", cache: "no-store", redirect: "manual" };
