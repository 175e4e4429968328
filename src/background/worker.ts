/**
 * The background worker: webRequest events in, diagnosis per studio tab, badge and message
 * answers out. `startWorker` registers every listener synchronously (a stopped MV3 worker is
 * woken only for events whose listeners were added in its first turn) and queues events until
 * the stored sessions are read back, so nothing seen before a restart is lost.
 *
 * This file is the wiring; the units it wires: serial-queue.ts (the event queue), request-tracker.ts
 * (a request's events → one Observation), prober.ts (follow-up probes), answer.ts (the pages'
 * requests), worker-settings.ts (settings with the policy over them), session-store.ts, badge.ts.
 */
import type { Catalog } from "../core/catalog/types.js";
import { reduce, reduceSocketClose } from "../core/diagnosis.js";
import { blockedEntryIds, createState } from "../core/diagnosis-state.js";
import { observedClose } from "../core/make-observation.js";
import type { Observation } from "../core/observation.js";
import { TOOL_NAME } from "../core/report-schema.js";
import { parseSocketClose } from "../core/websocket-health.js";
import { isWebSocketClosedMessage, parseRequest } from "../messages.js";
import type { ExtensionApi, MessageSender, RequestDetails } from "../platform/api.js";
import { extensionOrigin } from "../platform/quirks.js";
import { answer } from "./answer.js";
import { attributeRequest, noteTopDocument } from "./attribution.js";
import { Badges } from "./badge.js";
import { startChecks, type CheckSocket } from "./check.js";
import { Prober } from "./prober.js";
import {
  nextSweepAt,
  sweep,
  trackCompleted,
  trackError,
  trackHeaders,
  trackStart,
  type Outcome,
} from "./request-tracker.js";
import { SerialQueue } from "./serial-queue.js";
import { SessionStore, type Timers } from "./session-store.js";
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

/** webRequest sees every URL the extension holds a host permission for; the filter adds none. */
const ALL_URLS = { urls: ["<all_urls>"] };

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

  const ready = (async () => {
    await store.load();
    try {
      const tabs = await api.tabs.query({});
      for (const tab of tabs) {
        if (tab.id !== undefined && tab.url && !store.tab(tab.id)?.known) noteTopDocument(store, tab.id, tab.url, 0);
      }
    } catch {
      // Tab URLs are an optimisation; requests from studio documents also identify the tab.
    }
  })();
  const queue = new SerialQueue(ready, (error) => console.error(`${TOOL_NAME}:`, error));
  const prober = new Prober({
    api,
    catalog,
    store,
    queue,
    settings: () => settings.recent(),
    now,
    fetch: (url, init) => deps.fetch(url, init),
    observe,
    setTimeout: (callback, ms) => deps.setTimeout(callback, ms),
    clearTimeout: (handle) => deps.clearTimeout(handle),
  });
  const answerDeps = { api, catalog, store, queue, settings, prober, showBadge, now };

  function sessionOf(tabId: number) {
    const record = store.touchTab(tabId);
    record.state ??= createState();
    return record;
  }

  /** Feeds one observation to a tab's diagnosis, then updates its badge and asks for probes. */
  function observe(tabId: number, observation: Observation): void {
    const record = sessionOf(tabId);
    record.state = reduce(record.state ?? createState(), observation, now(), catalog);
    checks.noteHost(observation.host);
    showBadge(tabId);
    prober.afterObservation(observation);
  }

  function showBadge(tabId: number, force = false): void {
    const record = store.tab(tabId);
    const count = record?.state ? blockedEntryIds(record.state, settings.ranges).length : 0;
    queue.keep(badges.show(tabId, { count, studio: record?.studio === true }, force));
  }

  function handleOutcome(outcome: Outcome | undefined): void {
    if (!outcome) return;
    const { request, observation } = outcome;
    if (request.probeHost) prober.finish(request.probeHost, observation);
    else if (store.tab(request.tabId)) observe(request.tabId, observation);
  }

  let sweepTimer: unknown;
  function scheduleSweep(): void {
    const due = nextSweepAt(store);
    if (sweepTimer !== undefined) deps.clearTimeout(sweepTimer);
    sweepTimer = undefined;
    if (due === undefined) return;
    sweepTimer = deps.setTimeout(
      () => {
        sweepTimer = undefined;
        void queue.enqueue(runSweep);
      },
      Math.max(250, due - now()),
    );
  }

  function runSweep(): void {
    for (const outcome of sweep(store, now())) handleOutcome(outcome);
    scheduleSweep();
  }

  api.webRequest.onBeforeRequest.addListener(
    (details: RequestDetails) =>
      void queue.enqueue(() => {
        const attribution = attributeRequest(store, details, ownOrigin);
        if (attribution.kind === "tab") {
          sessionOf(attribution.tabId);
          trackStart(store, details, attribution.tabId);
          if (details.type === "main_frame") showBadge(attribution.tabId, true);
        } else if (attribution.kind === "own") {
          const host = prober.hostOf(details);
          if (host) trackStart(store, details, -1, host);
        }
        scheduleSweep();
      }),
    ALL_URLS,
  );
  // "responseHeaders": the few headers that tell who answered (src/core/answer.ts). Needs no
  // permission beyond webRequest, nor "extraHeaders" (those are for cookies and the like):
  // https://developer.chrome.com/docs/extensions/reference/api/webRequest#type-OnHeadersReceivedOptions
  api.webRequest.onHeadersReceived.addListener(
    (details: RequestDetails) => void queue.enqueue(() => handleOutcome(trackHeaders(store, details))),
    ALL_URLS,
    ["responseHeaders"],
  );
  api.webRequest.onCompleted.addListener(
    (details: RequestDetails) =>
      void queue.enqueue(() => {
        handleOutcome(trackCompleted(store, details));
        // Firefox resets a tab's badge when it navigates; show it again once the page is in.
        if (details.type === "main_frame" && details.tabId >= 0 && store.tab(details.tabId)?.state)
          showBadge(details.tabId, true);
      }),
    ALL_URLS,
    ["responseHeaders"],
  );
  api.webRequest.onErrorOccurred.addListener(
    (details: RequestDetails) => void queue.enqueue(() => handleOutcome(trackError(store, details))),
    ALL_URLS,
  );

  api.tabs.onRemoved.addListener(
    (tabId) =>
      void queue.enqueue(() => {
        store.removeTab(tabId);
        badges.forget(tabId);
      }),
  );
  api.tabs.onUpdated.addListener(
    (tabId, changeInfo, tab) =>
      void queue.enqueue(() => {
        // Without a host permission for the new page the tab's URL is hidden: it is not studio.
        if (changeInfo.url !== undefined) noteTopDocument(store, tabId, changeInfo.url, now());
        else if (tab.url === undefined && store.tab(tabId)?.studio) noteTopDocument(store, tabId, "", now());
        // Chrome resets a tab's badge, title and icon when a navigation commits, after the main
        // frame's onBeforeRequest set them: the tooltip read "open Azure ML studio" on a studio tab.
        // Apply them again once the tab reports the commit.
        if (changeInfo.status !== undefined && store.tab(tabId)) showBadge(tabId, true);
      }),
  );
  api.tabs.onActivated.addListener(
    ({ tabId }) =>
      void queue.enqueue(() => {
        const record = store.tab(tabId);
        if (record?.studio) {
          record.lastActive = now();
          store.touchTab(tabId);
        }
      }),
  );

  /**
   * A WebSocket close from the content scripts: only from this extension, only for a tab
   * that shows a studio session, and only what parseSocketClose accepts; the tab is the sender's.
   */
  function observeSocketClose(message: { close: unknown }, sender: MessageSender): Promise<unknown> {
    const tabId = sender.tab?.id;
    if (sender.id !== api.runtime.id || typeof tabId !== "number" || tabId < 0)
      return Promise.resolve({ error: "websocket-closed comes from a tab's content script" });
    return queue
      .enqueue(() => {
        const record = store.tab(tabId);
        if (!record?.studio) return;
        const parsed = parseSocketClose(message.close, now());
        if (!parsed.ok) return;
        const before = record.state ? blockedEntryIds(record.state).length : 0;
        record.state = reduceSocketClose(record.state ?? createState(), observedClose(parsed.close), catalog);
        store.touchTab(tabId);
        if (blockedEntryIds(record.state).length !== before) showBadge(tabId);
      })
      .then(() => ({ ok: true }));
  }

  api.runtime.onMessage.addListener((message, sender) => {
    if (isWebSocketClosedMessage(message)) return observeSocketClose(message, sender);
    const parsed = parseRequest(message);
    if (!parsed.ok) return Promise.resolve({ error: parsed.error });
    const request = parsed.request;
    const answering =
      request.type === "run-check" || request.type === "check-hosts"
        ? checks.answer(request)
        : answer(answerDeps, request);
    return answering.catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }));
  });

  void queue.enqueue(runSweep);
  // A round lost with a stopped worker (or its retry timer) runs again: a host still waited on is
  // probed, or pending, never left final for want of a round.
  void queue.enqueue(() => prober.roundIfAwaiting());
  queue.keep(settings.current().then(() => undefined));

  return {
    ready: queue.enqueue(() => undefined),
    idle: () => queue.idle(() => store.flush()),
    sweepNow: () => queue.enqueue(runSweep),
  };
}
