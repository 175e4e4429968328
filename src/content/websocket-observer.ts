/**
 * Observes the page's WebSockets from the page's own world: when each opened, when a
 * message last went each way, and how it closed (code, `wasClean`, the reason's length). Never a
 * message's content or the reason's text.
 *
 * Invisible to the page: `new WebSocket()` still returns the browser's own object (same prototype,
 * properties, events and timing); the global constructor becomes a Proxy that forwards everything
 * but `construct`, and `send` a Proxy that forwards everything but `apply`. The observer only adds
 * its own listeners, first in line, which cannot change what the page's listeners see. Nothing it
 * does may throw into the page. Per message it writes one number into the socket's record and
 * allocates nothing that outlives the message.
 * https://developer.mozilla.org/docs/Web/API/WebSocket, https://developer.mozilla.org/docs/Web/API/CloseEvent
 */
import type { SocketClose } from "../core/observation.js";

/** The name of the DOM event that carries one close (a JSON string) to the isolated-world relay. */
export const SOCKET_CLOSE_EVENT = "aml-network-doctor:websocket-close";

/** Where the constructor lives (a window) and the clock; both passed in so Node tests can run it. */
export interface ObserverScope {
  WebSocket?: unknown;
}

interface SocketRecord {
  url: string;
  /** Epoch ms; 0 = not yet. */
  openedAt: number;
  lastInAt: number;
  lastOutAt: number;
}

type Listener = (event: unknown) => void;
type AddListener = (this: object, type: string, listener: Listener) => void;

/**
 * Wraps `scope.WebSocket` so each socket's life is reported to `report` when it closes. Returns
 * false (and changes nothing) when there is no WebSocket or it is already observed.
 */
export function installWebSocketObserver(scope: ObserverScope, report: (close: SocketClose) => void, now: () => number = Date.now): boolean {
  const Native = scope.WebSocket as (new (...args: unknown[]) => object) | undefined;
  if (typeof Native !== "function") return false;
  const proto = Native.prototype as Record<string, unknown>;
  // Already observed (a second injection after an extension reload): the constructor was replaced.
  if (!proto || proto.constructor !== Native) return false;
  const add = proto.addEventListener as AddListener;
  const nativeSend = proto.send as (...args: unknown[]) => unknown;
  if (typeof add !== "function" || typeof nativeSend !== "function") return false;
  const { apply, construct, defineProperty, getOwnPropertyDescriptor } = Reflect;
  const records = new WeakMap<object, SocketRecord>();

  const watch = (socket: object): void => {
    const record: SocketRecord = { url: String((socket as { url?: unknown }).url ?? ""), openedAt: 0, lastInAt: 0, lastOutAt: 0 };
    records.set(socket, record);
    apply(add, socket, ["open", () => void (record.openedAt = now())]);
    apply(add, socket, ["message", () => void (record.lastInAt = now())]);
    apply(add, socket, [
      "close",
      (event: { code?: unknown; wasClean?: unknown; reason?: unknown }) => {
        try {
          const close: SocketClose = {
            url: record.url,
            closedAt: now(),
            code: Number(event.code),
            wasClean: event.wasClean === true,
            reasonLength: typeof event.reason === "string" ? event.reason.length : 0,
          };
          if (record.openedAt > 0) close.openedAt = record.openedAt;
          if (record.lastInAt > 0) close.lastInAt = record.lastInAt;
          if (record.lastOutAt > 0) close.lastOutAt = record.lastOutAt;
          records.delete(socket);
          report(close);
        } catch {
          // Never let the observer's trouble reach the page's error handlers.
        }
      },
    ]);
  };

  const Observed = new Proxy(Native, {
    construct(target, args, newTarget) {
      // Subclasses keep their own prototype; `new WebSocket()` gets the browser's own object.
      const socket = construct(target, args, newTarget === Observed ? target : newTarget) as object;
      try {
        watch(socket);
      } catch {
        // As above: the page gets its socket whatever happens here.
      }
      return socket;
    },
  });
  const send = new Proxy(nativeSend, {
    apply(target, self, args) {
      const result = apply(target, self, args); // throws as the browser does (CONNECTING, closed)
      const record = records.get(self as object);
      if (record !== undefined) record.lastOutAt = now();
      return result;
    },
  });

  const sendDescriptor = getOwnPropertyDescriptor(proto, "send");
  const constructorDescriptor = getOwnPropertyDescriptor(proto, "constructor");
  const globalDescriptor = getOwnPropertyDescriptor(scope, "WebSocket");
  if (sendDescriptor) defineProperty(proto, "send", { ...sendDescriptor, value: send });
  // `WebSocket.prototype.constructor === WebSocket` and `socket.constructor === WebSocket` stay true.
  if (constructorDescriptor) defineProperty(proto, "constructor", { ...constructorDescriptor, value: Observed });
  defineProperty(scope, "WebSocket", globalDescriptor ? { ...globalDescriptor, value: Observed } : { value: Observed, writable: true, configurable: true });
  return true;
}
