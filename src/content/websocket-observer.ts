/**
 * Observes the page's WebSockets from the page's own world: when each opened, when a
 * message last went each way, and how it closed (code, `wasClean`, the reason's length). Never a
 * message's content or the reason's text.
 *
 * Invisible to the page: `new WebSocket()` still returns the browser's own object (same prototype,
 * properties, events and timing); the global constructor becomes a Proxy that forwards everything
 * but `construct`, and `send` a Proxy that forwards everything but `apply`. The observer only adds
 * its own listeners, which cannot change what the page's listeners see. Nothing it does may throw
 * into the page.
 *
 * Cheap per message (at most 5% more page CPU, nothing per message that outlives it): idle
 * times are reported in seconds, so each direction is timed to within TRAFFIC_RESOLUTION_MS. The
 * first message after a quiet spell is timed exactly; then the `message` listener takes itself off
 * and `send` stops reading the clock until a timer of the socket's ends the spell. A busy socket thus
 * costs the page at most one listener call, one clock read per direction and one timer per spell,
 * and per `send` one WeakMap lookup in the Proxy's trap. (A listener on every message was most of
 * the observer's cost: Blink's dispatch to one more listener, about 0.4 µs a message in Chromium.)
 * https://developer.mozilla.org/docs/Web/API/WebSocket, https://developer.mozilla.org/docs/Web/API/CloseEvent
 */
import type { SocketClose } from "../core/observation.js";

/** The name of the DOM event that carries one close (a JSON string) to the isolated-world relay. */
export const SOCKET_CLOSE_EVENT = "aml-network-doctor:websocket-close";

/** Where the constructor lives (a window), and its timers; passed in so Node tests can run it. */
export interface ObserverScope {
  WebSocket?: unknown;
  /** The window's own `setTimeout`; the global one when absent (Node tests). */
  setTimeout?: unknown;
}

/**
 * Traffic times are exact for the first message of a spell and late by less than this for later
 * ones: reports count idle time in seconds and round it to 0.1 s, so a quarter second is plenty.
 */
export const TRAFFIC_RESOLUTION_MS = 250;

interface SocketRecord {
  url: string;
  /** Epoch ms; 0 = not yet. */
  openedAt: number;
  lastInAt: number;
  lastOutAt: number;
  /** The next `send` reads the clock (no spell running for sends). */
  timeNextSend: boolean;
  /** The `message` listener is on the socket. */
  listening: boolean;
  /** A timer will end the current spell. */
  spell: boolean;
  closed: boolean;
  /** Ends a spell: listens again and times the next send. */
  startSpell(): void;
}

type Listener = (event: unknown) => void;
type ListenerMethod = (this: object, type: string, listener: Listener) => void;
type SetTimer = (this: unknown, callback: () => void, ms: number) => unknown;

/**
 * Wraps `scope.WebSocket` so each socket's life is reported to `report` when it closes. Returns
 * false (and changes nothing) when there is no WebSocket or it is already observed.
 */
export function installWebSocketObserver(
  scope: ObserverScope,
  report: (close: SocketClose) => void,
  now: () => number = Date.now,
): boolean {
  const Native = scope.WebSocket as (new (...args: unknown[]) => object) | undefined;
  if (typeof Native !== "function") return false;
  const proto = Native.prototype as Record<string, unknown>;
  // Already observed (a second injection after an extension reload): the constructor was replaced.
  if (!proto || proto.constructor !== Native) return false;
  const add = proto.addEventListener as ListenerMethod;
  const remove = proto.removeEventListener as ListenerMethod;
  const nativeSend = proto.send as (...args: unknown[]) => unknown;
  if (typeof add !== "function" || typeof remove !== "function" || typeof nativeSend !== "function") return false;
  // Taken now, before any page script can replace them.
  const timers: object = typeof scope.setTimeout === "function" ? scope : globalThis;
  const setTimer = (timers as { setTimeout: SetTimer }).setTimeout;
  const { apply, construct, defineProperty, getOwnPropertyDescriptor } = Reflect;
  const records = new WeakMap<object, SocketRecord>();

  const watch = (socket: object): void => {
    const onMessage = (): void => {
      record.lastInAt = now();
      try {
        apply(remove, socket, ["message", onMessage]);
        record.listening = false;
        record.startSpell();
      } catch {
        // Never let the observer's trouble reach the page's error handlers.
      }
    };
    const endSpell = (): void => {
      record.spell = false;
      if (record.closed) return;
      record.timeNextSend = true;
      if (!record.listening) {
        apply(add, socket, ["message", onMessage]);
        record.listening = true;
      }
    };
    const record: SocketRecord = {
      url: String((socket as { url?: unknown }).url ?? ""),
      openedAt: 0,
      lastInAt: 0,
      lastOutAt: 0,
      timeNextSend: true,
      listening: true,
      spell: false,
      closed: false,
      startSpell() {
        if (record.spell) return;
        record.spell = true;
        apply(setTimer, timers, [endSpell, TRAFFIC_RESOLUTION_MS]);
      },
    };
    records.set(socket, record);
    apply(add, socket, ["open", () => void (record.openedAt = now())]);
    apply(add, socket, ["message", onMessage]);
    apply(add, socket, [
      "close",
      (event: { code?: unknown; wasClean?: unknown; reason?: unknown }) => {
        try {
          record.closed = true;
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
          // As above.
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
  const timeSend = (record: SocketRecord): void => {
    record.lastOutAt = now();
    record.timeNextSend = false;
    try {
      record.startSpell();
    } catch {
      // As above.
    }
  };
  const send = new Proxy(nativeSend, {
    apply(target, self, args) {
      const result = apply(target, self, args); // throws as the browser does (CONNECTING)
      const record = records.get(self as object);
      if (record !== undefined && record.timeNextSend) timeSend(record);
      return result;
    },
  });

  const sendDescriptor = getOwnPropertyDescriptor(proto, "send");
  const constructorDescriptor = getOwnPropertyDescriptor(proto, "constructor");
  const globalDescriptor = getOwnPropertyDescriptor(scope, "WebSocket");
  if (sendDescriptor) defineProperty(proto, "send", { ...sendDescriptor, value: send });
  // `WebSocket.prototype.constructor === WebSocket` and `socket.constructor === WebSocket` stay true.
  if (constructorDescriptor) defineProperty(proto, "constructor", { ...constructorDescriptor, value: Observed });
  defineProperty(
    scope,
    "WebSocket",
    globalDescriptor
      ? { ...globalDescriptor, value: Observed }
      : { value: Observed, writable: true, configurable: true },
  );
  return true;
}
