/**
 * The check's requests in flight: each has a URL of its own, so the extension's own webRequest
 * events for it (tabId -1) tell its outcome, as a fetch error or a WebSocket's close says nothing
 * specific. Requests carry no cookies or credentials and follow no redirects.
 */
import { checkOutcome, type CheckResult, type CheckTarget } from "../core/check-plan.js";
import { observe } from "../core/make-observation.js";
import type { Outcome } from "../core/observation.js";
import type { RequestDetails } from "../platform/api.js";
import type { CheckDeps, CheckSocket } from "./check.js";

/** After the request itself ended, how long its webRequest verdict may still take to arrive. */
const VERDICT_GRACE_MS = 1500;

/** The request a check makes: no cookies or credentials, nothing from the cache, no redirects followed. */
const CHECK_INIT: RequestInit = { credentials: "omit", cache: "no-store", redirect: "manual" };

interface Running {
  target: CheckTarget;
  start: number;
  requestId?: string;
  statusCode?: number;
  ip?: string;
  settle(result: Omit<CheckResult, "target" | "ms" | "at" | "address">): void;
}

type RequestDeps = Pick<CheckDeps, "api" | "now" | "fetch" | "openWebSocket" | "setTimeout" | "clearTimeout">;

/** A request the extension itself made (no tab): a check's or a probe's. */
function ownRequest(details: RequestDetails): boolean {
  return details.tabId === -1;
}

/** Settles a running check with what its webRequest events said. */
function verdict(entry: Running, observation: Outcome, details: RequestDetails): void {
  if (details.ip) entry.ip = details.ip;
  const { outcome, error } = checkOutcome(
    observe(details.url, entry.target.websocket ? "websocket" : "xmlhttprequest", details.timeStamp, observation),
  );
  entry.settle({
    outcome,
    ...(error !== undefined ? { error } : {}),
    ...(observation.statusCode ? { status: observation.statusCode } : {}),
  });
}

export class CheckRequests {
  private readonly running = new Map<string, Running>();
  private readonly byRequestId = new Map<string, Running>();
  private serial = 0;

  /** Registers the webRequest listeners at once (synchronously, in the worker's first turn). */
  constructor(private readonly deps: RequestDeps) {
    const { api } = deps;
    const { running, byRequestId } = this;
    api.webRequest.onBeforeRequest.addListener(
      (details) => {
        if (running.size === 0 || !ownRequest(details)) return;
        const entry = running.get(details.url);
        if (entry && entry.requestId === undefined) {
          entry.requestId = details.requestId;
          byRequestId.set(details.requestId, entry);
        }
      },
      { urls: ["<all_urls>"] },
    );
    api.webRequest.onHeadersReceived.addListener(
      (details) => {
        const entry = byRequestId.get(details.requestId);
        if (!entry) return;
        if (details.ip) entry.ip = details.ip;
        if (details.statusCode) entry.statusCode = details.statusCode;
        // A proxy's 407 is final (Chromium can leave the request pending after it). Any other answer
        // over HTTPS waits for onCompleted, the event that carries the address (`ip`).
        if (details.statusCode === 407) verdict(entry, { statusCode: 407, proxyAuth: true }, details);
        else if (entry.target.websocket && details.statusCode === 101)
          verdict(entry, { statusCode: 101, headersReceived: true }, details);
      },
      { urls: ["<all_urls>"] },
    );
    api.webRequest.onCompleted.addListener(
      (details) => {
        const entry = byRequestId.get(details.requestId);
        if (entry)
          verdict(entry, { statusCode: details.statusCode ?? entry.statusCode ?? 0, headersReceived: true }, details);
      },
      { urls: ["<all_urls>"] },
    );
    api.webRequest.onErrorOccurred.addListener(
      (details) => {
        const entry = byRequestId.get(details.requestId);
        if (entry)
          verdict(
            entry,
            { error: details.error ?? "unknown error", ...(entry.statusCode ? { statusCode: entry.statusCode } : {}) },
            details,
          );
      },
      { urls: ["<all_urls>"] },
    );
  }

  /** Asks one host now, under a URL of its own; resolves with its outcome, read from webRequest, or a timeout. */
  run(target: CheckTarget, timeoutMs: number): Promise<CheckResult> {
    const { deps, running, byRequestId } = this;
    const id = ++this.serial;
    // A URL of its own, so its webRequest events are told from a probe or another check of the host.
    const url = `${target.websocket ? "wss" : "https"}://${target.host}/?aml-network-doctor-check=${id}`;
    return new Promise<CheckResult>((resolve) => {
      let done = false;
      let grace: unknown;
      let stop: () => void = () => undefined;
      const entry: Running = {
        target,
        start: deps.now(),
        settle(result) {
          if (done) return;
          done = true;
          deps.clearTimeout(timer);
          if (grace !== undefined) deps.clearTimeout(grace);
          running.delete(url);
          if (entry.requestId !== undefined) byRequestId.delete(entry.requestId);
          const at = deps.now();
          resolve({
            target,
            ...result,
            ...(entry.ip ? { address: entry.ip } : {}),
            ms: Math.max(0, at - entry.start),
            at,
          });
          stop();
        },
      };
      running.set(url, entry);
      const timer = deps.setTimeout(
        () =>
          entry.settle({
            outcome: target.websocket ? "websocket" : "timeout",
            error: `no answer in ${Math.round(timeoutMs / 1000)} s`,
          }),
        timeoutMs,
      );
      /** The request ended without a webRequest verdict yet: wait a little for it, then use `fallback`. */
      const ended = (fallback: Omit<CheckResult, "target" | "ms" | "at">) => {
        if (done || grace !== undefined) return;
        grace = deps.setTimeout(() => entry.settle(fallback), VERDICT_GRACE_MS);
      };
      if (target.websocket) {
        let socket: CheckSocket;
        try {
          socket = deps.openWebSocket(url);
        } catch (error) {
          entry.settle({ outcome: "websocket", error: error instanceof Error ? error.message : String(error) });
          return;
        }
        stop = () => socket.close();
        socket.onopen = () => entry.settle({ outcome: "reachable", status: 101 });
        socket.onerror = () => ended({ outcome: "websocket", error: "WebSocket closed before it opened" });
        socket.onclose = () => ended({ outcome: "websocket", error: "WebSocket closed before it opened" });
        return;
      }
      const controller = new AbortController();
      stop = () => controller.abort();
      deps.fetch(url, { ...CHECK_INIT, signal: controller.signal }).then(
        (response) => {
          // A redirect (not followed) ends with onBeforeRedirect, not onCompleted: the status seen in
          // onHeadersReceived is the host's answer, and the fetch's opaque response says status 0.
          // Otherwise onCompleted (with the address) usually follows the fetch within the grace.
          if (entry.statusCode) return ended({ outcome: "reachable", status: entry.statusCode });
          const status = (response as { status?: number }).status ?? 0;
          ended(status > 0 ? { outcome: "reachable", status } : { outcome: "other", error: "opaque answer" });
        },
        (error: unknown) => ended({ outcome: "other", error: error instanceof Error ? error.message : String(error) }),
      );
    });
  }
}
