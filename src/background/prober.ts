/**
 * Probe orchestration: the loop that sends follow-up probes and feeds their outcomes back into the
 * diagnosis (probes.ts holds the rules and the store helpers).
 *
 *   ambiguous failure observed → round: which hosts sessions wait on, which may be probed now
 *     → fetch(https://host/) → the probe's own webRequest events → finish(host, outcome)
 *     → the outcome is observed by every session waiting on that host
 *
 * A host probed within the last minute is not probed again: its outcome is given again instead.
 */
import type { Catalog } from "../core/catalog/types.js";
import { isAmbiguousError } from "../core/classifier.js";
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
  recentProbeResult,
  PROBE_INIT,
  probeHostOf,
  probeOrigin,
  probeUrl,
  recordProbe,
} from "./probes.js";
import type { SerialQueue } from "./serial-queue.js";
import type { SessionStore } from "./session-store.js";

export interface ProberDeps {
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

  constructor(private readonly deps: ProberDeps) {}

  /** After a tab's observation: an ambiguous failure (not a probe's own) starts a probe round. */
  afterObservation(observation: Observation): void {
    if (observation.probe || !observation.error || !isAmbiguousError(observation.error)) return;
    const round = this.round();
    this.rounds.add(round);
    void round.finally(() => this.rounds.delete(round)).catch(() => undefined);
    this.deps.queue.keep(round);
  }

  /** The probed host a request of the extension's own belongs to (see probeHostOf). */
  hostOf(details: RequestDetails): string | undefined {
    return probeHostOf(this.deps.store, details);
  }

  /** A probe's own request ended: records its outcome and gives it to every session waiting on the host. */
  finish(host: string, observation: Observation): void {
    finishProbe(this.deps.store, host, observation);
    this.feed(host, observation);
  }

  /** Resolves once no round is deciding any more; the probes they started are then in the store. */
  async settled(): Promise<void> {
    while (this.rounds.size > 0) await Promise.allSettled([...this.rounds]);
  }

  /** Hosts probed whose outcome has not come back yet, sorted (a report says it is still probing them). */
  outstanding(): string[] {
    return outstandingProbes(this.deps.store, this.deps.now());
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
    if (!settings.probes) return;
    const hosts = new Set<string>();
    for (const [, record] of store.tabs()) if (record.state) for (const host of hostsAwaitingProbe(record.state)) hosts.add(host);
    // Catalog hosts first: the per-minute cap must not be spent on other hosts before them.
    const isCatalogHost = (host: string) => matchNormalizedHost(host, catalog) !== undefined;
    const ordered = [...hosts].sort((a, b) => Number(!isCatalogHost(a)) - Number(!isCatalogHost(b)));
    for (const host of ordered) {
      const recent = recentProbeResult(store, host, now());
      if (recent) {
        await queue.enqueue(() => this.feed(host, recent));
        continue;
      }
      if (!isProbeableHost(host) || !isProbeDue(store, host, now())) continue;
      if (!(await api.permissions.contains({ origins: [probeOrigin(host)] }))) continue;
      if (!isProbeDue(store, host, now()) || !hasProbeBudget(store, now(), isCatalogHost, host)) continue;
      recordProbe(store, host, now());
      // The outcome comes from webRequest; the fetch result itself says nothing specific.
      queue.keep(this.deps.fetch(probeUrl(host), PROBE_INIT).catch(() => undefined));
    }
  }
}
