/**
 * Probe orchestration: the loop that sends follow-up probes and feeds their outcomes back into the
 * diagnosis (probes.ts holds the rules and the store helpers).
 *
 *   ambiguous failure observed → round: which hosts sessions wait on, which may be probed now
 *     → fetch(https://host/) → the probe's own webRequest events → finish(host, outcome)
 *     → the outcome is observed by every session waiting on that host
 *
 * A host probed within the last minute is not probed again: its outcome is given again instead.
 * A host a round leaves for later (over the per-minute caps, or probed within the minute with no
 * answer yet) is deferred: reported pending, and probed by a round that runs once it can be.
 */
import type { Catalog } from "../core/catalog/types.js";
import { classifyFailure, isAmbiguousError } from "../core/classifier.js";
import { hostsAwaitingProbe } from "../core/diagnosis-state.js";
import { matchNormalizedHost } from "../core/matcher.js";
import type { Observation } from "../core/observation.js";
import type { ExtensionApi, RequestDetails } from "../platform/api.js";
import type { Settings } from "../settings.js";
import {
  finishProbe,
  hasProbeBudget,
  isProbeableHost,
  isProbeDue,
  outstandingProbes,
  PROBE_INTERVAL_MS,
  recentProbeResult,
  PROBE_INIT,
  probeHostOf,
  probeOrigin,
  probeUrl,
  recordProbe,
} from "./probes.js";
import type { SerialQueue } from "./serial-queue.js";
import type { SessionStore, Timers } from "./session-store.js";

export interface ProberDeps extends Timers {
  api: Pick<ExtensionApi, "permissions">;
  catalog: Catalog;
  store: SessionStore;
  queue: SerialQueue;
  /** The settings a round reads (at most once a second, see WorkerSettings.recent). */
  settings(): Promise<Settings>;
  /** Epoch milliseconds. */
  now(): number;
  fetch(url: string, init: RequestInit): Promise<unknown>;
  /** Feeds an observation to one tab's diagnosis (the worker's observe). */
  observe(tabId: number, observation: Observation): void;
}

export class Prober {
  /** Rounds still deciding which hosts to probe: a report waits for them (see settled). */
  private readonly rounds = new Set<Promise<void>>();
  /**
   * Hosts a session waits on that a round left for later: over the per-minute caps, or probed
   * within the minute with no outcome (an aborted probe, one lost to a worker restart). The report
   * calls them pending, and a round runs again when the caps or the probe window allow (retryTimer).
   */
  private readonly deferred = new Set<string>();
  private retryTimer: unknown;

  constructor(private readonly deps: ProberDeps) {}

  /** After a tab's observation: an ambiguous failure (not a probe's own) starts a probe round. */
  afterObservation(observation: Observation): void {
    if (observation.probe || !observation.error || !isAmbiguousError(observation.error)) return;
    this.startRound();
  }

  /**
   * A round when a session waits on a probe: at start (a stopped worker lost its rounds and
   * timers) and once the policy is read (rounds so far may have followed an older copy). Called
   * from the queue.
   */
  roundIfAwaiting(): void {
    for (const [, record] of this.deps.store.tabs())
      if (record.state && hostsAwaitingProbe(record.state).length > 0) return this.startRound();
  }

  /** The probed host a request of the extension's own belongs to (see probeHostOf). */
  hostOf(details: RequestDetails): string | undefined {
    return probeHostOf(this.deps.store, details);
  }

  /** A probe's own request ended: records its outcome and gives it to every session waiting on the host. */
  finish(host: string, observation: Observation): void {
    // Neither the 15 s sweep nor an abort (the worker stopped, the network changed) is the
    // probe's answer: finished with one, the probe would say nothing, yet end the pending verdict
    // as a final `websocket`. The probe stays outstanding; a round probes again after its window.
    if (observation.pending || classifyFailure(observation) === "ignored") return;
    finishProbe(this.deps.store, host, observation);
    this.feed(host, observation);
  }

  /** Resolves once no round is deciding any more; the probes they started are then in the store. */
  async settled(): Promise<void> {
    while (this.rounds.size > 0) await Promise.allSettled([...this.rounds]);
  }

  /**
   * Hosts probed whose outcome has not come back yet, sorted, then the hosts left for a later round
   * (a report says it is still probing them all).
   */
  outstanding(): string[] {
    return [...new Set([...outstandingProbes(this.deps.store, this.deps.now()), ...this.deferred])];
  }

  /** Starts a probe round; a report waits for every round started before it (see settled). */
  private startRound(): void {
    const round = this.round();
    this.rounds.add(round);
    void round.finally(() => this.rounds.delete(round)).catch(() => undefined);
    this.deps.queue.keep(round);
  }

  /** Gives a probe's outcome to every session waiting on that host. */
  private feed(host: string, observation: Observation): void {
    for (const [tabId, record] of this.deps.store.tabs()) {
      if (record.state && hostsAwaitingProbe(record.state).includes(host)) this.deps.observe(tabId, observation);
    }
  }

  /**
   * Probes every host a session waits on, when probes are on, due, within host permissions, a
   * name that can be on the internet (isProbeableHost) and within the per-minute caps; a host
   * probed within the last minute gets that probe's outcome again instead.
   */
  private async round(): Promise<void> {
    const { api, catalog, store, queue } = this.deps;
    const now = () => this.deps.now();
    const settings = await this.deps.settings();
    if (!settings.probes) {
      this.deferred.clear();
      return;
    }
    const hosts = new Set<string>();
    for (const [, record] of store.tabs())
      if (record.state) for (const host of hostsAwaitingProbe(record.state)) hosts.add(host);
    // Catalog hosts first: the per-minute cap must not be spent on other hosts before them.
    const isCatalogHost = (host: string) => matchNormalizedHost(host, catalog) !== undefined;
    const ordered = [...hosts].sort((a, b) => Number(!isCatalogHost(a)) - Number(!isCatalogHost(b)));
    const deferred = this.deferred;
    for (const host of deferred) if (!hosts.has(host)) deferred.delete(host);
    /** Not probed now: later (deferred, reported pending) or not at all (the verdict is final). */
    const skip = (host: string, later: boolean) => void (later ? deferred.add(host) : deferred.delete(host));
    const unanswered = (host: string) => store.probe(host)?.done !== true;
    for (const host of ordered) {
      const recent = recentProbeResult(store, host, now());
      if (recent) {
        skip(host, false);
        await queue.enqueue(() => this.feed(host, recent));
        continue;
      }
      if (!isProbeableHost(host)) {
        skip(host, false);
        continue;
      }
      if (!isProbeDue(store, host, now())) {
        skip(host, unanswered(host));
        continue;
      }
      if (!(await api.permissions.contains({ origins: [probeOrigin(host)] }))) {
        skip(host, false);
        continue;
      }
      // Asked again: another round may have probed the host while this one waited for the permission.
      if (!isProbeDue(store, host, now())) skip(host, unanswered(host));
      else if (!hasProbeBudget(store, now(), isCatalogHost, host)) skip(host, true);
      else {
        skip(host, false);
        recordProbe(store, host, now());
        // The outcome comes from webRequest; the fetch result itself says nothing specific.
        queue.keep(this.deps.fetch(probeUrl(host), PROBE_INIT).catch(() => undefined));
      }
    }
    this.scheduleRetry();
  }

  /**
   * A round when the first deferred host can be probed: the end of its unanswered probe's window,
   * or, over the caps, the end of the window of the oldest probe that counts against them.
   */
  private scheduleRetry(): void {
    const { store } = this.deps;
    if (this.retryTimer !== undefined) this.deps.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.deferred.size === 0) return;
    const now = this.deps.now();
    let oldest = now;
    for (const [, record] of store.probes())
      if (now - record.at < PROBE_INTERVAL_MS && record.at < oldest) oldest = record.at;
    let at = Number.POSITIVE_INFINITY;
    for (const host of this.deferred) {
      const record = store.probe(host);
      const unanswered = record !== undefined && !record.done && now - record.at < PROBE_INTERVAL_MS;
      at = Math.min(at, (unanswered ? record.at : oldest) + PROBE_INTERVAL_MS);
    }
    this.retryTimer = this.deps.setTimeout(
      () => {
        this.retryTimer = undefined;
        this.startRound();
      },
      Math.max(250, at - now),
    );
  }
}
