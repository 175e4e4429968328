/**
 * The background worker: webRequest events in, diagnosis per studio tab, badge and message
 * answers out. `startWorker` registers every listener synchronously (a stopped MV3 worker is
 * woken only for events whose listeners were added in its first turn) and queues events until
 * the stored sessions are read back, so nothing seen before a restart is lost.
 *
 * This file is the wiring; the units it wires: listeners.ts (registration), serial-queue.ts (the
 * event queue), request-events.ts and request-tracker.ts (a request's events → one Observation),
 * tab-lifecycle.ts, tab-diagnoses.ts (observation → a tab's diagnosis and badge), sweep-timer.ts,
 * prober.ts (follow-up probes), message-router.ts and answer.ts (the pages' requests),
 * worker-settings.ts (settings with the policy over them), session-store.ts, badge.ts.
 */
import type { Catalog } from "../core/catalog/types.js";
import { TOOL_NAME } from "../core/report-schema.js";
import type { ExtensionApi } from "../platform/api.js";
import { extensionOrigin } from "../platform/quirks.js";
import { noteTopDocument } from "./attribution.js";
import { Badges } from "./badge.js";
import { startChecks, type CheckSocket } from "./check.js";
import { registerListeners } from "./listeners.js";
import { routeMessage } from "./message-router.js";
import { Prober } from "./prober.js";
import { headersReceived, requestCompleted, requestFailed, requestStarted } from "./request-events.js";
import { SerialQueue } from "./serial-queue.js";
import { SessionStore, type Timers } from "./session-store.js";
import { SweepTimer } from "./sweep-timer.js";
import { TabDiagnoses } from "./tab-diagnoses.js";
import { tabActivated, tabRemoved, tabUpdated } from "./tab-lifecycle.js";
import { WorkerSettings } from "./worker-settings.js";

export interface WorkerDeps extends Timers {
  api: ExtensionApi;
  catalog: Catalog;
  /** Epoch milliseconds. */
  now(): number;
  fetch(url: string, init: RequestInit): Promise<unknown>;
  /** WebSocket upgrades of "Check this network" (the browser's WebSocket when absent). */
  openWebSocket?(url: string): CheckSocket;
}

export interface BackgroundWorker {
  /** Resolves once stored sessions are read back and queued events are handled. */
  ready: Promise<void>;
  /** Resolves when every event so far is handled, probes started and storage written. */
  idle(): Promise<void>;
  /** Sweeps requests pending for 15 s (normally run by the worker's own timer). */
  sweepNow(): Promise<void>;
}

/** Reads the stored sessions back, then notes the top document of every open tab. */
async function restore(api: ExtensionApi, store: SessionStore): Promise<void> {
  await store.load();
  try {
    const tabs = await api.tabs.query({});
    for (const tab of tabs) {
      if (tab.id !== undefined && tab.url && !store.tab(tab.id)?.known) noteTopDocument(store, tab.id, tab.url, 0);
    }
  } catch {
    // Tab URLs are an optimisation; requests from studio documents also identify the tab.
  }
}

export function startWorker(deps: WorkerDeps): BackgroundWorker {
  const { api, catalog } = deps;
  const now = (): number => deps.now();
  const store = new SessionStore(api.storage.session, deps);
  const badges = new Badges(api);
  const ownOrigin = extensionOrigin(api);
  const checks = startChecks({
    ...deps,
    openWebSocket: deps.openWebSocket ?? ((url) => new WebSocket(url) as unknown as CheckSocket),
  });
  // Rounds so far may have followed an older copy of the policy (probes off): decide again with the policy read.
  const settings = new WorkerSettings(api, now, () => void queue.enqueue(() => prober.roundIfAwaiting()));
  const queue = new SerialQueue(restore(api, store), (error) => console.error(`${TOOL_NAME}:`, error));
  const diagnoses = new TabDiagnoses({ catalog, store, badges, queue, settings, checks, prober: () => prober, now });
  const prober = new Prober({
    api,
    catalog,
    store,
    queue,
    settings: () => settings.recent(),
    now,
    fetch: (url, init) => deps.fetch(url, init),
    observe: (tabId, observation) => diagnoses.observe(tabId, observation),
    setTimeout: (callback, ms) => deps.setTimeout(callback, ms),
    clearTimeout: (handle) => deps.clearTimeout(handle),
  });
  const sweeps = new SweepTimer({
    store,
    queue,
    now,
    handleOutcome: (outcome) => diagnoses.handleOutcome(outcome),
    setTimeout: (callback, ms) => deps.setTimeout(callback, ms),
    clearTimeout: (handle) => deps.clearTimeout(handle),
  });
  const showBadge = (tabId: number, force?: boolean) => diagnoses.showBadge(tabId, force);
  const answerDeps = { api, catalog, store, queue, settings, prober, showBadge, now };
  const requests = { store, diagnoses, prober, sweeps, ownOrigin };
  const tabs = { store, badges, diagnoses, now };
  const messages = { api, queue, diagnoses, checks, answerDeps };

  registerListeners(api, queue, {
    requestStarted: (details) => requestStarted(requests, details),
    headersReceived: (details) => headersReceived(requests, details),
    requestCompleted: (details) => requestCompleted(requests, details),
    requestFailed: (details) => requestFailed(requests, details),
    tabRemoved: (tabId) => tabRemoved(tabs, tabId),
    tabUpdated: (tabId, changeInfo, tab) => tabUpdated(tabs, tabId, changeInfo, tab),
    tabActivated: (tabId) => tabActivated(tabs, tabId),
    message: (message, sender) => routeMessage(messages, message, sender),
  });

  void queue.enqueue(() => sweeps.run());
  // A round lost with a stopped worker (or its retry timer) runs again: a host still waited on is
  // probed, or pending, never left final for want of a round.
  void queue.enqueue(() => prober.roundIfAwaiting());
  queue.keep(settings.current().then(() => undefined));

  return {
    ready: queue.enqueue(() => undefined),
    idle: () => queue.idle(() => store.flush()),
    sweepNow: () => queue.enqueue(() => sweeps.run()),
  };
}
