/**
 * Per-tab studio sessions, in-flight requests and probe times, kept in worker memory and mirrored
 * to storage.session. The worker can be stopped at any moment, so every change is written within
 * FLUSH_DELAY_MS (batched: one `set` for all changes of that window) and everything is read back
 * on start. Only the changes of the last window can be lost, and only if the browser itself dies;
 * a write the browser refuses is carried by the next one.
 *
 * What is stored is bounded in bytes, far below storage.session's 10 MB quota
 * (https://developer.chrome.com/docs/extensions/reference/api/storage#property-session), whatever
 * pages request: at most MAX_IN_FLIGHT requests of `scheme://host[:port]` (under 1 KB each by
 * Chrome's count even for a 253-character host), MAX_PROBE_RECORDS probe records, and per studio tab one diagnosis (under 256 KB, see
 * LIMITS in src/core/diagnosis-bounds.ts); other tabs keep a few bytes and no URL.
 */
import { createState, type DiagnosisState } from "../core/diagnosis-state.js";
import { makeObservation, observedUrl } from "../core/make-observation.js";
import type { Answer, Observation } from "../core/observation.js";
import type { StorageArea } from "../platform/api.js";

/** One tab as the worker knows it. */
export interface TabRecord {
  /**
   * The top document is known (main_frame requests, tabs events, tabs.query). Its URL is not
   * kept: `origin` is all attribution needs, and other sites' URLs are none of the extension's business.
   */
  known?: boolean;
  /** The top document is a studio page. */
  studio: boolean;
  /** Studio origin of the top document, for attributing studio's service-worker traffic. */
  origin?: string;
  /** Epoch ms the tab was last activated or navigated: picks the tab for tabId -1 requests. */
  lastActive: number;
  /** The diagnosis of this tab's studio session; absent until the tab first shows studio. */
  state?: DiagnosisState;
}

/** A request seen starting and not yet finished. */
export interface InFlight {
  /** `scheme://host[:port]` only: attribution and the diagnosis need no more ("" when it has no host). */
  url: string;
  type: string;
  /** The studio tab it is attributed to; -1 for the extension's own probes. */
  tabId: number;
  /** Epoch ms of onBeforeRequest. */
  start: number;
  headersReceived?: boolean;
  statusCode?: number;
  /** Already reported as pending by the 15 s sweep. */
  swept?: boolean;
  /** The extension's own follow-up probe of this host. */
  probeHost?: string;
  /** Who answered, from the response headers (src/core/answer.ts); nothing else of them is kept. */
  answer?: Answer;
  /** The address connected to, when an event before the outcome gave it. */
  ip?: string;
}

/** A probe the worker started: when, and the URL its webRequest events will carry. */
export interface ProbeRecord {
  at: number;
  url: string;
  /** Its outcome has been seen. */
  done?: boolean;
  /** That outcome, kept for the probe window so sessions that wait on the host later get it too. */
  result?: Observation;
}

/** What an older version stored as a probe's outcome: the probe's URL (`https://host/`) and type instead of host and channel. */
interface StoredObservation extends Partial<Omit<Observation, "type">> {
  url?: unknown;
  type?: unknown;
}

/**
 * A probe record with its outcome in this version's shape. storage.session outlives an extension
 * update within a browser session, so a record written by a version whose observations carried
 * the URL is read by taking that URL apart here, once, as its producer would have.
 */
function upgradeProbeRecord(record: ProbeRecord): ProbeRecord {
  const result = record.result as StoredObservation | undefined;
  if (result === undefined || result.channel !== undefined) return record;
  const { url, type, time, ...outcome } = result;
  const kind = typeof type === "string" ? type : "other";
  const where = observedUrl(typeof url === "string" ? url : "", kind);
  return { ...record, result: makeObservation(where, kind, typeof time === "number" ? time : record.at, outcome) };
}

/**
 * Write delay: state reaches storage.session within 250 ms of an event (so a worker stopped right
 * after a failure keeps it; test/adapters/worker.test.ts), and one write serves a burst of events.
 */
export const FLUSH_DELAY_MS = 100;
/** In-flight requests kept at most; the oldest already-swept ones go first. */
export const MAX_IN_FLIGHT = 2000;
/** Probe records kept at most (one a host, each dropped a minute after its probe). */
export const MAX_PROBE_RECORDS = 100;
/**
 * After a failed write the changes stay marked and go out with the next one; until a new event
 * comes, the store retries on its own this often (then waits for the next change, so a storage
 * area that keeps failing cannot keep the worker awake).
 */
export const RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000];

const TAB_PREFIX = "tab:";
const IN_FLIGHT_KEY = "inflight";
const PROBES_KEY = "probes";

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The store owns its maps: callers change them through the methods below, and every method that
 * changes something marks it for the next write, so no caller can forget to.
 */
export class SessionStore {
  private readonly tabRecords = new Map<number, TabRecord>();
  private readonly requests = new Map<string, InFlight>();
  private readonly probeRecords = new Map<string, ProbeRecord>();
  private dirtyTabs = new Set<number>();
  private removedTabs = new Set<number>();
  /** The in-flight requests or probe records changed (they are written together). */
  private dirtyRequests = false;
  private timer: unknown;
  private writing: Promise<void> = Promise.resolve();
  /** Writes that failed in a row; the retry timer stops after RETRY_DELAYS_MS runs out. */
  private failures = 0;

  constructor(
    private readonly area: StorageArea,
    private readonly timers: Timers,
  ) {}

  /** Reads everything back; called once when the worker starts. */
  async load(): Promise<void> {
    const all = await this.area.get(null);
    for (const [key, value] of Object.entries(all)) {
      if (key.startsWith(TAB_PREFIX)) {
        const tabId = Number(key.slice(TAB_PREFIX.length));
        if (Number.isSafeInteger(tabId) && value && typeof value === "object")
          this.tabRecords.set(tabId, value as TabRecord);
      }
    }
    for (const [id, record] of Object.entries((all[IN_FLIGHT_KEY] ?? {}) as Record<string, InFlight>))
      this.requests.set(id, record);
    for (const [host, record] of Object.entries((all[PROBES_KEY] ?? {}) as Record<string, ProbeRecord>))
      this.probeRecords.set(host, upgradeProbeRecord(record));
  }

  tab(tabId: number): TabRecord | undefined {
    return this.tabRecords.get(tabId);
  }

  /** Every tab the worker knows. A caller that changes a record calls `touchTab` for it. */
  tabs(): IterableIterator<[number, TabRecord]> {
    return this.tabRecords.entries();
  }

  /** The record of a tab, created when missing; marks it for writing. */
  touchTab(tabId: number): TabRecord {
    let record = this.tabRecords.get(tabId);
    if (!record) {
      record = { studio: false, lastActive: 0 };
      this.tabRecords.set(tabId, record);
    }
    this.removedTabs.delete(tabId);
    this.dirtyTabs.add(tabId);
    this.schedule();
    return record;
  }

  /** Ends a tab's session: its record and its in-flight requests go. */
  removeTab(tabId: number): void {
    this.tabRecords.delete(tabId);
    this.dirtyTabs.delete(tabId);
    this.removedTabs.add(tabId);
    this.dropRequestsOf(tabId);
  }

  /** Starts a tab's diagnosis afresh (the popup's Clear): a new state, and its in-flight requests forgotten. */
  clearTab(tabId: number): void {
    const record = this.tabRecords.get(tabId);
    if (!record?.state) return;
    record.state = createState();
    this.touchTab(tabId);
    this.dropRequestsOf(tabId);
  }

  private dropRequestsOf(tabId: number): void {
    for (const [id, request] of this.requests) if (request.tabId === tabId) this.requests.delete(id);
    this.changedRequests();
  }

  /** A request still in flight, or undefined. */
  inFlight(requestId: string): Readonly<InFlight> | undefined {
    return this.requests.get(requestId);
  }

  /** Every request in flight, by request id. */
  inFlightEntries(): IterableIterator<[string, Readonly<InFlight>]> {
    return this.requests.entries();
  }

  addInFlight(requestId: string, request: InFlight): void {
    this.requests.set(requestId, request);
    if (this.requests.size > MAX_IN_FLIGHT) this.evictInFlight();
    this.changedRequests();
  }

  /** Updates what is known about a request in flight. */
  updateInFlight(
    requestId: string,
    change: Partial<Pick<InFlight, "headersReceived" | "statusCode" | "swept" | "ip" | "answer">>,
  ): void {
    const request = this.requests.get(requestId);
    if (!request) return;
    Object.assign(request, change);
    this.changedRequests();
  }

  /** The request ended: it is no longer tracked; returns what was known about it. */
  takeInFlight(requestId: string): InFlight | undefined {
    const request = this.requests.get(requestId);
    if (!request) return undefined;
    this.requests.delete(requestId);
    this.changedRequests();
    return request;
  }

  /** Over the cap, drop requests already swept (their timeout is recorded), oldest first, then any. */
  private evictInFlight(): void {
    const order = [...this.requests.entries()].sort(
      (a, b) => Number(!a[1].swept) - Number(!b[1].swept) || a[1].start - b[1].start,
    );
    for (const [id] of order.slice(0, this.requests.size - MAX_IN_FLIGHT)) this.requests.delete(id);
  }

  /** The probe record of a host, or undefined. */
  probe(host: string): Readonly<ProbeRecord> | undefined {
    return this.probeRecords.get(host);
  }

  /** Every probe record, by host. */
  probes(): IterableIterator<[string, Readonly<ProbeRecord>]> {
    return this.probeRecords.entries();
  }

  /** Records a probe; records made before `expiredBefore` go, and at most MAX_PROBE_RECORDS stay (the oldest go first). */
  recordProbe(host: string, record: ProbeRecord, expiredBefore: number): void {
    this.probeRecords.delete(host);
    for (const [other, old] of this.probeRecords) if (old.at < expiredBefore) this.probeRecords.delete(other);
    this.probeRecords.set(host, record);
    if (this.probeRecords.size > MAX_PROBE_RECORDS) {
      const order = [...this.probeRecords.entries()].sort((a, b) => a[1].at - b[1].at);
      for (const [other] of order.slice(0, this.probeRecords.size - MAX_PROBE_RECORDS)) this.probeRecords.delete(other);
    }
    this.changedRequests();
  }

  /** Keeps the outcome of a host's probe for the rest of its window. */
  finishProbe(host: string, result: Observation): void {
    const record = this.probeRecords.get(host);
    if (!record) return;
    record.done = true;
    record.result = result;
    this.changedRequests();
  }

  private changedRequests(): void {
    this.dirtyRequests = true;
    this.schedule();
  }

  private schedule(delay = FLUSH_DELAY_MS): void {
    if (this.timer !== undefined) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delay);
  }

  /**
   * Writes every pending change now; resolves when storage has it, or when the write failed (it
   * never rejects). A failed write leaves its changes marked, so the next write carries them: one
   * failure (storage full, the browser busy) can never stop later writes.
   */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    const items: Record<string, unknown> = {};
    const tabIds = [...this.dirtyTabs];
    for (const tabId of tabIds) items[`${TAB_PREFIX}${tabId}`] = this.tabRecords.get(tabId);
    const requests = this.dirtyRequests;
    if (requests) {
      items[IN_FLIGHT_KEY] = Object.fromEntries(this.requests);
      items[PROBES_KEY] = Object.fromEntries(this.probeRecords);
    }
    const removed = [...this.removedTabs];
    this.dirtyTabs.clear();
    this.removedTabs.clear();
    this.dirtyRequests = false;
    // Writes are chained so an older snapshot can never land after a newer one; each link catches
    // its own failure, so the chain never stays rejected.
    this.writing = this.writing.then(async () => {
      try {
        if (Object.keys(items).length > 0) await this.area.set(items);
        if (removed.length > 0) await this.area.remove(removed.map((tabId) => `${TAB_PREFIX}${tabId}`));
        this.failures = 0;
      } catch (error) {
        this.writeFailed(error, tabIds, requests, removed);
      }
    });
    return this.writing;
  }

  /** Marks a failed write's changes again (unless a later change superseded them) and retries. */
  private writeFailed(error: unknown, tabIds: number[], requests: boolean, removed: number[]): void {
    for (const tabId of tabIds) if (this.tabRecords.has(tabId)) this.dirtyTabs.add(tabId);
    for (const tabId of removed) if (!this.tabRecords.has(tabId)) this.removedTabs.add(tabId);
    if (requests) this.dirtyRequests = true;
    const delay = RETRY_DELAYS_MS[this.failures];
    this.failures++;
    console.warn(
      "aml-network-doctor: storage.session write failed; the changes stay marked and are written again:",
      error instanceof Error ? error.message : String(error),
    );
    if (delay !== undefined) this.schedule(delay);
  }
}
