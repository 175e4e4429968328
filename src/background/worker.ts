/**
 * The background worker: webRequest events in, diagnosis per studio tab, badge and message
 * answers out. `startWorker` registers every listener synchronously (a stopped MV3 worker is
 * woken only for events whose listeners were added in its first turn) and queues events until
 * the stored sessions are read back, so nothing seen before a restart is lost.
 */
import type { Catalog, Lang } from "../core/catalog/types.js";
import { isAmbiguousError } from "../core/classifier.js";
import { blockedEntryIds, createState, hostsAwaitingProbe, reduce, reduceSocketClose } from "../core/diagnosis.js";
import { matchNormalizedHost } from "../core/matcher.js";
import type { Observation } from "../core/observation.js";
import { renderPac } from "../core/pac.js";
import { selectEntries } from "../core/selection.js";
import { buildReport } from "../core/report.js";
import type { Report } from "../core/report-schema.js";
import { isWebSocketClosedMessage, parseRequest, type TabRequest } from "../messages.js";
import type { ExtensionApi, MessageSender, RequestDetails } from "../platform/api.js";
import { parseSocketClose } from "../core/websocket-health.js";
import { extensionOrigin, uiLang } from "../platform/quirks.js";
import { DEFAULT_RANGES, type PrivateRanges } from "../core/ip-ranges.js";
import { readManaged } from "../platform/managed.js";
import { loadSettings, privateRangesOf, withManaged, type Settings } from "../settings.js";
import { attributeRequest, noteTopDocument } from "./attribution.js";
import { Badges } from "./badge.js";
import { startChecks, type CheckSocket } from "./check.js";
import {
  finishProbe,
  hasProbeBudget,
  isProbeableHost,
  isProbeDue,
  outstandingProbes,
  recentProbeResult,
  PROBE_INIT,
  probeHostOf,
  probeOrigin,
  probeUrl,
  recordProbe,
} from "./probes.js";
import { nextSweepAt, sweep, trackCompleted, trackError, trackHeaders, trackStart, type Outcome } from "./request-tracker.js";
import { SessionStore, type Timers } from "./session-store.js";

export interface WorkerDeps extends Timers {
  api: ExtensionApi;
  catalog: Catalog;
  /** Epoch milliseconds. */
  now(): number;
  fetch(url: string, init: RequestInit): Promise<unknown>;
  /** WebSocket upgrades of "Check this network" (the browser's WebSocket when absent). */
  openWebSocket?(url: string): CheckSocket;
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
/** storage.local key of the last policy values read (see managedSnapshot). */
const MANAGED_COPY_KEY = "managedCopy";

/** webRequest sees every URL the extension holds a host permission for; the filter adds none. */
const ALL_URLS = { urls: ["<all_urls>"] };

export function startWorker(deps: WorkerDeps): Worker {
  const { api, catalog } = deps;
  const store = new SessionStore(api.storage.session, deps);
  const badges = new Badges(api);
  const ownOrigin = extensionOrigin(api);
  const checks = startChecks({ ...deps, openWebSocket: deps.openWebSocket ?? ((url) => new WebSocket(url) as unknown as CheckSocket) });
  const background = new Set<Promise<unknown>>();
  /** Probe rounds still deciding which hosts to probe: a report waits for them (see reportFor). */
  const probeRounds = new Set<Promise<void>>();
  let sweepTimer: unknown;
  // Chromium answers the first storage.managed read only once its policy service is up (seconds
  // after a browser start), so probe decisions use the last policy values known: this start's read
  // once it answers, until then the copy the last read left in storage.local.
  let managedSnapshot: Record<string, unknown> | undefined;
  const managedCopy = (api.storage.local?.get(MANAGED_COPY_KEY) ?? Promise.resolve({} as Record<string, unknown>)).then(
    (stored) => {
      const copy = stored[MANAGED_COPY_KEY];
      if (managedSnapshot === undefined && copy && typeof copy === "object") managedSnapshot = copy as Record<string, unknown>;
    },
    () => undefined,
  );
  void readManaged(api.storage.managed).then((values) => {
    managedSnapshot = values;
    return api.storage.local?.set({ [MANAGED_COPY_KEY]: values });
  }).catch(() => undefined);

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
    checks.noteUrl(observation.url);
    showBadge(tabId);
    if (!observation.probe && observation.error && isAmbiguousError(observation.error)) {
      const round = maybeProbe();
      probeRounds.add(round);
      void round.finally(() => probeRounds.delete(round)).catch(() => undefined);
      track(round);
    }
  }

  function showBadge(tabId: number, force = false): void {
    const record = store.tab(tabId);
    const count = record?.state ? blockedEntryIds(record.state, ranges).length : 0;
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
  /** The user's private ranges as last read; the badge counts `private-dns` findings with them. */
  let ranges: PrivateRanges = DEFAULT_RANGES;

  /** The user's settings with the policy's values over them (the last ones known, see managedSnapshot). */
  async function currentSettings(): Promise<Settings> {
    await managedCopy;
    const settings = withManaged(await loadSettings(api.storage.sync), managedSnapshot ?? {});
    ranges = privateRangesOf(settings);
    return settings;
  }

  /**
   * Settings for probing, read at most once a second: a flood of 20,000 ambiguous failures must
   * not become 20,000 storage reads. A change in options takes effect within that second.
   */
  function probeSettings(): Promise<Settings> {
    const now = deps.now();
    if (!settingsCache || now - settingsCache.at >= SETTINGS_CACHE_MS || now < settingsCache.at) {
      settingsCache = { at: now, settings: currentSettings() };
    }
    return settingsCache.settings;
  }

  /** Gives a probe's outcome to every session waiting on that host. */
  function feedProbeResult(host: string, observation: Observation): void {
    for (const [tabId, record] of store.tabs()) {
      if (record.state && hostsAwaitingProbe(record.state).includes(host)) observe(tabId, observation);
    }
  }

  /**
   * Probes every host a session waits on, when probes are on, due, within host permissions, a
   * name that can be on the internet (isProbeableHost) and within the per-minute caps; a host
   * probed within the last minute gets that probe's outcome again instead.
   */
  async function maybeProbe(): Promise<void> {
    const settings = await probeSettings();
    if (!settings.probes) return;
    const hosts = new Set<string>();
    for (const [, record] of store.tabs()) if (record.state) for (const host of hostsAwaitingProbe(record.state)) hosts.add(host);
    // Catalog hosts first: the per-minute cap must not be spent on other hosts before them.
    const isCatalogHost = (host: string) => matchNormalizedHost(host, catalog) !== undefined;
    const ordered = [...hosts].sort((a, b) => Number(!isCatalogHost(a)) - Number(!isCatalogHost(b)));
    for (const host of ordered) {
      const recent = recentProbeResult(store, host, deps.now());
      if (recent) {
        await enqueue(() => feedProbeResult(host, recent));
        continue;
      }
      if (!isProbeableHost(host) || !isProbeDue(store, host, deps.now())) continue;
      if (!(await api.permissions.contains({ origins: [probeOrigin(host)] }))) continue;
      if (!isProbeDue(store, host, deps.now()) || !hasProbeBudget(store, deps.now(), isCatalogHost, host)) continue;
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
  // "responseHeaders": the few headers that tell who answered (src/core/answer.ts). Needs no
  // permission beyond webRequest, nor "extraHeaders" (those are for cookies and the like):
  // https://developer.chrome.com/docs/extensions/reference/api/webRequest#type-OnHeadersReceivedOptions
  api.webRequest.onHeadersReceived.addListener(
    (details: RequestDetails) => void enqueue(() => handleOutcome(trackHeaders(store, details))),
    ALL_URLS,
    ["responseHeaders"],
  );
  api.webRequest.onCompleted.addListener(
    (details: RequestDetails) =>
      void enqueue(() => {
        handleOutcome(trackCompleted(store, details));
        // Firefox resets a tab's badge when it navigates; show it again once the page is in.
        if (details.type === "main_frame" && details.tabId >= 0 && store.tab(details.tabId)?.state) showBadge(details.tabId, true);
      }),
    ALL_URLS,
    ["responseHeaders"],
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

  /**
   * A WebSocket close from the content scripts (issue 12): only from this extension, only for a tab
   * that shows a studio session, and only what parseSocketClose accepts; the tab is the sender's.
   */
  function observeSocketClose(message: { close: unknown }, sender: MessageSender): Promise<unknown> {
    const tabId = sender.tab?.id;
    if (sender.id !== api.runtime.id || typeof tabId !== "number" || tabId < 0) return Promise.resolve({ error: "websocket-closed comes from a tab's content script" });
    return enqueue(() => {
      const record = store.tab(tabId);
      if (!record?.studio) return;
      const parsed = parseSocketClose(message.close, deps.now());
      if (!parsed.ok) return;
      const before = record.state ? blockedEntryIds(record.state).length : 0;
      record.state = reduceSocketClose(record.state ?? createState(), parsed.close, catalog);
      store.touchTab(tabId);
      if (blockedEntryIds(record.state).length !== before) showBadge(tabId);
    }).then(() => ({ ok: true }));
  }

  api.runtime.onMessage.addListener((message, sender) => {
    if (isWebSocketClosedMessage(message)) return observeSocketClose(message, sender);
    const parsed = parseRequest(message);
    if (!parsed.ok) return Promise.resolve({ error: parsed.error });
    const request = parsed.request;
    const answering = request.type === "run-check" || request.type === "check-hosts" ? checks.answer(request) : answer(request);
    return answering.catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }));
  });

  async function answer(request: TabRequest): Promise<unknown> {
    await enqueue(() => undefined);
    const record = store.tab(request.tabId);
    if (request.type === "clear") {
      store.clearTab(request.tabId);
      showBadge(request.tabId, true);
      await store.flush();
      return { ok: true };
    }
    if (request.type === "get-report") {
      // A round may be about to start a probe; once rounds are done, outstanding probes are in the store.
      while (probeRounds.size > 0) await Promise.allSettled([...probeRounds]);
      await currentSettings();
      return reportFor(request.tabId, request.lang ?? uiLang(api));
    }
    // A PAC follows the policy as it is now, not the copy the worker keeps for its first seconds.
    const settings = await loadSettings(api.storage.sync, api.storage.managed);
    ranges = privateRangesOf(settings);
    const selection =
      request.scope === "blocked"
        ? selectEntries(catalog, { entries: record?.state ? blockedEntryIds(record.state, ranges) : [] })
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
      privateRanges: ranges,
      probing: outstandingProbes(store, deps.now()),
    });
  }

  void enqueue(runSweep);
  track(currentSettings().then(() => undefined));

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
