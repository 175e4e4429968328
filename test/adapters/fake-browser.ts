/**
 * An in-memory browser with real behaviour, for the worker, popup and options tests: storage areas
 * that clone on write, webRequest events delivered only for URLs the extension holds a host
 * permission for, per-tab action state, runtime messaging with cloned answers, i18n from the real
 * _locales files, a manual clock with timers, and a scripted network for the worker's own probes.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CATALOG } from "../../src/core/catalog/index.js";
import type { Catalog } from "../../src/core/catalog/types.js";
import { isHostOrSubdomain } from "../../src/core/host-name.js";
import type {
  ApiEvent,
  ExtensionApi,
  IconPaths,
  RequestDetails,
  StorageArea,
  TabInfo,
} from "../../src/platform/api.js";
import { buildChromeManifest, type Manifest } from "../../scripts/manifest.js";
import type { WorkerDeps } from "../../src/background/worker.js";

// Paths as strings: under happy-dom the global URL is not the one node:fs accepts.
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SOURCE_MANIFEST = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8")) as Manifest;

type Listener = (...args: never[]) => unknown;

class FakeEvent<L extends Listener> implements ApiEvent<L> {
  listeners: Array<{ listener: L; urls?: string[]; extraInfoSpec?: string[] }> = [];
  addListener(listener: L, filter?: { urls: string[] }, extraInfoSpec?: string[]): void {
    this.listeners.push({
      listener,
      ...(filter ? { urls: filter.urls } : {}),
      ...(extraInfoSpec ? { extraInfoSpec } : {}),
    });
  }
  emit(...args: Parameters<L>): Array<ReturnType<L>> {
    return this.listeners.map(({ listener }) => (listener as (...a: Parameters<L>) => ReturnType<L>)(...args));
  }
}

/**
 * storage.session's quota (10 MB in Chrome and Firefox). As in Chrome, a `set` that would pass it
 * fails as a whole and stores nothing. Chrome counts an estimate of the memory its values take; the
 * fake counts every key's length plus the UTF-8 JSON of every value, which is smaller, so tests
 * that assert a byte bound leave a wide margin below the quota.
 * https://developer.chrome.com/docs/extensions/reference/api/storage#property-session
 */
export const SESSION_QUOTA_BYTES = 10_485_760;

class FakeStorage implements StorageArea {
  data = new Map<string, unknown>();
  /** storage.onChanged listeners of this area, called after each write as a browser does. */
  readonly changed: Array<(changes: Record<string, unknown>) => void> = [];
  /** How often the area was read: storage reads cost time in a real browser. */
  reads = 0;
  /** Writes refused for the quota. */
  refused = 0;

  constructor(
    /** Bytes the area may hold; tests lower it (or fill the area) to make writes fail on purpose. */
    public quotaBytes = Number.POSITIVE_INFINITY,
  ) {}

  async get(keys?: null | string | string[] | Record<string, unknown>): Promise<Record<string, unknown>> {
    this.reads++;
    const out: Record<string, unknown> = {};
    const pick = (key: string, fallback?: unknown) => {
      if (this.data.has(key)) out[key] = structuredClone(this.data.get(key));
      else if (fallback !== undefined) out[key] = fallback;
    };
    if (keys === null || keys === undefined) for (const key of this.data.keys()) pick(key);
    else if (typeof keys === "string") pick(keys);
    else if (Array.isArray(keys)) keys.forEach((key) => pick(key));
    else for (const [key, fallback] of Object.entries(keys)) pick(key, fallback);
    return out;
  }
  async set(items: Record<string, unknown>): Promise<void> {
    const next = new Map(this.data);
    for (const [key, value] of Object.entries(items)) {
      if (value === undefined) throw new Error(`storage.set: undefined value for ${key}`);
      next.set(key, structuredClone(value));
    }
    if (FakeStorage.bytesOf(next) > this.quotaBytes) {
      this.refused++;
      throw new Error("Session storage quota bytes exceeded. Values were not stored.");
    }
    this.data = next;
    const changes = Object.fromEntries(
      Object.keys(items).map((key) => [key, { newValue: structuredClone(items[key]) }]),
    );
    for (const listener of this.changed) listener(changes);
  }
  async remove(keys: string | string[]): Promise<void> {
    const removed = (typeof keys === "string" ? [keys] : keys).filter((key) => this.data.has(key));
    for (const key of removed) this.data.delete(key);
    if (removed.length === 0) return;
    const changes = Object.fromEntries(removed.map((key) => [key, {}]));
    for (const listener of this.changed) listener(changes);
  }
  /** JSON size of everything stored, as Chrome's quota counts it. */
  bytes(): number {
    return FakeStorage.bytesOf(this.data);
  }

  private static bytesOf(data: Map<string, unknown>): number {
    let total = 0;
    for (const [key, value] of data) total += key.length + new TextEncoder().encode(JSON.stringify(value)).length;
    return total;
  }
}

/** A URL parsed once for many patterns, or undefined when it is not a URL. */
function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Whether a match pattern (`*://*.azureml.ms/*`, `wss://x/*`, `<all_urls>`) covers a URL. */
export function patternMatches(pattern: string, url: string | URL | undefined): boolean {
  const parsed = typeof url === "string" ? parseUrl(url) : url;
  if (!parsed) return false;
  const scheme = parsed.protocol.slice(0, -1);
  if (pattern === "<all_urls>") return ["http", "https", "ws", "wss"].includes(scheme);
  const match = /^(\*|https?|wss?):\/\/([^/]+)\//.exec(pattern);
  if (!match) return false;
  const [, patternScheme, patternHost] = match as unknown as [string, string, string];
  if (patternScheme === "*" ? scheme !== "http" && scheme !== "https" : patternScheme !== scheme) return false;
  const host = parsed.hostname;
  if (patternHost === "*") return true;
  if (patternHost.startsWith("*.")) return isHostOrSubdomain(host, patternHost.slice(2));
  return host === patternHost;
}

interface Timer {
  at: number;
  callback: () => void;
  id: number;
}

export interface RequestScript {
  tabId: number;
  url: string;
  type?: string;
  /** Chromium's initiator; defaults to the tab's origin for subresources. */
  initiator?: string;
  /** What happens: a status (HR then C, or only HR for a 407), an error, or nothing yet. */
  status?: number;
  error?: string;
  pending?: boolean;
  /** Milliseconds the request takes. */
  takes?: number;
  /** Response headers (onHeadersReceived and onCompleted, for listeners that ask for them). */
  headers?: Array<[string, string]>;
  /** The address connected to (Chromium: onCompleted and onErrorOccurred). */
  ip?: string;
}

export class FakeBrowser {
  readonly id = "fakeextensionid";
  /** `moz-extension` makes the extension's URLs Firefox's. */
  scheme: "chrome-extension" | "moz-extension" = "chrome-extension";
  /** URLs of the tabs the extension opened. */
  readonly created: string[] = [];
  /** Ids of the tabs the extension reloaded. */
  readonly reloaded: number[] = [];
  readonly session = new FakeStorage(SESSION_QUOTA_BYTES);
  readonly sync = new FakeStorage();
  /** storage.managed: what a policy sets (empty: no policy). */
  readonly managed = new FakeStorage();
  readonly local = new FakeStorage();
  readonly tabsById = new Map<number, TabInfo>();
  readonly badges = new Map<number, { text: string; color?: string; title?: string; icon?: IconPaths }>();
  readonly granted: Set<string>;
  readonly manifest: Manifest;
  /** Probe outcomes by host; a host not listed answers 200. */
  readonly network = new Map<string, { status?: number; error?: string }>();
  readonly fetched: string[] = [];
  clipboard: string | undefined;
  approvePermissionRequests = true;
  /** permissions.contains answers after a macrotask instead of at once. */
  slowPermissionChecks = false;
  now = Date.UTC(2026, 10, 28, 9, 0, 0);
  private timers: Timer[] = [];
  private nextTimer = 1;
  private nextRequest = 1;
  events = this.newEvents();

  constructor(
    readonly lang: "en" | "ja" = "en",
    catalog: Catalog = CATALOG,
  ) {
    this.manifest = buildChromeManifest(SOURCE_MANIFEST, catalog, "1.2.3");
    this.granted = new Set(this.manifest.host_permissions);
  }

  private newEvents() {
    return {
      onBeforeRequest: new FakeEvent<(d: RequestDetails) => void>(),
      onHeadersReceived: new FakeEvent<(d: RequestDetails) => void>(),
      onCompleted: new FakeEvent<(d: RequestDetails) => void>(),
      onErrorOccurred: new FakeEvent<(d: RequestDetails) => void>(),
      onMessage: new FakeEvent<(message: unknown, sender: unknown) => Promise<unknown> | undefined>(),
      onRemoved: new FakeEvent<(tabId: number) => void>(),
      onUpdated: new FakeEvent<(tabId: number, change: { url?: string; status?: string }, tab: TabInfo) => void>(),
      onActivated: new FakeEvent<(info: { tabId: number }) => void>(),
    };
  }

  /** A stopped worker: its listeners and timers are gone, storage and tabs stay. */
  stopWorker(): void {
    this.events = this.newEvents();
    this.timers = [];
  }

  get origin(): string {
    return `${this.scheme}://${this.id}`;
  }

  /** The `api` object handed to the worker, popup and options page. */
  get api(): ExtensionApi {
    const self = this;
    const events = () => this.events;
    return {
      runtime: {
        id: this.id,
        getURL: (path: string) => `${self.origin}/${path.replace(/^\//, "")}`,
        getManifest: () => structuredClone(self.manifest) as ReturnType<ExtensionApi["runtime"]["getManifest"]>,
        sendMessage: (message: unknown) => self.sendMessage(message),
        get onMessage() {
          return events().onMessage;
        },
        openOptionsPage: async () => void self.fetched.push("options-page"),
      },
      storage: {
        session: this.session,
        sync: this.sync,
        local: this.local,
        managed: this.managed,
        onChanged: {
          addListener: (listener) => {
            self.session.changed.push((changes) => listener(changes, "session"));
            self.sync.changed.push((changes) => listener(changes, "sync"));
            self.local.changed.push((changes) => listener(changes, "local"));
            self.managed.changed.push((changes) => listener(changes, "managed"));
          },
        },
      },
      tabs: {
        query: async (query) =>
          [...self.tabsById.values()].filter((tab) => !query.active || tab.active).map((tab) => self.visibleTab(tab)),
        create: async ({ url }) => {
          self.created.push(url);
          return { id: 10_000 + self.created.length, url };
        },
        reload: async (tabId) => void self.reloaded.push(tabId),
        get onRemoved() {
          return events().onRemoved;
        },
        get onUpdated() {
          return events().onUpdated;
        },
        get onActivated() {
          return events().onActivated;
        },
      },
      action: {
        setBadgeText: async ({ tabId, text }) => void (self.badgeOf(tabId).text = text ?? ""),
        setBadgeBackgroundColor: async ({ tabId, color }) => void (self.badgeOf(tabId).color = color),
        setTitle: async ({ tabId, title }) => void (self.badgeOf(tabId).title = title ?? ""),
        setIcon: async ({ tabId, path }) => void (self.badgeOf(tabId).icon = path),
      },
      webRequest: {
        get onBeforeRequest() {
          return events().onBeforeRequest;
        },
        get onHeadersReceived() {
          return events().onHeadersReceived;
        },
        get onCompleted() {
          return events().onCompleted;
        },
        get onErrorOccurred() {
          return events().onErrorOccurred;
        },
      },
      permissions: {
        contains: async ({ origins = [] }) => {
          // A real browser answers over IPC: on a busy machine, after other messages.
          if (self.slowPermissionChecks) await new Promise((resolve) => setTimeout(resolve, 5));
          return origins.every((origin) => self.isGranted(origin));
        },
        request: async ({ origins = [] }) => {
          if (!self.approvePermissionRequests) return false;
          origins.forEach((origin) => self.granted.add(origin));
          return true;
        },
      },
      i18n: {
        getMessage: (name, substitutions) => self.message(name, substitutions),
        getUILanguage: () => (self.lang === "ja" ? "ja" : "en-US"),
      },
    };
  }

  /** Dependencies for startWorker: this browser, its clock, timers and network. */
  workerDeps(catalog: Catalog = CATALOG): WorkerDeps {
    return {
      api: this.api,
      catalog,
      now: () => this.now,
      setTimeout: (callback, ms) => {
        const timer = { at: this.now + ms, callback, id: this.nextTimer++ };
        this.timers.push(timer);
        return timer.id;
      },
      clearTimeout: (id) => {
        this.timers = this.timers.filter((timer) => timer.id !== id);
      },
      fetch: async (url) => this.probe(url),
    };
  }

  /** Moves the clock, firing due timers in order. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.now = Math.max(this.now, due.at);
      due.callback();
    }
    this.now = until;
  }

  private badgeOf(tabId: number | undefined) {
    if (tabId === undefined) throw new Error("the worker sets badges per tab");
    let badge = this.badges.get(tabId);
    if (!badge) this.badges.set(tabId, (badge = { text: "" }));
    return badge;
  }

  badge(tabId: number): { text: string; color?: string; title?: string; icon?: IconPaths } {
    return this.badges.get(tabId) ?? { text: "" };
  }

  isGranted(origin: string): boolean {
    if (this.granted.has(origin)) return true;
    const sample = origin.replace("*://", "https://").replace("//*.", "//x.").replace(/\/\*$/, "/");
    return [...this.granted].some((pattern) => patternMatches(pattern, sample));
  }

  private canSee(url: string): boolean {
    const parsed = parseUrl(url);
    return [...this.granted].some((pattern) => patternMatches(pattern, parsed));
  }

  private visibleTab(tab: TabInfo): TabInfo {
    // Without the "tabs" permission a tab's URL is visible only for hosts the extension may access.
    if (tab.url && this.canSee(tab.url)) return { ...tab };
    const hidden = { ...tab };
    delete hidden.url;
    return hidden;
  }

  async sendMessage(message: unknown): Promise<unknown> {
    const cloned = structuredClone(message);
    for (const result of this.events.onMessage.emit(cloned, { id: this.id })) {
      if (result !== undefined) return structuredClone(await result);
    }
    return undefined;
  }

  /** A runtime message from a content script in `tabId`'s frame `frameId`: the sender carries the tab. */
  async sendFromTab(tabId: number, message: unknown, frameId = 0): Promise<unknown> {
    const cloned = structuredClone(message);
    const tab = this.tabsById.get(tabId);
    for (const result of this.events.onMessage.emit(cloned, {
      id: this.id,
      tab: { id: tabId, url: tab?.url },
      frameId,
    })) {
      if (result !== undefined) return structuredClone(await result);
    }
    return undefined;
  }

  openTab(tabId: number, url: string, active = true): void {
    if (active) for (const tab of this.tabsById.values()) tab.active = false;
    this.tabsById.set(tabId, { id: tabId, url, active });
    if (active) this.events.onActivated.emit({ tabId });
    this.request({ tabId, url, type: "main_frame", status: 200 });
    const tab = this.tabsById.get(tabId)!;
    this.events.onUpdated.emit(tabId, this.canSee(url) ? { url } : {}, this.visibleTab(tab));
  }

  /**
   * A navigation of the tab commits: as Chrome does, the tab's own badge text, title and icon fall
   * back to the extension's defaults, then onUpdated says the tab is loading.
   */
  commitNavigation(tabId: number): void {
    this.badges.delete(tabId);
    const tab = this.tabsById.get(tabId);
    if (tab) this.events.onUpdated.emit(tabId, { status: "loading" }, this.visibleTab(tab));
  }

  activateTab(tabId: number): void {
    for (const tab of this.tabsById.values()) tab.active = tab.id === tabId;
    this.events.onActivated.emit({ tabId });
  }

  closeTab(tabId: number): void {
    this.tabsById.delete(tabId);
    this.badges.delete(tabId);
    this.events.onRemoved.emit(tabId);
  }

  private emit(
    event: "onBeforeRequest" | "onHeadersReceived" | "onCompleted" | "onErrorOccurred",
    details: RequestDetails,
  ): void {
    if (!this.canSee(details.url)) return;
    const parsed = parseUrl(details.url);
    for (const { listener, urls, extraInfoSpec } of this.events[event].listeners) {
      if (urls && !urls.some((pattern) => patternMatches(pattern, parsed))) continue;
      const copy = structuredClone(details);
      // As in the browsers: response headers only for listeners that asked for them.
      if (!extraInfoSpec?.includes("responseHeaders")) delete copy.responseHeaders;
      listener(copy);
    }
  }

  /** Plays one request's webRequest events; a `pending` one is ended later with `finish`. */
  request(script: RequestScript): {
    finish(outcome: Pick<RequestScript, "status" | "error" | "takes" | "headers" | "ip">): void;
  } {
    const requestId = String(this.nextRequest++);
    const tabUrl = this.tabsById.get(script.tabId)?.url;
    const base: RequestDetails = {
      requestId,
      url: script.url,
      type: script.type ?? "xmlhttprequest",
      tabId: script.tabId,
      frameId: 0,
      timeStamp: this.now,
    };
    const initiator =
      script.initiator ?? (script.type === "main_frame" || !tabUrl ? undefined : new URL(tabUrl).origin);
    if (initiator) base.initiator = initiator;
    this.emit("onBeforeRequest", base);
    const handle = {
      finish: (outcome: Pick<RequestScript, "status" | "error" | "takes" | "headers" | "ip">) =>
        this.finish(base, outcome),
    };
    if (!script.pending) handle.finish(script);
    return handle;
  }

  private finish(
    base: RequestDetails,
    script: Pick<RequestScript, "status" | "error" | "takes" | "headers" | "ip">,
  ): void {
    const at = { ...base, timeStamp: Math.max(this.now, base.timeStamp + (script.takes ?? 20)) };
    const ip = script.ip !== undefined ? { ip: script.ip } : {};
    if (script.status !== undefined) {
      const statusLine = `HTTP/1.1 ${script.status}`;
      const headers = script.headers
        ? { responseHeaders: script.headers.map(([name, value]) => ({ name, value })) }
        : {};
      this.emit("onHeadersReceived", { ...at, statusCode: script.status, statusLine, ...headers });
      if (script.status === 407) return; // a proxy challenge: the request may hang for good
      if (script.error) this.emit("onErrorOccurred", { ...at, statusCode: script.status, error: script.error, ...ip });
      else this.emit("onCompleted", { ...at, statusCode: script.status, statusLine, ...headers, ...ip });
    } else if (script.error) {
      this.emit("onErrorOccurred", { ...at, error: script.error, ...ip });
    }
  }

  private heldProbes: Array<() => void> | undefined;

  /**
   * From now on a probe starts (onBeforeRequest) but gets no answer until the returned function is
   * called: what a slow network or a busy machine does between a probe and its outcome.
   */
  holdProbes(): () => void {
    const held: Array<() => void> = (this.heldProbes = []);
    return () => {
      this.heldProbes = undefined;
      for (const answer of held.splice(0)) answer();
    };
  }

  /** The worker's fetch: the probe's events as the browser shows them (tabId -1, own initiator). */
  private async probe(url: string): Promise<unknown> {
    this.fetched.push(url);
    const outcome = this.network.get(new URL(url).hostname) ?? { status: 200 };
    const request = this.request({
      tabId: -1,
      url,
      type: "xmlhttprequest",
      initiator: this.origin,
      ...outcome,
      pending: true,
    });
    if (this.heldProbes) await new Promise<void>((resolve) => this.heldProbes!.push(resolve));
    request.finish(outcome);
    if (outcome.error) throw new TypeError("Failed to fetch");
    return { status: outcome.status };
  }

  private locale?: Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

  message(name: string, substitutions?: string | string[]): string {
    if (name === "@@ui_locale") return this.lang;
    this.locale ??= JSON.parse(readFileSync(join(root, "assets", "_locales", this.lang, "messages.json"), "utf8"));
    const entry = this.locale?.[name];
    if (!entry) return "";
    const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    const positional = (text: string) => text.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? "");
    return entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, placeholder: string) => {
      const content = entry.placeholders?.[placeholder.toLowerCase()]?.content;
      return content === undefined ? whole : positional(content);
    });
  }
}
