/**
 * Registers the worker's event listeners. Call it in the worker's first turn, before any await: a
 * stopped MV3 worker is woken only for events whose listeners were added then. Browser events wait
 * on the serial queue, so none is handled before the stored sessions are read back.
 */
import type { ExtensionApi, MessageSender, RequestDetails, TabInfo } from "../platform/api.js";
import type { SerialQueue } from "./serial-queue.js";

export interface WorkerHandlers {
  requestStarted(details: RequestDetails): void;
  headersReceived(details: RequestDetails): void;
  requestCompleted(details: RequestDetails): void;
  requestFailed(details: RequestDetails): void;
  tabRemoved(tabId: number): void;
  tabUpdated(tabId: number, changeInfo: { url?: string; status?: string }, tab: TabInfo): void;
  tabActivated(tabId: number): void;
  /** Answers a runtime message itself (it queues what it must). */
  message(message: unknown, sender: MessageSender): Promise<unknown>;
}

/** webRequest sees every URL the extension holds a host permission for; the filter adds none. */
const ALL_URLS = { urls: ["<all_urls>"] };

/** Adds every listener synchronously; each browser event is handled in order on `queue`. */
export function registerListeners(api: ExtensionApi, queue: SerialQueue, on: WorkerHandlers): void {
  api.webRequest.onBeforeRequest.addListener(
    (details: RequestDetails) => void queue.enqueue(() => on.requestStarted(details)),
    ALL_URLS,
  );
  // "responseHeaders": the few headers that tell who answered (src/core/answer.ts). Needs no
  // permission beyond webRequest, nor "extraHeaders" (those are for cookies and the like):
  // https://developer.chrome.com/docs/extensions/reference/api/webRequest#type-OnHeadersReceivedOptions
  api.webRequest.onHeadersReceived.addListener(
    (details: RequestDetails) => void queue.enqueue(() => on.headersReceived(details)),
    ALL_URLS,
    ["responseHeaders"],
  );
  api.webRequest.onCompleted.addListener(
    (details: RequestDetails) => void queue.enqueue(() => on.requestCompleted(details)),
    ALL_URLS,
    ["responseHeaders"],
  );
  api.webRequest.onErrorOccurred.addListener(
    (details: RequestDetails) => void queue.enqueue(() => on.requestFailed(details)),
    ALL_URLS,
  );
  api.tabs.onRemoved.addListener((tabId) => void queue.enqueue(() => on.tabRemoved(tabId)));
  api.tabs.onUpdated.addListener(
    (tabId, changeInfo, tab) => void queue.enqueue(() => on.tabUpdated(tabId, changeInfo, tab)),
  );
  api.tabs.onActivated.addListener(({ tabId }) => void queue.enqueue(() => on.tabActivated(tabId)));
  api.runtime.onMessage.addListener((message, sender) => on.message(message, sender));
}
