/**
 * The page-world WebSocket observer over a WebSocket with the browser's API (the `ws` client:
 * EventTarget-style listeners, `onmessage`, `readyState`, `binaryType`, `protocol`, `extensions`),
 * against a loopback server. The same script runs over the plain constructor and then over the
 * observed one; both traces must be equal. The real-browser twin is
 * test/browser/websocket-health.test.ts.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import type { SocketClose } from "../../src/core/observation.js";
import { parseSocketClose } from "../../src/core/websocket-health.js";
import { installWebSocketObserver } from "../../src/content/websocket-observer.js";

let server: WebSocketServer;
let url: string;

beforeAll(async () => {
  server = new WebSocketServer({
    port: 0,
    host: "127.0.0.1",
    handleProtocols: (protocols) => [...protocols][0] ?? false,
  });
  server.on("connection", (ws) => {
    ws.send("hello");
    ws.on("message", (data, binary) => {
      const text = data.toString();
      if (text === "bye") ws.close(4001, "server says bye");
      else ws.send(binary ? data : `echo:${text}`, { binary });
    });
  });
  await new Promise((resolve) => server.once("listening", resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/kernel?token=private`;
});
afterAll(async () => {
  for (const client of server.clients) client.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

type Ctor = typeof WebSocket;

/** Everything a page could notice about a socket, in order. */
function exercise(Socket: Ctor): Promise<string[]> {
  return new Promise((resolve) => {
    const trace: string[] = [];
    const ws = new Socket(url, ["jupyter.v1"]);
    trace.push(
      `instanceof ${ws instanceof Socket}`,
      `ctor ${ws.constructor === Socket}`,
      `proto ${Object.getPrototypeOf(ws) === Socket.prototype}`,
    );
    trace.push(
      `own ${Object.getOwnPropertyNames(ws).sort().join(",")}`,
      `state ${ws.readyState}`,
      `binaryType ${ws.binaryType}`,
    );
    try {
      ws.send("too early");
    } catch (error) {
      trace.push(`send while connecting throws ${(error as Error).name}`);
    }
    ws.binaryType = "arraybuffer";
    trace.push(`binaryType ${ws.binaryType}`);
    let received = 0;
    ws.onopen = () =>
      trace.push(`onopen state ${ws.readyState} protocol ${ws.protocol} extensions ${JSON.stringify(ws.extensions)}`);
    ws.addEventListener("open", () => trace.push("listener open"));
    ws.addEventListener("message", (event) => {
      trace.push(
        `listener message ${typeof event.data === "string" ? event.data : `bytes ${(event.data as ArrayBuffer).byteLength}`}`,
      );
    });
    ws.onmessage = (event) => {
      trace.push(`onmessage ${typeof event.data === "string" ? event.data : "binary"}`);
      received++;
      if (received === 1) trace.push(`send returns ${String(ws.send("one"))}`);
      if (received === 2) ws.send(new Uint8Array([1, 2, 3]));
      if (received === 3) ws.send("bye");
    };
    ws.onclose = (event) => {
      trace.push(`onclose ${event.code} ${event.reason} clean ${event.wasClean} state ${ws.readyState}`);
      setTimeout(() => resolve(trace), 10);
    };
    ws.addEventListener("close", () => trace.push("listener close"));
    ws.onerror = () => trace.push("onerror");
  });
}

describe("installWebSocketObserver over a browser-style WebSocket", () => {
  let native: string[];
  const closes: SocketClose[] = [];

  test("the wrapped constructor behaves exactly like the native one", async () => {
    native = await exercise(WebSocket);
    const scope = { WebSocket: WebSocket as unknown };
    expect(installWebSocketObserver(scope, (close) => closes.push(close))).toBe(true);
    const Observed = scope.WebSocket as Ctor;
    expect(Observed).not.toBe(WebSocket);
    expect(await exercise(Observed)).toEqual(native);
    expect(native).toContain("onclose 4001 server says bye clean true state 3");
    // Statics, name and length are the native's.
    expect([Observed.name, Observed.length, Observed.OPEN, Observed.prototype]).toEqual([
      WebSocket.name,
      WebSocket.length,
      WebSocket.OPEN,
      WebSocket.prototype,
    ]);
    // A subclass keeps its own prototype and is observed too.
    class Kernel extends Observed {}
    const k = new Kernel(url);
    expect([k instanceof Kernel, k instanceof Observed, Object.getPrototypeOf(k) === Kernel.prototype]).toEqual([
      true,
      true,
      true,
    ]);
    await new Promise<void>((resolve) => {
      k.onopen = () => k.close(1000);
      k.onclose = () => resolve();
    });
    expect(closes.at(-1)).toMatchObject({ code: 1000, wasClean: true });
  });

  test("it reported each close: times in order, code, cleanliness and the reason's length, never the reason or a message", () => {
    expect(closes.length).toBeGreaterThanOrEqual(1);
    const close = closes[0]!;
    expect(close).toMatchObject({ url, code: 4001, wasClean: true, reasonLength: "server says bye".length });
    expect(close.openedAt! <= close.lastOutAt! && close.lastOutAt! <= close.closedAt).toBe(true);
    expect(close.openedAt! <= close.lastInAt! && close.lastInAt! <= close.closedAt).toBe(true);
    expect(JSON.stringify(close)).not.toMatch(/hello|echo|bye|one/);
    expect(parseSocketClose(close, close.closedAt)).toEqual({ ok: true, close });
  });

  test("installing twice wraps once", () => {
    const scope = { WebSocket: WebSocket as unknown };
    installWebSocketObserver(scope, () => undefined);
    const first = scope.WebSocket;
    expect(installWebSocketObserver(scope, () => undefined)).toBe(false);
    expect(scope.WebSocket).toBe(first);
  });

  test("a report callback that throws never reaches the page", async () => {
    const scope = { WebSocket: class extends WebSocket {} as unknown };
    installWebSocketObserver(scope, () => {
      throw new Error("observer trouble");
    });
    const trace = await exercise(scope.WebSocket as Ctor);
    expect(trace.filter((line) => line.startsWith("onclose"))).toEqual([
      "onclose 4001 server says bye clean true state 3",
    ]);
  });
});
