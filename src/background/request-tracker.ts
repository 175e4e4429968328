/**
 * webRequest events → core observations. A request is tracked from onBeforeRequest to its outcome;
 * the outcome (onCompleted, onErrorOccurred, a proxy's 407 in onHeadersReceived, or the 15 s sweep)
 * becomes one Observation. Facts: docs/reference/chromium-network-failures.md §2.
 */
import { answerOf } from "../core/answer.js";
import { PENDING_TIMEOUT_MS } from "../core/classifier.js";
import { makeObservation, observedUrl } from "../core/make-observation.js";
import type { Observation, Outcome as ObservedOutcome } from "../core/observation.js";
import type { RequestDetails } from "../platform/api.js";
import type { InFlight, SessionStore } from "./session-store.js";

/** A request with no response headers after the classifier's timeout is reported as a suspected timeout. */
const SWEEP_AFTER_MS = PENDING_TIMEOUT_MS;
/** webRequest's resource types are short words (`xmlhttprequest`); the stored copy stays short whatever comes. */
const MAX_TYPE_LENGTH = 32;

export interface Outcome {
  request: Readonly<InFlight>;
  observation: Observation;
}

/**
 * The request's outcome as an observation. The in-flight record keeps only the `scheme://host[:port]`
 * that observedUrl made of the URL at the start (the stored state's byte bound has no room for a
 * second copy of the host), so host and channel are read back from that short form here, by the
 * same function; for a URL without port or userinfo it is the very key observedUrl parsed then.
 */
function observationOf(request: Readonly<InFlight>, outcome: ObservedOutcome, time: number): Observation {
  return makeObservation(observedUrl(request.url, request.type), request.type, time, {
    error: outcome.error,
    statusCode: outcome.statusCode ?? (request.statusCode || undefined),
    proxyAuth: outcome.proxyAuth,
    headersReceived: outcome.headersReceived ?? (request.headersReceived || undefined),
    pending: outcome.pending,
    elapsedMs: Math.max(0, time - request.start),
    probe: request.probeHost ? true : undefined,
    ip: outcome.ip ?? (request.ip || undefined),
    answer: outcome.answer ?? request.answer,
  });
}

/** The connection address and who answered, from an event's details (headers only when the listener asked for them). */
function answerFields(details: RequestDetails): Pick<InFlight, "ip" | "answer"> {
  const fields: Pick<InFlight, "ip" | "answer"> = {};
  if (typeof details.ip === "string" && details.ip.length > 0) fields.ip = details.ip;
  const answer = answerOf(details.responseHeaders);
  if (answer) fields.answer = answer;
  return fields;
}

export function trackStart(store: SessionStore, details: RequestDetails, tabId: number, probeHost?: string): void {
  // The URL is taken apart here. Only what attribution and the diagnosis need is kept:
  // `scheme://host[:port]`, never a path, query string or token (a failed write must not be a
  // page's 8 KB SAS URL times 2,000).
  const request: InFlight = {
    url: observedUrl(details.url, details.type).sample ?? "",
    type: details.type.slice(0, MAX_TYPE_LENGTH),
    tabId,
    start: details.timeStamp,
  };
  if (probeHost) request.probeHost = probeHost;
  store.addInFlight(details.requestId, request);
}

/**
 * Response headers. A proxy's 407 is the outcome: afterwards a fetch can hang with no further
 * event, so it is recorded now and the request is no longer tracked. A probe's first response is
 * its outcome too: the host answered, whatever the status.
 */
export function trackHeaders(store: SessionStore, details: RequestDetails): Outcome | undefined {
  const known = store.inFlight(details.requestId);
  if (!known) return undefined;
  const answered = answerFields(details);
  if (answered.ip !== undefined || answered.answer !== undefined) store.updateInFlight(details.requestId, answered);
  if (details.statusCode === 407) {
    const request = store.takeInFlight(details.requestId)!;
    const observation = observationOf(
      request,
      { statusCode: 407, proxyAuth: true, headersReceived: true },
      details.timeStamp,
    );
    return { request, observation };
  }
  store.updateInFlight(
    details.requestId,
    details.statusCode ? { headersReceived: true, statusCode: details.statusCode } : { headersReceived: true },
  );
  if (known.probeHost) {
    const request = store.takeInFlight(details.requestId)!;
    return { request, observation: observationOf(request, {}, details.timeStamp) };
  }
  return undefined;
}

export function trackCompleted(store: SessionStore, details: RequestDetails): Outcome | undefined {
  const request = store.takeInFlight(details.requestId);
  if (!request) return undefined;
  Object.assign(request, answerFields(details));
  const fields: ObservedOutcome = { headersReceived: true };
  if (details.statusCode !== undefined) fields.statusCode = details.statusCode;
  return { request, observation: observationOf(request, fields, details.timeStamp) };
}

export function trackError(store: SessionStore, details: RequestDetails): Outcome | undefined {
  const request = store.takeInFlight(details.requestId);
  if (!request) return undefined;
  if (typeof details.ip === "string" && details.ip.length > 0) request.ip = details.ip;
  const fields: ObservedOutcome = { error: details.error ?? "unknown error" };
  return { request, observation: observationOf(request, fields, details.timeStamp) };
}

/** Requests past SWEEP_AFTER_MS without response headers, each reported once as pending. */
export function sweep(store: SessionStore, now: number): Outcome[] {
  const outcomes: Outcome[] = [];
  const due: string[] = [];
  for (const [requestId, request] of store.inFlightEntries()) {
    if (request.swept || request.headersReceived || now - request.start < SWEEP_AFTER_MS) continue;
    due.push(requestId);
    outcomes.push({ request, observation: observationOf(request, { pending: true }, now) });
  }
  for (const requestId of due) store.updateInFlight(requestId, { swept: true });
  return outcomes;
}

/** Epoch ms when the next unswept request becomes due, or undefined when none waits. */
export function nextSweepAt(store: SessionStore): number | undefined {
  let next: number | undefined;
  for (const [, request] of store.inFlightEntries()) {
    if (request.swept || request.headersReceived) continue;
    const due = request.start + SWEEP_AFTER_MS;
    if (next === undefined || due < next) next = due;
  }
  return next;
}
