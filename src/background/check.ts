/**
 * "Check this network" in the extension: one HTTPS request, and a WebSocket upgrade for
 * WebSocket entries, to every host of the plan (src/core/check-plan.ts), from the worker, through
 * the browser's own proxy and PAC. As with the probes (./probes.ts), a fetch error says nothing
 * specific, so each outcome is read from the extension's own webRequest events for that request's
 * URL (check-requests.ts). Requests carry no cookies or credentials. Also remembers, in
 * storage.local, the host names studio sessions used for wildcard entries: the only names a check
 * may ask (check-memory.ts).
 */
import type { Catalog, Cloud, Lang } from "../core/catalog/types.js";
import {
  buildCheckReport,
  CHECK_CONCURRENCY,
  CHECK_TIMEOUT_MS,
  planCheck,
  type CheckResult,
  type CheckTarget,
} from "../core/check-plan.js";
import type { Report } from "../core/report-schema.js";
import type { CheckHostsRequest, CheckProgressMessage, RunCheckRequest } from "../messages.js";
import type { ExtensionApi } from "../platform/api.js";
import { uiLang } from "../platform/quirks.js";
import { loadSettings } from "../settings.js";
import { CheckMemory } from "./check-memory.js";
import { CheckRequests } from "./check-requests.js";

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
  /** A studio session used this (normalized) host: remembered when it is a wildcard entry's. */
  noteHost(host: string | undefined): void;
  answer(request: RunCheckRequest | CheckHostsRequest): Promise<Report | { remembered: Record<string, string[]> }>;
}

/** Registers the check's webRequest listeners (synchronously, with the worker's own) and returns the check. */
export function startChecks(deps: CheckDeps): Checks {
  const { api, catalog } = deps;
  const memory = new CheckMemory(api.storage.local, catalog);
  const requests = new CheckRequests(deps);
  const noteHost = (host: string | undefined) => memory.noteHost(host);

  /** No host permission (Firefox lets users revoke it): the browser would hide the outcome, so the host is not asked. */
  async function checkOne(target: CheckTarget, timeoutMs: number): Promise<CheckResult> {
    const origin = `${target.websocket ? "wss" : "https"}://${target.host}/*`;
    if (!(await api.permissions.contains({ origins: [origin] }).catch(() => false))) {
      const at = deps.now();
      return { target, outcome: "not-checked", error: "no host permission: allow access in the popup", ms: 0, at };
    }
    return requests.run(target, timeoutMs);
  }

  async function runCheck(request: RunCheckRequest): Promise<Report> {
    await memory.loaded;
    const settings = await loadSettings(api.storage.sync);
    const cloud: Cloud = request.cloud ?? (settings.cloud === "all" ? "public" : settings.cloud);
    const planned = planCheck(catalog, { cloud, remembered: memory.hosts, hosts: request.hosts ?? [] });
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
      await memory.loaded;
      if (request.clear) memory.clear();
      await memory.written();
      const remembered: Record<string, string[]> = {};
      for (const [entry, hosts] of Object.entries(memory.hosts)) remembered[entry] = [...hosts];
      return { remembered };
    },
  };
}
