/**
 * "Check this network" in the extension: one HTTPS request, and a WebSocket upgrade for
 * WebSocket entries, to every host of the plan (src/core/check-plan.ts), from the worker, through
 * the browser's own proxy and PAC. As with the probes (./probes.ts), a fetch error says nothing
 * specific, so each outcome is read from the extension's own webRequest events for that request's
 * URL. Requests carry no cookies or credentials. Also remembers, in storage.local, the host names
 * studio sessions used for wildcard entries: the only names a check may ask.
 */
import type { Catalog, Cloud, Lang } from "../core/catalog/types.js";
import {
  buildCheckReport,
  CHECK_CONCURRENCY,
  CHECK_TIMEOUT_MS,
  checkOutcome,
  planCheck,
  rememberHost,
  type CheckResult,
  type CheckTarget,
} from "../core/check-plan.js";
import { observe } from "../core/make-observation.js";
import type { Outcome } from "../core/observation.js";
import type { Report } from "../core/report-schema.js";
import type { CheckHostsRequest, CheckProgressMessage, RunCheckRequest } from "../messages.js";
import type { ExtensionApi, RequestDetails } from "../platform/api.js";
import { uiLang } from "../platform/quirks.js";
import { loadSettings } from "../settings.js";

/** The storage.local key of the remembered hosts: `{ [entryId]: string[] }`. */
export const CHECK_HOSTS_KEY = "checkHosts";

/** After the request itself ended, how long its webRequest verdict may still take to arrive. */
const VERDICT_GRACE_MS = 1500;

/** The slice of a WebSocket the check uses (the browser's own, or a test double). */
export interface CheckSocket {
  onopen: (() => void) | null;
  onerror: (() => void) | null;
  onclose: (() => void) | null;
  close(): void;
}

export interface CheckDeps {
  api: ExtensionApi;
  catalog: Catalog;
  now(): number;
  fetch(url: string, init: RequestInit): Promise<unknown>;
  openWebSocket(url: string): CheckSocket;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Time a host has to answer (CHECK_TIMEOUT_MS). */
  timeoutMs?: number;
}

export interface Checks {
  /** Notes a URL studio requested: a wildcard entry's host name is remembered. */
  /** A studio session used this (normalized) host: remembered when it is a wildcard entry's. */
  noteHost(host: string | undefined): void;
  answer(request: RunCheckRequest | CheckHostsRequest): Promise<Report | { remembered: Record<string, string[]> }>;
}

interface Running {
  target: CheckTarget;
  start: number;
  requestId?: string;
  statusCode?: number;
  ip?: string;
  settle(result: Omit<CheckResult, "target" | "ms" | "at" | "address">): void;
}

type Memory = Readonly<Record<string, readonly string[]>>;

/** The request a check makes: no cookies or credentials, nothing from the cache, no redirects followed. */
const CHECK_INIT: RequestInit = { credentials: "omit", cache: "no-store", redirect: "manual" };

/** Registers the check's webRequest listeners (synchronously, with the worker's own) and returns the check. */
export function startChecks(deps: CheckDeps): Checks {
  const { api, catalog } = deps;
  const running = new Map<string, Running>();
  const byRequestId = new Map<string, Running>();
  let serial = 0;

  let memory: Memory = {};
  let pendingHosts: string[] = [];
  let writes: Promise<void> = Promise.resolve();
  const loaded = api.storage.local
    .get(CHECK_HOSTS_KEY)
    .then((stored) => {
      const value = stored[CHECK_HOSTS_KEY];
      if (value && typeof value === "object" && !Array.isArray(value)) memory = value as Memory;
    })
    .catch(() => undefined)
    .then(() => {
      const hosts = pendingHosts;
      pendingHosts = [];
      for (const host of hosts) noteHost(host);
    });
  let isLoaded = false;
  void loaded.then(() => (isLoaded = true));

  function save(): void {
    const value = memory;
    writes = writes.then(() => api.storage.local.set({ [CHECK_HOSTS_KEY]: value })).catch(() => undefined);
  }

  function noteHost(host: string | undefined): void {
    if (host === undefined) return;
    if (!isLoaded) {
      // Bounded: a flood before storage answers keeps only what a plan could use.
      if (pendingHosts.length < 256) pendingHosts.push(host);
      return;
    }
    const next = rememberHost(memory, host, catalog);
    if (next === memory) return;
    memory = next;
    save();
  }

  const ownRequest = (details: RequestDetails) => details.tabId === -1;
  const verdict = (entry: Running, observation: Outcome, details: RequestDetails) => {
    if (details.ip) entry.ip = details.ip;
    const { outcome, error } = checkOutcome(
      observe(details.url, entry.target.websocket ? "websocket" : "xmlhttprequest", details.timeStamp, observation),
    );
    entry.settle({
      outcome,
      ...(error !== undefined ? { error } : {}),
      ...(observation.statusCode ? { status: observation.statusCode } : {}),
    });
  };

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

  /** No host permission (Firefox lets users revoke it): the browser would hide the outcome, so the host is not asked. */
  async function checkOne(target: CheckTarget, timeoutMs: number): Promise<CheckResult> {
    const origin = `${target.websocket ? "wss" : "https"}://${target.host}/*`;
    if (!(await api.permissions.contains({ origins: [origin] }).catch(() => false))) {
      const at = deps.now();
      return { target, outcome: "not-checked", error: "no host permission: allow access in the popup", ms: 0, at };
    }
    return checkNow(target, timeoutMs);
  }

  function checkNow(target: CheckTarget, timeoutMs: number): Promise<CheckResult> {
    const id = ++serial;
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

  async function runCheck(request: RunCheckRequest): Promise<Report> {
    await loaded;
    const settings = await loadSettings(api.storage.sync);
    const cloud: Cloud = request.cloud ?? (settings.cloud === "all" ? "public" : settings.cloud);
    const planned = planCheck(catalog, { cloud, remembered: memory, hosts: request.hosts ?? [] });
    if (!planned.ok) throw new Error(planned.error);
    // Hosts the user adds are remembered like studio's, so the next check asks them again.
    for (const host of request.hosts ?? []) noteHost(host);
    const plan = planned.plan;
    const timeoutMs = deps.timeoutMs ?? CHECK_TIMEOUT_MS;
    const results: CheckResult[] = new Array(plan.targets.length);
    let next = 0;
    let done = 0;
    const progress = () => {
      const message: CheckProgressMessage = { type: "check-progress", done, total: plan.targets.length };
      // Nobody may be listening (a script's run-check): that is fine.
      void api.runtime.sendMessage(message).catch(() => undefined);
    };
    progress();
    await Promise.all(
      Array.from({ length: Math.min(CHECK_CONCURRENCY, plan.targets.length) }, async () => {
        while (next < plan.targets.length) {
          const i = next++;
          results[i] = await checkOne(plan.targets[i]!, timeoutMs);
          done++;
          progress();
        }
      }),
    );
    const lang: Lang = request.lang ?? uiLang(api);
    return buildCheckReport(plan, results, {
      catalog,
      lang,
      now: deps.now(),
      toolVersion: api.runtime.getManifest().version,
    });
  }

  return {
    noteHost,
    async answer(request) {
      if (request.type === "run-check") return runCheck(request);
      await loaded;
      if (request.clear) {
        memory = {};
        save();
      }
      await writes;
      const remembered: Record<string, string[]> = {};
      for (const [entry, hosts] of Object.entries(memory)) remembered[entry] = [...hosts];
      return { remembered };
    },
  };
}
