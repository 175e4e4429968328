/**
 * Content script in the page's own world (`"world": "MAIN"`, Chrome 111+, Firefox 128+), injected
 * at document_start so it runs before studio's scripts. Each close goes to the isolated-world relay
 * (./websocket-relay-isolated.ts) as a DOM event with a JSON string: strings cross between worlds in
 * Chrome and Firefox alike. It has no extension API; the relay and the worker check everything.
 * https://developer.chrome.com/docs/extensions/reference/manifest/content-scripts#world-timings
 */
import { installWebSocketObserver, SOCKET_CLOSE_EVENT } from "./websocket-observer.js";

// Taken now, before any page script can replace them.
const dispatch = EventTarget.prototype.dispatchEvent;
const Custom = CustomEvent;
const stringify = JSON.stringify;
const target = document;

installWebSocketObserver(globalThis as unknown as { WebSocket?: unknown }, (close) => {
  Reflect.apply(dispatch, target, [new Custom(SOCKET_CLOSE_EVENT, { detail: stringify(close) })]);
});
