/**
 * The slice of the WebExtension API the extension uses, typed once. The real object comes from
 * webextension-polyfill (./browser.ts); tests pass an in-memory fake with the same behaviour.
 * Fields that only one browser sends are optional: Chromium has `initiator`, Firefox has
 * `originUrl`/`documentUrl` (docs/reference/firefox-network-failures.md, §2).
 */

export interface ApiEvent<Listener> {
  addListener(listener: Listener): void;
}

interface RequestEvent<Details> {
  addListener(listener: (details: Details) => void, filter: { urls: string[] }, extraInfoSpec?: string[]): void;
}

/** Fields of a webRequest event that the worker reads; both browsers' names. */
export interface RequestDetails {
  requestId: string;
  url: string;
  type: string;
  tabId: number;
  frameId?: number;
  /** Epoch milliseconds. */
  timeStamp: number;
  /** Chromium: origin of the document or worker that made the request. */
  initiator?: string;
  /** Firefox: URL of the resource that triggered the request. */
  originUrl?: string;
  /** Firefox: URL of the document the request belongs to. */
  documentUrl?: string;
  statusCode?: number;
  statusLine?: string;
  error?: string;
  /** The address the browser connected to (the host's, or the proxy's); onCompleted, onErrorOccurred and Firefox's onHeadersReceived. */
  ip?: string;
  /** Present when the listener asked for `responseHeaders` in its extraInfoSpec. */
  responseHeaders?: Array<{ name: string; value?: string }>;
}

/** Who sent a runtime message: a content script's sender carries its tab and frame. */
export interface MessageSender {
  /** The sending extension's id. */
  id?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
  url?: string;
}

export interface StorageArea {
  get(keys?: null | string | string[] | Record<string, unknown>): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface TabInfo {
  id?: number;
  url?: string;
  active?: boolean;
}

export interface IconPaths {
  [size: string]: string;
}

export interface ExtensionApi {
  runtime: {
    id: string;
    getURL(path: string): string;
    getManifest(): { version: string; host_permissions?: string[]; optional_host_permissions?: string[] };
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: ApiEvent<(message: unknown, sender: MessageSender) => Promise<unknown> | undefined>;
    openOptionsPage(): Promise<void>;
  };
  storage: {
    session: StorageArea;
    sync: StorageArea;
    /** Fires in every extension page when a value changes: the open popup follows the worker's writes. */
    onChanged: ApiEvent<(changes: Record<string, unknown>, areaName: string) => void>;
    /** Hosts checks remember from studio sessions (src/background/check.ts), and the worker's copy of the last policy values read, for the seconds after a browser start. */
    local: StorageArea;
    /** Policy-set values (assets/managed-schema.json); read-only. */
    managed?: StorageArea;
  };
  tabs: {
    query(query: { active?: boolean; currentWindow?: boolean }): Promise<TabInfo[]>;
    /** Needs no permission: the popup opens its own page in a tab. */
    create(properties: { url: string }): Promise<TabInfo>;
    /** Needs no permission either: "Check again" reloads the studio tab. */
    reload(tabId: number): Promise<void>;
    onRemoved: ApiEvent<(tabId: number) => void>;
    /** `status` is "loading" once a navigation has committed, "complete" when the page has loaded. */
    onUpdated: ApiEvent<(tabId: number, changeInfo: { url?: string; status?: string }, tab: TabInfo) => void>;
    onActivated: ApiEvent<(activeInfo: { tabId: number }) => void>;
  };
  action: {
    setBadgeText(details: { tabId?: number; text: string | null }): Promise<void>;
    setBadgeBackgroundColor(details: { tabId?: number; color: string }): Promise<void>;
    setTitle(details: { tabId?: number; title: string | null }): Promise<void>;
    setIcon(details: { tabId?: number; path: IconPaths }): Promise<void>;
  };
  webRequest: {
    onBeforeRequest: RequestEvent<RequestDetails>;
    onHeadersReceived: RequestEvent<RequestDetails>;
    onCompleted: RequestEvent<RequestDetails>;
    onErrorOccurred: RequestEvent<RequestDetails>;
  };
  permissions: {
    contains(permissions: { origins?: string[] }): Promise<boolean>;
    request(permissions: { origins?: string[] }): Promise<boolean>;
  };
  i18n: {
    getMessage(name: string, substitutions?: string | string[]): string;
    getUILanguage(): string;
  };
}
