/**
 * webRequest events → core observations. A request is tracked from onBeforeRequest to its outcome;
 * the outcome (onCompleted, onErrorOccurred, a proxy's 407 in onHeadersReceived, or the 15 s sweep)
 * becomes one Observation. Facts: docs/reference/chromium-network-failures.md §2.
 */
import { PENDING_TIMEOUT_MS } from "../core/classifier.js";
import type { Observation } from "../core/observation.js";
import type { RequestDetails } from "../platform/api.js";
import type { InFlight, SessionStore } from "./session-store.js";

/** A request with no response headers after the classifier's timeout is reported as a suspected timeout. */
const SWEEP_AFTER_MS = PENDING_TIMEOUT_MS;

export interface Outcome {
  request: InFlight;
  observation: Observation;
}

function observationOf(request: InFlight, fields: Partial<Observation>, time: number): Observation {
  const observation: Observation = {
    url: request.url,
    type: request.type,
    time,
    elapsedMs: Math.max(0, time - request.start),
    ...fields,
  };
  if (request.headersReceived && observation.headersReceived === undefined) observation.headersReceived = true;
  if (request.statusCode && observation.statusCode === undefined) observation.statusCode = request.statusCode;
  if (request.probeHost) observation.probe = true;
  return observation;
}

export function trackStart(store: SessionStore, details: RequestDetails, tabId: number, probeHost?: string): void {
  const request: InFlight = { url: details.url, type: details.type, tabId, start: details.timeStamp };
  if (probeHost) request.probeHost = probeHost;
  store.addInFlight(details.requestId, request);
}

/**
 * Response headers. A proxy's 407 is the outcome: afterwards a fetch can hang with no further
 * event, so it is recorded now and the request is no longer tracked. A probe's first response is
 * its outcome too: the host answered, whatever the status.
 */
export function trackHeaders(store: SessionStore, details: RequestDetails): Outcome | undefined {
  const request = store.inFlight.get(details.requestId);
  if (!request) return undefined;
  if (details.statusCode === 407) {
    store.inFlight.delete(details.requestId);
    store.changedShared();
    const observation = observationOf(request, { statusCode: 407, proxyAuth: true, headersReceived: true }, details.timeStamp);
    return { request, observation };
  }
  request.headersReceived = true;
  if (details.statusCode) request.statusCode = details.statusCode;
  store.changedShared();
  if (request.probeHost) {
    store.inFlight.delete(details.requestId);
    return { request, observation: observationOf(request, {}, details.timeStamp) };
  }
  return undefined;
}

export function trackCompleted(store: SessionStore, details: RequestDetails): Outcome | undefined {
  const request = store.inFlight.get(details.requestId);
  if (!request) return undefined;
  store.inFlight.delete(details.requestId);
  store.changedShared();
  const fields: Partial<Observation> = { headersReceived: true };
  if (details.statusCode !== undefined) fields.statusCode = details.statusCode;
  return { request, observation: observationOf(request, fields, details.timeStamp) };
}

export function trackError(store: SessionStore, details: RequestDetails): Outcome | undefined {
  const request = store.inFlight.get(details.requestId);
  if (!request) return undefined;
  store.inFlight.delete(details.requestId);
  store.changedShared();
  const fields: Partial<Observation> = { error: details.error ?? "unknown error" };
  return { request, observation: observationOf(request, fields, details.timeStamp) };
}

/** Requests past SWEEP_AFTER_MS without response headers, each reported once as pending. */
export function sweep(store: SessionStore, now: number): Outcome[] {
  const outcomes: Outcome[] = [];
  for (const request of store.inFlight.values()) {
    if (request.swept || request.headersReceived || now - request.start < SWEEP_AFTER_MS) continue;
    request.swept = true;
    outcomes.push({ request, observation: observationOf(request, { pending: true }, now) });
  }
  if (outcomes.length > 0) store.changedShared();
  return outcomes;
}

/** Epoch ms when the next unswept request becomes due, or undefined when none waits. */
export function nextSweepAt(store: SessionStore): number | undefined {
  let next: number | undefined;
  for (const request of store.inFlight.values()) {
    if (request.swept || request.headersReceived) continue;
    const due = request.start + SWEEP_AFTER_MS;
    if (next === undefined || due < next) next = due;
  }
  return next;
}
