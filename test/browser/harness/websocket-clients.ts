/**
 * Page-side WebSocket clients for the socket-health tests, for Playwright (Chromium) and
 * Puppeteer (Firefox) pages alike: each runs in the page's own world, where studio's code runs.
 */

import type { Frame as PlaywrightFrame, Page as PlaywrightPage } from "playwright-core";
import type { Page as PuppeteerPage } from "puppeteer-core";

/** A Chromium (Playwright) page or frame, or a Firefox (Puppeteer) page: each evaluates a function with one argument. */
export type Page = PlaywrightPage | PlaywrightFrame | PuppeteerPage;

/** Runs `fn(arg)` in the page; the drivers' own generics differ, so the result type is stated here. */
function run<A, R>(page: Page, fn: (arg: A) => Promise<R>, arg: A): Promise<R> {
  return Reflect.apply(page.evaluate, page, [fn, arg]) as Promise<R>;
}

/** A Jupyter-like client: sends kernel_info on open, reconnects 100 ms after an abnormal close. */
export function reconnectingKernel(page: Page, url: string, drops: number): Promise<number[]> {
  return run(
    page,
    ({ url, drops }) =>
      new Promise<number[]>((resolve) => {
        const codes: number[] = [];
        const connect = () => {
          const ws = new WebSocket(url);
          ws.onopen = () => ws.send(JSON.stringify({ header: { msg_type: "kernel_info_request" } }));
          ws.onclose = (event) => {
            codes.push(event.code);
            if (codes.length >= drops || event.code === 1000) resolve(codes);
            else setTimeout(connect, 100);
          };
        };
        connect();
      }),
    { url, drops },
  );
}

/** A socket kept busy (a message every `every` ms) for `ms`, then closed by the page with 1000. */
export function busySocket(page: Page, url: string, ms: number, every: number): Promise<number> {
  return run(
    page,
    ({ url, ms, every }) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url);
        ws.onopen = () => {
          const start = Date.now();
          const timer = setInterval(() => {
            if (Date.now() - start < ms) ws.send("keep-alive");
            else {
              clearInterval(timer);
              ws.close(1000);
            }
          }, every);
        };
        ws.onclose = (event) => resolve(event.code);
      }),
    { url, ms, every },
  );
}

/** Opens one socket and resolves with its close code and wasClean; `closeAfterOpen` closes it from the page. */
export function oneSocket(page: Page, url: string, closeAfterOpen?: number | "no-code"): Promise<string> {
  return run(
    page,
    ({ url, closeAfterOpen }) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url);
        ws.onopen = () => {
          if (closeAfterOpen === "no-code") ws.close();
          else if (typeof closeAfterOpen === "number") ws.close(closeAfterOpen);
        };
        ws.onclose = (event) => resolve(`${event.code} ${event.wasClean}`);
      }),
    { url, closeAfterOpen },
  );
}

/**
 * Everything a page can notice about a socket, in order: identity, prototype, own properties,
 * readyState, binaryType, protocol, extensions, both kinds of listeners, send's errors and result.
 */
export function transparencyTrace(page: Page, url: string): Promise<string[]> {
  return run(
    page,
    (url) =>
      new Promise<string[]>((resolve) => {
        const trace: string[] = [];
        const Ctor = WebSocket;
        const ws = new WebSocket(url, ["jupyter.v1"]);
        trace.push(
          `instanceof ${ws instanceof WebSocket} ${ws instanceof EventTarget}`,
          `constructor ${ws.constructor === WebSocket} ${WebSocket.prototype.constructor === WebSocket} ${Object.getPrototypeOf(ws) === WebSocket.prototype}`,
          `statics ${WebSocket.name} ${WebSocket.length} ${WebSocket.CONNECTING} ${WebSocket.OPEN} ${WebSocket.CLOSING} ${WebSocket.CLOSED}`,
          `own ${JSON.stringify(Object.getOwnPropertyNames(ws))} proto ${JSON.stringify(Object.getOwnPropertyNames(WebSocket.prototype).sort())}`,
          `send ${WebSocket.prototype.send.name} ${WebSocket.prototype.send.length} ${typeof Object.getOwnPropertyDescriptor(WebSocket.prototype, "send")?.value}`,
          `state ${ws.readyState} binaryType ${ws.binaryType} url ${ws.url === url} protocol "${ws.protocol}" extensions "${ws.extensions}"`,
        );
        try {
          ws.send("too early");
        } catch (error) {
          trace.push(`send while connecting: ${(error as DOMException).name}`);
        }
        try {
          Reflect.apply(Ctor, undefined, [url]);
        } catch (error) {
          trace.push(`call without new: ${(error as Error).name}`);
        }
        ws.binaryType = "arraybuffer";
        let messages = 0;
        ws.addEventListener("open", () => trace.push(`listener open ${ws.readyState}`));
        ws.onopen = () => {
          trace.push(`onopen ${ws.readyState} protocol "${ws.protocol}" extensions "${ws.extensions}"`);
          trace.push(`send returns ${String(ws.send("one"))}`);
        };
        ws.addEventListener("message", (event) =>
          trace.push(
            `listener message ${typeof event.data === "string" ? event.data : `bytes ${(event.data as ArrayBuffer).byteLength}`}`,
          ),
        );
        ws.onmessage = (event) => {
          trace.push(
            `onmessage ${event.data instanceof ArrayBuffer ? "arraybuffer" : typeof event.data} ${event.origin === new URL(url).origin.replace("https", "wss")}`,
          );
          messages++;
          if (messages === 1) ws.send(new Uint8Array([1, 2, 3]));
          if (messages === 2) {
            ws.binaryType = "blob";
            ws.send(new Uint8Array([4]));
          }
          if (messages === 3) {
            trace.push(`blob ${event.data instanceof Blob}`);
            ws.close(1000, "done");
            trace.push(`after close() ${ws.readyState}`);
          }
        };
        ws.addEventListener("close", (event) =>
          trace.push(`listener close ${event.code} ${event.reason} ${event.wasClean} ${ws.readyState}`),
        );
        ws.onclose = (event) => {
          trace.push(
            `onclose ${event.code} ${event.reason} ${event.wasClean} ${ws.readyState} bufferedAmount ${ws.bufferedAmount}`,
          );
          setTimeout(() => resolve(trace), 20);
        };
        ws.onerror = () => trace.push("onerror");
      }),
    url,
  );
}
