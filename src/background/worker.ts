/**
 * The background worker: webRequest events in, diagnosis per studio tab, badge and message
 * answers out. `startWorker` registers every listener synchronously (a stopped MV3 worker is
 * woken only for events whose listeners were added in its first turn) and queues events until
 * the stored sessions are read back, so nothing seen before a restart is lost.
 */
import type { Catalog, Lang } from "../core/catalog/types.js";
import { isAmbiguousError } from "../core/classifier.js";
import { blockedEntryIds, createState, hostsAwaitingProbe, reduce } from "../core/diagnosis.js";
import type { Observation } from "../core/observation.js";
import { renderPac } from "../core/pac.js";
import { selectEntries } from "../core/selection.js";
import { buildReport } from "../core/report.js";
import type { Report } from "../core/report-schema.js";
import { parseRequest, type Request } from "../messages.js";
import type { ExtensionApi, RequestDetails } from "../platform/api.js";
import { extensionOrigin, uiLang } from "../platform/quirks.js";
import { loadSettings, type Settings } from "../settings.js";
import { attributeRequest, noteTopDocument } from "./attribution.js";
import { Badges } from "./badge.js";
import { finishProbe, isProbeDue, recentProbeResult, PROBE_INIT, probeHostOf, probeOrigin, probeUrl, recordProbe } from "./probes.js";
import { nextSweepAt, sweep, trackCompleted, trackError, trackHeaders, trackStart, type Outcome } from "./request-tracker.js";
import { SessionStore, type Timers } from "./session-store.js";

export interface WorkerDeps extends Timers {
  api: ExtensionApi;
  catalog: Catalog;
  /** Epoch milliseconds. */
  now(): number;
  fetch(url: string, init: RequestInit): Promise<unknown>;
}

export interface Worker {
  /** Resolves once stored sessions are read back and queued events are handled. */
  ready: Promise<void>;
  /** Resolves when every event so far is handled, probes started and storage written. */
  idle(): Promise<void>;
  /** Sweeps requests pending for 15 s (normally run by the worker's own timer). */
  sweepNow(): Promise<void>;
}

/** How long probe rounds reuse one read of the settings. */
const SETTINGS_CACHE_MS = 1000;

/** webRequest sees every URL the extension holds a host permission for; the filter adds none. */
const ALL_URLS = { urls: ["<all_urls>"] };

export function startWorker(deps: WorkerDeps): Worker {
  const { api, catalog } = deps;
  const store = new SessionStore(api.storage.session, deps);
  const badges = new Badges(api);
  const ownOrigin = extensionOrigin(api);
  const background = new Set<Promise<unknown>>();
  let sweepTimer: unknown;

  const ready = (async () => {
    await store.load();
    try {
      const tabs = await api.tabs.query({});
      for (const tab of tabs) {
        if (tab.id !== undefined && tab.url && !store.tab(tab.id)?.url) noteTopDocument(store, tab.id, tab.url, 0);
      }
    } catch {
      // Tab URLs are an optimisation; requests from studio documents also identify the tab.
    }
  })();

  let chain: Promise<void> = ready;
  const enqueue = (work: () => void | Promise<void>): Promise<void> => {
    chain = chain.then(work).catch((error: unknown) => console.error("aml-network-doctor:", error));
    return chain;
  };
  const track = (promise: Promise<unknown>) => {
    background.add(promise);
    void promise.finally(() => background.delete(promise));
  };

  function sessionOf(tabId: number) {
    const record = store.touchTab(tabId);
    record.state ??= createState();
    return record;
  }

  /** Feeds one observation to a tab's diagnosis, then updates its badge and asks for probes. */
  function observe(tabId: number, observation: Observation): void {
    const record = sessionOf(tabId);
    record.state = reduce(record.state ?? createState(), observation, deps.now(), catalog);
    showBadge(tabId);
    if (!observation.probe && observation.error && isAmbiguousError(observation.error)) track(maybeProbe());
  }

  function showBadge(tabId: number, force = false): void {
    const record = store.tab(tabId);
    const count = record?.state ? blockedEntryIds(record.state).length : 0;
    track(badges.show(tabId, { count, studio: record?.studio === true }, force));
  }

  function handleOutcome(outcome: Outcome | undefined): void {
    if (!outcome) return;
    const { request, observation } = outcome;
    if (request.probeHost) {
      finishProbe(store, request.probeHost, observation);
      feedProbeResult(request.probeHost, observation);
      return;
    }
    if (store.tab(request.tabId)) observe(request.tabId, observation);
  }

  let settingsCache: { at: number; settings: Promise<Settings> } | undefined;

  /**
   * Settings for probing, read at most once a second: a flood of 20,000 ambiguous failures must
   * not become 20,000 storage reads. A change in options takes effect within that second.
   */
  function probeSettings(): Promise<Settings> {
    const now = deps.now();
    if (!settingsCache || now - settingsCache.at >= SETTINGS_CACHE_MS || now < settingsCache.at) {
      settingsCache = { at: now, settings: loadSettings(api.storage.sync) };
    }
    return settingsCache.settings;
  }

  /** Gives a probe's outcome to every session waiting on that host. */
  function feedProbeResult(host: string, observation: Observation): void {
    for (const [tabId, record] of store.tabs) {
      if (record.state && hostsAwaitingProbe(record.state).includes(host)) observe(tabId, observation);
    }
  }

  /**
   * Probes every host a session waits on, when probes are on, due, and within host permissions;
   * a host probed within the last minute gets that probe's outcome again instead.
   */
  async function maybeProbe(): Promise<void> {
    const settings = await probeSettings();
    if (!settings.probes) return;
    const hosts = new Set<string>();
    for (const record of store.tabs.values()) if (record.state) for (const host of hostsAwaitingProbe(record.state)) hosts.add(host);
    for (const host of hosts) {
      const recent = recentProbeResult(store, host, deps.now());
      if (recent) {
        await enqueue(() => feedProbeResult(host, recent));
        continue;
      }
      if (!isProbeDue(store, host, deps.now())) continue;
      if (!(await api.permissions.contains({ origins: [probeOrigin(host)] }))) continue;
      if (!isProbeDue(store, host, deps.now())) continue;
      recordProbe(store, host, deps.now());
      // The outcome comes from webRequest; the fetch result itself says nothing specific.
      track(deps.fetch(probeUrl(host), PROBE_INIT).catch(() => undefined));
    }
  }

  function scheduleSweep(): void {
    const due = nextSweepAt(store);
    if (sweepTimer !== undefined) deps.clearTimeout(sweepTimer);
    sweepTimer = undefined;
    if (due === undefined) return;
    sweepTimer = deps.setTimeout(() => {
      sweepTimer = undefined;
      void enqueue(runSweep);
    }, Math.max(250, due - deps.now()));
  }

  function runSweep(): void {
    for (const outcome of sweep(store, deps.now())) handleOutcome(outcome);
    scheduleSweep();
  }

  api.webRequest.onBeforeRequest.addListener(
    (details: RequestDetails) =>
      void enqueue(() => {
        const attribution = attributeRequest(store, details, ownOrigin);
        if (attribution.kind === "tab") {
          sessionOf(attribution.tabId);
          trackStart(store, details, attribution.tabId);
          if (details.type === "main_frame") showBadge(attribution.tabId, true);
        } else if (attribution.kind === "own") {
          const host = probeHostOf(store, details);
          if (host) trackStart(store, details, -1, host);
        }
        scheduleSweep();
      }),
    ALL_URLS,
  );
  api.webRequest.onHeadersReceived.addListener(
    (details: RequestDetails) => void enqueue(() => handleOutcome(trackHeaders(store, details))),
    ALL_URLS,
  );
  api.webRequest.onCompleted.addListener(
    (details: RequestDetails) =>
      void enqueue(() => {
        handleOutcome(trackCompleted(store, details));
        // Firefox resets a tab's badge when it navigates; show it again once the page is in.
        if (details.type === "main_frame" && details.tabId >= 0 && store.tab(details.tabId)?.state) showBadge(details.tabId, true);
      }),
    ALL_URLS,
  );
  api.webRequest.onErrorOccurred.addListener(
    (details: RequestDetails) => void enqueue(() => handleOutcome(trackError(store, details))),
    ALL_URLS,
  );

  api.tabs.onRemoved.addListener((tabId) =>
    void enqueue(() => {
      store.removeTab(tabId);
      badges.forget(tabId);
    }),
  );
  api.tabs.onUpdated.addListener((tabId, changeInfo, tab) =>
    void enqueue(() => {
      // Without a host permission for the new page the tab's URL is hidden: it is not studio.
      if (changeInfo.url !== undefined) noteTopDocument(store, tabId, changeInfo.url, deps.now());
      else if (tab.url === undefined && store.tab(tabId)?.studio) noteTopDocument(store, tabId, "", deps.now());
    }),
  );
  api.tabs.onActivated.addListener(({ tabId }) =>
    void enqueue(() => {
      const record = store.tab(tabId);
      if (record?.studio) {
        record.lastActive = deps.now();
        store.touchTab(tabId);
      }
    }),
  );

  api.runtime.onMessage.addListener((message) => {
    const parsed = parseRequest(message);
    if (!parsed.ok) return Promise.resolve({ error: parsed.error });
    return answer(parsed.request).catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }));
  });

  async function answer(request: Request): Promise<unknown> {
    await enqueue(() => undefined);
    const record = store.tab(request.tabId);
    if (request.type === "clear") {
      if (record?.state) {
        record.state = createState();
        store.touchTab(request.tabId);
        for (const [id, inFlight] of store.inFlight) if (inFlight.tabId === request.tabId) store.inFlight.delete(id);
        store.changedShared();
      }
      showBadge(request.tabId, true);
      await store.flush();
      return { ok: true };
    }
    if (request.type === "get-report") return reportFor(request.tabId, request.lang ?? uiLang(api));
    const settings = await loadSettings(api.storage.sync);
    const selection =
      request.scope === "blocked"
        ? selectEntries(catalog, { entries: record?.state ? blockedEntryIds(record.state) : [] })
        : selectEntries(catalog, { cloud: settings.cloud });
    if (!selection.ok) return { error: selection.error };
    const via = request.via ?? settings.via;
    const fallback = request.default ?? settings.default;
    return renderPac(selection.entries, {
      via,
      default: fallback,
      catalogVersion: catalog.version,
      toolVersion: api.runtime.getManifest().version,
      comment: [
        request.scope === "blocked" ? "Entries found blocked in one studio tab by AML Network Doctor." : `Every browser entry (cloud: ${settings.cloud}).`,
        `Azure ML hosts: ${via}; everything else: ${fallback}.`,
      ],
    });
  }

  function reportFor(tabId: number, lang: Lang): Report {
    const record = store.tab(tabId);
    const studio = record?.state !== undefined || record?.studio === true;
    return buildReport(record?.state ?? createState(), {
      catalog,
      lang,
      now: deps.now(),
      toolVersion: api.runtime.getManifest().version,
      studio,
      source: "extension",
    });
  }

  void enqueue(runSweep);

  return {
    ready: enqueue(() => undefined),
    async idle() {
      for (;;) {
        const pending = chain;
        await pending;
        await Promise.all([...background]);
        await store.flush();
        if (pending === chain && background.size === 0) return;
      }
    },
    sweepNow: () => enqueue(runSweep),
  };
}
