/**
 * Per-tab studio sessions, in-flight requests and probe times, kept in worker memory and mirrored
 * to storage.session. The worker can be stopped at any moment, so every change is written within
 * FLUSH_DELAY_MS (batched: one `set` for all changes of that window) and everything is read back
 * on start. Only the changes of the last window can be lost, and only if the browser itself dies.
 */
import { createState } from "../core/diagnosis.js";
import type { Observation } from "../core/observation.js";
import type { StorageArea } from "../platform/api.js";

export type DiagnosisState = ReturnType<typeof createState>;

/** One tab as the worker knows it. */
export interface TabRecord {
  /** Top document URL, when known (main_frame requests, tabs events, tabs.query). */
  url?: string;
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

/**
 * Write delay: state reaches storage.session within 250 ms of an event (so a worker stopped right
 * after a failure keeps it; test/adapters/worker.test.ts), and one write serves a burst of events.
 */
export const FLUSH_DELAY_MS = 100;
/** In-flight requests kept at most; the oldest already-swept ones go first. */
export const MAX_IN_FLIGHT = 2000;

const TAB_PREFIX = "tab:";
const IN_FLIGHT_KEY = "inflight";
const PROBES_KEY = "probes";

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export class SessionStore {
  readonly tabs = new Map<number, TabRecord>();
  readonly inFlight = new Map<string, InFlight>();
  readonly probes = new Map<string, ProbeRecord>();
  private dirtyTabs = new Set<number>();
  private removedTabs = new Set<number>();
  private dirtyShared = false;
  private timer: unknown;
  private writing: Promise<void> = Promise.resolve();

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
        if (Number.isSafeInteger(tabId) && value && typeof value === "object") this.tabs.set(tabId, value as TabRecord);
      }
    }
    for (const [id, record] of Object.entries((all[IN_FLIGHT_KEY] ?? {}) as Record<string, InFlight>)) this.inFlight.set(id, record);
    for (const [host, record] of Object.entries((all[PROBES_KEY] ?? {}) as Record<string, ProbeRecord>)) this.probes.set(host, record);
  }

  tab(tabId: number): TabRecord | undefined {
    return this.tabs.get(tabId);
  }

  /** The record of a tab, created when missing; marks it for writing. */
  touchTab(tabId: number): TabRecord {
    let record = this.tabs.get(tabId);
    if (!record) {
      record = { studio: false, lastActive: 0 };
      this.tabs.set(tabId, record);
    }
    this.removedTabs.delete(tabId);
    this.dirtyTabs.add(tabId);
    this.schedule();
    return record;
  }

  /** Ends a tab's session: its record and its in-flight requests go. */
  removeTab(tabId: number): void {
    this.tabs.delete(tabId);
    this.dirtyTabs.delete(tabId);
    this.removedTabs.add(tabId);
    for (const [id, request] of this.inFlight) if (request.tabId === tabId) this.inFlight.delete(id);
    this.changedShared();
  }

  /** In-flight requests or probe records changed. */
  changedShared(): void {
    this.dirtyShared = true;
    this.schedule();
  }

  addInFlight(requestId: string, request: InFlight): void {
    this.inFlight.set(requestId, request);
    if (this.inFlight.size > MAX_IN_FLIGHT) this.evictInFlight();
    this.changedShared();
  }

  /** Over the cap, drop requests already swept (their timeout is recorded), oldest first, then any. */
  private evictInFlight(): void {
    const order = [...this.inFlight.entries()].sort((a, b) => Number(!a[1].swept) - Number(!b[1].swept) || a[1].start - b[1].start);
    for (const [id] of order.slice(0, this.inFlight.size - MAX_IN_FLIGHT)) this.inFlight.delete(id);
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, FLUSH_DELAY_MS);
  }

  /** Writes every pending change now; resolves when storage has it. */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    const items: Record<string, unknown> = {};
    for (const tabId of this.dirtyTabs) items[`${TAB_PREFIX}${tabId}`] = this.tabs.get(tabId);
    if (this.dirtyShared) {
      items[IN_FLIGHT_KEY] = Object.fromEntries(this.inFlight);
      items[PROBES_KEY] = Object.fromEntries(this.probes);
    }
    const removed = [...this.removedTabs].map((tabId) => `${TAB_PREFIX}${tabId}`);
    this.dirtyTabs.clear();
    this.removedTabs.clear();
    this.dirtyShared = false;
    // Writes are chained so an older snapshot can never land after a newer one.
    this.writing = this.writing.then(async () => {
      if (Object.keys(items).length > 0) await this.area.set(items);
      if (removed.length > 0) await this.area.remove(removed);
    });
    return this.writing;
  }
}
