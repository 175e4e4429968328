/**
 * What the worker does with each webRequest event (run on the event queue): attribute a starting
 * request to a studio tab or to the worker's own probe, and turn a request's end into an outcome.
 */
import type { RequestDetails } from "../platform/api.js";
import { attributeRequest } from "./attribution.js";
import type { Prober } from "./prober.js";
import { trackCompleted, trackError, trackHeaders, trackStart } from "./request-tracker.js";
import type { SessionStore } from "./session-store.js";
import type { SweepTimer } from "./sweep-timer.js";
import type { TabDiagnoses } from "./tab-diagnoses.js";

export interface RequestEventParts {
  store: SessionStore;
  diagnoses: TabDiagnoses;
  prober: Prober;
  sweeps: SweepTimer;
  /** The extension's own origin: its requests are probes, never a tab's. */
  ownOrigin: string;
}

export function requestStarted(parts: RequestEventParts, details: RequestDetails): void {
  const { store, diagnoses, prober } = parts;
  const attribution = attributeRequest(store, details, parts.ownOrigin);
  if (attribution.kind === "tab") {
    diagnoses.sessionOf(attribution.tabId);
    trackStart(store, details, attribution.tabId);
    if (details.type === "main_frame") diagnoses.showBadge(attribution.tabId, true);
  } else if (attribution.kind === "own") {
    const host = prober.hostOf(details);
    if (host) trackStart(store, details, -1, host);
  }
  parts.sweeps.schedule();
}

export function headersReceived(parts: RequestEventParts, details: RequestDetails): void {
  parts.diagnoses.handleOutcome(trackHeaders(parts.store, details));
}

export function requestCompleted(parts: RequestEventParts, details: RequestDetails): void {
  const { store, diagnoses } = parts;
  diagnoses.handleOutcome(trackCompleted(store, details));
  // Firefox resets a tab's badge when it navigates; show it again once the page is in.
  if (details.type === "main_frame" && details.tabId >= 0 && store.tab(details.tabId)?.state)
    diagnoses.showBadge(details.tabId, true);
}

export function requestFailed(parts: RequestEventParts, details: RequestDetails): void {
  parts.diagnoses.handleOutcome(trackError(parts.store, details));
}
